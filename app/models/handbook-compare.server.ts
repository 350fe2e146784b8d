import { entryWithdrawal, isClosedToCurators, type EntryWithdrawal, type HandbookStatus } from "../domain/handbook";
import { SECTIONS, WRITE_UP_FIELDS, type WriteUpField } from "../domain/practice";
import { diffText, hasChanges, type DiffPart } from "../utils/diff";
import type { Db } from "../../db/client";

export interface ComparableEdition {
  id: number;
  slug: string;
  title: string;
  edition: number;
  language: string;
  status: HandbookStatus;
}

/**
 * The other editions of the same handbook: every handbook linked to this one through
 * `previous_edition_id`, backwards and forwards (two editions started from the same one
 * included), in the same language. Newest edition first.
 */
export async function listComparableEditions(db: Db, { handbook }: { handbook: { id: number; language: string } }): Promise<ComparableEdition[]> {
  // A language has a handful of handbooks: walking the links here costs one query, however long the chain.
  const rows = await db
    .selectFrom("handbooks")
    .select(["id", "slug", "title", "edition", "language", "status", "previous_edition_id as previousEditionId"])
    .where("language", "=", handbook.language)
    .execute();
  const linked = new Map<number, number[]>();
  const link = (a: number, b: number) => linked.set(a, [...(linked.get(a) ?? []), b]);
  const ids = new Set(rows.map((r) => r.id));
  for (const row of rows) {
    if (row.previousEditionId === null || !ids.has(row.previousEditionId)) continue;
    link(row.id, row.previousEditionId);
    link(row.previousEditionId, row.id);
  }
  const reached = new Set([handbook.id]);
  const queue = [handbook.id];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    for (const other of linked.get(id) ?? []) {
      if (reached.has(other)) continue;
      reached.add(other);
      queue.push(other);
    }
  }
  return rows
    .filter((r) => r.id !== handbook.id && reached.has(r.id))
    .sort((a, b) => b.edition - a.edition || b.id - a.id)
    .map(({ id, slug, title, edition, language, status }) => ({ id, slug, title, edition, language, status }));
}

/** The edition this one was started from, for the curate page's "compare" link; none in another language. */
export async function getPreviousEdition(db: Db, { handbook }: { handbook: { previous_edition_id: number | null; language: string } }) {
  if (handbook.previous_edition_id === null) return null;
  const row = await db.selectFrom("handbooks").select(["slug", "edition"]).where("id", "=", handbook.previous_edition_id).where("language", "=", handbook.language).executeTakeFirst();
  return row ?? null;
}

/** One side of an entry as the comparison names it: no title or link when its text is closed to curators. */
export interface ComparedEntrySide {
  entryId: number;
  practiceId: number;
  practiceSlug: string;
  title: string;
  language: string;
  organisationName: string;
  revisionNumber: number;
  withdrawn: EntryWithdrawal;
}

export interface EntryChange {
  change: "added" | "removed" | "changed";
  before: ComparedEntrySide | null;
  after: ComparedEntrySide | null;
  /** The chapter (in the older edition) it was in, when it moved to another one. */
  movedFrom: string | null;
  /** Pinned to another revision, or to another language's version of the practice. */
  repinned: boolean;
  /**
   * What changed in the write-up between the two pinned revisions; null when either side's
   * text may not be shown (withdrawn, narrowed, redacted).
   */
  fields: { field: WriteUpField; parts: DiffPart[] }[] | null;
  /** The curator's note changed; `parts` null when the entry's text may not be shown. */
  note: { parts: DiffPart[] | null } | null;
}

export interface ComparedChapter {
  id: number;
  title: string;
  /** No chapter of the older edition corresponds to it. */
  added: boolean;
  /** Its title in the older edition, when it was renamed. */
  previousTitle: string | null;
  entries: EntryChange[];
}

export interface EditionComparison {
  /** Every chapter of the newer edition, in its order. */
  chapters: ComparedChapter[];
  /** Chapters of the older edition with no counterpart, with the entries that went with them. */
  removedChapters: { title: string; entries: EntryChange[] }[];
  changed: boolean;
}

type Chapter = { id: number; handbookId: number; position: number; title: string };

/** The same chapter under a new id: the same title first, else the one sharing most entries (a rename). */
function matchChapters(fromChapters: Chapter[], toChapters: Chapter[], keysOf: (chapterId: number) => number[]) {
  const match = new Map<number, number>(); // newer chapter id → older chapter id
  const taken = new Set<number>();
  const norm = (title: string) => title.trim().toLowerCase();
  for (const to of toChapters) {
    const from = fromChapters.find((f) => !taken.has(f.id) && norm(f.title) === norm(to.title));
    if (!from) continue;
    match.set(to.id, from.id);
    taken.add(from.id);
  }
  const shared = (a: number[], b: number[]) => {
    const left = [...b];
    let n = 0;
    for (const key of a) {
      const i = left.indexOf(key);
      if (i >= 0) {
        n++;
        left.splice(i, 1);
      }
    }
    return n;
  };
  for (;;) {
    let best: { to: number; from: number; n: number } | null = null;
    for (const to of toChapters) {
      if (match.has(to.id)) continue;
      for (const from of fromChapters) {
        if (taken.has(from.id)) continue;
        const n = shared(keysOf(to.id), keysOf(from.id));
        if (n > 0 && (!best || n > best.n)) best = { to: to.id, from: from.id, n };
      }
    }
    if (!best) break;
    match.set(best.to, best.from);
    taken.add(best.from);
  }
  return match;
}

/**
 * What changed from one edition to another (`fromId` the older, `toId` the newer): per
 * chapter of the newer edition, the entries added, removed, re-pinned (to another revision
 * or to a translation of the same practice) with the word diff of each write-up field,
 * moved from another chapter, or with a new curator's note; and chapters added, removed,
 * renamed. Two queries, whatever the size of the editions.
 *
 * Text follows getHandbookContents for curators: a practice withdrawn or narrowed since has
 * no title, note or diff here, and a redacted revision no diff (it has no text left).
 */
export async function compareEditions(db: Db, { fromId, toId }: { fromId: number; toId: number }): Promise<EditionComparison> {
  const chapters = await db
    .selectFrom("handbook_chapters")
    .select(["id", "handbook_id as handbookId", "position", "title"])
    .where("handbook_id", "in", [fromId, toId])
    .orderBy("position")
    .orderBy("id")
    .execute();
  const rows = chapters.length
    ? await db
        .selectFrom("handbook_entries")
        .innerJoin("handbook_chapters", "handbook_chapters.id", "handbook_entries.chapter_id")
        .innerJoin("practices", "practices.id", "handbook_entries.practice_id")
        .innerJoin("practice_revisions as pinned", (join) => join.onRef("pinned.practice_id", "=", "handbook_entries.practice_id").onRef("pinned.number", "=", "handbook_entries.revision_number"))
        .innerJoin("organisations", "organisations.id", "practices.organisation_id")
        .select([
          "handbook_entries.id as entryId",
          "handbook_entries.chapter_id as chapterId",
          "handbook_chapters.handbook_id as handbookId",
          "handbook_chapters.position as chapterPosition",
          "handbook_entries.position",
          "handbook_entries.revision_number as revisionNumber",
          "handbook_entries.curator_note as curatorNote",
          "practices.id as practiceId",
          "practices.slug as practiceSlug",
          "practices.language",
          "practices.source_practice_id as sourcePracticeId",
          "practices.hidden_at as hiddenAt",
          "practices.restricted_at as restrictedAt",
          "practices.withdrawn_at as withdrawnAt",
          "practices.audience",
          "pinned.redacted_at as redactedAt",
          "pinned.title",
          "pinned.summary",
          ...SECTIONS.map((s) => `pinned.${s}_md as ${s}` as const),
          "organisations.name as organisationName",
        ])
        .where("handbook_chapters.handbook_id", "in", [fromId, toId])
        .orderBy("handbook_chapters.position")
        .orderBy("handbook_entries.position")
        .orderBy("handbook_entries.id")
        .execute()
    : [];
  const entries = rows.map((r) => {
    const withdrawn = entryWithdrawal(r);
    const closed = isClosedToCurators(withdrawn);
    const side: ComparedEntrySide = {
      entryId: r.entryId,
      practiceId: r.practiceId,
      // Even the slug goes when the text does: it was made from the first title.
      practiceSlug: closed ? "" : r.practiceSlug,
      title: closed ? "" : r.title,
      language: r.language,
      organisationName: r.organisationName,
      revisionNumber: r.revisionNumber,
      withdrawn,
    };
    return { row: r, side, key: r.sourcePracticeId ?? r.practiceId, comparable: withdrawn === null || withdrawn === "review" };
  });
  type Entry = (typeof entries)[number];

  const fromChapters = chapters.filter((c) => c.handbookId === fromId);
  const toChapters = chapters.filter((c) => c.handbookId === toId);
  const keysOf = (chapterId: number) => entries.filter((e) => e.row.chapterId === chapterId).map((e) => e.key);
  const match = matchChapters(fromChapters, toChapters, keysOf);
  const counterpartOf = new Map([...match].map(([to, from]) => [from, to]));
  const fromTitle = new Map(fromChapters.map((c) => [c.id, c.title]));

  // Pair the entries of one practice (or of its translations) across the editions: the same
  // practice in the corresponding chapter first, then the same practice, then any version.
  const older = entries.filter((e) => e.row.handbookId === fromId);
  const newer = entries.filter((e) => e.row.handbookId === toId);
  const pairs: [Entry, Entry][] = [];
  const paired = new Set<Entry>();
  for (const to of newer) {
    let best: { from: Entry; score: number } | null = null;
    for (const from of older) {
      if (paired.has(from) || from.key !== to.key) continue;
      const score = (from.row.practiceId === to.row.practiceId ? 2 : 0) + (match.get(to.row.chapterId) === from.row.chapterId ? 1 : 0);
      if (!best || score > best.score) best = { from, score };
    }
    if (!best) continue;
    pairs.push([best.from, to]);
    paired.add(best.from);
    paired.add(to);
  }

  const changesIn = new Map<number, EntryChange[]>(); // newer chapter id → changes
  const removedFrom = new Map<number, EntryChange[]>(); // older chapter id without counterpart → removals
  const put = (map: Map<number, EntryChange[]>, id: number, change: EntryChange) => map.set(id, [...(map.get(id) ?? []), change]);
  const unchanged = { movedFrom: null, repinned: false, fields: null, note: null };

  for (const to of newer) {
    if (paired.has(to)) {
      const [from] = pairs.find(([, t]) => t === to)!;
      const movedFrom = match.get(to.row.chapterId) !== from.row.chapterId ? (fromTitle.get(from.row.chapterId) ?? "") : null;
      const repinned = from.row.practiceId !== to.row.practiceId || from.row.revisionNumber !== to.row.revisionNumber;
      const readable = from.comparable && to.comparable;
      const fields = repinned && readable ? WRITE_UP_FIELDS.map((field) => ({ field, parts: diffText(from.row[field], to.row[field]) })).filter((f) => hasChanges(f.parts)) : null;
      const noteChanged = from.row.curatorNote !== to.row.curatorNote;
      const noteReadable = !isClosedToCurators(from.side.withdrawn) && !isClosedToCurators(to.side.withdrawn);
      const note = noteChanged ? { parts: noteReadable ? diffText(from.row.curatorNote, to.row.curatorNote) : null } : null;
      if (movedFrom === null && !repinned && note === null) continue;
      put(changesIn, to.row.chapterId, { change: "changed", before: from.side, after: to.side, movedFrom, repinned, fields, note });
    } else {
      put(changesIn, to.row.chapterId, { change: "added", before: null, after: to.side, ...unchanged });
    }
  }
  for (const from of older) {
    if (paired.has(from)) continue;
    const change: EntryChange = { change: "removed", before: from.side, after: null, ...unchanged };
    const counterpart = counterpartOf.get(from.row.chapterId);
    if (counterpart !== undefined) put(changesIn, counterpart, change);
    else put(removedFrom, from.row.chapterId, change);
  }

  const compared = toChapters.map((c): ComparedChapter => {
    const previous = match.get(c.id);
    const previousTitle = previous === undefined ? null : fromTitle.get(previous)!;
    return {
      id: c.id,
      title: c.title,
      added: previous === undefined,
      previousTitle: previousTitle !== null && previousTitle !== c.title ? previousTitle : null,
      entries: changesIn.get(c.id) ?? [],
    };
  });
  const removedChapters = fromChapters.filter((c) => !counterpartOf.has(c.id)).map((c) => ({ title: c.title, entries: removedFrom.get(c.id) ?? [] }));
  const changed = removedChapters.length > 0 || compared.some((c) => c.added || c.previousTitle !== null || c.entries.length > 0);
  return { chapters: compared, removedChapters, changed };
}
