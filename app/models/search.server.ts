import { sql, type RawBuilder } from "kysely";
import type { Db } from "../../db/client";
import { SECTIONS, type PracticeFilters, type Section } from "../domain/practice";
import { catalogues, LOCALES, type MessageKey } from "../i18n";
import { extraStems, stemWord } from "../utils/stem";

// The one dialect-specific module: SQLite FTS5 behind plain functions. Another engine
// (PostgreSQL tsvector, a search server) replaces this file and nothing else.

const INDEXED = ["title", "summary", ...SECTIONS, "body", "meta"] as const;
export type SearchField = (typeof INDEXED)[number];
/** bm25 weights in column order (after kind, ref_id, practice_id): the title counts most. */
const WEIGHTS = "0, 0, 0, 10.0, 4.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0";
const OPEN = "\u0002";
const CLOSE = "\u0003";
const SEPARATOR = "\u0004";
/**
 * A field's entry is its text, then this mark, then the stems of its inflected words
 * (app/utils/stem.ts): "प्रशिक्षणहरू" is found as "प्रशिक्षण", and a query looks for stems.
 * FTS5 reads the mark as a separator; what is shown is cut there.
 */
const STEMS = "\u0005";
const withStems = (text: string) => {
  const stems = extraStems(text);
  return stems ? `${text} ${STEMS} ${stems}` : text;
};
const withoutStems = (entry: string) => entry.split(STEMS, 1)[0]!;

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
function commentIndexRow(c: { id: number; practice_id: number; body_md: string }) {
  const empty = { title: "", summary: "", ...(Object.fromEntries(SECTIONS.map((s) => [s, ""])) as Record<Section, string>) };
  return { rowid: commentRowid(c.id), kind: "comment" as const, ref_id: c.id, practice_id: c.practice_id, ...empty, body: withStems(c.body_md), meta: "" };
}

export async function reindexPractice(db: Db, { practiceId }: { practiceId: number }) {
  const commentIds = (await db.selectFrom("comments").select("id").where("practice_id", "=", practiceId).execute()).map((c) => c.id);
  await db
    .deleteFrom("search_index")
    .where("rowid", "in", [practiceRowid(practiceId), ...commentIds.map(commentRowid)])
    .execute();
  const p = await db
    .selectFrom("practices")
    .innerJoin("organisations", "organisations.id", "practices.organisation_id")
    .selectAll("practices")
    .select(["organisations.name as organisationName", "organisations.country as organisationCountry"])
    .where("practices.id", "=", practiceId)
    .where("practices.status", "=", "published")
    .where("practices.hidden_at", "is", null)
    .where("practices.restricted_at", "is", null)
    .executeTakeFirst();
  if (!p) return;
  const [themes, countries] = await Promise.all([
    db.selectFrom("practice_themes").select("theme_key").where("practice_id", "=", practiceId).execute(),
    db.selectFrom("practice_countries").select("country").where("practice_id", "=", practiceId).execute(),
  ]);
  const sections = Object.fromEntries(SECTIONS.map((s) => [s, p[`${s}_md`]])) as Record<Section, string>;
  await db
    .insertInto("search_index")
    .values({
      rowid: practiceRowid(p.id),
      kind: "practice",
      ref_id: p.id,
      practice_id: p.id,
      title: withStems(p.title),
      summary: withStems(p.summary),
      ...(Object.fromEntries(SECTIONS.map((s) => [s, withStems(sections[s])])) as Record<Section, string>),
      body: "",
      meta: metaText({ themes: themes.map((t) => t.theme_key), countries: countries.map((c) => c.country), organisationName: p.organisationName, organisationCountry: p.organisationCountry }),
    })
    .execute();
  const comments = await db.selectFrom("comments").select(["id", "body_md"]).where("practice_id", "=", practiceId).where("deleted_at", "is", null).where("hidden_at", "is", null).execute();
  if (comments.length) {
    await db
      .insertInto("search_index")
      .values(comments.map((c) => commentIndexRow({ ...c, practice_id: practiceId })))
      .execute();
  }
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
    .where("practices.hidden_at", "is", null)
    .where("practices.restricted_at", "is", null)
    .executeTakeFirst();
  if (!c) return;
  await db.insertInto("search_index").values(commentIndexRow(c)).execute();
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
  for (const p of practices) await reindexPractice(db, { practiceId: p.id });
  const { n } = await db
    .selectFrom("search_index")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return { practices: practices.length, entries: n };
}

/** One segment instead of hundreds, after a rebuild: a query then reads each word's list once. */
export async function optimizeSearchIndex(db: Db) {
  await sql`insert into search_index(search_index) values ('optimize')`.execute(db);
}

/** On start: whether the index is empty beside published practices (a database from before search), and so wants a rebuild. */
export async function searchIndexIsMissing(db: Db) {
  const indexed = await db.selectFrom("search_index").select("ref_id").limit(1).executeTakeFirst();
  if (indexed) return false;
  const published = await db.selectFrom("practices").select("id").where("status", "=", "published").limit(1).executeTakeFirst();
  return published !== undefined;
}

export interface ParsedQuery {
  /** The FTS5 expression, or null when nothing searchable was typed. */
  match: string | null;
  /** Its wanted part, without the exclusions: what a title must hold to rank first. */
  wanted: string | null;
  terms: string[];
  /** The stems of the wanted words, for highlighting them in what is shown. */
  stems: string[];
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
/** Latin letters compared as FTS5's remove_diacritics does: "éducation" is "education". */
const fold = (word: string) => (/^[\p{Script=Latin}\p{M}\p{N}]+$/u.test(word) ? word.normalize("NFD").replace(/\p{M}/gu, "") : word);
const stems = new Map<string, string>();
/** A word's stem as the index holds it; remembered, as highlighting asks for every word shown. */
function stemOf(word: string) {
  let stem = stems.get(word);
  if (stem === undefined) {
    stem = stemWord(fold(word));
    if (stems.size > 50_000) stems.clear();
    stems.set(word, stem);
  }
  return stem;
}
const quote = (phrase: string) => `"${phrase.replace(/"/g, '""')}"`;

/**
 * The query language a person can use — plain words (all must match), "exact phrase",
 * -exclude, OR — turned into a safe FTS5 expression. Every term is quoted, so operators,
 * column filters, NEAR, * or stray quotes in the input are only ever words.
 */
export function parseSearchQuery(input: string): ParsedQuery {
  const text = input.slice(0, 500);
  const tokens: { phrase: string; negate: boolean; or: boolean; stem: string | null }[] = [];
  const pattern = /(-?)"([^"]*)"?|(\S+)/gu;
  let pendingOr = false;
  for (const m of text.matchAll(pattern)) {
    if (m[3] === "OR") {
      pendingOr = tokens.length > 0;
      continue;
    }
    const negate = m[1] === "-" || (m[3] !== undefined && m[3].startsWith("-"));
    const raw = m[2] ?? m[3] ?? "";
    const words = raw.match(WORD) ?? [];
    if (words.length === 0) continue;
    // A single word is looked for by its stem; a "quoted phrase" is exact.
    const stem = m[2] === undefined && words.length === 1 ? stemOf(words[0]!) : null;
    tokens.push({ phrase: words.join(" "), negate, or: pendingOr && !negate, stem });
    pendingOr = false;
    if (tokens.length >= 12) break;
  }
  const positives = tokens.filter((t) => !t.negate);
  if (positives.length === 0) return { match: null, wanted: null, terms: [], stems: [] };
  // a OR b c → (a OR b) AND c
  const groups: string[][] = [];
  for (const t of positives) {
    const term = quote(t.stem ?? t.phrase);
    if (t.or && groups.length) groups.at(-1)!.push(term);
    else groups.push([term]);
  }
  const wanted = groups.map((g) => (g.length > 1 ? `(${g.join(" OR ")})` : g[0])).join(" AND ");
  const negatives = tokens.filter((t) => t.negate).map((t) => quote(t.stem ?? t.phrase));
  const match = negatives.length ? `(${wanted}) NOT (${negatives.join(" OR ")})` : wanted;
  const stems = [...new Set(positives.flatMap((t) => (t.stem ? [t.stem] : (t.phrase.match(WORD) ?? []).map(stemOf))))];
  return { match, wanted, terms: positives.map((t) => t.phrase), stems };
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

export interface SnippetPart {
  text: string;
  hit: boolean;
}

/**
 * The words around the first word whose stem is wanted, those words marked; the whole text
 * when it is short. Made from the text itself, not from FTS5's snippet, because the match
 * may be a stem. The page renders the parts as text, never as HTML.
 */
export function highlight(text: string, stems: string[], { around = 16 }: { around?: number } = {}): SnippetPart[] {
  const wanted = new Set(stems);
  // Words are read up to the first hit and the window after it, not the whole text.
  const words: RegExpExecArray[] = [];
  const hits = new Set<number>();
  let first = -1;
  let whole = true;
  for (const w of text.matchAll(WORD)) {
    const i = words.length;
    if (i >= (first >= 0 ? first : Math.max(i, around - 1)) + around) {
      whole = false;
      break;
    }
    words.push(w);
    if (wanted.has(stemOf(w[0]))) {
      hits.add(i);
      if (first < 0) first = i;
    }
  }
  if (first < 0 && words.length > around) whole = false;
  const from = whole && words.length <= around ? 0 : Math.max(0, Math.min(first < 0 ? 0 : first - 4, words.length - around));
  const to = Math.min(words.length, from + around);
  const start = from === 0 ? 0 : words[from]!.index;
  const end = whole && to === words.length ? text.length : words[to - 1]!.index + words[to - 1]![0].length;
  const parts: SnippetPart[] = [];
  const push = (t: string, hit: boolean) => {
    if (!t) return;
    const last = parts.at(-1);
    if (last && last.hit === hit && !hit) last.text += t;
    else parts.push({ text: t, hit });
  };
  if (start > 0) push("…", false);
  let at = start;
  for (let i = from; i < to; i++) {
    const w = words[i]!;
    if (!hits.has(i)) continue;
    push(text.slice(at, w.index), false);
    push(w[0], true);
    at = w.index + w[0].length;
  }
  push(text.slice(at, end), false);
  if (end < text.length) push("…", false);
  return parts;
}

interface Ranked {
  rowid: number;
}

interface ShownRow {
  rowid: number;
  kind: "practice" | "comment";
  refId: number;
  practiceId: number;
  /** The field the snippet is from, SEPARATOR, the snippet. */
  found: string;
}

/**
 * Rowids in rank order. A query with fewer than `window` matches in the whole index is
 * ranked by bm25, among the matches that pass the filters (if any). A common one is ranked
 * among its newest `window` matches that pass them (rowid order: practices, newest first,
 * then comments), those with every wanted word in the title first: bm25 would count every
 * match of a common word first, filtered or not. Without filters each step reads at most
 * `window` entries of the index; with them, as many as it takes to find `window` that pass.
 */
async function rank(
  db: Db,
  { match, wanted, filters }: { match: string; wanted: string; filters: RawBuilder<unknown> | null },
  { window, offset, limit }: { window: number; offset: number; limit: number },
) {
  const newestOverall = (
    await sql<Ranked>`
      select rowid from search_index where search_index match ${match}
      order by rowid desc limit ${window}`.execute(db)
  ).rows;
  const from = filters ? sql`search_index join practices p on p.id = search_index.practice_id` : sql`search_index`;
  const where = filters ? sql`search_index match ${match} and ${filters}` : sql`search_index match ${match}`;
  if (newestOverall.length < window) {
    const { rows } = await sql<Ranked>`
      select search_index.rowid as rowid from ${from} where ${where}
      order by bm25(search_index, ${sql.raw(WEIGHTS)}), search_index.rowid desc
      limit ${limit} offset ${offset}`.execute(db);
    return rows;
  }
  const newest = filters
    ? (
        await sql<Ranked>`
          select search_index.rowid as rowid from ${from} where ${where}
          order by search_index.rowid desc limit ${window}`.execute(db)
      ).rows
    : newestOverall;
  if (newest.length === 0) return [];
  // FTS5 ignores a rowid bound next to MATCH unless it is an integer (numbers come bound
  // as REALs): hence the cast.
  const inTitle = new Set(
    (
      await sql<Ranked>`
        select rowid from search_index
        where search_index match ${`(${match}) AND {title} : (${wanted})`} and rowid >= cast(${newest.at(-1)!.rowid} as integer)
        order by rowid desc`.execute(db)
    ).rows.map((r) => r.rowid),
  );
  return [...newest.filter((r) => inTitle.has(r.rowid)), ...newest.filter((r) => !inTitle.has(r.rowid))].slice(offset, offset + limit);
}

/**
 * Published, visible practices and comments matching the query, best first (bm25, title
 * weighted above body), with the same filters as the practice list; bounded pages.
 */
export async function searchPractices(db: Db, { query, filters = {}, page = 1, window = SEARCH_WINDOW }: { query: string; filters?: PracticeFilters; page?: number; window?: number }) {
  const parsed = parseSearchQuery(query);
  if (!parsed.match) return { results: [], page: 1, hasMore: false, terms: parsed.terms };
  const stems = parsed.stems;
  const current = Math.min(Math.max(1, page), SEARCH_MAX_PAGES);
  const conditions = [sql`p.status = 'published'`, sql`p.hidden_at is null`, sql`p.restricted_at is null`];
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
    ranked = await rank(db, { match: parsed.match, wanted: parsed.wanted ?? parsed.match, filters }, { window, offset: (current - 1) * SEARCH_PAGE_SIZE, limit: SEARCH_PAGE_SIZE + 1 });
  } catch {
    // The parser quotes every term, so this is not expected; a member never sees an FTS error.
    return { results: [], page: current, hasMore: false, terms: parsed.terms };
  }
  const shown = ranked.slice(0, SEARCH_PAGE_SIZE);
  const rowids = shown.map((r) => r.rowid);
  // The snippet of the first field holding a hit. Making a snippet means reading the
  // field's words again, so fields are tried in order and the search stops at the first
  // hit (a comment has only its body) rather than making all ten. The page's rows are
  // found in one pass over their rowid range: FTS5 takes "rowid in (…)" as one lookup per
  // rowid (~60 µs each), so the list is left to SQLite (+rowid). A number comes bound as
  // a REAL, and FTS5 ignores a rowid bound that is not an integer: hence the casts.
  const snippetOf = (field: SearchField) => sql`snippet(search_index, ${INDEXED.indexOf(field) + 3}, ${OPEN}, ${CLOSE}, '…', 16)`;
  const found = (field: SearchField) => sql`${field} || ${SEPARATOR} || ${sql.ref(field)}`;
  const shownRows = shown.length
    ? (
        await sql<ShownRow>`
          select rowid, kind, ref_id as "refId", practice_id as "practiceId",
            case
              when kind = 'comment' then ${found("body")}
              ${sql.join(
                INDEXED.filter((f) => f !== "body").map((f) => sql`when instr(${snippetOf(f)}, ${OPEN}) > 0 then ${found(f)}`),
                sql` `,
              )}
              else ${found("summary")}
            end as found
          from search_index
          where search_index match ${parsed.match}
            and rowid between cast(${Math.min(...rowids)} as integer) and cast(${Math.max(...rowids)} as integer)
            and +rowid in (${sql.join(rowids)})`.execute(db)
      ).rows
    : [];
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
        .where("practices.status", "=", "published")
        .where("practices.hidden_at", "is", null)
        .where("practices.restricted_at", "is", null)
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
        .select(["id", "slug", "language", "status", "organisation_id", "author_id", "hidden_at", "restricted_at", "source_practice_id"])
        .where((eb) => eb.or([eb("id", "in", groupIds), eb("source_practice_id", "in", groupIds)]))
        .where("status", "=", "published")
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
