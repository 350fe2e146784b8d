import { sql, type Kysely } from "kysely";
import { engineOf } from "../engine";

// FTS5's unicode61 treats combining marks as separators, which cuts Devanagari and
// Bengali words at every vowel sign ("सिलाई" → "सिल" + "ाई"). These marks, and the
// zero-width (non-)joiners those scripts use, are declared part of words instead.
const MARK_RANGES: [number, number][] = [
  [0x0900, 0x0903],
  [0x093a, 0x094f],
  [0x0951, 0x0957],
  [0x0962, 0x0963], // Devanagari
  [0x0981, 0x0983],
  [0x09bc, 0x09bc],
  [0x09be, 0x09c4],
  [0x09c7, 0x09c8],
  [0x09cb, 0x09cd],
  [0x09d7, 0x09d7],
  [0x09e2, 0x09e3], // Bengali
  [0x200c, 0x200d], // ZWNJ, ZWJ
];
const TOKEN_CHARS = MARK_RANGES.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => String.fromCodePoint(a + i))).join("");

export async function up(db: Kysely<unknown>): Promise<void> {
  if (engineOf(db) === "postgres") return upPostgres(db);
  // One row per published practice (kind 'practice', ref_id = practice id) and per
  // visible comment (kind 'comment', ref_id = comment id). remove_diacritics 2 folds
  // Latin accents: "éducation" finds "education".
  await sql
    .raw(
      `create virtual table search_index using fts5(
        kind unindexed, ref_id unindexed, practice_id unindexed,
        title, summary, context, approach, resources, outcomes, lessons, adapt, body, meta,
        tokenize = "unicode61 remove_diacritics 2 tokenchars '${TOKEN_CHARS}'"
      )`,
    )
    .execute(db);
}

/**
 * On PostgreSQL the same rows and columns in a plain table, and `document`: the tsvector
 * of every field (title weight A, summary B, comment body and names C, sections D), made
 * by app/models/search-postgres.server.ts from words split as FTS5 splits them, behind a
 * GIN index. rowid is an ordinary key there.
 */
async function upPostgres(db: Kysely<unknown>) {
  let table = db.schema
    .createTable("search_index")
    .addColumn("rowid", "integer", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("ref_id", "integer", (c) => c.notNull())
    .addColumn("practice_id", "integer", (c) => c.notNull());
  for (const field of ["title", "summary", "context", "approach", "resources", "outcomes", "lessons", "adapt", "body", "meta"]) {
    table = table.addColumn(field, "text", (c) => c.notNull().defaultTo(""));
  }
  await table.addColumn("document", sql`tsvector`, (c) => c.notNull()).execute();
  await sql`create index search_index_document_idx on search_index using gin (document)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table search_index`.execute(db);
}
