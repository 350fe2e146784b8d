import type { KyselyConfig } from "kysely";
import { createKysely, createPostgresKysely, migrateToLatest, openSqlite } from "../../db/client";
import { createDatabase, onPostgres, TEMPLATE, uniqueDatabaseName } from "./postgres";

/**
 * A fresh database with every migration production runs: in memory on SQLite, or, when the
 * suite runs on PostgreSQL, a new database copied from the migrated template.
 */
export async function createTestDb({ log }: { log?: KyselyConfig["log"] } = {}) {
  if (onPostgres) return createPostgresKysely(await createDatabase(uniqueDatabaseName(), { template: TEMPLATE }), { max: 4, log });
  const db = createKysely(openSqlite(":memory:"), { log });
  await migrateToLatest(db);
  return db;
}
