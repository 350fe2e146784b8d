import { sql, type Kysely } from "kysely";

// Search entries get new rowids: every practice's above every comment's, newest highest
// within each (app/models/search.server.ts), so a common word is ranked among the newest
// matches instead of all of them. The index is emptied here; the server refills it on
// start (openAppDatabase), as it does for any database whose index is empty.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`delete from search_index`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from search_index`.execute(db);
}
