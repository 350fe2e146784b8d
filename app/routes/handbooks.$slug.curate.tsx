import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Link } from "../ui/link";
import { z } from "zod";
import { HANDBOOK_STATUSES, SECTIONS } from "../../db/schema";
import { notFound } from "../auth/permissions.server";
import { dataTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { recordAudit, type AuditAction } from "../models/audit.server";
import {
  addChapter,
  createNextEdition,
  deleteChapter,
  getEntry,
  getHandbookContents,
  linkLanguageEditions,
  listLanguageEditions,
  moveChapter,
  moveEntry,
  moveEntryToChapter,
  pinTranslation,
  removeEntry,
  repinEntry,
  setHandbookStatus,
  translationsFor,
  updateChapter,
  updateEntryNote,
  updateHandbookDetails,
} from "../models/handbook.server";
import { getRevision } from "../models/practice.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { ErrorSummary, Field, SelectField, TextareaField, type FormState } from "../ui/forms";
import { useFormat } from "../ui/format";
import { HANDBOOK_STATUS_LABELS } from "../ui/handbook-status";
import { SECTION_LABELS } from "../ui/practice-form";
import { diffText, hasChanges, type DiffPart } from "../utils/diff";
import { optionalText, parseForm, requiredText } from "../utils/forms";
import { requireHandbook } from "../utils/handbook-access.server";

export const meta = dataTitle((data: { handbook: { title: string } }) => data.handbook.title, "handbook.curate");

const id = /* @__PURE__ */ (() => z.coerce.number().int().positive())();
const direction = /* @__PURE__ */ (() => z.enum(["up", "down"]))();
const Intent = /* @__PURE__ */ (() => z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("status"), status: z.enum(HANDBOOK_STATUSES) }),
  z.object({ intent: z.literal("details"), title: requiredText(200), intro: optionalText(20_000) }),
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

type Db = Kysely<Database> | Transaction<Database>;

const NEXT_STATUS = { draft: ["review"], review: ["draft", "published"], published: [] } as const;

export async function loader(args: LoaderFunctionArgs) {
  const { handbook } = await requireHandbook(args, "curate");
  const db = args.context.db;
  const [chapters, editions, others] = await Promise.all([
    getHandbookContents(db, { handbookId: handbook.id, showWithdrawn: true }),
    listLanguageEditions(db, { handbook }),
    db.selectFrom("handbooks").select(["id", "title", "edition", "language"]).where("id", "!=", handbook.id).where("language", "!=", handbook.language).orderBy("title").execute(),
  ]);
  const entries = chapters.flatMap((c) => c.entries);
  const foreign = entries.filter((e) => e.language !== handbook.language).map((e) => e.practiceId);
  const translations = await translationsFor(db, { practiceIds: foreign, language: handbook.language });
  // Drift: an entry whose practice has moved on since it was pinned, with the diff.
  const drift: Record<number, { latest: number; fields: { field: string; parts: DiffPart[] }[] }> = {};
  for (const entry of entries) {
    if (entry.currentRevision <= entry.revisionNumber) continue;
    const [pinned, latest] = await Promise.all([
      getRevision(db, { practiceId: entry.practiceId, number: entry.revisionNumber }),
      getRevision(db, { practiceId: entry.practiceId, number: entry.currentRevision }),
    ]);
    if (!pinned || !latest) continue;
    const fields = (["title", "summary", ...SECTIONS] as const)
      .map((field) => {
        const key = field === "title" || field === "summary" ? field : (`${field}_md` as const);
        return { field, parts: diffText(pinned[key], latest[key]) };
      })
      .filter((f) => hasChanges(f.parts));
    drift[entry.entryId] = { latest: entry.currentRevision, fields };
  }
  return json({
    handbook: { id: handbook.id, slug: handbook.slug, title: handbook.title, edition: handbook.edition, language: handbook.language, status: handbook.status, introMd: handbook.intro_md },
    chapters,
    drift,
    translations: Object.fromEntries(translations),
    editions,
    linkable: others.filter((o) => !editions.some((e) => e.id === o.id)),
  });
}

export async function action(args: ActionFunctionArgs) {
  const { member, handbook } = await requireHandbook(args, "curate");
  const { request, context } = args;
  const db = context.db;
  const parsed = parseForm(Intent, await request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const input = parsed.data;
  const here = `/handbooks/${encodeURIComponent(handbook.slug)}/curate`;
  const audit = (executor: Db, action: AuditAction, detail: Record<string, unknown>) =>
    recordAudit(executor, { actorId: member.id, action, targetType: "handbook", targetId: handbook.id, detail, ip: context.clientIp });

  if (input.intent === "newEdition") {
    const copy = await createNextEdition(db, { handbookId: handbook.id, createdBy: member.id });
    await audit(db, "handbook.edition_created", { newHandbookId: copy.id });
    return redirect(`/handbooks/${encodeURIComponent(copy.slug)}/curate`);
  }
  if (input.intent === "link") {
    await linkLanguageEditions(db, { handbookId: handbook.id, otherId: input.otherId });
    await audit(db, "handbook.updated", { linkedEdition: input.otherId });
    return redirect(`${here}?saved=1`);
  }
  // A published edition is frozen: changing it means a new edition.
  if (handbook.status === "published") {
    return json({ formError: { key: "handbook.frozen" as const } }, { status: 409 });
  }
  // Inside the transaction every query goes through trx: the one SQLite connection is its.
  const chapterOf = async (trx: Db, chapterId: number) => {
    const chapter = await trx.selectFrom("handbook_chapters").select("id").where("id", "=", chapterId).where("handbook_id", "=", handbook.id).executeTakeFirst();
    if (!chapter) notFound();
    return chapter.id;
  };
  const entryOf = async (trx: Db, entryId: number) => {
    const entry = await getEntry(trx, { entryId });
    if (!entry || entry.handbookId !== handbook.id) notFound();
    return entry;
  };

  await db.transaction().execute(async (trx) => {
    switch (input.intent) {
      case "status": {
        if (!(NEXT_STATUS[handbook.status] as readonly string[]).includes(input.status)) throw new Response("Conflict", { status: 409 });
        await setHandbookStatus(trx, { id: handbook.id, status: input.status });
        return audit(trx, "handbook.status_changed", { from: handbook.status, to: input.status });
      }
      case "details":
        await updateHandbookDetails(trx, { id: handbook.id, title: input.title, introMd: input.intro });
        return audit(trx, "handbook.updated", { title: input.title });
      case "addChapter": {
        const chapterId = await addChapter(trx, { handbookId: handbook.id, title: input.title, introMd: input.intro });
        return audit(trx, "handbook.chapter_changed", { added: chapterId, title: input.title });
      }
      case "editChapter":
        await updateChapter(trx, { chapterId: await chapterOf(trx, input.chapterId), title: input.title, introMd: input.intro });
        return audit(trx, "handbook.chapter_changed", { edited: input.chapterId });
      case "moveChapter":
        await moveChapter(trx, { handbookId: handbook.id, chapterId: await chapterOf(trx, input.chapterId), direction: input.direction });
        return audit(trx, "handbook.chapter_changed", { moved: input.chapterId, direction: input.direction });
      case "deleteChapter":
        if (!(await deleteChapter(trx, { handbookId: handbook.id, chapterId: await chapterOf(trx, input.chapterId) }))) throw new Response("Conflict", { status: 409 });
        return audit(trx, "handbook.chapter_changed", { deleted: input.chapterId });
      case "moveEntry": {
        const entry = await entryOf(trx, input.entryId);
        await moveEntry(trx, { chapterId: entry.chapterId, entryId: entry.id, direction: input.direction });
        return audit(trx, "handbook.entry_changed", { moved: entry.id, direction: input.direction });
      }
      case "entryChapter": {
        const entry = await entryOf(trx, input.entryId);
        await moveEntryToChapter(trx, { entryId: entry.id, fromChapterId: entry.chapterId, toChapterId: await chapterOf(trx, input.chapterId) });
        return audit(trx, "handbook.entry_changed", { moved: entry.id, toChapter: input.chapterId });
      }
      case "removeEntry": {
        const entry = await entryOf(trx, input.entryId);
        await removeEntry(trx, { entryId: entry.id, chapterId: entry.chapterId });
        return audit(trx, "handbook.entry_changed", { removed: entry.id, practiceId: entry.practiceId });
      }
      case "entryNote":
        await updateEntryNote(trx, { entryId: (await entryOf(trx, input.entryId)).id, note: input.note });
        return audit(trx, "handbook.entry_changed", { note: input.entryId });
      case "repin": {
        const revision = await repinEntry(trx, { entryId: (await entryOf(trx, input.entryId)).id });
        return audit(trx, "handbook.entry_changed", { repinned: input.entryId, revision });
      }
      case "pinTranslation": {
        await entryOf(trx, input.entryId);
        if (!(await pinTranslation(trx, { entryId: input.entryId, practiceId: input.practiceId }))) notFound();
        return audit(trx, "handbook.entry_changed", { translationPinned: input.entryId, practiceId: input.practiceId });
      }
    }
  });
  return redirect(`${here}?saved=1`);
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function IntentButton({ intent, label, fields = {}, className = "button-secondary", ariaLabel }: { intent: string; label: string; fields?: Record<string, string | number>; className?: string; ariaLabel?: string }) {
  const busy = useNavigation().state === "submitting";
  return (
    <Form method="post" className="inline-form">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" name="intent" value={intent} className={className} disabled={busy} aria-label={ariaLabel}>
        {label}
      </button>
    </Form>
  );
}

function Entry({
  entry,
  chapterId,
  chapters,
  data,
  frozen,
  first,
  last,
}: {
  entry: LoaderData["chapters"][number]["entries"][number];
  chapterId: number;
  chapters: LoaderData["chapters"];
  data: LoaderData;
  frozen: boolean;
  first: boolean;
  last: boolean;
}) {
  const t = useT();
  const format = useFormat();
  const drift = data.drift[entry.entryId];
  const translation = data.translations[entry.practiceId];
  return (
    <li className="curate-entry">
      <p>
        <Link to={`/practices/${entry.practiceSlug}`} lang={entry.language}>
          <strong>{entry.title || t("handbook.entryWithdrawnTitle")}</strong>
        </Link>{" "}
        <span className="muted">
          {entry.organisationName} · {format.language(entry.language)} · {t("handbook.pinnedTo", { number: entry.revisionNumber })}
        </span>
      </p>
      {entry.withdrawn !== null ? (
        <div className="notice" role="note">
          <p>{t(entry.withdrawn === "redacted" ? "handbook.curateRedacted" : "handbook.curateUnderReview")}</p>
          {entry.withdrawn === "redacted" && !frozen && entry.currentRevision > entry.revisionNumber ? (
            <IntentButton intent="repin" label={t("handbook.repin", { number: entry.currentRevision })} fields={{ entryId: entry.entryId }} className="" />
          ) : null}
        </div>
      ) : null}
      {drift ? (
        <div className="drift" role="note">
          <p>
            <strong>{t("handbook.updatedSinceCurated")}</strong> {t("handbook.driftExplain", { pinned: entry.revisionNumber, latest: drift.latest })}
          </p>
          <details>
            <summary>{t("handbook.showDiff")}</summary>
            {drift.fields.map((f) => (
              <div key={f.field}>
                <h4>{f.field === "title" ? t("practice.title") : f.field === "summary" ? t("practice.summary") : t(SECTION_LABELS[f.field as keyof typeof SECTION_LABELS].label)}</h4>
                <pre className="diff">
                  {f.parts.map((p, i) => (p.change === "added" ? <ins key={i}>{p.text}</ins> : p.change === "removed" ? <del key={i}>{p.text}</del> : <span key={i}>{p.text}</span>))}
                </pre>
              </div>
            ))}
          </details>
          {!frozen ? <IntentButton intent="repin" label={t("handbook.repin", { number: drift.latest })} fields={{ entryId: entry.entryId }} className="" /> : null}
        </div>
      ) : null}
      {entry.language !== data.handbook.language ? (
        <p className="muted">
          {translation
            ? translation.upToDate
              ? t("handbook.translationAvailable", { language: format.language(data.handbook.language) })
              : t("handbook.translationOutdated", { language: format.language(data.handbook.language) })
            : t("handbook.noTranslation", { language: format.language(data.handbook.language) })}{" "}
          {translation && !frozen ? <IntentButton intent="pinTranslation" label={t("handbook.pinTranslation")} fields={{ entryId: entry.entryId, practiceId: translation.id }} /> : null}
        </p>
      ) : null}
      {!frozen ? (
        <div className="button-row">
          {!first ? <IntentButton intent="moveEntry" label={t("handbook.moveUp")} ariaLabel={t("handbook.moveEntryUp", { title: entry.title })} fields={{ entryId: entry.entryId, direction: "up" }} /> : null}
          {!last ? <IntentButton intent="moveEntry" label={t("handbook.moveDown")} ariaLabel={t("handbook.moveEntryDown", { title: entry.title })} fields={{ entryId: entry.entryId, direction: "down" }} /> : null}
          {chapters.length > 1 ? (
            <Form method="post" className="inline-form move-to">
              <input type="hidden" name="entryId" value={entry.entryId} />
              <label>
                {t("handbook.moveTo")}{" "}
                <select name="chapterId" defaultValue={String(chapterId)}>
                  {chapters.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.title}
                    </option>
                  ))}
                </select>
              </label>{" "}
              <button type="submit" name="intent" value="entryChapter" className="button-secondary">
                {t("handbook.move")}
              </button>
            </Form>
          ) : null}
          <IntentButton intent="removeEntry" label={t("handbook.remove")} ariaLabel={t("handbook.removeEntry", { title: entry.title })} fields={{ entryId: entry.entryId }} className="button-danger" />
        </div>
      ) : null}
      {!frozen ? (
        <Form method="post" className="note-form">
          <input type="hidden" name="entryId" value={entry.entryId} />
          <Field label={t("handbook.curatorNote")} name="note" defaultValue={entry.curatorNote} />
          <button type="submit" name="intent" value="entryNote" className="button-secondary">
            {t("handbook.saveNote")}
          </button>
        </Form>
      ) : entry.curatorNote ? (
        <p>
          <strong>{t("handbook.curatorNote")}</strong> {entry.curatorNote}
        </p>
      ) : null}
    </li>
  );
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
          {t("handbook.statusIs", { status: t(HANDBOOK_STATUS_LABELS[handbook.status]) })} · {format.language(handbook.language)}
        </p>
        {frozen ? (
          <>
            <p className="notice">{t("handbook.frozenExplain")}</p>
            <IntentButton intent="newEdition" label={t("handbook.newEdition", { edition: handbook.edition + 1 })} className="" />
          </>
        ) : (
          <div className="button-row">
            {NEXT_STATUS[handbook.status].map((s) => (
              <IntentButton key={s} intent="status" label={t(s === "published" ? "handbook.publish" : s === "review" ? "handbook.toReview" : "handbook.backToDraft")} fields={{ status: s }} className={s === "published" ? "" : "button-secondary"} />
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
                  {ci > 0 ? <IntentButton intent="moveChapter" label={t("handbook.moveUp")} ariaLabel={t("handbook.moveChapterUp", { title: chapter.title })} fields={{ chapterId: chapter.id, direction: "up" }} /> : null}
                  {ci < chapters.length - 1 ? <IntentButton intent="moveChapter" label={t("handbook.moveDown")} ariaLabel={t("handbook.moveChapterDown", { title: chapter.title })} fields={{ chapterId: chapter.id, direction: "down" }} /> : null}
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
                    <Entry key={entry.entryId} entry={entry} chapterId={chapter.id} chapters={chapters} data={data} frozen={frozen} first={ei === 0} last={ei === chapter.entries.length - 1} />
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
            <SelectField label={t("handbook.linkEdition")} name="otherId" options={linkable.map((o) => ({ value: String(o.id), label: `${o.title} (${format.language(o.language)}, ${o.edition})` }))} />
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
