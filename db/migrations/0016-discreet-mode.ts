import type { Kysely } from "kysely";

// Discreet mode (settings): 1 gives this member a neutral tab title and icon on every page
// while signed in, for someone reading on a device others may see.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("users")
    .addColumn("discreet", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("discreet").execute();
}
