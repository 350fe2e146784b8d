import { sql, type Kysely } from "kysely";

// Search entries now carry the stems of their inflected words (app/utils/stem.ts), so
// "प्रशिक्षणहरू" finds "प्रशिक्षण". The index is emptied here; the server refills it on
// start (openAppDatabase), as it does for any database whose index is empty.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`delete from search_index`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from search_index`.execute(db);
}
