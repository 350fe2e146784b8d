import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { CompiledQuery, Kysely, Migrator, SqliteDialect, type Driver, type KyselyConfig, type MigrationResultSet, type Transaction } from "kysely";
import { migrations } from "./migrations/index";
import type { Database } from "./schema";

/** What every model function runs on: the database, or the transaction its caller opened. */
export type Db = Kysely<Database> | Transaction<Database>;

export const DEFAULT_DATABASE_PATH = "data/practice-exchange.sqlite";

export function openSqlite(file: string): SQLite.Database {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  return sqlite;
}

/**
 * Kysely prepares every query afresh; preparing is a good share of a short query's cost,
 * so prepared statements are kept by their SQL (bounded: cleared when it grows large).
 */
function withStatementCache(sqlite: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  return new Proxy(sqlite, {
    get(target, property, receiver) {
      if (property !== "prepare") {
        const value = Reflect.get(target, property, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      }
      return (source: string) => {
        let statement = cache.get(source);
        if (!statement) {
          if (cache.size >= 1_000) cache.clear();
          statement = prepare(source);
          cache.set(source, statement);
        }
        return statement;
      };
    },
  });
}

/**
 * Transactions take the write lock when they begin (BEGIN IMMEDIATE), waiting for it up to
 * the busy timeout. With a plain BEGIN, a transaction that read first and writes second
 * fails at once with SQLITE_BUSY when another process (the server runs one per core)
 * wrote in between: SQLite cannot wait there without breaking the snapshot it read.
 */
class WriteLockingSqliteDialect extends SqliteDialect {
  createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection) => {
      await connection.executeQuery(CompiledQuery.raw("begin immediate"));
    };
    return driver;
  }
}

export function createKysely(sqlite: SQLite.Database, { log }: { log?: KyselyConfig["log"] } = {}): Kysely<Database> {
  return new Kysely<Database>({ dialect: new WriteLockingSqliteDialect({ database: withStatementCache(sqlite) }), log });
}

export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}

/** Opens (or creates) the database file, runs pending migrations and returns the Kysely handle. */
export async function openDatabase(file: string = process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH) {
  const db = createKysely(openSqlite(file));
  await migrateToLatest(db);
  return db;
}

export async function currentMigration(db: Kysely<Database>): Promise<string | null> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const applied = (await migrator.getMigrations()).filter((m) => m.executedAt);
  return applied.at(-1)?.name ?? null;
}
