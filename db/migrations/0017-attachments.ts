import type { Kysely } from "kysely";

// Files a practice carries (docs/decisions/0012-files-in-the-database.md). The bytes are
// rows of their own (SQLite blobs, PostgreSQL bytea), so every backup, restore, db:copy,
// export and erasure that reads the database reads them too.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("attachments")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    // Null while the upload waits for its practice to be saved (then only its uploader sees it).
    .addColumn("practice_id", "integer", (c) => c.references("practices.id"))
    .addColumn("uploader_id", "integer", (c) => c.references("users.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("alt", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("consent", "text")
    .addColumn("width", "integer")
    .addColumn("height", "integer")
    .addColumn("thumb_width", "integer")
    .addColumn("thumb_height", "integer")
    // A document's text, for the privacy check before publishing; blanked when removed for good.
    .addColumn("text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("replaces_id", "integer")
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("attached_at", "integer")
    // No longer on the practice; earlier revisions that had it still list it.
    .addColumn("removed_at", "integer")
    .addColumn("removed_by", "integer", (c) => c.references("users.id"))
    .addColumn("hidden_at", "integer")
    .addColumn("hidden_by", "integer", (c) => c.references("users.id"))
    .addColumn("hidden_reason", "text")
    // Removed for good: its bytes are gone; the row stays for the revisions that name it.
    .addColumn("purged_at", "integer")
    .addColumn("purged_by", "integer", (c) => c.references("users.id"))
    .execute();
  await db.schema.createIndex("attachments_practice_idx").on("attachments").columns(["practice_id", "position"]).execute();
  await db.schema.createIndex("attachments_uploader_idx").on("attachments").columns(["uploader_id", "created_at"]).execute();

  await db.schema
    .createTable("attachment_files")
    .addColumn("attachment_id", "integer", (c) => c.notNull().references("attachments.id"))
    .addColumn("variant", "text", (c) => c.notNull())
    .addColumn("mime", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("etag", "text", (c) => c.notNull())
    .addColumn("bytes", "blob", (c) => c.notNull())
    .addPrimaryKeyConstraint("attachment_files_pk", ["attachment_id", "variant"])
    .execute();

  await db.schema
    .createTable("revision_attachments")
    .addColumn("revision_id", "integer", (c) => c.notNull().references("practice_revisions.id"))
    .addColumn("attachment_id", "integer", (c) => c.notNull().references("attachments.id"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("revision_attachments_pk", ["revision_id", "attachment_id"])
    .execute();
  await db.schema.createIndex("revision_attachments_attachment_idx").on("revision_attachments").column("attachment_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("revision_attachments").execute();
  await db.schema.dropTable("attachment_files").execute();
  await db.schema.dropTable("attachments").execute();
}
