import pg from "pg";

/**
 * The throwaway cluster tests/postgres/with-postgres.js started, when the suite runs on
 * PostgreSQL; unset, everything runs on SQLite.
 */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL;
export const onPostgres = Boolean(TEST_POSTGRES_URL);
/** The migrated database every test database is copied from (tests/helpers/global-setup.ts). */
export const TEMPLATE = "px_template";

export function databaseUrl(name: string) {
  if (!TEST_POSTGRES_URL) throw new Error("TEST_POSTGRES_URL is not set: run the suite through tests/postgres/with-postgres.js");
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

let counter = 0;
/** A database name no other test (in this or another worker) uses. */
export function uniqueDatabaseName(prefix = "px_t") {
  return `${prefix}_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Creates (or empties, by dropping it first) a database, copied from `template` if given.
 * Without one it sorts and folds case as English does (ICU's en-US), as a server set up for
 * people usually does: the forum's columns must not depend on it (db/engine.ts, collate "C").
 */
export async function createDatabase(name: string, { template }: { template?: string } = {}) {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
    await client.query(`create database "${name}" ${template ? `template "${template}" strategy file_copy` : "template template0 locale_provider icu icu_locale 'en-US'"}`);
  } finally {
    await client.end();
  }
  return databaseUrl(name);
}
