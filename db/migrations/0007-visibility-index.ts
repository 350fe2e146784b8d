import type { Kysely } from "kysely";

// Practice rows are wide (every section twice) and the visibility columns were appended
// last, so checking visibility row by row read overflow pages. This covering index
// answers "is it visible, whose, which language" without touching the row.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex("practices_visibility_idx").on("practices").columns(["id", "status", "hidden_at", "restricted_at", "organisation_id", "language"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("practices_visibility_idx").execute();
}
