import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "../../ui/link";
import { z } from "zod";
import { HANDBOOK_STATUSES, handbookStatusLabel } from "../../domain/handbook";
import { dataTitle } from "../../i18n/meta";
import { useT } from "../../i18n/react";
import { getHandbookContents, listEntryDrift, listHandbooksInOtherLanguages, listLanguageEditions, translationsFor } from "../../models/handbook.server";
import { getPreviousEdition } from "../../models/handbook-compare.server";
import { GeneralErrorBoundary } from "../../ui/error-boundary";
import { ErrorSummary, Field, SelectField, TextareaField, type FormState } from "../../ui/forms";
import { useFormat } from "../../ui/format";
import { optionalText, parseForm, requiredText } from "../../utils/forms";
import { requireHandbook } from "../../auth/handbook-access.server";
import { CurateEntry } from "./curate-entry";
import { IntentButton } from "./intent-button";
import {
  handleAddChapter,
  handleDeleteChapter,
  handleDetails,
  handleEditChapter,
  handleEntryNote,
  handleLink,
  handleMoveChapter,
  handleMoveEntry,
  handleMoveEntryToChapter,
  handleNewEdition,
  handlePinTranslation,
  handleRemoveEntry,
  handleRepin,
  handleStatus,
  type Curation,
} from "./intents.server";
import { NEXT_STATUS } from "./next-status";
import { inTransaction } from "../../server/database.server";
import { sectionHandle, withSection } from "../../i18n/sections";

export const meta = dataTitle((data: { handbook: { title: string } }) => data.handbook.title, "handbook.curate");
// This page's strings are a catalogue section (app/i18n/sections.ts).
export const handle = sectionHandle("manage");
export const clientLoader = withSection("manage");

const id = /* @__PURE__ */ (() => z.coerce.number().int().positive())();
const direction = /* @__PURE__ */ (() => z.enum(["up", "down"]))();
const Intent = /* @__PURE__ */ (() =>
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("status"), status: z.enum(HANDBOOK_STATUSES) }),
    z.object({ intent: z.literal("details"), title: requiredText(200), intro: optionalText(20_000), licence: optionalText(300) }),
    z.object({ intent: z.literal("addChapter"), title: requiredText(200), intro: optionalText(20_000) }),
    z.object({ intent: z.literal("editChapter"), chapterId: id, title: requiredText(200), intro: optionalText(20_000) }),
    z.object({ intent: z.literal("moveChapter"), chapterId: id, direction }),
    z.object({ intent: z.literal("deleteChapter"), chapterId: id }),
    z.object({ intent: z.literal("moveEntry"), entryId: id, direction }),
    z.object({ intent: z.literal("entryChapter"), entryId: id, chapterId: id }),
    z.object({ intent: z.literal("removeEntry"), entryId: id }),
    z.object({ intent: z.literal("entryNote"), entryId: id, note: optionalText(1_000) }),
    z.object({ intent: z.literal("repin"), entryId: id }),
    z.object({ intent: z.literal("pinTranslation"), entryId: id, practiceId: id }),
    z.object({ intent: z.literal("newEdition") }),
    z.object({ intent: z.literal("link"), otherId: id }),
  ]))();

export async function loader(args: LoaderFunctionArgs) {
  const { handbook } = await requireHandbook(args, "curate");
  const db = args.context.db;
  const [chapters, editions, others, drift, previousEdition] = await Promise.all([
    getHandbookContents(db, { handbookId: handbook.id, showWithdrawn: true }),
    listLanguageEditions(db, { handbook }),
    listHandbooksInOtherLanguages(db, { handbook }),
    listEntryDrift(db, { handbookId: handbook.id }),
    getPreviousEdition(db, { handbook }),
  ]);
  const foreign = chapters
    .flatMap((c) => c.entries)
    .filter((e) => e.language !== handbook.language)
    .map((e) => e.practiceId);
  const translations = await translationsFor(db, { practiceIds: foreign, language: handbook.language });
  return json({
    handbook: {
      id: handbook.id,
      slug: handbook.slug,
      title: handbook.title,
      edition: handbook.edition,
      language: handbook.language,
      status: handbook.status,
      introMd: handbook.intro_md,
      licence: handbook.licence,
    },
    chapters,
    drift,
    translations: Object.fromEntries(translations),
    editions,
    linkable: others.filter((o) => !editions.some((e) => e.id === o.id)),
    previousEdition: previousEdition ? { edition: previousEdition.edition } : null,
  });
}

export async function action(args: ActionFunctionArgs) {
  const { member, handbook } = await requireHandbook(args, "curate");
  const parsed = parseForm(Intent, await args.request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const input = parsed.data;
  const { db, clientIp } = args.context;
  const curation = (on: Curation["db"]): Curation => ({ db: on, memberId: member.id, handbook, ip: clientIp });
  const here = `/handbooks/${encodeURIComponent(handbook.slug)}/curate`;

  if (input.intent === "newEdition") {
    const copy = await inTransaction(db, (trx) => handleNewEdition(curation(trx)));
    return redirect(`/handbooks/${encodeURIComponent(copy.slug)}/curate`);
  }
  if (input.intent === "link") {
    await inTransaction(db, (trx) => handleLink(curation(trx), input));
    return redirect(`${here}?saved=1`);
  }
  // A published edition is frozen: changing it means a new edition.
  if (handbook.status === "published") {
    return json({ formError: { key: "handbook.frozen" as const } }, { status: 409 });
  }
  // Inside the transaction every query goes through trx: the one SQLite connection is its.
  await inTransaction(db, (trx) => {
    const c = curation(trx);
    switch (input.intent) {
      case "status":
        return handleStatus(c, input);
      case "details":
        return handleDetails(c, input);
      case "addChapter":
        return handleAddChapter(c, input);
      case "editChapter":
        return handleEditChapter(c, input);
      case "moveChapter":
        return handleMoveChapter(c, input);
      case "deleteChapter":
        return handleDeleteChapter(c, input);
      case "moveEntry":
        return handleMoveEntry(c, input);
      case "entryChapter":
        return handleMoveEntryToChapter(c, input);
      case "removeEntry":
        return handleRemoveEntry(c, input);
      case "entryNote":
        return handleEntryNote(c, input);
      case "repin":
        return handleRepin(c, input);
      case "pinTranslation":
        return handlePinTranslation(c, input);
    }
  });
  return redirect(`${here}?saved=1`);
}

export default function CuratePage() {
  const data = useLoaderData<typeof loader>();
  const { handbook, chapters, editions, linkable } = data;
  const t = useT();
  const format = useFormat();
  const state = (useActionData() as FormState | undefined) ?? {};
  const frozen = handbook.status === "published";
  const saved = useSearchParams()[0].has("saved");
  const value = (name: string) => (typeof state.values?.[name] === "string" ? (state.values[name] as string) : undefined);
  return (
    <>
      <p>
        <Link to={`/handbooks/${handbook.slug}`}>{t("handbook.read")}</Link> · <Link to="/nominations">{t("nominations.title")}</Link>
        {data.previousEdition ? (
          <>
            {" · "}
            <Link to={`/handbooks/${handbook.slug}/compare`}>{t("handbook.compareLink", { edition: data.previousEdition.edition })}</Link>
          </>
        ) : null}
      </p>
      <h1>{t("handbook.curateTitle", { title: handbook.title, edition: handbook.edition })}</h1>
      {saved && !state.errors ? (
        <p className="notice" role="status">
          {t("handbook.savedNotice")}
        </p>
      ) : null}
      <ErrorSummary state={state} />
      <section aria-labelledby="status-heading">
        <h2 id="status-heading">{t("handbook.statusHeading")}</h2>
        <p>
          {t("handbook.statusIs", { status: t(handbookStatusLabel(handbook.status)) })} · {format.language(handbook.language)}
        </p>
        {frozen ? (
          <>
            <p className="notice">{t("handbook.frozenExplain")}</p>
            <IntentButton intent="newEdition" label={t("handbook.newEdition", { edition: handbook.edition + 1 })} className="" />
          </>
        ) : (
          <div className="button-row">
            {NEXT_STATUS[handbook.status].map((s) => (
              <IntentButton
                key={s}
                intent="status"
                label={t(s === "published" ? "handbook.publish" : s === "review" ? "handbook.toReview" : "handbook.backToDraft")}
                fields={{ status: s }}
                className={s === "published" ? "" : "button-secondary"}
              />
            ))}
          </div>
        )}
      </section>

      {!frozen ? (
        <section aria-labelledby="details-heading">
          <h2 id="details-heading">{t("handbook.details")}</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="details" />
            <Field label={t("handbook.title")} name="title" required defaultValue={handbook.title} />
            <TextareaField label={t("handbook.intro")} name="intro" rows={4} defaultValue={handbook.introMd} />
            <Field label={t("handbook.licence")} name="licence" defaultValue={handbook.licence} hint={t("handbook.licenceHint")} maxLength={300} />
            <button type="submit" className="button-secondary">
              {t("handbook.saveDetails")}
            </button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="chapters-heading">
        <h2 id="chapters-heading">{t("handbook.chapters")}</h2>
        {chapters.length === 0 ? <p className="muted">{t("handbook.noChapters")}</p> : null}
        <ol className="curate-chapters">
          {chapters.map((chapter, ci) => (
            <li key={chapter.id}>
              <h3>{chapter.title}</h3>
              {!frozen ? (
                <div className="button-row">
                  {ci > 0 ? (
                    <IntentButton
                      intent="moveChapter"
                      label={t("handbook.moveUp")}
                      ariaLabel={t("handbook.moveChapterUp", { title: chapter.title })}
                      fields={{ chapterId: chapter.id, direction: "up" }}
                    />
                  ) : null}
                  {ci < chapters.length - 1 ? (
                    <IntentButton
                      intent="moveChapter"
                      label={t("handbook.moveDown")}
                      ariaLabel={t("handbook.moveChapterDown", { title: chapter.title })}
                      fields={{ chapterId: chapter.id, direction: "down" }}
                    />
                  ) : null}
                  {chapter.entries.length === 0 ? <IntentButton intent="deleteChapter" label={t("handbook.deleteChapter")} fields={{ chapterId: chapter.id }} className="button-danger" /> : null}
                </div>
              ) : null}
              {!frozen ? (
                <details>
                  <summary>{t("handbook.editChapter")}</summary>
                  <Form method="post" noValidate>
                    <input type="hidden" name="chapterId" value={chapter.id} />
                    <Field label={t("handbook.chapterTitle")} name="title" required defaultValue={chapter.title} />
                    <TextareaField label={t("handbook.chapterIntro")} name="intro" rows={3} defaultValue={chapter.introMd} />
                    <button type="submit" name="intent" value="editChapter" className="button-secondary">
                      {t("handbook.saveChapter")}
                    </button>
                  </Form>
                </details>
              ) : null}
              {chapter.entries.length === 0 ? (
                <p className="muted">{t("handbook.emptyChapterCurate")}</p>
              ) : (
                <ol>
                  {chapter.entries.map((entry, ei) => (
                    <CurateEntry
                      key={entry.entryId}
                      entry={entry}
                      chapterId={chapter.id}
                      chapters={chapters}
                      drift={data.drift[entry.entryId]}
                      translation={data.translations[entry.practiceId]}
                      handbookLanguage={handbook.language}
                      frozen={frozen}
                      first={ei === 0}
                      last={ei === chapter.entries.length - 1}
                    />
                  ))}
                </ol>
              )}
            </li>
          ))}
        </ol>
        {!frozen ? (
          <Form method="post" noValidate className="add-chapter">
            <h3>{t("handbook.addChapter")}</h3>
            <input type="hidden" name="intent" value="addChapter" />
            <Field label={t("handbook.chapterTitle")} name="title" required defaultValue={value("title")} error={state.errors?.title} />
            <TextareaField label={t("handbook.chapterIntro")} name="intro" rows={3} defaultValue={value("intro")} />
            <button type="submit">{t("handbook.addChapter")}</button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="editions-heading">
        <h2 id="editions-heading">{t("handbook.languageEditions")}</h2>
        {editions.length ? (
          <ul>
            {editions.map((e) => (
              <li key={e.id}>
                <Link to={`/handbooks/${e.slug}/curate`}>{t("handbook.titleEdition", { title: e.title, edition: e.edition })}</Link> ({format.language(e.language)})
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("handbook.noLanguageEditions")}</p>
        )}
        {linkable.length ? (
          <Form method="post" className="filters">
            <SelectField
              label={t("handbook.linkEdition")}
              name="otherId"
              options={linkable.map((o) => ({ value: String(o.id), label: `${o.title} (${format.language(o.language)}, ${o.edition})` }))}
            />
            <button type="submit" name="intent" value="link" className="button-secondary">
              {t("handbook.link")}
            </button>
          </Form>
        ) : null}
      </section>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
