import { createPostgresKysely, migrateToLatest } from "../../db/client";
import { createDatabase, onPostgres, TEMPLATE } from "./postgres";

/** On PostgreSQL: migrates the template every test database is copied from, once per run. */
export default async function setup() {
  if (!onPostgres) return;
  const db = createPostgresKysely(await createDatabase(TEMPLATE), { max: 1 });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}
