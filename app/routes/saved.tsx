import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireMember, safeRedirect } from "../auth/guards.server";
import { notFound } from "../auth/permissions.server";
import { savableTarget } from "../auth/saved-access.server";
import { BOOK_FORMATS, DEFAULT_PAPER } from "../domain/book";
import { OFFLINE_LIMITS, savedKindLabel } from "../domain/saved";
import { pageTitle } from "../i18n/meta";
import { useI18n } from "../i18n/react";
import type { HandbookRecord } from "../models/handbook.server";
import { countSaved, listSaved, moveSavedItem, pruneSaved, saveItem, unsaveItem } from "../models/saved.server";
import { bookState } from "../server/book-queue.server";
import { inTransaction } from "../server/database.server";
import type { Db } from "../../db/client";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { useFormat } from "../ui/format";
import { Link } from "../ui/link";
import { parseForm } from "../utils/forms";
import { siteOrigin } from "../utils/mail.server";

export const meta = pageTitle("saved.title");

/** A row id as a form sends it: at most 15 digits (PostgreSQL would refuse a longer one as a bigint). */
const Id = /* @__PURE__ */ (() =>
  z
    .string()
    .regex(/^[1-9][0-9]{0,14}$/)
    .transform(Number))();

const move = <I extends "up" | "down" | "top">(intent: I) => z.object({ intent: z.literal(intent), id: Id });

const SavedIntent = /* @__PURE__ */ (() =>
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("save"), practiceId: Id.optional(), handbookId: Id.optional() }),
    z.object({ intent: z.literal("unsave"), id: Id.optional(), practiceId: Id.optional(), handbookId: Id.optional() }),
    move("up"),
    move("down"),
    move("top"),
    z.object({ intent: z.literal("prune") }),
  ]))();

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  const db = args.context.db;
  const [entries, count] = await Promise.all([listSaved(db, { reader: member }), countSaved(db, { userId: member.id })]);
  return json({
    items: entries.map((e) =>
      e.practice
        ? {
            id: e.id,
            kind: e.kind,
            savedAt: e.savedAt,
            href: `/practices/${encodeURIComponent(e.practice.slug)}`,
            title: e.practice.title,
            language: e.practice.language,
            organisationName: e.practice.organisationName,
            edition: null,
            // Published again since it was saved: the history page shows what changed.
            updated: e.practice.savedRevision !== null && e.practice.currentRevision > e.practice.savedRevision,
            historyHref: `/practices/${encodeURIComponent(e.practice.slug)}/history`,
          }
        : {
            id: e.id,
            kind: e.kind,
            savedAt: e.savedAt,
            href: `/handbooks/${encodeURIComponent(e.handbook!.slug)}`,
            title: e.handbook!.title,
            language: e.handbook!.language,
            organisationName: null,
            edition: e.handbook!.edition,
            updated: false,
            historyHref: null,
          },
    ),
    // Saved items the member can no longer open (withdrawn, hidden, narrowed): only how many.
    unavailable: count - entries.length,
    full: count >= OFFLINE_LIMITS.maxItems,
    maxItems: OFFLINE_LIMITS.maxItems,
  });
}

type Outcome = { ok: true; saved: boolean } | { ok: false; error: "full" | "invalid" };

/**
 * Save, remove and reorder. The Save button's fetcher asks for JSON (`respond=json`, added
 * once the page runs JavaScript); a plain form gets a 303 back to `redirectTo`, a same-site
 * path, else the Saved page.
 */
export async function action(args: ActionFunctionArgs) {
  const member = await requireMember(args);
  const db = args.context.db;
  const formData = await args.request.formData();
  const wantsJson = formData.get("respond") === "json";
  const back = safeRedirect(formData.get("redirectTo"), "/saved");
  const answer = (outcome: Outcome, status = 200) => (wantsJson || status === 400 ? json(outcome, { status }) : redirect(outcome.ok ? back : "/saved", 303));

  const parsed = parseForm(SavedIntent, formData);
  if (!parsed.ok) return answer({ ok: false, error: "invalid" }, 400);
  const input = parsed.data;
  switch (input.intent) {
    case "save": {
      if ((input.practiceId === undefined) === (input.handbookId === undefined)) return answer({ ok: false, error: "invalid" }, 400);
      const target = input.practiceId !== undefined ? { practiceId: input.practiceId } : { handbookId: input.handbookId! };
      const found = await savableTarget(db, member, target);
      if (!found) notFound();
      const result = await inTransaction(db, (trx) =>
        found.kind === "practice"
          ? saveItem(trx, { userId: member.id, practiceId: found.practice.id, revisionNumber: found.practice.current_revision })
          : saveItem(trx, { userId: member.id, handbookId: found.handbook.id }),
      );
      if (result.status === "full") return answer({ ok: false, error: "full" }, 409);
      if (result.created && found.kind === "handbook") await askForBooks(db, found.handbook, siteOrigin(args.request));
      return answer({ ok: true, saved: true });
    }
    case "unsave": {
      const given = [input.id, input.practiceId, input.handbookId].filter((v) => v !== undefined);
      if (given.length !== 1) return answer({ ok: false, error: "invalid" }, 400);
      await unsaveItem(db, { userId: member.id, id: input.id, practiceId: input.practiceId, handbookId: input.handbookId });
      return answer({ ok: true, saved: false });
    }
    case "up":
    case "down":
    case "top": {
      const among = (await listSaved(db, { reader: member })).map((e) => e.id);
      const moved = await inTransaction(db, (trx) => moveSavedItem(trx, { userId: member.id, id: input.id, direction: input.intent, among }));
      if (!moved) notFound();
      return answer({ ok: true, saved: true });
    }
    case "prune": {
      const keep = (await listSaved(db, { reader: member })).map((e) => e.id);
      await pruneSaved(db, { userId: member.id, keep });
      return answer({ ok: true, saved: false });
    }
  }
}

/**
 * A saved edition is read offline from its files: ask for the EPUB (and the A4 PDF where
 * this server can make one) now, so they are ready by the next sync. Never fails the save.
 */
async function askForBooks(db: Db, handbook: HandbookRecord, origin: string) {
  if (handbook.status !== "published") return;
  for (const format of BOOK_FORMATS) {
    try {
      await bookState(db, { handbook, format, paper: DEFAULT_PAPER, origin });
    } catch (error) {
      console.error(`[saved] the ${format} of handbook ${handbook.id} could not be requested:`, error);
    }
  }
}

export default function SavedPage() {
  const { items, unavailable, full, maxItems } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>() as Outcome | undefined;
  const { t, locale } = useI18n();
  const format = useFormat();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <h1>{t("saved.title")}</h1>
      <p>{t("saved.intro")}</p>
      {outcome && !outcome.ok ? (
        <p className="error-summary" role="alert">
          {t("saved.invalid")}
        </p>
      ) : null}
      {full ? (
        <p className="notice" role="status">
          {t("saved.full", { max: maxItems })}
        </p>
      ) : null}
      {unavailable > 0 ? (
        <form method="post" action="/saved" className="notice" data-enhance>
          {t("saved.unavailable", { count: unavailable })}{" "}
          <button type="submit" name="intent" value="prune" className="button-link" disabled={busy}>
            {t("saved.prune")}
          </button>
        </form>
      ) : null}
      {items.length === 0 ? (
        <p className="empty">{t("saved.empty")}</p>
      ) : (
        <ol className="practice-list">
          {items.map((item, index) => (
            <li key={item.id}>
              <h2 id={`saved-${item.id}`} lang={item.language !== locale ? item.language : undefined}>
                <Link to={item.href}>{item.title}</Link>
              </h2>
              <p className="muted">
                {t(savedKindLabel(item.kind))}
                {item.edition !== null ? ` · ${t("handbook.editionN", { edition: item.edition })}` : ""}
                {item.organisationName ? ` · ${item.organisationName}` : ""} · {format.language(item.language)} · {t("saved.savedOn", { date: format.date(item.savedAt) })}
              </p>
              {item.updated && item.historyHref ? (
                <p>
                  <strong className="badge">{t("saved.updated")}</strong> <Link to={item.historyHref}>{t("saved.whatChanged")}</Link>
                </p>
              ) : null}
              <form method="post" action="/saved" className="button-row" data-enhance>
                <input type="hidden" name="id" value={item.id} />
                <input type="hidden" name="redirectTo" value="/saved" />
                {index > 0 ? (
                  <button type="submit" name="intent" value="up" className="button-secondary" aria-describedby={`saved-${item.id}`} disabled={busy}>
                    {t("saved.moveUp")}
                  </button>
                ) : null}
                {index < items.length - 1 ? (
                  <button type="submit" name="intent" value="down" className="button-secondary" aria-describedby={`saved-${item.id}`} disabled={busy}>
                    {t("saved.moveDown")}
                  </button>
                ) : null}
                <button type="submit" name="intent" value="unsave" className="button-link" aria-describedby={`saved-${item.id}`} disabled={busy}>
                  {t("saved.remove")}
                </button>
              </form>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
