import { currentMigration, databaseTarget, describeTarget, inTransaction, isPostgresUrl, openDatabase, poolSize, type Db } from "../../db/client";
import { optimizeSearchIndex, rebuildSearchIndex, searchIndexIsMissing } from "../models/search.server";

/** Transactions, for actions and form submissions (retried on PostgreSQL when they lose a race). */
export { inTransaction };
/** For server.js: where the data is, and how its log names it. */
export { databaseTarget, describeTarget, isPostgresUrl, poolSize };

/** The server's database: opened, migrated, and its search index filled if it is new. */
export async function openAppDatabase(target?: string) {
  const db = await openDatabase(target);
  if (await searchIndexIsMissing(db)) {
    await inTransaction(db, (trx) => rebuildSearchIndex(trx));
    await optimizeSearchIndex(db);
  }
  return db;
}

/** The schema's version (the last migration applied), for the health check. */
export function schemaVersion(db: Db) {
  return currentMigration(db);
}
