import { entryWithdrawal, isClosedToCurators, type HandbookStatus } from "../domain/handbook";
import { SECTIONS, WRITE_UP_FIELDS, type Section, type WriteUpField } from "../domain/practice";
import { renderMarkdown } from "../utils/markdown.server";
import { slugify } from "../utils/slug";
import { diffText, hasChanges, type DiffPart } from "../utils/diff";
import type { Db } from "../../db/client";
import { listRevisionAttachments } from "./attachment.server";
import { forAllMembers } from "./audience.server";
import { notify } from "./notification.server";

async function uniqueHandbookSlug(db: Db, title: string, edition: number) {
  const base = slugify(edition > 1 ? `${title} edition ${edition}` : title) || "handbook";
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!(await db.selectFrom("handbooks").select("id").where("slug", "=", slug).executeTakeFirst())) return slug;
  }
}

export async function createHandbook(
  db: Db,
  input: { title: string; edition: number; language: string; introMd: string; createdBy: number; languageGroupId?: number | null; previousEditionId?: number | null; licence?: string; now?: number },
) {
  const now = input.now ?? Date.now();
  const slug = await uniqueHandbookSlug(db, input.title, input.edition);
  const { id } = await db
    .insertInto("handbooks")
    .values({
      slug,
      title: input.title.trim(),
      edition: input.edition,
      language: input.language,
      intro_md: input.introMd,
      intro_html: renderMarkdown(input.introMd),
      status: "draft",
      language_group_id: input.languageGroupId ?? null,
      previous_edition_id: input.previousEditionId ?? null,
      licence: input.licence?.trim() ?? "",
      created_by: input.createdBy,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id, slug };
}

export async function updateHandbookDetails(db: Db, { id, title, introMd, licence }: { id: number; title: string; introMd: string; licence?: string }) {
  await db
    .updateTable("handbooks")
    .set({ title: title.trim(), intro_md: introMd, intro_html: renderMarkdown(introMd), ...(licence === undefined ? {} : { licence: licence.trim() }), updated_at: Date.now() })
    .where("id", "=", id)
    .execute();
}

/** Members see published handbooks; curators see every one. */
export async function listHandbooks(db: Db, { includeUnpublished }: { includeUnpublished: boolean }) {
  let query = db
    .selectFrom("handbooks")
    .select((eb) => [
      "id",
      "slug",
      "title",
      "edition",
      "language",
      "status",
      "published_at as publishedAt",
      "updated_at as updatedAt",
      eb
        .selectFrom("handbook_entries")
        .innerJoin("handbook_chapters", "handbook_chapters.id", "handbook_entries.chapter_id")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("handbook_chapters.handbook_id", "=", "handbooks.id")
        .as("entryCount"),
    ])
    .orderBy("updated_at", "desc")
    .orderBy("id", "desc");
  if (!includeUnpublished) query = query.where("status", "=", "published");
  return query.execute();
}

/** Handbooks that still take entries (draft or in review), for nominating and accepting. */
export async function listOpenHandbooks(db: Db) {
  return db.selectFrom("handbooks").select(["id", "title", "edition", "language"]).where("status", "!=", "published").orderBy("title").execute();
}

export async function getHandbookBySlug(db: Db, { slug }: { slug: string }) {
  return db.selectFrom("handbooks").selectAll().where("slug", "=", slug).executeTakeFirst();
}
export type HandbookRecord = NonNullable<Awaited<ReturnType<typeof getHandbookBySlug>>>;

/** A handbook by id (the book queue knows its files by id only). */
export async function getHandbookById(db: Db, { id }: { id: number }) {
  return db.selectFrom("handbooks").selectAll().where("id", "=", id).executeTakeFirst();
}

/**
 * Everything a reader, the print page or the export needs: chapters, entries at their
 * pinned revisions with the files those revisions had, credits. A withdrawn entry keeps
 * its place and its organisation's credit but none of its text or files, unless
 * `showWithdrawn` (curators, who must see what they are deciding about; a redacted
 * revision has no text left for anyone).
 */
export async function getHandbookContents(db: Db, { handbookId, showWithdrawn = false }: { handbookId: number; showWithdrawn?: boolean }) {
  const chapters = await db
    .selectFrom("handbook_chapters")
    .select(["id", "position", "title", "intro_md as introMd", "intro_html as introHtml"])
    .where("handbook_id", "=", handbookId)
    .orderBy("position")
    .execute();
  const entries = chapters.length
    ? await db
        .selectFrom("handbook_entries")
        .innerJoin("practices", "practices.id", "handbook_entries.practice_id")
        .innerJoin("practice_revisions as pinned", (join) => join.onRef("pinned.practice_id", "=", "handbook_entries.practice_id").onRef("pinned.number", "=", "handbook_entries.revision_number"))
        .innerJoin("organisations", "organisations.id", "practices.organisation_id")
        .leftJoin("users as author", "author.id", "practices.author_id")
        .selectAll("pinned")
        .select([
          "handbook_entries.id as entryId",
          "handbook_entries.chapter_id as chapterId",
          "handbook_entries.position",
          "handbook_entries.revision_number as revisionNumber",
          "handbook_entries.curator_note as curatorNote",
          "practices.id as practiceId",
          "practices.slug as practiceSlug",
          "practices.language as practiceLanguage",
          "practices.current_revision as currentRevision",
          "practices.source_practice_id as sourcePracticeId",
          "practices.hidden_at as practiceHiddenAt",
          "practices.restricted_at as practiceRestrictedAt",
          "practices.withdrawn_at as practiceWithdrawnAt",
          "practices.audience as practiceAudience",
          "organisations.name as organisationName",
          "organisations.country as organisationCountry",
          "author.display_name as authorName",
          "author.credit_by_organisation_only as creditByOrganisationOnly",
        ])
        .where(
          "handbook_entries.chapter_id",
          "in",
          chapters.map((c) => c.id),
        )
        .orderBy("handbook_entries.position")
        .execute()
    : [];
  const practiceIds = [...new Set(entries.map((e) => e.practiceId))];
  const endorsers = practiceIds.length
    ? await db
        .selectFrom("endorsements")
        .innerJoin("organisations", "organisations.id", "endorsements.organisation_id")
        .innerJoin("practices", "practices.id", "endorsements.practice_id")
        .select(["endorsements.practice_id as practiceId", "organisations.name"])
        .where("endorsements.practice_id", "in", practiceIds)
        .whereRef("endorsements.organisation_id", "!=", "practices.organisation_id")
        .distinct()
        .orderBy("organisations.name")
        .execute()
    : [];
  // The pinned revision's files, not the practice's current ones; hidden and purged ones never.
  const files = await listRevisionAttachments(db, { revisionIds: [...new Set(entries.map((e) => e.id))] });
  const entryOf = (e: (typeof entries)[number]) => {
    const withdrawn = entryWithdrawal({
      withdrawnAt: e.practiceWithdrawnAt,
      audience: e.practiceAudience,
      redactedAt: e.redacted_at,
      hiddenAt: e.practiceHiddenAt,
      restrictedAt: e.practiceRestrictedAt,
    });
    const entry = {
      entryId: e.entryId,
      position: e.position,
      practiceId: e.practiceId,
      practiceSlug: e.practiceSlug,
      language: e.practiceLanguage,
      revisionNumber: e.revisionNumber,
      revisionDate: e.created_at,
      currentRevision: e.currentRevision,
      sourcePracticeId: e.sourcePracticeId,
      curatorNote: e.curatorNote,
      title: e.title,
      summary: e.summary,
      sectionsHtml: Object.fromEntries(SECTIONS.map((s) => [s, e[`${s}_html`]])) as Record<Section, string>,
      sectionsMd: Object.fromEntries(SECTIONS.map((s) => [s, e[`${s}_md`]])) as Record<Section, string>,
      organisationName: e.organisationName,
      organisationCountry: e.organisationCountry,
      // The author chose to be credited by their organisation only.
      authorName: e.creditByOrganisationOnly ? null : e.authorName,
      endorsingOrganisations: endorsers.filter((x) => x.practiceId === e.practiceId).map((x) => x.name),
      attachments: files.get(e.id) ?? [],
      withdrawn,
    };
    if (withdrawn === null || (showWithdrawn && !isClosedToCurators(withdrawn))) return entry;
    const blank = Object.fromEntries(SECTIONS.map((s) => [s, ""])) as Record<Section, string>;
    // Even the slug goes: it was made from the first title.
    return { ...entry, practiceSlug: "", curatorNote: "", title: "", summary: "", sectionsHtml: blank, sectionsMd: blank, authorName: null, endorsingOrganisations: [], attachments: [] };
  };
  return chapters.map((chapter) => ({
    ...chapter,
    entries: entries.filter((e) => e.chapterId === chapter.id).map(entryOf),
  }));
}
export type HandbookChapter = Awaited<ReturnType<typeof getHandbookContents>>[number];

export async function setHandbookStatus(db: Db, { id, status, now = Date.now() }: { id: number; status: HandbookStatus; now?: number }) {
  await db
    .updateTable("handbooks")
    .set({ status, updated_at: now, ...(status === "published" ? { published_at: now } : {}) })
    .where("id", "=", id)
    .execute();
}

/** Renumbers 1…n in the current order, so positions always form a total order. */
async function renumberChapters(db: Db, handbookId: number) {
  const rows = await db.selectFrom("handbook_chapters").select("id").where("handbook_id", "=", handbookId).orderBy("position").orderBy("id").execute();
  for (const [i, row] of rows.entries())
    await db
      .updateTable("handbook_chapters")
      .set({ position: i + 1 })
      .where("id", "=", row.id)
      .execute();
}

async function renumberEntries(db: Db, chapterId: number) {
  const rows = await db.selectFrom("handbook_entries").select("id").where("chapter_id", "=", chapterId).orderBy("position").orderBy("id").execute();
  for (const [i, row] of rows.entries())
    await db
      .updateTable("handbook_entries")
      .set({ position: i + 1 })
      .where("id", "=", row.id)
      .execute();
}

export async function addChapter(db: Db, { handbookId, title, introMd }: { handbookId: number; title: string; introMd: string }) {
  const { max } = await db
    .selectFrom("handbook_chapters")
    .select((eb) => eb.fn.max<number | null>("position").as("max"))
    .where("handbook_id", "=", handbookId)
    .executeTakeFirstOrThrow();
  const { id } = await db
    .insertInto("handbook_chapters")
    .values({ handbook_id: handbookId, position: (max ?? 0) + 1, title: title.trim(), intro_md: introMd, intro_html: renderMarkdown(introMd) })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateChapter(db: Db, { chapterId, title, introMd }: { chapterId: number; title: string; introMd: string }) {
  await db
    .updateTable("handbook_chapters")
    .set({ title: title.trim(), intro_md: introMd, intro_html: renderMarkdown(introMd) })
    .where("id", "=", chapterId)
    .execute();
}

/** Swaps a row with its neighbour; the caller renumbers. */
async function swap(db: Db, table: "handbook_chapters" | "handbook_entries", rows: { id: number }[], id: number, direction: "up" | "down") {
  const index = rows.findIndex((r) => r.id === id);
  const other = index + (direction === "up" ? -1 : 1);
  if (index < 0 || other < 0 || other >= rows.length) return;
  await db
    .updateTable(table)
    .set({ position: other + 1 })
    .where("id", "=", id)
    .execute();
  await db
    .updateTable(table)
    .set({ position: index + 1 })
    .where("id", "=", rows[other]!.id)
    .execute();
}

export async function moveChapter(db: Db, { handbookId, chapterId, direction }: { handbookId: number; chapterId: number; direction: "up" | "down" }) {
  await renumberChapters(db, handbookId);
  const rows = await db.selectFrom("handbook_chapters").select("id").where("handbook_id", "=", handbookId).orderBy("position").execute();
  await swap(db, "handbook_chapters", rows, chapterId, direction);
}

/** Only an empty chapter goes; its entries would otherwise be lost. */
export async function deleteChapter(db: Db, { handbookId, chapterId }: { handbookId: number; chapterId: number }) {
  const entry = await db.selectFrom("handbook_entries").select("id").where("chapter_id", "=", chapterId).limit(1).executeTakeFirst();
  if (entry) return false;
  await db.deleteFrom("handbook_chapters").where("id", "=", chapterId).execute();
  await renumberChapters(db, handbookId);
  return true;
}

export async function addEntry(
  db: Db,
  { chapterId, practiceId, revisionNumber, note, addedBy, now = Date.now() }: { chapterId: number; practiceId: number; revisionNumber: number; note: string; addedBy: number; now?: number },
) {
  const { max } = await db
    .selectFrom("handbook_entries")
    .select((eb) => eb.fn.max<number | null>("position").as("max"))
    .where("chapter_id", "=", chapterId)
    .executeTakeFirstOrThrow();
  const { id } = await db
    .insertInto("handbook_entries")
    .values({ chapter_id: chapterId, position: (max ?? 0) + 1, practice_id: practiceId, revision_number: revisionNumber, curator_note: note, added_by: addedBy, added_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function getEntry(db: Db, { entryId }: { entryId: number }) {
  return db
    .selectFrom("handbook_entries")
    .innerJoin("handbook_chapters", "handbook_chapters.id", "handbook_entries.chapter_id")
    .select(["handbook_entries.id", "handbook_entries.chapter_id as chapterId", "handbook_entries.practice_id as practiceId", "handbook_chapters.handbook_id as handbookId"])
    .where("handbook_entries.id", "=", entryId)
    .executeTakeFirst();
}

export async function moveEntry(db: Db, { chapterId, entryId, direction }: { chapterId: number; entryId: number; direction: "up" | "down" }) {
  await renumberEntries(db, chapterId);
  const rows = await db.selectFrom("handbook_entries").select("id").where("chapter_id", "=", chapterId).orderBy("position").execute();
  await swap(db, "handbook_entries", rows, entryId, direction);
}

export async function moveEntryToChapter(db: Db, { entryId, fromChapterId, toChapterId }: { entryId: number; fromChapterId: number; toChapterId: number }) {
  const { max } = await db
    .selectFrom("handbook_entries")
    .select((eb) => eb.fn.max<number | null>("position").as("max"))
    .where("chapter_id", "=", toChapterId)
    .executeTakeFirstOrThrow();
  await db
    .updateTable("handbook_entries")
    .set({ chapter_id: toChapterId, position: (max ?? 0) + 1 })
    .where("id", "=", entryId)
    .execute();
  await renumberEntries(db, fromChapterId);
}

export async function removeEntry(db: Db, { entryId, chapterId }: { entryId: number; chapterId: number }) {
  // The nomination that led here stays accepted; it just no longer points at an entry.
  await db.updateTable("nominations").set({ entry_id: null }).where("entry_id", "=", entryId).execute();
  await db.deleteFrom("handbook_entries").where("id", "=", entryId).execute();
  await renumberEntries(db, chapterId);
}

export async function updateEntryNote(db: Db, { entryId, note }: { entryId: number; note: string }) {
  await db.updateTable("handbook_entries").set({ curator_note: note }).where("id", "=", entryId).execute();
}

/** Pins the entry to the practice's latest revision (after the curator reviewed the diff). */
export async function repinEntry(db: Db, { entryId }: { entryId: number }) {
  const entry = await db
    .selectFrom("handbook_entries")
    .innerJoin("practices", "practices.id", "handbook_entries.practice_id")
    .select(["practices.current_revision as current"])
    .where("handbook_entries.id", "=", entryId)
    .executeTakeFirstOrThrow();
  await db.updateTable("handbook_entries").set({ revision_number: entry.current }).where("id", "=", entryId).execute();
  return entry.current;
}

/** Pins a translation of the entry's practice instead, at its latest revision. */
export async function pinTranslation(db: Db, { entryId, practiceId }: { entryId: number; practiceId: number }) {
  const practice = await db.selectFrom("practices").select("current_revision").where("id", "=", practiceId).where("status", "=", "published").executeTakeFirst();
  if (!practice || practice.current_revision < 1) return false;
  await db.updateTable("handbook_entries").set({ practice_id: practiceId, revision_number: practice.current_revision }).where("id", "=", entryId).execute();
  return true;
}

/**
 * A published edition is frozen; changing it starts a new one: a draft copy with
 * edition + 1, the same chapters, entries, pins and notes, in the same language group.
 */
export async function createNextEdition(db: Db, { handbookId, createdBy }: { handbookId: number; createdBy: number }) {
  const source = await db.selectFrom("handbooks").selectAll().where("id", "=", handbookId).executeTakeFirstOrThrow();
  const copy = await createHandbook(db, {
    title: source.title,
    edition: source.edition + 1,
    language: source.language,
    introMd: source.intro_md,
    createdBy,
    languageGroupId: source.language_group_id,
    previousEditionId: source.id,
    licence: source.licence,
  });
  const chapters = await db.selectFrom("handbook_chapters").selectAll().where("handbook_id", "=", source.id).orderBy("position").execute();
  for (const chapter of chapters) {
    const { id: chapterId } = await db
      .insertInto("handbook_chapters")
      .values({ handbook_id: copy.id, position: chapter.position, title: chapter.title, intro_md: chapter.intro_md, intro_html: chapter.intro_html })
      .returning("id")
      .executeTakeFirstOrThrow();
    const entries = await db.selectFrom("handbook_entries").selectAll().where("chapter_id", "=", chapter.id).orderBy("position").execute();
    if (entries.length) {
      await db
        .insertInto("handbook_entries")
        .values(
          entries.map((e) => ({
            chapter_id: chapterId,
            position: e.position,
            practice_id: e.practice_id,
            revision_number: e.revision_number,
            curator_note: e.curator_note,
            added_by: e.added_by,
            added_at: e.added_at,
          })),
        )
        .execute();
    }
  }
  return copy;
}

/** Links two handbooks as editions of each other in different languages. */
export async function linkLanguageEditions(db: Db, { handbookId, otherId }: { handbookId: number; otherId: number }) {
  const rows = await db.selectFrom("handbooks").select(["id", "language_group_id"]).where("id", "in", [handbookId, otherId]).execute();
  const groups = rows.map((r) => r.language_group_id ?? r.id);
  const group = Math.min(...groups);
  await db
    .updateTable("handbooks")
    .set({ language_group_id: group })
    .where((eb) => eb.or([eb("id", "in", [handbookId, otherId, ...groups]), eb("language_group_id", "in", groups)]))
    .execute();
}

export async function listLanguageEditions(db: Db, { handbook }: { handbook: Pick<HandbookRecord, "id" | "language_group_id"> }) {
  if (handbook.language_group_id === null) return [];
  return db
    .selectFrom("handbooks")
    .select(["id", "slug", "title", "edition", "language", "status"])
    .where("language_group_id", "=", handbook.language_group_id)
    .where("id", "!=", handbook.id)
    .orderBy("language")
    .execute();
}

/**
 * For each practice in a handbook: its version in `language`, if one exists, and whether
 * that version is up to date with the original.
 */
export async function translationsFor(db: Db, { practiceIds, language }: { practiceIds: number[]; language: string }) {
  const result = new Map<number, { id: number; slug: string; currentRevision: number; upToDate: boolean } | null>();
  if (practiceIds.length === 0) return result;
  const practices = await db.selectFrom("practices").select(["id", "source_practice_id"]).where("id", "in", practiceIds).execute();
  const groupOf = new Map(practices.map((p) => [p.id, p.source_practice_id ?? p.id]));
  const groups = [...new Set(groupOf.values())];
  const versions = await db
    .selectFrom("practices")
    .select(["id", "slug", "language", "status", "source_practice_id", "source_revision", "current_revision"])
    .where((eb) => eb.or([eb("id", "in", groups), eb("source_practice_id", "in", groups)]))
    .where("status", "=", "published")
    // Only a version every member may read can stand in a handbook.
    .where(forAllMembers())
    .execute();
  for (const [practiceId, group] of groupOf) {
    const version = versions.find((v) => (v.source_practice_id ?? v.id) === group && v.language === language);
    const original = versions.find((v) => v.id === group);
    result.set(
      practiceId,
      version
        ? {
            id: version.id,
            slug: version.slug,
            currentRevision: version.current_revision,
            upToDate: version.source_practice_id === null || !original || (version.source_revision ?? 0) >= original.current_revision,
          }
        : null,
    );
  }
  return result;
}

/** Handbooks in another language that this one could be linked to as a language edition. */
export async function listHandbooksInOtherLanguages(db: Db, { handbook }: { handbook: Pick<HandbookRecord, "id" | "language"> }) {
  return db.selectFrom("handbooks").select(["id", "title", "edition", "language"]).where("id", "!=", handbook.id).where("language", "!=", handbook.language).orderBy("title").execute();
}

/** The chapter's id if it belongs to the handbook. */
export async function findChapterInHandbook(db: Db, { handbookId, chapterId }: { handbookId: number; chapterId: number }) {
  const chapter = await db.selectFrom("handbook_chapters").select("id").where("id", "=", chapterId).where("handbook_id", "=", handbookId).executeTakeFirst();
  return chapter?.id;
}

/** Every chapter of the handbooks still open for entries (draft or in review), with its handbook. */
export async function listOpenChapters(db: Db) {
  return db
    .selectFrom("handbook_chapters")
    .innerJoin("handbooks", "handbooks.id", "handbook_chapters.handbook_id")
    .select(["handbook_chapters.id", "handbook_chapters.handbook_id as handbookId", "handbook_chapters.title", "handbook_chapters.position", "handbooks.title as handbookTitle", "handbooks.edition"])
    .where("handbooks.status", "!=", "published")
    .orderBy("handbook_chapters.handbook_id")
    .orderBy("handbook_chapters.position")
    .execute();
}

export type EntryDrift = { latest: number; fields: { field: WriteUpField; parts: DiffPart[] }[] };

/**
 * Drift: each entry whose practice has moved on since it was pinned, with the diff from
 * the pinned revision to the latest. One query for the whole handbook, whatever its size;
 * a redacted revision on either side has no text to compare, so that entry shows none.
 */
export async function listEntryDrift(db: Db, { handbookId }: { handbookId: number }): Promise<Record<number, EntryDrift>> {
  const rows = await db
    .selectFrom("handbook_entries")
    .innerJoin("handbook_chapters", "handbook_chapters.id", "handbook_entries.chapter_id")
    .innerJoin("practices", "practices.id", "handbook_entries.practice_id")
    .innerJoin("practice_revisions as pinned", (join) =>
      join.onRef("pinned.practice_id", "=", "handbook_entries.practice_id").onRef("pinned.number", "=", "handbook_entries.revision_number").on("pinned.redacted_at", "is", null),
    )
    .innerJoin("practice_revisions as latest", (join) =>
      join.onRef("latest.practice_id", "=", "practices.id").onRef("latest.number", "=", "practices.current_revision").on("latest.redacted_at", "is", null),
    )
    .select([
      "handbook_entries.id as entryId",
      "practices.current_revision as latest",
      "pinned.title as pinned_title",
      "pinned.summary as pinned_summary",
      "latest.title as latest_title",
      "latest.summary as latest_summary",
      ...SECTIONS.map((s) => `pinned.${s}_md as pinned_${s}` as const),
      ...SECTIONS.map((s) => `latest.${s}_md as latest_${s}` as const),
    ])
    .where("handbook_chapters.handbook_id", "=", handbookId)
    .whereRef("practices.current_revision", ">", "handbook_entries.revision_number")
    // A practice narrowed or withdrawn since is not the curators' to read: no diff of it either.
    .where(forAllMembers())
    .execute();
  const drift: Record<number, EntryDrift> = {};
  for (const row of rows) {
    const fields = WRITE_UP_FIELDS.map((field) => ({ field, parts: diffText(row[`pinned_${field}`], row[`latest_${field}`]) })).filter((f) => hasChanges(f.parts));
    drift[row.entryId] = { latest: row.latest, fields };
  }
  return drift;
}

/**
 * Its organisation withdrew a practice: the curators (and admins) are told when a handbook
 * in draft or review holds it. The notification names no title: they can no longer read it.
 */
export async function notifyCuratorsOfWithdrawal(db: Db, { practiceIds, actorId, now = Date.now() }: { practiceIds: number[]; actorId: number; now?: number }) {
  const held = await db
    .selectFrom("handbook_entries")
    .innerJoin("handbook_chapters", "handbook_chapters.id", "handbook_entries.chapter_id")
    .innerJoin("handbooks", "handbooks.id", "handbook_chapters.handbook_id")
    .select("handbook_entries.practice_id as practiceId")
    .where("handbook_entries.practice_id", "in", practiceIds)
    .where("handbooks.status", "in", ["draft", "review"])
    .distinct()
    .execute();
  if (held.length === 0) return 0;
  const curators = await db.selectFrom("users").select("id").where("role", "in", ["curator", "admin"]).where("disabled_at", "is", null).execute();
  for (const { practiceId } of held) {
    await notify(db, { recipients: curators.map((c) => c.id), kind: "entry_withdrawn", practiceId, actorId, aboutUnreadable: true, now });
  }
  return held.length;
}
