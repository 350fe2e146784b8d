import { currentMigration, openDatabase, type Db } from "../../db/client";
import { optimizeSearchIndex, rebuildSearchIndex, searchIndexIsMissing } from "../models/search.server";

/** The server's database: opened, migrated, and its search index filled if it is new. */
export async function openAppDatabase(file?: string) {
  const db = await openDatabase(file);
  if (await searchIndexIsMissing(db)) {
    await db.transaction().execute((trx) => rebuildSearchIndex(trx));
    await optimizeSearchIndex(db);
  }
  return db;
}

/** The schema's version (the last migration applied), for the health check. */
export function schemaVersion(db: Db) {
  return currentMigration(db);
}
