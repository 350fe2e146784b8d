import { sql, type RawBuilder } from "kysely";
import { engineOf, type Db } from "../../db/client";
import { SECTIONS, type PracticeFilters, type Section } from "../domain/practice";
import { catalogues, LOCALES, type MessageKey } from "../i18n";
import * as postgres from "./search-postgres.server";
import * as sqlite from "./search-sqlite.server";
import { highlight, parseSearchQuery, SEPARATOR, withoutStems, withStems, type IndexRow, type ParsedQuery, type Ranked, type SearchField } from "./search-text.server";
import type { Reader } from "../domain/member";
import { anyNarrowed, inAudience, listedFor, notHeldBack, PRACTICE_ACCESS } from "./audience.server";

// Search, as the rest of the forum calls it: what an entry holds, when it changes, and
// what a result shows. Each engine is a file of its own behind the same few functions:
// search-sqlite.server.ts (FTS5) and search-postgres.server.ts (tsvector and GIN).

export { highlight, parseSearchQuery, type ParsedQuery, type SearchField, type SnippetPart } from "./search-text.server";

const engine = (db: Db) => (engineOf(db) === "postgres" ? postgres : sqlite);

/** Theme labels in every language, the organisation and its country in every language. */
function metaText(p: { themes: string[]; organisationName: string; countries: string[]; organisationCountry: string }) {
  const parts = [p.organisationName];
  for (const locale of LOCALES) {
    const messages = catalogues[locale];
    for (const theme of p.themes) parts.push(messages[`theme.${theme}` as MessageKey] ?? theme);
    const regions = new Intl.DisplayNames([locale], { type: "region" });
    for (const code of new Set([p.organisationCountry, ...p.countries])) parts.push(regions.of(code) ?? code);
  }
  return [...new Set(parts)].join(" · ");
}

/**
 * Brings one practice's entry (and its comments') in line with what members may find:
 * published and neither hidden nor restricted, or nothing. Call it inside the write's
 * own transaction.
 */
// FTS5 cannot look up its unindexed columns: rows are addressed by rowid, derived from ids.
// Every practice's rowid is above every comment's, and a newer row's above an older's:
// the order the ranking window reads them in (see rankUnfiltered).
const PRACTICE_ROWID_BASE = 1e12;
const practiceRowid = (id: number) => PRACTICE_ROWID_BASE + id;
const commentRowid = (id: number) => id;

/** A comment's row in the index: only its body is searched, under its practice. */
function commentIndexRow(c: { id: number; practice_id: number; body_md: string }): IndexRow {
  const empty = { title: "", summary: "", ...(Object.fromEntries(SECTIONS.map((s) => [s, ""])) as Record<Section, string>) };
  return { rowid: commentRowid(c.id), kind: "comment" as const, ref_id: c.id, practice_id: c.practice_id, ...empty, body: withStems(c.body_md), meta: "" };
}

export async function reindexPractice(db: Db, { practiceId, emptied = false }: { practiceId: number; emptied?: boolean }) {
  // After rebuildSearchIndex emptied the index there is nothing to delete; asking anyway
  // would make PostgreSQL plan the delete against an index that grows in the same transaction.
  if (!emptied) {
    const commentIds = (await db.selectFrom("comments").select("id").where("practice_id", "=", practiceId).execute()).map((c) => c.id);
    await db
      .deleteFrom("search_index")
      .where("rowid", "in", [practiceRowid(practiceId), ...commentIds.map(commentRowid)])
      .execute();
  }
  const p = await db
    .selectFrom("practices")
    .innerJoin("organisations", "organisations.id", "practices.organisation_id")
    .selectAll("practices")
    .select(["organisations.name as organisationName", "organisations.country as organisationCountry"])
    .where("practices.id", "=", practiceId)
    .where("practices.status", "=", "published")
    .where(notHeldBack())
    .executeTakeFirst();
  if (!p) return;
  const [themes, countries] = await Promise.all([
    db.selectFrom("practice_themes").select("theme_key").where("practice_id", "=", practiceId).execute(),
    db.selectFrom("practice_countries").select("country").where("practice_id", "=", practiceId).execute(),
  ]);
  const sections = Object.fromEntries(SECTIONS.map((s) => [s, p[`${s}_md`]])) as Record<Section, string>;
  const write = engine(db).writeEntries;
  await write(db, [
    {
      rowid: practiceRowid(p.id),
      kind: "practice",
      ref_id: p.id,
      practice_id: p.id,
      title: withStems(p.title),
      summary: withStems(p.summary),
      ...(Object.fromEntries(SECTIONS.map((s) => [s, withStems(sections[s])])) as Record<Section, string>),
      body: "",
      meta: metaText({ themes: themes.map((t) => t.theme_key), countries: countries.map((c) => c.country), organisationName: p.organisationName, organisationCountry: p.organisationCountry }),
    },
  ]);
  const comments = await db.selectFrom("comments").select(["id", "body_md"]).where("practice_id", "=", practiceId).where("deleted_at", "is", null).where("hidden_at", "is", null).execute();
  await write(
    db,
    comments.map((c) => commentIndexRow({ ...c, practice_id: practiceId })),
  );
}

/** A comment's entry after it was written, edited, deleted or hidden. */
export async function reindexComment(db: Db, { commentId }: { commentId: number }) {
  await db.deleteFrom("search_index").where("rowid", "=", commentRowid(commentId)).execute();
  const c = await db
    .selectFrom("comments")
    .innerJoin("practices", "practices.id", "comments.practice_id")
    .select(["comments.id", "comments.body_md", "comments.practice_id"])
    .where("comments.id", "=", commentId)
    .where("comments.deleted_at", "is", null)
    .where("comments.hidden_at", "is", null)
    .where("practices.status", "=", "published")
    .where(notHeldBack())
    .executeTakeFirst();
  if (!c) return;
  await engine(db).writeEntries(db, [commentIndexRow(c)]);
}

/** Every practice of an organisation, after its name or country changed. */
export async function reindexOrganisation(db: Db, { organisationId }: { organisationId: number }) {
  const practices = await db.selectFrom("practices").select("id").where("organisation_id", "=", organisationId).where("status", "=", "published").execute();
  for (const p of practices) await reindexPractice(db, { practiceId: p.id });
}

/**
 * Empties and refills the whole index (after a restore, or a change of tokenizer). Run it
 * in one transaction, so searches never see the index half empty; then, once that has
 * committed, `optimizeSearchIndex`.
 */
export async function rebuildSearchIndex(db: Db) {
  await db.deleteFrom("search_index").execute();
  const practices = await db.selectFrom("practices").select("id").where("status", "=", "published").execute();
  for (const p of practices) await reindexPractice(db, { practiceId: p.id, emptied: true });
  const { n } = await db
    .selectFrom("search_index")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return { practices: practices.length, entries: n };
}

/** After a rebuild, once it has committed: FTS5 merges its segments, PostgreSQL refreshes its statistics. */
export async function optimizeSearchIndex(db: Db) {
  await engine(db).optimize(db);
}

/** On start: whether the index is empty beside published practices (a database from before search), and so wants a rebuild. */
export async function searchIndexIsMissing(db: Db) {
  const indexed = await db.selectFrom("search_index").select("ref_id").limit(1).executeTakeFirst();
  if (indexed) return false;
  const published = await db.selectFrom("practices").select("id").where("status", "=", "published").limit(1).executeTakeFirst();
  return published !== undefined;
}

export const SEARCH_PAGE_SIZE = 20;
export const SEARCH_MAX_PAGES = 10;
/**
 * A query with more matches than SEARCH_WINDOW is a common one: it is ranked among its
 * newest SEARCH_WINDOW matches (practices before comments) that pass the filters, those
 * with every wanted word in the title first. bm25 would first count every document holding
 * each word (its IDF), and a common word is in a good share of the forum: "training"
 * took 20 ms at 20,000 practices ranked whole (55 ms with a filter; 300 ms at 100,000), and
 * that count alone grows with the forum. A query with fewer matches is ranked whole by
 * bm25. See docs/decisions/0004.
 */
export const SEARCH_WINDOW = 500;

/**
 * Rowids in rank order. A query with fewer than `window` matches in the whole index is
 * ranked by the engine's ranking (bm25, ts_rank), among the matches that pass the filters
 * (if any). A common one is ranked among its newest `window` matches that pass them (rowid
 * order: practices, newest first, then comments), those with every wanted word in the
 * title first: the ranking would count every match of a common word first, filtered or
 * not. Without filters each step reads at most `window` entries of the index; with them,
 * as many as it takes to find `window` that pass.
 */
async function rank(db: Db, { query, filters }: { query: ParsedQuery; filters: RawBuilder<unknown> | null }, { window, offset, limit }: { window: number; offset: number; limit: number }) {
  const { newest, byRank, inTitle } = engine(db);
  const newestOverall = await newest(db, query, null, window);
  if (newestOverall.length < window) return byRank(db, query, filters, { offset, limit });
  const candidates = filters ? await newest(db, query, filters, window) : newestOverall;
  if (candidates.length === 0) return [];
  const titled = await inTitle(db, query, candidates);
  return [...candidates.filter((r) => titled.has(r.rowid)), ...candidates.filter((r) => !titled.has(r.rowid))].slice(offset, offset + limit);
}

/**
 * Published, visible practices and comments matching the query, best first (bm25, title
 * weighted above body), with the same filters as the practice list; bounded pages.
 */
export async function searchPractices(
  db: Db,
  { reader, query, filters = {}, page = 1, window = SEARCH_WINDOW }: { reader: Reader; query: string; filters?: PracticeFilters; page?: number; window?: number },
) {
  const parsed = parseSearchQuery(query);
  if (!parsed.match) return { results: [], page: 1, hasMore: false, terms: parsed.terms };
  const stems = parsed.stems;
  const current = Math.min(Math.max(1, page), SEARCH_MAX_PAGES);
  const conditions = [sql`p.status = 'published'`, sql`p.hidden_at is null`, sql`p.restricted_at is null`];
  // The index holds every practice members may see; while none is narrowed to fewer than all
  // members, it is ranked alone, as before audiences.
  if (await anyNarrowed(db)) conditions.push(inAudience(reader, "p"));
  if (filters.organisationId !== undefined) conditions.push(sql`p.organisation_id = ${filters.organisationId}`);
  if (filters.language) conditions.push(sql`p.language = ${filters.language}`);
  if (filters.theme) conditions.push(sql`exists (select 1 from practice_themes t where t.practice_id = p.id and t.theme_key = ${filters.theme})`);
  if (filters.country) conditions.push(sql`exists (select 1 from practice_countries c where c.practice_id = p.id and c.country = ${filters.country.toUpperCase()})`);
  let ranked: Ranked[];
  try {
    // Rank first, on the cheap: snippets are made for the one page shown, not every match.
    // The index holds only what members may see, so without filters it is ranked alone;
    // the page's practices are checked again below.
    const filters = conditions.length > 3 ? sql.join(conditions, sql` and `) : null;
    ranked = await rank(db, { query: parsed, filters }, { window, offset: (current - 1) * SEARCH_PAGE_SIZE, limit: SEARCH_PAGE_SIZE + 1 });
  } catch (error) {
    // The parser quotes every term, so this is not expected; a member never sees an FTS error.
    // In a transaction, PostgreSQL has aborted it: that must reach the caller (inTransaction retries it).
    if (db.isTransaction && engineOf(db) === "postgres") throw error;
    return { results: [], page: current, hasMore: false, terms: parsed.terms };
  }
  const shown = ranked.slice(0, SEARCH_PAGE_SIZE);
  const rowids = shown.map((r) => r.rowid);
  const shownRows = shown.length ? await engine(db).foundRows(db, parsed, rowids) : [];
  const shownByRowid = new Map(shownRows.map((r) => [r.rowid, r]));
  const practiceIds = [...new Set(shownRows.map((r) => r.practiceId))];
  const practices = practiceIds.length
    ? await db
        .selectFrom("practices")
        .innerJoin("organisations", "organisations.id", "practices.organisation_id")
        .select([
          "practices.id",
          "practices.slug",
          "practices.title",
          "practices.summary",
          "practices.language",
          "practices.source_practice_id as sourcePracticeId",
          // An original with translations (by practices_source_idx); a translation has its source.
          (eb) => eb.exists(eb.selectFrom("practices as t").select("t.id").whereRef("t.source_practice_id", "=", "practices.id")).as("hasTranslations"),
          "practices.endorsement_count as endorsementCount",
          "organisations.name as organisationName",
          "organisations.country",
        ])
        .where("practices.id", "in", practiceIds)
        .where(listedFor(reader))
        .execute()
    : [];
  const byId = new Map(practices.map((p) => [p.id, p]));
  // The other published versions of each result's translation group; the caller keeps
  // those its reader may see (a hidden one is its organisation's and moderators').
  const groupOf = (p: { id: number; sourcePracticeId: number | null }) => p.sourcePracticeId ?? p.id;
  const groupIds = [...new Set(practices.filter((p) => p.sourcePracticeId !== null || p.hasTranslations).map(groupOf))];
  const versions = groupIds.length
    ? await db
        .selectFrom("practices")
        .select(["id", "slug", "language", "source_practice_id", ...PRACTICE_ACCESS])
        .where((eb) => eb.or([eb("id", "in", groupIds), eb("source_practice_id", "in", groupIds)]))
        .where("status", "=", "published")
        .where("withdrawn_at", "is", null)
        .orderBy("id")
        .execute()
    : [];
  const results = shown.flatMap(({ rowid }) => {
    const row = shownByRowid.get(rowid);
    const practice = row && byId.get(row.practiceId);
    if (!row || !practice) return [];
    // The section it was found in, and the words around the hit there; a practice shows
    // its summary too (theme and country names are no snippet: found there, the summary alone).
    const [field, entry = ""] = row.found.split(SEPARATOR) as [SearchField, string?];
    const { summary: summaryText, sourcePracticeId: _source, hasTranslations: _translated, ...shownPractice } = practice;
    const otherVersions = versions.filter((v) => (v.source_practice_id ?? v.id) === groupOf(practice) && v.id !== practice.id && v.language !== practice.language);
    const summary = row.kind === "practice" && summaryText ? highlight(summaryText, stems, { around: 40 }) : null;
    const snippet = row.kind === "comment" || !["title", "summary", "meta"].includes(field) ? highlight(withoutStems(entry), stems) : null;
    // The title, its wanted words marked too: the heading of the result.
    const title = highlight(practice.title, stems, { around: 200 });
    return [{ kind: row.kind, refId: row.refId, field, title, summary, snippet, practice: shownPractice, otherVersions }];
  });
  return { results, page: current, hasMore: ranked.length > SEARCH_PAGE_SIZE && current < SEARCH_MAX_PAGES, terms: parsed.terms };
}
