import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { CompiledQuery, Kysely, sql, Migrator, PostgresDialect, SqliteDialect, type DatabaseConnection, type Driver, type KyselyConfig, type MigrationResultSet, type Transaction } from "kysely";
import pg from "pg";
import { isPostgresUrl, PostgresSchemaPlugin } from "./engine";
import { migrations } from "./migrations/index";
import type { Database } from "./schema";

export { engineOf, isPostgresUrl, type Engine } from "./engine";

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

/**
 * PostgreSQL's bigint (SQLite's integer: ids, counters, epoch-millisecond times) and the
 * numeric that sum() returns come back as numbers, as SQLite gives them, not as strings.
 * Every value the forum stores is far below 2^53.
 */
const NUMBER_TYPES = new Set([pg.types.builtins.INT8, pg.types.builtins.NUMERIC]);
const pgTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => (NUMBER_TYPES.has(oid) && format !== "binary" ? Number : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser,
};

/**
 * Every transaction is SERIALIZABLE: PostgreSQL then guarantees what SQLite's single
 * writer (BEGIN IMMEDIATE) did, that a transaction which read and then wrote acts as if
 * it ran alone; one that lost a race fails with a serialization failure, and
 * `inTransaction` runs it again (docs/decisions/0009).
 */
class SerializablePostgresDialect extends PostgresDialect {
  createDriver(): Driver {
    const driver = super.createDriver();
    const begin = driver.beginTransaction.bind(driver);
    driver.beginTransaction = async (connection, settings) => {
      if (settings.isolationLevel || settings.accessMode) return begin(connection, settings);
      await connection.executeQuery(CompiledQuery.raw("start transaction isolation level serializable"));
    };
    const acquire = driver.acquireConnection.bind(driver);
    driver.acquireConnection = async () => withoutNulParameters(await acquire());
    return driver;
  }
}

const NUL = "\u0000";
const patched = new WeakSet<DatabaseConnection>();
/**
 * PostgreSQL's text cannot hold a NUL, where SQLite's can; a NUL in a query (a path or a
 * search typed by hand: forms drop it already, app/utils/forms.ts) becomes U+FFFD, so the
 * query finds nothing rather than failing, as it finds nothing on SQLite.
 */
function withoutNulParameters(connection: DatabaseConnection) {
  if (patched.has(connection)) return connection;
  patched.add(connection);
  const execute = connection.executeQuery.bind(connection);
  connection.executeQuery = (query) =>
    execute(
      query.parameters.some((p) => typeof p === "string" && p.includes(NUL)) ? { ...query, parameters: query.parameters.map((p) => (typeof p === "string" ? p.replaceAll(NUL, "\ufffd") : p)) } : query,
    );
  return connection;
}

/** Connections each server process keeps to PostgreSQL (DATABASE_POOL_SIZE, default 10). */
export function poolSize(env: NodeJS.ProcessEnv = process.env) {
  const size = Number(env.DATABASE_POOL_SIZE || 10);
  if (!Number.isInteger(size) || size < 1) throw new Error(`DATABASE_POOL_SIZE must be a whole number of connections, 1 or more (it is "${env.DATABASE_POOL_SIZE}").`);
  return size;
}

export function createPostgresKysely(url: string, { log, max = poolSize() }: { log?: KyselyConfig["log"]; max?: number } = {}): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max, types: pgTypes, idleTimeoutMillis: 10_000, allowExitOnIdle: true });
  // A connection the server dropped (a restart, a failover) is replaced on the next query; it must not end the process.
  pool.on("error", () => {});
  pool.on("connect", preparedByName);
  return new Kysely<Database>({ dialect: new SerializablePostgresDialect({ pool }), plugins: [new PostgresSchemaPlugin()], log });
}

/**
 * Kysely sends every query unnamed, so PostgreSQL parses and plans it afresh each time. The
 * first STATEMENT_NAMES distinct queries a process sends (the forum has a few hundred; a
 * list of ids makes a new one per length) get a name instead, and each connection prepares
 * them once: the practice page's p50 under load went from 76 to 49 ms (npm run bench).
 * A prepared statement may keep a plan made while a table was small; PostgreSQL plans it
 * again once the table's statistics change (autovacuum's analyze, or analyze after db:copy).
 */
const STATEMENT_NAMES = 2_000;
const statementNames = new Map<string, string>();
function preparedByName(client: pg.PoolClient) {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (text: unknown, values?: unknown[]) => {
    if (typeof text !== "string" || !Array.isArray(values)) return query(text, values);
    let name = statementNames.get(text);
    if (name === undefined && statementNames.size < STATEMENT_NAMES) statementNames.set(text, (name = `px${statementNames.size}`));
    return name === undefined ? query(text, values) : query({ name, text, values });
  };
}

/** SQLSTATEs after which PostgreSQL asks the transaction to be tried again. */
const RETRYABLE = new Set(["40001", "40P01"]); // serialization_failure, deadlock_detected
const ATTEMPTS = 12;
/** The session-level advisory lock a transaction that lost once waits for before it begins again. */
const RETRY_LOCK = 1885435255;

function isRetryable(error: unknown) {
  return typeof error === "object" && error !== null && RETRYABLE.has((error as { code?: string }).code ?? "");
}

/** Retries in this process wait here, holding no connection, so only one at a time holds one while it waits for RETRY_LOCK. */
let retryQueue: Promise<unknown> = Promise.resolve();

/**
 * Runs `fn` in one transaction, the only way the forum opens one. On PostgreSQL a
 * transaction that lost a race with another (a serialization failure, a deadlock) is run
 * again from the start, after a short random pause, so a member never sees it; `fn` must
 * therefore only read and write the database through its `trx` (send e-mail after it
 * returns).
 *
 * Run again, it first waits its turn behind the others that lost, in every process: it
 * takes an advisory lock on its connection before BEGIN, so its snapshot is taken once the
 * one before it has committed. Without that, writers on one busy row (a practice's
 * counters) lose to each other round after round: in the 50-writer stress test about one
 * request in six ran out of attempts; with it none did (docs/decisions/0009). Within a
 * process the retries queue without a connection, so they never take a worker's pool.
 */
export async function inTransaction<T>(db: Kysely<Database>, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      if (attempt === 1) return await db.transaction().execute(fn);
      const turn = retryQueue.then(() =>
        db.connection().execute(async (connection) => {
          await sql`select pg_advisory_lock(${RETRY_LOCK})`.execute(connection);
          try {
            return await connection.transaction().execute(fn);
          } finally {
            await sql`select pg_advisory_unlock(${RETRY_LOCK})`.execute(connection).catch(() => undefined);
          }
        }),
      );
      retryQueue = turn.catch(() => undefined);
      return await turn;
    } catch (error) {
      if (!isRetryable(error) || attempt >= ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * 2 ** Math.min(attempt, 6)));
    }
  }
}

export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}

/** Where the forum's data is: DATABASE_URL (PostgreSQL) when set, else the SQLite file DATABASE_PATH. */
export function databaseTarget(env: NodeJS.ProcessEnv = process.env) {
  return env.DATABASE_URL || env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
}

/** The database as a log line may name it: a SQLite path, or a URL without its password (nor its query string, which may carry one). */
export function describeTarget(target: string) {
  if (!isPostgresUrl(target)) return target;
  try {
    const url = new URL(target);
    if (url.password) url.password = "***";
    url.search = "";
    return url.toString();
  } catch {
    return "DATABASE_URL (not a URL that could be read)";
  }
}

/** A handle on a `postgres://` URL or a SQLite file path, not yet migrated. */
export function connect(target: string, options: { log?: KyselyConfig["log"] } = {}): Kysely<Database> {
  return isPostgresUrl(target) ? createPostgresKysely(target, options) : createKysely(openSqlite(target), options);
}

/**
 * Opens the database (a `postgres://` URL, or a SQLite file it creates), runs pending
 * migrations and returns the Kysely handle. Servers starting at once against one
 * PostgreSQL migrate once: Kysely's migrator holds an advisory lock while it runs.
 */
export async function openDatabase(target: string = databaseTarget()) {
  const db = connect(target);
  await migrateToLatest(db);
  return db;
}

export async function currentMigration(db: Kysely<Database>): Promise<string | null> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const applied = (await migrator.getMigrations()).filter((m) => m.executedAt);
  return applied.at(-1)?.name ?? null;
}
