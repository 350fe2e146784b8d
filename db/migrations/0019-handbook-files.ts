import type { Kysely } from "kysely";

// Handbook editions as PDF and EPUB files (docs/decisions/0013-handbook-books.md). A file is
// stored under the key of what it was made from (the edition's text, its entries' pins and
// translations, the paper, the renderer): the same content is never made twice, and a
// change makes a new file. The row is also the queue: queued → preparing → ready | failed.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("handbook_files")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("handbook_id", "integer", (c) => c.notNull().references("handbooks.id"))
    .addColumn("format", "text", (c) => c.notNull())
    // "a4" or "letter" for a PDF, "" for an EPUB.
    .addColumn("paper", "text", (c) => c.notNull())
    .addColumn("content_key", "text", (c) => c.notNull())
    // The forum's origin the book's links point to (part of the key).
    .addColumn("origin", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("requested_at", "integer", (c) => c.notNull())
    .addColumn("started_at", "integer")
    .addColumn("finished_at", "integer")
    // Which server process is making it (host:pid), while preparing.
    .addColumn("worker", "text")
    .addColumn("error", "text")
    .addColumn("size", "integer")
    .addColumn("pages", "integer")
    .addColumn("render_ms", "integer")
    .addColumn("bytes", "blob")
    .addUniqueConstraint("handbook_files_key", ["handbook_id", "format", "paper", "content_key"])
    .execute();
  await db.schema.createIndex("handbook_files_queue_idx").on("handbook_files").columns(["status", "requested_at"]).execute();
  // The licence line on an edition's closing page; "" for the network's default wording.
  await db.schema
    .alterTable("handbooks")
    .addColumn("licence", "text", (c) => c.notNull().defaultTo(""))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("handbooks").dropColumn("licence").execute();
  await db.schema.dropTable("handbook_files").execute();
}
