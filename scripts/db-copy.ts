// npm run db:copy -- <from> <to> [--replace]
// Copies a whole forum from one database to another: a SQLite file or a postgres:// URL on
// either side, so a forum moves from SQLite to PostgreSQL (or back) without losing a row.
//
// The source is read in one consistent snapshot, so a copy taken while the server runs
// holds every row as it was at one moment. The target is migrated, must be empty (or is
// emptied with --replace), and is written in one transaction with its search index rebuilt
// in it: a copy that fails writes no row.
//
// The source is not migrated: it may be the live forum, run by a server of an older
// release, and a copy must not change it. When it is not at the latest migration the copy
// is refused, and the message says how to migrate it first.
//
// Only the database travels, and it holds everything: attachments are rows too (their bytes
// in attachment_files, SQLite blobs and PostgreSQL bytea, both read and written as Buffers),
// so they travel byte for byte with the rest. Should files ever be kept on disk instead,
// this script must say that they were not copied.
import fs from "node:fs";
import path from "node:path";
import { sql, type Kysely, type RawBuilder, type Transaction } from "kysely";
import { optimizeSearchIndex, rebuildSearchIndex } from "../app/models/search.server";
import { connect, describeTarget, engineOf, inTransaction, isPostgresUrl, migrateToLatest, type Db } from "../db/client";
import { migrations } from "../db/migrations/index";
import type { Database } from "../db/schema";

/** A table known only by name, as the copy sees every table. */
type Rows = Record<string, Record<string, unknown>>;
type Row = Record<string, unknown>;

/** Tables a migration fills (0003 seeds the themes): the target holds them before any copy. */
const SEEDED_BY_MIGRATIONS = new Set(["themes"]);
/** Rebuilt from the copied rows instead of copied: its form differs by engine (FTS5 or tsvector). */
const DERIVED = new Set(["search_index"]);
/** Rows per insert, fewer for wide tables: SQLite allows 32,766 bound values in one statement. */
const BATCH_ROWS = 500;
const MAX_VALUES = 30_000;
/**
 * Bytes of blob columns read (and then written) at a time: 500 attachment copies of 10 MiB
 * would be 5 GB in one batch. A row larger than this goes on its own.
 */
const BATCH_BYTES = 32 * 1024 * 1024;

/** A copy that was not attempted, for a reason the person running it can act on. */
export class CopyRefused extends Error {}

interface TableShape {
  name: string;
  primaryKey: string[];
  /** Tables this one's foreign keys point at (itself excluded). */
  parents: Set<string>;
  /** Its blob (bytea) columns, whose size bounds a batch. */
  blobs: string[];
}

/** Every table of the forum (not the migrator's, SQLite's own, or the search index), with its key and parents. */
async function describeTables(db: Db): Promise<TableShape[]> {
  if (engineOf(db) === "postgres") {
    const tables = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db);
    const keys = await sql<{ table: string; column: string }>`
      select kcu.table_name as "table", kcu.column_name as "column"
      from information_schema.table_constraints tc
      join information_schema.key_column_usage kcu
        on kcu.constraint_schema = tc.constraint_schema and kcu.constraint_name = tc.constraint_name and kcu.table_name = tc.table_name
      where tc.constraint_type = 'PRIMARY KEY' and tc.table_schema = current_schema()
      order by kcu.table_name, kcu.ordinal_position`.execute(db);
    const references = await sql<{ child: string; parent: string }>`
      select distinct tc.table_name as child, ccu.table_name as parent
      from information_schema.table_constraints tc
      join information_schema.constraint_column_usage ccu on ccu.constraint_schema = tc.constraint_schema and ccu.constraint_name = tc.constraint_name
      where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema()`.execute(db);
    const blobs = await sql<{ table: string; column: string }>`
      select table_name as "table", column_name as "column" from information_schema.columns
      where table_schema = current_schema() and data_type = 'bytea'
      order by table_name, ordinal_position`.execute(db);
    return tables.rows
      .map((t) => t.name)
      .filter(isForumTable)
      .map((name) => ({
        name,
        primaryKey: keys.rows.filter((k) => k.table === name).map((k) => k.column),
        parents: new Set(references.rows.filter((r) => r.child === name && r.parent !== name).map((r) => r.parent)),
        blobs: blobs.rows.filter((b) => b.table === name).map((b) => b.column),
      }));
  }
  // pragma_table_list's type tells ordinary tables from virtual ones (FTS5) and their shadow tables.
  const tables = await sql<{ name: string }>`select name from pragma_table_list where schema = 'main' and type = 'table'`.execute(db);
  const shapes: TableShape[] = [];
  for (const { name } of tables.rows.filter((t) => isForumTable(t.name))) {
    const key = await sql<{ name: string }>`select name from pragma_table_info(${name}) where pk > 0 order by pk`.execute(db);
    const references = await sql<{ parent: string }>`select distinct "table" as parent from pragma_foreign_key_list(${name})`.execute(db);
    const blobs = await sql<{ name: string }>`select name from pragma_table_info(${name}) where upper(type) = 'BLOB' order by cid`.execute(db);
    shapes.push({
      name,
      primaryKey: key.rows.map((k) => k.name),
      parents: new Set(references.rows.map((r) => r.parent).filter((p) => p !== name)),
      blobs: blobs.rows.map((b) => b.name),
    });
  }
  return shapes;
}

function isForumTable(name: string) {
  return !name.startsWith("sqlite_") && !name.startsWith("kysely_migration") && !DERIVED.has(name);
}

/**
 * Parents before children, computed from the foreign keys, so a table a future migration
 * adds finds its place without being named here; ties go alphabetically, so every copy
 * runs in the same order. Rows within a table go by primary key, which puts a row before
 * those that refer to it (a translation after its source, a reply after its comment).
 */
export function copyOrder(tables: TableShape[]): TableShape[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const placed = new Set<string>();
  const order: TableShape[] = [];
  while (order.length < tables.length) {
    const ready = tables.filter((t) => !placed.has(t.name) && [...t.parents].every((p) => placed.has(p) || !byName.has(p))).sort((a, b) => a.name.localeCompare(b.name));
    if (ready.length === 0) {
      const left = tables.filter((t) => !placed.has(t.name)).map((t) => t.name);
      throw new Error(`the tables ${left.join(", ")} refer to each other in a cycle; db:copy cannot order them`);
    }
    for (const t of ready) {
      placed.add(t.name);
      order.push(t);
    }
  }
  return order;
}

async function appliedMigrations(db: Db): Promise<string[]> {
  const exists =
    engineOf(db) === "postgres"
      ? await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_name = 'kysely_migration'`.execute(db)
      : await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name = 'kysely_migration'`.execute(db);
  if (exists.rows.length === 0) return [];
  const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return applied.rows.map((m) => m.name);
}

/** Refuses a source that is not exactly at this release's latest migration. */
async function checkSourceMigrations(db: Db, from: string) {
  const applied = await appliedMigrations(db);
  const known = Object.keys(migrations).sort();
  const latest = known.at(-1)!;
  if (applied.length === 0) throw new CopyRefused(`${describeTarget(from)} is not a Practice Exchange database: no migration has run on it.`);
  const unknown = applied.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new CopyRefused(`${describeTarget(from)} has migrations this release does not know (${unknown.join(", ")}): copy it with the release that made them.`);
  if (applied.at(-1) !== latest || applied.length !== known.length) {
    throw new CopyRefused(
      `${describeTarget(from)} is at migration ${applied.at(-1)}, not the latest (${latest}). ` +
        `Run npm run db:migrate with DATABASE_URL/DATABASE_PATH of the source first; db:copy does not change the source.`,
    );
  }
}

/**
 * Runs `fn` on one snapshot of the source. PostgreSQL: a repeatable-read, read-only
 * transaction. SQLite: a deferred (read) transaction, which in WAL mode sees the database as
 * it was at its first read and lets the server go on writing; Kysely's transaction would
 * take the write lock (BEGIN IMMEDIATE, db/client.ts) and stop the forum for the copy.
 */
async function inSnapshot<T>(db: Kysely<Database>, fn: (snapshot: Db) => Promise<T>): Promise<T> {
  // Read only, so no serialization failure can end it, and nothing for inTransaction to retry.
  // eslint-disable-next-line no-restricted-syntax -- inTransaction opens SERIALIZABLE read-write transactions; this snapshot is neither
  if (engineOf(db) === "postgres") return db.transaction().setIsolationLevel("repeatable read").setAccessMode("read only").execute(fn);
  return db.connection().execute(async (connection) => {
    await sql`begin deferred`.execute(connection);
    try {
      const result = await fn(connection);
      await sql`commit`.execute(connection);
      return result;
    } catch (error) {
      await sql`rollback`.execute(connection);
      throw error;
    }
  });
}

/**
 * A table's rows in primary-key order, a batch at a time (keyset: each batch starts after the
 * last key read). A table with blobs is read in batches of at most BATCH_BYTES of them.
 */
async function* readRows(db: Db, table: TableShape, batch: number, batchBytes: number): AsyncGenerator<Row[]> {
  if (table.blobs.length > 0 && table.primaryKey.length > 0) {
    yield* readRowsBoundedByBytes(db, table, batch, batchBytes);
    return;
  }
  const key = table.primaryKey.map((c) => sql.ref(c));
  let last: Row | null = null;
  for (let offset = 0; ; offset += batch) {
    let query;
    if (key.length === 0) {
      // No primary key (none of the forum's tables): a stable order is all the snapshot needs.
      query = sql<Row>`select * from ${sql.table(table.name)} order by 1 limit ${batch} offset ${offset}`;
    } else {
      const after: ReturnType<typeof sql> = last ? sql`where (${sql.join(key)}) > (${sql.join(table.primaryKey.map((c) => last![c]))})` : sql``;
      query = sql<Row>`select * from ${sql.table(table.name)} ${after} order by ${sql.join(key)} limit ${batch}`;
    }
    const { rows } = await query.execute(db);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batch) return;
    last = rows.at(-1)!;
  }
}

/** A row's key with the bytes of its blobs. */
type SizedKey = Row & { __bytes: number | string };

/**
 * Keyset batches as readRows, cut by size: the keys of the next `batch` rows come first with
 * the bytes of their blobs, and the rows themselves are read up to the last key that keeps
 * the batch within `batchBytes` (one row at least).
 */
async function* readRowsBoundedByBytes(db: Db, table: TableShape, batch: number, batchBytes: number): AsyncGenerator<Row[]> {
  const key = sql.join(table.primaryKey.map((c) => sql.ref(c)));
  const length = engineOf(db) === "postgres" ? "octet_length" : "length";
  const bytes = sql.join(
    table.blobs.map((c) => sql`coalesce(${sql.raw(length)}(${sql.ref(c)}), 0)`),
    sql` + `,
  );
  const tuple = (row: Row) => sql.join(table.primaryKey.map((c) => row[c]));
  let last: Row | null = null;
  for (;;) {
    const after: RawBuilder<unknown> = last ? sql`where (${key}) > (${tuple(last)})` : sql``;
    const sizes: SizedKey[] = (await sql<SizedKey>`select ${key}, ${bytes} as __bytes from ${sql.table(table.name)} ${after} order by ${key} limit ${batch}`.execute(db)).rows;
    if (sizes.length === 0) return;
    let end = 0;
    let total = Number(sizes[0]!.__bytes);
    while (end + 1 < sizes.length && total + Number(sizes[end + 1]!.__bytes) <= batchBytes) total += Number(sizes[++end]!.__bytes);
    const upTo: Row = sizes[end]!;
    const from = last ? sql`(${key}) > (${tuple(last)}) and` : sql``;
    const { rows } = await sql<Row>`select * from ${sql.table(table.name)} where ${from} (${key}) <= (${tuple(upTo)}) order by ${key}`.execute(db);
    if (rows.length > 0) yield rows;
    last = upTo;
  }
}

async function countRows(db: Db, table: string) {
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(rows[0]!.n);
}

/** Identity columns take explicit ids without moving their sequence: each is moved past the copied ids. */
async function resetSequences(db: Db) {
  const columns = await sql<{ table: string; column: string }>`
    select table_name as "table", column_name as "column" from information_schema.columns
    where table_schema = current_schema() and (is_identity = 'YES' or column_default like 'nextval(%')`.execute(db);
  for (const { table, column } of columns.rows) {
    const quoted = `"${table.replaceAll('"', '""')}"`;
    await sql`select setval(pg_get_serial_sequence(${quoted}, ${column}), coalesce(max(${sql.ref(column)}), 1), max(${sql.ref(column)}) is not null) from ${sql.table(table)}`.execute(db);
  }
}

function sameDatabase(from: string, to: string) {
  if (isPostgresUrl(from) !== isPostgresUrl(to)) return false;
  if (isPostgresUrl(from)) {
    const [a, b] = [new URL(from), new URL(to)];
    return a.hostname === b.hostname && (a.port || "5432") === (b.port || "5432") && a.pathname === b.pathname;
  }
  return path.resolve(from) === path.resolve(to);
}

export interface CopyResult {
  tables: { name: string; rows: number }[];
  practices: number;
  entries: number;
  ms: number;
}

/** `batchSize`, `batchBytes`: rows, and bytes of blobs, read and written at a time (tests make them small, so every table takes several). */
export async function copyDatabase({
  from,
  to,
  replace = false,
  batchSize = BATCH_ROWS,
  batchBytes = BATCH_BYTES,
}: {
  from: string;
  to: string;
  replace?: boolean;
  batchSize?: number;
  batchBytes?: number;
}): Promise<CopyResult> {
  const started = Date.now();
  if (sameDatabase(from, to)) throw new CopyRefused(`The source and the target are the same database (${describeTarget(from)}).`);
  // connect() would create a missing SQLite file, and an empty source copies nothing.
  if (!isPostgresUrl(from) && !fs.existsSync(from)) throw new CopyRefused(`There is no SQLite database at ${from}.`);
  const source = connect(from);
  try {
    return await inSnapshot(source, async (snapshot) => {
      await checkSourceMigrations(snapshot, from);
      const tables = copyOrder(await describeTables(snapshot));
      // Only once the source is known good: a refused source leaves no new target file behind.
      const target = connect(to);
      try {
        await migrateToLatest(target);
        const copied = await inTransaction(target, (trx) => writeCopy(trx, { snapshot, tables, to, replace, batchSize, batchBytes }));
        await optimizeSearchIndex(target);
        // Statistics for the planner now, not when autovacuum gets round to it: until then
        // PostgreSQL plans every query on the copy as if its tables were empty.
        if (engineOf(target) === "postgres") await sql`analyze`.execute(target);
        return { ...copied, ms: Date.now() - started };
      } finally {
        await target.destroy();
      }
    });
  } finally {
    await source.destroy();
  }
}

/** The target's side, in its one transaction: checked, emptied, filled in order, its search index rebuilt. */
async function writeCopy(
  trx: Transaction<Database>,
  { snapshot, tables, to, replace, batchSize, batchBytes }: { snapshot: Db; tables: TableShape[]; to: string; replace: boolean; batchSize: number; batchBytes: number },
) {
  const targetTables = new Set((await describeTables(trx)).map((t) => t.name));
  const missing = tables.filter((t) => !targetTables.has(t.name)).map((t) => t.name);
  if (missing.length > 0) throw new CopyRefused(`${describeTarget(to)} has no table ${missing.join(", ")}, though both are at the latest migration.`);
  if (!replace) {
    const filled = [];
    for (const t of tables) if (!SEEDED_BY_MIGRATIONS.has(t.name) && (await countRows(trx, t.name)) > 0) filled.push(t.name);
    if (filled.length > 0) {
      throw new CopyRefused(`${describeTarget(to)} is not empty (it has rows in ${filled.join(", ")}). Copy into an empty database, or add --replace to delete its rows first.`);
    }
  }
  // SQLite then checks foreign keys at commit, so no order of deletes or inserts within a table can trip them.
  if (engineOf(trx) === "sqlite") await sql`pragma defer_foreign_keys = on`.execute(trx);
  for (const t of [...tables].reverse()) await sql`delete from ${sql.table(t.name)}`.execute(trx);
  const counts = [];
  for (const t of tables) {
    let rows = 0;
    for await (const batch of readRows(snapshot, t, batchSize, batchBytes)) {
      const size = Math.max(1, Math.min(batchSize, Math.floor(MAX_VALUES / Object.keys(batch[0]!).length)));
      for (let i = 0; i < batch.length; i += size) {
        await (trx as unknown as Kysely<Rows>)
          .insertInto(t.name)
          .values(batch.slice(i, i + size))
          .execute();
      }
      rows += batch.length;
    }
    counts.push({ name: t.name, rows });
  }
  if (engineOf(trx) === "postgres") await resetSequences(trx);
  const indexed = await rebuildSearchIndex(trx);
  return { tables: counts, ...indexed };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]).endsWith(path.join("scripts", "db-copy.ts"));
if (isMain) {
  const args = process.argv.slice(2);
  const [from, to, ...rest] = args.filter((a) => !a.startsWith("--"));
  const unknown = args.filter((a) => a.startsWith("--") && a !== "--replace");
  if (!from || !to || rest.length > 0 || unknown.length > 0) {
    console.error("Usage: npm run db:copy -- <from> <to> [--replace]   (each a SQLite file or a postgres:// URL)");
    process.exit(2);
  }
  try {
    const result = await copyDatabase({ from, to, replace: args.includes("--replace") });
    const width = Math.max(...result.tables.map((t) => t.name.length), "search index".length);
    console.log(`Copied ${describeTarget(from)} to ${describeTarget(to)}:`);
    for (const t of result.tables) console.log(`  ${t.name.padEnd(width)}  ${t.rows}`);
    console.log(`  ${"search index".padEnd(width)}  ${result.entries} entries (${result.practices} published practices)`);
    const rows = result.tables.reduce((n, t) => n + t.rows, 0);
    console.log(`${rows} rows in ${result.tables.length} tables, in ${(result.ms / 1000).toFixed(1)} s.`);
  } catch (error) {
    console.error(error instanceof CopyRefused ? error.message : `The copy failed; nothing was copied: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
