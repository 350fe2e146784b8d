import { openDatabase } from "../../db/client";
import { ensureSearchIndex } from "../models/search.server";

/** The server's database: opened, migrated, and its search index filled if it is new. */
export async function openAppDatabase(file?: string) {
  const db = await openDatabase(file);
  await ensureSearchIndex(db);
  return db;
}
