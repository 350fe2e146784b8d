import { sql, type RawBuilder } from "kysely";
import type { Db } from "../../db/client";
import { WORD } from "../utils/stem";
import { fold, INDEXED, SEPARATOR, STEMS, type IndexRow, type ParsedQuery, type Ranked, type SearchField, type SearchTerm, type ShownRow } from "./search-text.server";

// The search engine on PostgreSQL: a tsvector per entry behind a GIN index
// (db/migrations/0005-search.ts). Words are split, lower-cased and folded here, exactly as
// FTS5's unicode61 tokenizer does on SQLite, and handed to PostgreSQL as tsvector and
// tsquery literals: its own parser would cut Devanagari and Bengali words at their vowel
// signs under some locales, and it has no stemmer for Bengali, Mongolian or Chichewa
// (the stems are ours, app/utils/stem.ts, the same on both engines).

/** Weights by field: A the title, B the summary, C theme, organisation and country names, D sections and comments. */
const WEIGHT: Record<SearchField, "A" | "B" | "C" | "D"> = {
  title: "A",
  summary: "B",
  context: "D",
  approach: "D",
  resources: "D",
  outcomes: "D",
  lessons: "D",
  adapt: "D",
  body: "D",
  meta: "C",
};
/** ts_rank's weights for D, C, B, A, close to the bm25 weights SQLite ranks by (title 10, summary 4, names 2, the rest 1). */
const RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}";
/** PostgreSQL's limits: a lexeme's bytes, positions per lexeme, the highest position. */
const MAX_LEXEME_BYTES = 2_000;
const MAX_POSITIONS = 256;
const MAX_POSITION = 16_383;

/** A word as the index holds it: lower case, Latin accents folded (FTS5's unicode61 with remove_diacritics). */
const lexemeOf = (word: string) => fold(word.toLowerCase());
const literal = (lexeme: string) => `'${lexeme.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
const fits = (lexeme: string) => lexeme.length > 0 && Buffer.byteLength(lexeme) <= MAX_LEXEME_BYTES;

/** The lexemes of one field's entry: its text, then its stems, so that neither runs into the other. */
function* lexemes(entry: string) {
  for (const part of entry.split(STEMS)) {
    for (const [word] of part.matchAll(WORD)) yield lexemeOf(word);
    yield null; // a gap: a phrase never spans the text and its stems
  }
}

/**
 * The tsvector literal of an entry: every field's words with their positions and the
 * field's weight. Fields are a position apart, so a "phrase" never runs from one into the next.
 */
export function documentOf(row: Record<SearchField, string>): string {
  const positions = new Map<string, string[]>();
  let at = 1;
  for (const field of INDEXED) {
    for (const lexeme of lexemes(row[field])) {
      if (lexeme !== null && fits(lexeme)) {
        const list = positions.get(lexeme) ?? [];
        if (list.length < MAX_POSITIONS) list.push(`${Math.min(at, MAX_POSITION)}${WEIGHT[field]}`);
        positions.set(lexeme, list);
      }
      at++;
    }
  }
  return [...positions].map(([lexeme, list]) => `${literal(lexeme)}:${list.join(",")}`).join(" ");
}

export async function writeEntries(db: Db, rows: IndexRow[]) {
  if (rows.length === 0) return;
  await db
    .insertInto("search_index")
    .values(rows.map((row) => ({ ...row, document: sql<string>`${documentOf(row)}::tsvector` })))
    .execute();
}

/** Fresh planner statistics after a rebuild (PostgreSQL merges GIN's pending entries itself). */
export async function optimize(db: Db) {
  await sql`analyze search_index`.execute(db);
}

/** A term as tsquery: one lexeme, or a phrase of them (`a <-> b`), in the title only when `weight` is A. */
function termQuery(term: SearchTerm, weight: "" | ":A") {
  const words = term.map(lexemeOf).filter(fits);
  if (words.length === 0) return null;
  const query = words.map((w) => `${literal(w)}${weight}`).join(" <-> ");
  return words.length > 1 ? `(${query})` : query;
}

function anyOf(terms: SearchTerm[], weight: "" | ":A") {
  const queries = terms.map((t) => termQuery(t, weight)).filter((q) => q !== null);
  return queries.length ? `(${queries.join(" | ")})` : null;
}

/** The query as a tsquery literal, the same query language as FTS5's expression; null when nothing is left to find. */
export function tsqueryOf(query: Pick<ParsedQuery, "groups" | "excluded">, { titleOnly = false } = {}) {
  const groups = query.groups.map((g) => anyOf(g, titleOnly ? ":A" : ""));
  if (groups.length === 0 || groups.some((g) => g === null)) return null;
  const wanted = groups.join(" & ");
  const excluded = titleOnly ? null : anyOf(query.excluded, "");
  return excluded ? `(${wanted}) & !${excluded}` : wanted;
}

type Filters = RawBuilder<unknown> | null;
const from = (filters: Filters) => (filters ? sql`search_index join practices p on p.id = search_index.practice_id` : sql`search_index`);
const where = (match: string, filters: Filters) => (filters ? sql`search_index.document @@ ${match}::tsquery and ${filters}` : sql`search_index.document @@ ${match}::tsquery`);

/** The newest `window` matches (rowid order) that pass the filters, if any. */
export async function newest(db: Db, query: ParsedQuery, filters: Filters, window: number) {
  const match = tsqueryOf(query);
  if (!match) return [];
  const { rows } = await sql<Ranked>`
    select search_index.rowid as rowid from ${from(filters)} where ${where(match, filters)}
    order by search_index.rowid desc limit ${window}`.execute(db);
  return rows;
}

/** Matches that pass the filters ranked by ts_rank, the title weighted most. */
export async function byRank(db: Db, query: ParsedQuery, filters: Filters, { offset, limit }: { offset: number; limit: number }) {
  const match = tsqueryOf(query);
  if (!match) return [];
  const { rows } = await sql<Ranked>`
    select search_index.rowid as rowid from ${from(filters)} where ${where(match, filters)}
    order by ts_rank(${RANK_WEIGHTS}::float4[], search_index.document, ${match}::tsquery, 1) desc, search_index.rowid desc
    limit ${limit} offset ${offset}`.execute(db);
  return rows;
}

/** Which of these matches hold every wanted word in their title (weight A). */
export async function inTitle(db: Db, query: ParsedQuery, rowids: Ranked[]) {
  const rows = await db
    .selectFrom("search_index")
    .select("rowid")
    .where(
      "rowid",
      "in",
      rowids.map((r) => r.rowid),
    )
    .where(sql<boolean>`document @@ ${`(${tsqueryOf(query)}) & (${tsqueryOf(query, { titleOnly: true })})`}::tsquery`)
    .execute();
  return new Set(rows.map((r) => r.rowid));
}

/** The page's rows, each with the first field holding a wanted word (a comment has only its body). */
export async function foundRows(db: Db, query: ParsedQuery, rowids: number[]): Promise<ShownRow[]> {
  const wanted = new Set(query.groups.flat(2).map(lexemeOf));
  const rows = await db
    .selectFrom("search_index")
    .select(["rowid", "kind", "ref_id", "practice_id", ...INDEXED])
    .where("rowid", "in", rowids)
    .execute();
  return rows.map((row) => {
    const holds = (field: SearchField) => [...lexemes(row[field])].some((l) => l !== null && wanted.has(l));
    const field = row.kind === "comment" ? "body" : (INDEXED.find((f) => f !== "body" && holds(f)) ?? "summary");
    return { rowid: row.rowid, kind: row.kind, refId: row.ref_id, practiceId: row.practice_id, found: `${field}${SEPARATOR}${row[field]}` };
  });
}
