import { createKysely, migrateToLatest, openSqlite } from "../../db/client";

/** A fresh in-memory database with every migration production runs. */
export async function createTestDb() {
  const db = createKysely(openSqlite(":memory:"));
  await migrateToLatest(db);
  return db;
}
