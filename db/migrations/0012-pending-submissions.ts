import type { Kysely } from "kysely";

// A form sent after the session had ended, kept for 30 minutes so sign-in can give it back
// (app/models/pending-submission.server.ts). Only the SHA-256 of the browser's token is stored.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("pending_submissions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("path", "text", (c) => c.notNull())
    .addColumn("fields", "text", (c) => c.notNull())
    .addColumn("user_id", "integer", (c) => c.references("users.id").onDelete("cascade"))
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("expires_at", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("pending_submissions_expires_at").on("pending_submissions").column("expires_at").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("pending_submissions").execute();
}
