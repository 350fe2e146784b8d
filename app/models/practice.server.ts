import { sql } from "kysely";
import { discardBookFilesOfPractices } from "./handbook-file.server";
import { applyAttachmentChanges, purgeAttachments, recordRevisionAttachments, type AttachmentChanges } from "./attachment.server";
import type { Db } from "../../db/client";
import type { Cursor } from "../domain/paging";
import { SECTIONS, type AudienceChoice, type PracticeFilters, type PracticeMeta, type PracticeSort, type PracticeStatus, type Section, type WriteUp } from "../domain/practice";
import { renderMarkdown } from "../utils/markdown.server";
import type { Reader } from "../domain/member";
import { listedFor, PRACTICE_ACCESS } from "./audience.server";
import { autoFollow, notify } from "./notification.server";
import { reindexPractice } from "./search.server";
import { slugify } from "../utils/slug";

/** Markdown is rendered here, once per save, and stored beside its source. */
function writeUpColumns(writeUp: WriteUp) {
  const columns: Record<string, string> = { title: writeUp.title.trim(), summary: writeUp.summary.trim() };
  for (const section of SECTIONS) {
    columns[`${section}_md`] = writeUp[section];
    columns[`${section}_html`] = renderMarkdown(writeUp[section]);
  }
  return columns as { title: string; summary: string } & Record<`${Section}_md` | `${Section}_html`, string>;
}

async function uniquePracticeSlug(db: Db, title: string): Promise<string> {
  const base = slugify(title) || "practice";
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    const taken = await db.selectFrom("practices").select("id").where("slug", "=", slug).executeTakeFirst();
    if (!taken) return slug;
  }
}

async function replaceMeta(trx: Db, practiceId: number, meta: PracticeMeta) {
  await trx.deleteFrom("practice_themes").where("practice_id", "=", practiceId).execute();
  await trx.deleteFrom("practice_countries").where("practice_id", "=", practiceId).execute();
  const themes = [...new Set(meta.themes)];
  const countries = [...new Set(meta.countries.map((c) => c.toUpperCase()))];
  if (themes.length) {
    await trx
      .insertInto("practice_themes")
      .values(themes.map((theme_key) => ({ practice_id: practiceId, theme_key })))
      .execute();
  }
  if (countries.length) {
    await trx
      .insertInto("practice_countries")
      .values(countries.map((country) => ({ practice_id: practiceId, country })))
      .execute();
  }
}

/** The current revision number of the original a translation follows. */
async function sourceRevisionOf(trx: Db, sourcePracticeId: number | null) {
  if (sourcePracticeId === null) return null;
  const source = await trx.selectFrom("practices").select("current_revision").where("id", "=", sourcePracticeId).executeTakeFirst();
  return source?.current_revision ?? null;
}

/** Snapshots the practice's current content as its next numbered revision. */
async function addRevision(trx: Db, { practiceId, editorId, note, now }: { practiceId: number; editorId: number; note: string; now: number }) {
  const practice = await trx.selectFrom("practices").selectAll().where("id", "=", practiceId).executeTakeFirstOrThrow();
  const number = practice.current_revision + 1;
  const sections: Record<string, string> = {};
  for (const s of SECTIONS) {
    sections[`${s}_md`] = practice[`${s}_md`];
    sections[`${s}_html`] = practice[`${s}_html`];
  }
  const revision = await trx
    .insertInto("practice_revisions")
    .values({
      practice_id: practiceId,
      number,
      editor_id: editorId,
      note: note.trim(),
      title: practice.title,
      summary: practice.summary,
      source_revision: practice.source_revision,
      created_at: now,
      ...sections,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordRevisionAttachments(trx, { practiceId, revisionId: revision.id });
  await trx.updateTable("practices").set({ current_revision: number }).where("id", "=", practiceId).execute();
  return number;
}

/**
 * A new write-up of the author's organisation, as a draft or published at once.
 * A translation names the practice it translates; it joins that practice's group.
 */
export async function createPractice(
  db: Db,
  input: {
    authorId: number;
    organisationId: number;
    writeUp: WriteUp;
    meta: PracticeMeta;
    publish: boolean;
    translationOf?: number;
    /** Who may read it; a translation always has its original's. Default: all members. */
    audience?: AudienceChoice;
    /** Uploads of the author's to attach, checked by the form. */
    attachments?: AttachmentChanges;
    note?: string;
    now?: number;
  },
) {
  const now = input.now ?? Date.now();
  let sourceId: number | null = null;
  let audience = input.audience ?? { audience: "all" as const, groupId: null };
  let audienceOrganisationId = input.organisationId;
  if (input.translationOf !== undefined) {
    const original = await db
      .selectFrom("practices")
      .select(["id", "source_practice_id", "audience", "audience_group_id", "audience_organisation_id", "organisation_id"])
      .where("id", "=", input.translationOf)
      .executeTakeFirstOrThrow();
    sourceId = original.source_practice_id ?? original.id;
    audience = { audience: original.audience, groupId: original.audience_group_id };
    audienceOrganisationId = original.audience_organisation_id ?? original.organisation_id;
  }
  const slug = await uniquePracticeSlug(db, input.writeUp.title);
  const { id } = await db
    .insertInto("practices")
    .values({
      slug,
      organisation_id: input.organisationId,
      author_id: input.authorId,
      status: input.publish ? "published" : "draft",
      language: input.meta.language,
      source_practice_id: sourceId,
      source_revision: await sourceRevisionOf(db, sourceId),
      ...writeUpColumns(input.writeUp),
      created_at: now,
      updated_at: now,
      published_at: input.publish ? now : null,
      audience: audience.audience,
      audience_group_id: audience.audience === "group" ? audience.groupId : null,
      audience_organisation_id: audienceOrganisationId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await replaceMeta(db, id, input.meta);
  if (input.attachments) await applyAttachmentChanges(db, { practiceId: id, editorId: input.authorId, changes: input.attachments, now });
  await autoFollow(db, { userId: input.authorId, practiceId: id, now });
  if (input.publish) {
    await addRevision(db, { practiceId: id, editorId: input.authorId, note: input.note ?? "", now });
    await reindexPractice(db, { practiceId: id });
  }
  return { id, slug };
}

/**
 * Saves an edit. A draft stays a draft unless `publish`; once published, every save
 * is a new numbered revision. Returns the revision number, or 0 for a draft save.
 */
export async function updatePractice(
  db: Db,
  input: { id: number; editorId: number; writeUp: WriteUp; meta: PracticeMeta; publish: boolean; note?: string; audience?: AudienceChoice; attachments?: AttachmentChanges; now?: number },
) {
  const now = input.now ?? Date.now();
  const current = await db.selectFrom("practices").select(["status", "source_practice_id", "published_at"]).where("id", "=", input.id).executeTakeFirstOrThrow();
  // A draft's audience comes with its form; once published it changes on its own (setPracticeAudience).
  if (input.audience && current.status === "draft" && current.source_practice_id === null) await setPracticeAudience(db, { id: input.id, audience: input.audience });
  const publishing = current.status === "draft" && input.publish;
  const revisioned = current.status !== "draft" || publishing;
  await db
    .updateTable("practices")
    .set({
      ...writeUpColumns(input.writeUp),
      language: input.meta.language,
      updated_at: now,
      ...(publishing ? { status: "published" as const, published_at: current.published_at ?? now } : {}),
      ...(revisioned && current.source_practice_id !== null ? { source_revision: await sourceRevisionOf(db, current.source_practice_id) } : {}),
    })
    .where("id", "=", input.id)
    .execute();
  await replaceMeta(db, input.id, input.meta);
  if (input.attachments) await applyAttachmentChanges(db, { practiceId: input.id, editorId: input.editorId, changes: input.attachments, now });
  if (!revisioned) return 0;
  await reindexPractice(db, { practiceId: input.id });
  const number = await addRevision(db, { practiceId: input.id, editorId: input.editorId, note: input.note ?? "", now });
  if (current.status !== "draft") {
    const endorsers = await db.selectFrom("endorsements").select("user_id").where("practice_id", "=", input.id).execute();
    await notify(db, { recipients: endorsers.map((e) => e.user_id), kind: "revision", practiceId: input.id, actorId: input.editorId, now });
  }
  return number;
}

/**
 * Who may read the practice, at once, and its translations with it (they carry its text).
 * Returns the audience it had, or null when nothing changed.
 */
export async function setPracticeAudience(db: Db, { id, audience }: { id: number; audience: AudienceChoice }): Promise<AudienceChoice | null> {
  const current = await db.selectFrom("practices").select(["audience", "audience_group_id"]).where("id", "=", id).executeTakeFirstOrThrow();
  const groupId = audience.audience === "group" ? audience.groupId : null;
  if (current.audience === audience.audience && current.audience_group_id === groupId) return null;
  await db
    .updateTable("practices")
    .set({ audience: audience.audience, audience_group_id: groupId })
    .where((eb) => eb.or([eb("id", "=", id), eb("source_practice_id", "=", id)]))
    .execute();
  // A handbook holds only what every member reads: files that printed it go.
  const versions = await db
    .selectFrom("practices")
    .select("id")
    .where((eb) => eb.or([eb("id", "=", id), eb("source_practice_id", "=", id)]))
    .execute();
  await discardBookFilesOfPractices(db, { practiceIds: versions.map((v) => v.id) });
  return { audience: current.audience, groupId: current.audience_group_id };
}

/**
 * Withdrawn by its organisation, with its translations: gone from every list, search, feed,
 * handbook and export in this same transaction; its organisation still opens it, to undo.
 */
export async function withdrawPractice(db: Db, { id, by, reason, now = Date.now() }: { id: number; by: number; reason: string; now?: number }) {
  const ids = (
    await db
      .selectFrom("practices")
      .select("id")
      .where((eb) => eb.or([eb("id", "=", id), eb("source_practice_id", "=", id)]))
      .where("withdrawn_at", "is", null)
      .execute()
  ).map((p) => p.id);
  if (ids.length === 0) return [];
  await db.updateTable("practices").set({ withdrawn_at: now, withdrawn_by: by, withdrawn_reason: reason }).where("id", "in", ids).execute();
  await discardBookFilesOfPractices(db, { practiceIds: ids });
  for (const practiceId of ids) await reindexPractice(db, { practiceId });
  return ids;
}

/** Puts a withdrawn practice back where it was (its translations withdrawn with it come back too). */
export async function undoWithdrawal(db: Db, { id }: { id: number }) {
  const practice = await db.selectFrom("practices").select("withdrawn_at").where("id", "=", id).executeTakeFirstOrThrow();
  if (practice.withdrawn_at === null) return [];
  const ids = (
    await db
      .selectFrom("practices")
      .select("id")
      .where((eb) => eb.or([eb("id", "=", id), eb("source_practice_id", "=", id)]))
      .where("withdrawn_at", "=", practice.withdrawn_at)
      .execute()
  ).map((p) => p.id);
  await db.updateTable("practices").set({ withdrawn_at: null, withdrawn_by: null, withdrawn_reason: null }).where("id", "in", ids).execute();
  for (const practiceId of ids) await reindexPractice(db, { practiceId });
  return ids;
}

export async function setPracticeStatus(db: Db, { id, status, now = Date.now() }: { id: number; status: Exclude<PracticeStatus, "draft">; now?: number }) {
  await db
    .updateTable("practices")
    .set({ status, archived_at: status === "archived" ? now : null })
    .where("id", "=", id)
    .where("status", "!=", "draft")
    .execute();
  await reindexPractice(db, { practiceId: id });
}

export async function listThemes(db: Db) {
  return (await db.selectFrom("themes").select("key").orderBy("position").execute()).map((t) => t.key);
}

async function themesAndCountries(db: Db, ids: number[]) {
  const themes = new Map<number, string[]>();
  const countries = new Map<number, string[]>();
  if (ids.length === 0) return { themes, countries };
  // One query for both lists: a page shows them for every practice it lists.
  const rows = await db
    .selectFrom("practice_themes")
    .innerJoin("themes", "themes.key", "practice_themes.theme_key")
    .select(["practice_id", "theme_key as value", sql<string>`'theme'`.as("list"), "themes.position as sort"])
    .where("practice_id", "in", ids)
    .unionAll(
      db
        .selectFrom("practice_countries")
        .select(["practice_id", "country as value", sql<string>`'country'`.as("list"), sql<number>`0`.as("sort")])
        .where("practice_id", "in", ids),
    )
    .orderBy("sort")
    .orderBy("value")
    .execute();
  for (const r of rows) {
    const lists = r.list === "theme" ? themes : countries;
    lists.set(r.practice_id, [...(lists.get(r.practice_id) ?? []), r.value]);
  }
  return { themes, countries };
}

export async function getPracticeBySlug(db: Db, where: { slug: string } | { id: number }) {
  const row = await db
    .selectFrom("practices")
    .innerJoin("organisations", "organisations.id", "practices.organisation_id")
    .leftJoin("users as author", "author.id", "practices.author_id")
    .selectAll("practices")
    .select(["organisations.name as organisationName", "organisations.slug as organisationSlug", "organisations.country as organisationCountry", "author.display_name as authorName"])
    .where((eb) => ("slug" in where ? eb("practices.slug", "=", where.slug) : eb("practices.id", "=", where.id)))
    .executeTakeFirst();
  if (!row) return undefined;
  const { themes, countries } = await themesAndCountries(db, [row.id]);
  return { ...row, themes: themes.get(row.id) ?? [], countries: countries.get(row.id) ?? [] };
}
export type PracticeRecord = NonNullable<Awaited<ReturnType<typeof getPracticeBySlug>>>;

export function writeUpOf(practice: PracticeRecord): WriteUp {
  return {
    title: practice.title,
    summary: practice.summary,
    context: practice.context_md,
    approach: practice.approach_md,
    resources: practice.resources_md,
    outcomes: practice.outcomes_md,
    lessons: practice.lessons_md,
    adapt: practice.adapt_md,
  };
}

export const PRACTICES_PAGE_SIZE = 20;

const SORT_COLUMNS = {
  newest: "practices.published_at",
  updated: "practices.updated_at",
  endorsed: "practices.endorsement_count",
  discussed: "practices.comment_count",
} as const;

/**
 * Published practices, filtered and sorted, one page at a time by keyset (no OFFSET):
 * the next page starts strictly after the last row of this one.
 */
export async function listPublishedPractices(
  db: Db,
  {
    reader,
    filters = {},
    sort = "newest",
    after,
    limit = PRACTICES_PAGE_SIZE,
  }: { reader: Pick<Reader, "organisationId" | "groupIds">; filters?: PracticeFilters; sort?: PracticeSort; after?: Cursor; limit?: number },
) {
  const column = SORT_COLUMNS[sort];
  let query = db.selectFrom("practices").innerJoin("organisations", "organisations.id", "practices.organisation_id").where(listedFor(reader));
  if (filters.organisationId !== undefined) query = query.where("practices.organisation_id", "=", filters.organisationId);
  if (filters.language) query = query.where("practices.language", "=", filters.language);
  if (filters.audienceGroupId !== undefined) query = query.where("practices.audience", "=", "group").where("practices.audience_group_id", "=", filters.audienceGroupId);
  if (filters.theme) {
    const theme = filters.theme;
    query = query.where((eb) => eb.exists(eb.selectFrom("practice_themes").select("practice_id").whereRef("practice_id", "=", "practices.id").where("theme_key", "=", theme)));
  }
  if (filters.country) {
    const country = filters.country.toUpperCase();
    query = query.where((eb) => eb.exists(eb.selectFrom("practice_countries").select("practice_id").whereRef("practice_id", "=", "practices.id").where("country", "=", country)));
  }
  if (after) {
    // One row-value bound, which both engines read as a range of the list's index; spelled
    // as "a < x or (a = x and id < y)", PostgreSQL walks the index from the top instead.
    query = query.where((eb) => eb(eb.refTuple(column, "practices.id"), "<", eb.tuple(after.value, after.id)));
  }
  const rows = await query
    .select([
      "practices.id",
      "practices.slug",
      "practices.title",
      "practices.summary",
      "practices.language",
      "practices.published_at as publishedAt",
      "practices.updated_at as updatedAt",
      "practices.endorsement_count as endorsementCount",
      "practices.comment_count as commentCount",
      "organisations.name as organisationName",
      "organisations.slug as organisationSlug",
    ])
    .orderBy(column, "desc")
    .orderBy("practices.id", "desc")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const sortValue = (r: NonNullable<typeof last>) => ({ newest: r.publishedAt ?? 0, updated: r.updatedAt, endorsed: r.endorsementCount, discussed: r.commentCount })[sort];
  const next = rows.length > limit && last ? { value: sortValue(last), id: last.id } : null;
  const { themes, countries } = await themesAndCountries(
    db,
    page.map((r) => r.id),
  );
  return {
    items: page.map((r) => ({ ...r, themes: themes.get(r.id) ?? [], countries: countries.get(r.id) ?? [] })),
    next,
  };
}

/** A member's own drafts, newest first. */
export async function listDraftsByAuthor(db: Db, { authorId }: { authorId: number }) {
  return db
    .selectFrom("practices")
    .select(["id", "slug", "title", "updated_at as updatedAt", "language"])
    .where("author_id", "=", authorId)
    .where("status", "=", "draft")
    .orderBy("updated_at", "desc")
    .orderBy("id", "desc")
    .limit(50)
    .execute();
}

/** Every version of a practice in the group it belongs to: the original and its translations. */
export async function listTranslationGroup(db: Db, { groupId }: { groupId: number }) {
  return db
    .selectFrom("practices")
    .select(["id", "slug", "title", "language", "source_practice_id as sourcePracticeId", "source_revision as sourceRevision", "current_revision as currentRevision", ...PRACTICE_ACCESS])
    .where((eb) => eb.or([eb("id", "=", groupId), eb("source_practice_id", "=", groupId)]))
    .orderBy("id")
    .execute();
}

/** The revisions history and diffs may show: a redacted one is gone from both. */
export async function listRevisions(db: Db, { practiceId }: { practiceId: number }) {
  return db
    .selectFrom("practice_revisions")
    .leftJoin("users", "users.id", "practice_revisions.editor_id")
    .select(["practice_revisions.number", "practice_revisions.note", "practice_revisions.created_at as createdAt", "users.display_name as editorName", "users.id as editorId"])
    .where("practice_revisions.practice_id", "=", practiceId)
    .where("practice_revisions.redacted_at", "is", null)
    .orderBy("practice_revisions.number", "desc")
    .execute();
}

/** One revision's text, unless it was redacted. */
export async function getRevision(db: Db, { practiceId, number }: { practiceId: number; number: number }) {
  return db.selectFrom("practice_revisions").selectAll().where("practice_id", "=", practiceId).where("number", "=", number).where("redacted_at", "is", null).executeTakeFirst();
}

export async function countRedactedRevisions(db: Db, { practiceId }: { practiceId: number }) {
  const { n } = await db
    .selectFrom("practice_revisions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("practice_id", "=", practiceId)
    .where("redacted_at", "is not", null)
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** When the practice last got a revision (0 if never): a personal-data edit must come after the flag. */
export async function latestRevisionAt(db: Db, { practiceId }: { practiceId: number }) {
  const row = await db
    .selectFrom("practice_revisions")
    .select((eb) => eb.fn.max<number | null>("created_at").as("at"))
    .where("practice_id", "=", practiceId)
    .executeTakeFirstOrThrow();
  return row.at ?? 0;
}

/**
 * Personal data was edited out: every revision before the current one may still hold it,
 * so their text is blanked for good (the numbers stay, so the current one keeps its place).
 */
export async function redactEarlierRevisions(db: Db, { practiceId, by, now = Date.now() }: { practiceId: number; by: number; now?: number }) {
  const blank = Object.fromEntries(
    SECTIONS.flatMap((s) => [
      [`${s}_md`, ""],
      [`${s}_html`, ""],
    ]),
  );
  const { current_revision } = await db.selectFrom("practices").select("current_revision").where("id", "=", practiceId).executeTakeFirstOrThrow();
  const result = await db
    .updateTable("practice_revisions")
    .set({ ...blank, title: "", summary: "", note: "", redacted_at: now, redacted_by: by })
    .where("practice_id", "=", practiceId)
    .where("number", "<", current_revision)
    .where("redacted_at", "is", null)
    .executeTakeFirst();
  // Files only the blanked revisions had (taken off the practice since) go for good with their text.
  const removed = await db.selectFrom("attachments").select("id").where("practice_id", "=", practiceId).where("removed_at", "is not", null).where("purged_at", "is", null).execute();
  await purgeAttachments(db, { practiceId, ids: removed.map((a) => a.id), by, now });
  // A handbook file made from a blanked revision still holds its text.
  await discardBookFilesOfPractices(db, { practiceIds: [practiceId] });
  return Number(result.numUpdatedRows);
}

/** Published practices of one organisation, newest first (its profile page). */
export async function listOrganisationPractices(db: Db, { reader, organisationId, limit = 50 }: { reader: Reader; organisationId: number; limit?: number }) {
  return db
    .selectFrom("practices")
    .select(["id", "slug", "title", "summary", "language", "published_at as publishedAt", "audience"])
    .where("organisation_id", "=", organisationId)
    .where(listedFor(reader))
    .orderBy("published_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

/** What an organisation has withdrawn, newest first: only its own members see this list (its organisation page). */
export async function listWithdrawnPractices(db: Db, { organisationId, limit = 50 }: { organisationId: number; limit?: number }) {
  return db
    .selectFrom("practices")
    .select(["id", "slug", "title", "language", "withdrawn_at as withdrawnAt"])
    .where("organisation_id", "=", organisationId)
    .where("withdrawn_at", "is not", null)
    .orderBy("withdrawn_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}
