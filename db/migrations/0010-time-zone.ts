import type { Kysely } from "kysely";

// The member's time zone (an IANA name such as "Asia/Kathmandu"), chosen in settings.
// Null until chosen: the server then guesses from the browser, else the organisation's country.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("users").addColumn("time_zone", "text").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("time_zone").execute();
}
