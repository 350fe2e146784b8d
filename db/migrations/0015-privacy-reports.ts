import type { Kysely } from "kysely";

// What members report about the privacy check (issue 19): a wrong warning or a miss, with
// the passage only (at most 200 characters, never the write-up), for curators to turn into
// corpus items. An erased member's reports go with their account (eraseMember deletes them).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("privacy_reports")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("finding_kind", "text")
    .addColumn("snippet", "text", (c) => c.notNull())
    .addColumn("field", "text")
    .addColumn("language", "text")
    .addColumn("reporter_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("resolved_at", "integer")
    .addColumn("resolved_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await db.schema.createIndex("privacy_reports_open").on("privacy_reports").columns(["resolved_at", "created_at"]).execute();
  await db.schema.createIndex("privacy_reports_reporter").on("privacy_reports").column("reporter_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("privacy_reports").execute();
}
