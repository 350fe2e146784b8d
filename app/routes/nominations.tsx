import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Link } from "../ui/link";
import { z } from "zod";
import { requireMember } from "../auth/guards.server";
import { notFound, requirePermission } from "../auth/permissions.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { recordAudit } from "../models/audit.server";
import { listOpenChapters } from "../models/handbook.server";
import { acceptNomination, declineNomination, listOpenNominations } from "../models/nomination.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { ErrorSummary, Field, SelectField, type FormState } from "../ui/forms";
import { useFormat } from "../ui/format";
import { parseForm } from "../utils/forms";
import { inTransaction } from "../server/database.server";
import { sectionHandle, withSection } from "../i18n/sections";

export const meta = pageTitle("nominations.title");
// This page's strings are a catalogue section (app/i18n/sections.ts).
export const handle = sectionHandle("manage");
export const clientLoader = withSection("manage");

const Decision = /* @__PURE__ */ (() =>
  z.discriminatedUnion("intent", [
    z.object({
      intent: z.literal("accept"),
      nominationId: z.coerce.number().int().positive(),
      chapterId: z.coerce.number({ error: "nominations.chooseChapter" }).int().positive("nominations.chooseChapter"),
      note: z.string().trim().max(1_000, "validation.tooLong").default(""),
    }),
    z.object({
      intent: z.literal("decline"),
      nominationId: z.coerce.number().int().positive(),
      note: z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(1_000, "validation.tooLong"),
    }),
  ]))();

/** Chapters of every handbook still open for entries, as "Handbook — Chapter" choices. */
async function chapterChoices(db: LoaderFunctionArgs["context"]["db"]) {
  const chapters = await listOpenChapters(db);
  return chapters.map((c) => ({ id: c.id, handbookId: c.handbookId, label: `${c.handbookTitle} (${c.edition}) — ${c.position}. ${c.title}` }));
}

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  requirePermission(member, "curate");
  const [nominations, chapters] = await Promise.all([listOpenNominations(args.context.db), chapterChoices(args.context.db)]);
  return json({ nominations, chapters });
}

export async function action(args: ActionFunctionArgs) {
  const member = await requireMember(args);
  requirePermission(member, "curate");
  const { request, context } = args;
  const formData = await request.formData();
  const parsed = parseForm(Decision, formData);
  if (!parsed.ok) return json({ nominationId: String(formData.get("nominationId") ?? ""), errors: parsed.errors, values: parsed.values }, { status: 400 });
  const input = parsed.data;
  if (input.intent === "accept") {
    const chapters = await chapterChoices(context.db);
    if (!chapters.some((c) => c.id === input.chapterId)) {
      return json({ nominationId: String(input.nominationId), errors: { chapterId: { key: "nominations.chooseChapter" } }, values: parsed.data }, { status: 400 });
    }
    await inTransaction(context.db, async (trx) => {
      const accepted = await acceptNomination(trx, { id: input.nominationId, chapterId: input.chapterId, note: input.note, curatorId: member.id });
      if (!accepted) notFound();
      await recordAudit(trx, {
        actorId: member.id,
        action: "nomination.accepted",
        targetType: "nomination",
        targetId: input.nominationId,
        detail: { chapterId: input.chapterId, entryId: accepted.entryId },
        ip: context.clientIp,
      });
    });
  } else {
    await inTransaction(context.db, async (trx) => {
      const declined = await declineNomination(trx, { id: input.nominationId, note: input.note, curatorId: member.id });
      if (!declined) notFound();
      await recordAudit(trx, { actorId: member.id, action: "nomination.declined", targetType: "nomination", targetId: input.nominationId, detail: { note: input.note }, ip: context.clientIp });
    });
  }
  return redirect(`/nominations?decided=${input.intent === "accept" ? "accepted" : "declined"}`);
}

type Nomination = ReturnType<typeof useLoaderData<typeof loader>>["nominations"][number];

function DecisionForms({ nomination, chapters }: { nomination: Nomination; chapters: { id: number; handbookId: number; label: string }[] }) {
  const t = useT();
  const data = useActionData() as (FormState & { nominationId?: string }) | undefined;
  const state: FormState = data?.nominationId === String(nomination.nominationId) ? data : {};
  const busy = useNavigation().state === "submitting";
  // Chapters of the handbook it was nominated for come first.
  const ordered = [...chapters].sort((a, b) => Number(b.handbookId === nomination.handbookId) - Number(a.handbookId === nomination.handbookId));
  return (
    <div className="decision">
      <ErrorSummary state={state} />
      <Form method="post" noValidate>
        <input type="hidden" name="nominationId" value={nomination.nominationId} />
        <input type="hidden" name="intent" value="accept" />
        {ordered.length ? (
          <>
            <SelectField label={t("nominations.chapter")} name="chapterId" options={ordered.map((c) => ({ value: String(c.id), label: c.label }))} error={state.errors?.chapterId} />
            <Field label={t("nominations.curatorNote")} name="note" hint={t("nominations.curatorNoteHint")} />
            <button type="submit" disabled={busy}>
              {t("nominations.accept")}
            </button>
          </>
        ) : (
          <p className="muted">
            {t("nominations.noChapters")} <Link to="/handbooks/new">{t("handbooks.new")}</Link>
          </p>
        )}
      </Form>
      <Form method="post" noValidate>
        <input type="hidden" name="nominationId" value={nomination.nominationId} />
        <input type="hidden" name="intent" value="decline" />
        <Field label={t("nominations.declineNote")} name="note" error={state.errors?.note} />
        <button type="submit" className="button-secondary" disabled={busy}>
          {t("nominations.decline")}
        </button>
      </Form>
    </div>
  );
}

export default function NominationsPage() {
  const { nominations, chapters } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  const decided = useSearchParams()[0].get("decided");
  return (
    <>
      <h1>{t("nominations.title")}</h1>
      {decided === "accepted" || decided === "declined" ? (
        <p className="notice" role="status">
          {t(decided === "accepted" ? "nominations.acceptedNotice" : "nominations.declinedNotice")}
        </p>
      ) : null}
      {nominations.length === 0 ? (
        <p className="empty">{t("nominations.none")}</p>
      ) : (
        <ol className="flags">
          {nominations.map((n) => (
            <li key={n.nominationId} className="flag">
              <h2>
                <Link to={`/practices/${n.practice.slug}`}>{n.practice.title}</Link>
              </h2>
              <p className="muted">
                {n.practice.organisationName} · {t("nominations.for", { handbook: n.handbookTitle ?? t("nominate.next") })} ·{" "}
                {t("nominations.by", { name: n.nominatorName ?? t("comments.formerMember"), date: format.date(n.nominatedAt) })}
              </p>
              <blockquote>{n.reason}</blockquote>
              <p>{n.practice.summary}</p>
              <ul className="facts-inline">
                <li>
                  {t("endorse.heading", { count: n.endorsements.count })}: {t("endorse.reach", { organisations: n.endorsements.organisations.length, countries: n.endorsements.countries.length })}
                </li>
                <li>{t("comments.heading", { count: n.practice.commentCount })}</li>
                <li className={n.privacyFindings ? "warning-text" : undefined}>{n.privacyFindings ? t("nominations.privacyFindings", { count: n.privacyFindings }) : t("nominations.privacyClear")}</li>
              </ul>
              <DecisionForms nomination={n} chapters={chapters} />
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
