import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKysely, migrateToLatest, openDatabase, openSqlite } from "../db/client";
import { migrations } from "../db/migrations/index";
import type { Database } from "../db/schema";
import { createTestDb } from "./helpers/db";
import { createDatabase, onPostgres, uniqueDatabaseName } from "./helpers/postgres";

// The migrations are written once, in SQLite's terms; db/engine.ts says what each means on
// PostgreSQL. These tests migrate both engines and compare what came out, normalised to
// what the forum relies on: tables, columns (name, type family, not null, default, whether
// the engine numbers it), primary keys, unique keys, other indexes (name, columns in
// order, partial or not), foreign keys (column → table.column, on delete) and which
// columns carry a check.
//
// Two things differ by design and are left out of the comparison:
// - the search index: an FTS5 virtual table on SQLite (with its shadow tables
//   search_index_*), a plain table with a tsvector `document` behind a GIN index on
//   PostgreSQL (db/migrations/0005-search.ts). Both must have the columns every search
//   query reads, SEARCH_COLUMNS;
// - Kysely's own kysely_migration and kysely_migration_lock, which its migrator creates
//   in each engine's own types.

const SEARCH_COLUMNS = ["rowid", "kind", "ref_id", "practice_id", "title", "summary", "context", "approach", "resources", "outcomes", "lessons", "adapt", "body", "meta"];
const KYSELY_TABLES = ["kysely_migration", "kysely_migration_lock"];
const left = (table: string) => table === "search_index" || KYSELY_TABLES.includes(table);

interface Column {
  name: string;
  /** "integer" (SQLite integer, PostgreSQL bigint), "text" or "blob" (PostgreSQL bytea); any other type as the engine names it. */
  type: string;
  notNull: boolean;
  /** The default as written, without PostgreSQL's casts ('' rather than ''::text). */
  default: string | null;
  /** Numbered by the engine: SQLite's autoincrement, PostgreSQL's identity. */
  generated: boolean;
}
interface Table {
  columns: Column[];
  primaryKey: string[];
  /** Each unique key's columns, in order. */
  unique: string[];
  indexes: { name: string; columns: string[]; partial: boolean }[];
  /** "column → table.column on delete action". */
  foreignKeys: string[];
  /** The columns a check constraint guards. */
  checks: string[];
}
type Schema = Record<string, Table>;

const withoutCasts = (value: string | null) => (value === null ? null : value.replace(/(::[a-z ]+(\[\])?)+$/i, ""));

async function sqliteSchema(db: Kysely<Database>): Promise<Schema> {
  const raw = <T>(query: string) =>
    sql
      .raw<T>(query)
      .execute(db)
      .then((r) => r.rows);
  const tables = await raw<{ name: string; sql: string }>("select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'search_index_%' order by name");
  const schema: Schema = {};
  for (const { name, sql: createSql } of tables) {
    if (left(name)) continue;
    const info = await raw<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>(`pragma table_info("${name}")`);
    // Column definitions, split at the commas between them (not those inside a check's parentheses).
    const definitions: string[] = [];
    let depth = 0;
    let current = "";
    for (const char of createSql.slice(createSql.indexOf("(") + 1, createSql.lastIndexOf(")"))) {
      if (char === "(") depth++;
      if (char === ")") depth--;
      if (char === "," && depth === 0) {
        definitions.push(current.trim());
        current = "";
      } else current += char;
    }
    definitions.push(current.trim());
    const definitionOf = (column: string) => definitions.find((d) => d.startsWith(`"${column}" `) || d.startsWith(`${column} `)) ?? "";
    const indexes = await raw<{ name: string; unique: number; origin: string; partial: number }>(`pragma index_list("${name}")`);
    const indexColumns = async (index: string) => (await raw<{ seqno: number; name: string }>(`pragma index_info("${index}")`)).sort((a, b) => a.seqno - b.seqno).map((c) => c.name);
    const foreignKeys = await raw<{ table: string; from: string; to: string; on_delete: string }>(`pragma foreign_key_list("${name}")`);
    schema[name] = {
      columns: info.map((c) => ({
        name: c.name,
        type: c.type.toLowerCase(),
        // A primary key column is never null on PostgreSQL; SQLite (for a key other than an
        // integer one) would allow null there, and the forum never writes it.
        notNull: c.notnull === 1 || c.pk > 0,
        default: c.dflt_value,
        generated: /\bautoincrement\b/i.test(definitionOf(c.name)),
      })),
      primaryKey: info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
      unique: (await Promise.all(indexes.filter((i) => i.unique === 1 && i.origin !== "pk").map(async (i) => (await indexColumns(i.name)).join(", ")))).sort(),
      indexes: (await Promise.all(indexes.filter((i) => i.unique === 0).map(async (i) => ({ name: i.name, columns: await indexColumns(i.name), partial: i.partial === 1 })))).sort((a, b) =>
        a.name.localeCompare(b.name),
      ),
      foreignKeys: foreignKeys.map((f) => `${f.from} → ${f.table}.${f.to} on delete ${f.on_delete.toLowerCase()}`).sort(),
      checks: info
        .filter((c) => /\bcheck\s*\(/i.test(definitionOf(c.name)))
        .map((c) => c.name)
        .sort(),
    };
  }
  return schema;
}

const ACTIONS: Record<string, string> = { a: "no action", r: "restrict", c: "cascade", n: "set null", d: "set default" };

async function postgresSchema(db: Kysely<Database>): Promise<Schema> {
  const columns = await sql<{ table: string; name: string; type: string; notNull: boolean; default: string | null; generated: boolean }>`
    select table_name as "table", column_name as name, data_type as type, is_nullable = 'NO' as "notNull", column_default as default, is_identity = 'YES' as generated
    from information_schema.columns where table_schema = current_schema() order by table_name, ordinal_position`.execute(db);
  const indexes = await sql<{ table: string; name: string; unique: boolean; primary: boolean; partial: boolean; columns: string[] }>`
    select t.relname as "table", i.relname as name, x.indisunique as unique, x.indisprimary as primary, x.indpred is not null as partial,
      array(select a.attname::text from unnest(x.indkey::int2[]) with ordinality k(attnum, n) join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum order by k.n) as columns
    from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
    where t.relnamespace = current_schema()::regnamespace`.execute(db);
  const constraints = await sql<{ table: string; kind: string; columns: string[]; refTable: string | null; refColumns: string[]; onDelete: string }>`
    select t.relname as "table", c.contype as kind, r.relname as "refTable", c.confdeltype as "onDelete",
      array(select a.attname::text from unnest(c.conkey) with ordinality k(attnum, n) join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum order by k.n) as columns,
      array(select a.attname::text from unnest(c.confkey) with ordinality k(attnum, n) join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum order by k.n) as "refColumns"
    from pg_constraint c join pg_class t on t.oid = c.conrelid left join pg_class r on r.oid = c.confrelid
    where c.connamespace = current_schema()::regnamespace`.execute(db);
  const schema: Schema = {};
  for (const table of [...new Set(columns.rows.map((c) => c.table))].sort()) {
    if (left(table)) continue;
    const of = <T extends { table: string }>(rows: T[]) => rows.filter((r) => r.table === table);
    schema[table] = {
      columns: of(columns.rows).map((c) => ({
        name: c.name,
        type: c.type === "bigint" ? "integer" : c.type === "bytea" ? "blob" : c.type,
        notNull: c.notNull,
        default: withoutCasts(c.default),
        generated: c.generated,
      })),
      primaryKey: of(constraints.rows).find((c) => c.kind === "p")?.columns ?? [],
      unique: of(indexes.rows)
        .filter((i) => i.unique && !i.primary)
        .map((i) => i.columns.join(", "))
        .sort(),
      indexes: of(indexes.rows)
        .filter((i) => !i.unique)
        .map((i) => ({ name: i.name, columns: i.columns, partial: i.partial }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      foreignKeys: of(constraints.rows)
        .filter((c) => c.kind === "f")
        .map((c) => `${c.columns.join(", ")} → ${c.refTable}.${c.refColumns.join(", ")} on delete ${ACTIONS[c.onDelete]}`)
        .sort(),
      checks: of(constraints.rows)
        .filter((c) => c.kind === "c")
        .flatMap((c) => c.columns)
        .sort(),
    };
  }
  return schema;
}

describe.skipIf(!onPostgres)("the migrations on SQLite and PostgreSQL", () => {
  let sqlite: Kysely<Database>;
  let postgres: Kysely<Database>;
  beforeAll(async () => {
    sqlite = createKysely(openSqlite(":memory:"));
    await migrateToLatest(sqlite);
    postgres = await createTestDb();
  });
  afterAll(async () => {
    await sqlite.destroy();
    await postgres.destroy();
  });

  it("make the same tables, columns, keys, indexes and checks", async () => {
    const [lite, pg] = await Promise.all([sqliteSchema(sqlite), postgresSchema(postgres)]);
    expect(Object.keys(lite).length).toBeGreaterThan(20);
    expect(Object.keys(pg)).toEqual(Object.keys(lite));
    for (const table of Object.keys(lite)) expect(pg[table], table).toEqual(lite[table]);
    // The comparison sees what it compares.
    expect(lite.users!.checks).toEqual(["role"]);
    expect(lite.sessions!.foreignKeys).toEqual(["user_id → users.id on delete cascade"]);
    expect(lite.notifications!.indexes).toContainEqual({ name: "notifications_unread_idx", columns: ["user_id"], partial: true });
    expect(lite.organisations!.columns.find((c) => c.name === "id")).toEqual({ name: "id", type: "integer", notNull: true, default: null, generated: true });
  });

  it("write the same rows: the fixed list of themes", async () => {
    const themes = (db: Kysely<Database>) => db.selectFrom("themes").select(["key", "position"]).orderBy("position").execute();
    const lite = await themes(sqlite);
    expect(lite).toHaveLength(15);
    expect(await themes(postgres)).toStrictEqual(lite);
  });

  it("give the search index the columns every search query reads, on both", async () => {
    const read = `select ${SEARCH_COLUMNS.join(", ")} from search_index where 1 = 0`;
    await expect(sql.raw(read).execute(sqlite)).resolves.toBeTruthy();
    await expect(sql.raw(read).execute(postgres)).resolves.toBeTruthy();
    const pgColumns = await sql<{ name: string }>`select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = 'search_index'`.execute(postgres);
    expect(pgColumns.rows.map((c) => c.name).sort()).toEqual([...SEARCH_COLUMNS, "document"].sort());
    const gin = await sql<{ indexdef: string }>`select indexdef from pg_indexes where schemaname = current_schema() and tablename = 'search_index' and indexdef like '%USING gin (document)%'`.execute(
      postgres,
    );
    expect(gin.rows).toHaveLength(1);
  });

  it("on PostgreSQL, compare text by code point (collation C) and hold every integer in a bigint", async () => {
    const columns = await sql<{ table: string; name: string; type: string; collation: string | null }>`
      select table_name as "table", column_name as name, data_type as type, collation_name as collation
      from information_schema.columns where table_schema = current_schema() order by table_name, ordinal_position`.execute(postgres);
    const ours = columns.rows.filter((c) => !KYSELY_TABLES.includes(c.table));
    expect(ours.filter((c) => c.type === "text").length).toBeGreaterThan(100);
    expect(ours.filter((c) => c.type === "text" && c.collation !== "C").map((c) => `${c.table}.${c.name}`)).toEqual([]);
    expect(ours.filter((c) => ["integer", "smallint", "numeric", "character varying"].includes(c.type)).map((c) => `${c.table}.${c.name} ${c.type}`)).toEqual([]);
    expect([...new Set(ours.map((c) => c.type))].sort()).toEqual(["bigint", "bytea", "text", "tsvector"]);
  });
});

describe.skipIf(!onPostgres)("two servers starting at once on one empty PostgreSQL database", () => {
  it("both open it, and each migration runs exactly once", async () => {
    const url = await createDatabase(uniqueDatabaseName("px_race"));
    const servers = await Promise.all([openDatabase(url), openDatabase(url)]);
    try {
      const runs = await sql<{ name: string; times: number }>`select name, count(*) as times from kysely_migration group by name order by name`.execute(servers[0]);
      expect(runs.rows).toEqual(Object.keys(migrations).map((name) => ({ name, times: 1 })));
      // Both handles work on the migrated schema.
      for (const db of servers) expect(await db.selectFrom("themes").select("key").where("key", "=", "housing").execute()).toEqual([{ key: "housing" }]);
    } finally {
      await Promise.all(servers.map((db) => db.destroy()));
    }
  });
});
