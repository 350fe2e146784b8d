import { sql, type RawBuilder } from "kysely";
import type { Db } from "../../db/client";
import { INDEXED, OPEN, CLOSE, SEPARATOR, type IndexRow, type ParsedQuery, type Ranked, type SearchField, type ShownRow } from "./search-text.server";

// The search engine on SQLite: an FTS5 table (db/migrations/0005-search.ts) whose
// unicode61 tokenizer splits, folds case and Latin accents.

/** bm25 weights in column order (after kind, ref_id, practice_id): the title counts most. */
const WEIGHTS = "0, 0, 0, 10.0, 4.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0";

export async function writeEntries(db: Db, rows: IndexRow[]) {
  if (rows.length) await db.insertInto("search_index").values(rows).execute();
}

/** One segment instead of hundreds, after a rebuild: a query then reads each word's list once. */
export async function optimize(db: Db) {
  await sql`insert into search_index(search_index) values ('optimize')`.execute(db);
}

type Filters = RawBuilder<unknown> | null;
const from = (filters: Filters) => (filters ? sql`search_index join practices p on p.id = search_index.practice_id` : sql`search_index`);
const where = (match: string, filters: Filters) => (filters ? sql`search_index match ${match} and ${filters}` : sql`search_index match ${match}`);

/** The newest `window` matches (rowid order) that pass the filters, if any. */
export async function newest(db: Db, query: ParsedQuery, filters: Filters, window: number) {
  const { rows } = await sql<Ranked>`
    select search_index.rowid as rowid from ${from(filters)} where ${where(query.match!, filters)}
    order by search_index.rowid desc limit ${window}`.execute(db);
  return rows;
}

/** Matches that pass the filters ranked by bm25, the title weighted most. */
export async function byRank(db: Db, query: ParsedQuery, filters: Filters, { offset, limit }: { offset: number; limit: number }) {
  const { rows } = await sql<Ranked>`
    select search_index.rowid as rowid from ${from(filters)} where ${where(query.match!, filters)}
    order by bm25(search_index, ${sql.raw(WEIGHTS)}), search_index.rowid desc
    limit ${limit} offset ${offset}`.execute(db);
  return rows;
}

/**
 * Which of these matches hold every wanted word in their title. FTS5 ignores a rowid bound
 * next to MATCH unless it is an integer (numbers come bound as REALs): hence the cast.
 */
export async function inTitle(db: Db, query: ParsedQuery, rowids: Ranked[]) {
  const { rows } = await sql<Ranked>`
    select rowid from search_index
    where search_index match ${`(${query.match}) AND {title} : (${query.wanted ?? query.match})`} and rowid >= cast(${rowids.at(-1)!.rowid} as integer)`.execute(db);
  return new Set(rows.map((r) => r.rowid));
}

/**
 * The page's rows, each with the first field holding a hit. Making a snippet means reading
 * the field's words again, so fields are tried in order and the search stops at the first
 * hit (a comment has only its body) rather than making all ten. The rows are found in one
 * pass over their rowid range: FTS5 takes "rowid in (…)" as one lookup per rowid (~60 µs
 * each), so the list is left to SQLite (+rowid). A number comes bound as a REAL, and FTS5
 * ignores a rowid bound that is not an integer: hence the casts.
 */
export async function foundRows(db: Db, query: ParsedQuery, rowids: number[]) {
  const snippetOf = (field: SearchField) => sql`snippet(search_index, ${INDEXED.indexOf(field) + 3}, ${OPEN}, ${CLOSE}, '…', 16)`;
  const found = (field: SearchField) => sql`${field} || ${SEPARATOR} || ${sql.ref(field)}`;
  const { rows } = await sql<ShownRow>`
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
    where search_index match ${query.match}
      and rowid between cast(${Math.min(...rowids)} as integer) and cast(${Math.max(...rowids)} as integer)
      and +rowid in (${sql.join(rowids)})`.execute(db);
  return rows;
}
