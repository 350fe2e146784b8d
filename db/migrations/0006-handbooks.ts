import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // An author may ask to be credited by their organisation only in printed handbooks.
  await db.schema
    .alterTable("users")
    .addColumn("credit_by_organisation_only", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable("handbooks")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("edition", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("intro_md", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("intro_html", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('draft', 'review', 'published')`))
    // Editions of one handbook in other languages share a group (the first one's id).
    .addColumn("language_group_id", "integer")
    .addColumn("previous_edition_id", "integer", (c) => c.references("handbooks.id"))
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("updated_at", "integer", (c) => c.notNull())
    .addColumn("published_at", "integer")
    .execute();

  await db.schema
    .createTable("handbook_chapters")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("handbook_id", "integer", (c) => c.notNull().references("handbooks.id"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("intro_md", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("intro_html", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema.createIndex("handbook_chapters_order_idx").on("handbook_chapters").columns(["handbook_id", "position"]).execute();

  await db.schema
    .createTable("handbook_entries")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("chapter_id", "integer", (c) => c.notNull().references("handbook_chapters.id"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("practice_id", "integer", (c) => c.notNull().references("practices.id"))
    .addColumn("revision_number", "integer", (c) => c.notNull())
    .addColumn("curator_note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("added_by", "integer", (c) => c.references("users.id"))
    .addColumn("added_at", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("handbook_entries_order_idx").on("handbook_entries").columns(["chapter_id", "position"]).execute();
  await db.schema.createIndex("handbook_entries_practice_idx").on("handbook_entries").column("practice_id").execute();

  await db.schema
    .createTable("nominations")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("practice_id", "integer", (c) => c.notNull().references("practices.id"))
    // null: "the next handbook".
    .addColumn("handbook_id", "integer", (c) => c.references("handbooks.id"))
    .addColumn("nominator_id", "integer", (c) => c.references("users.id"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('open', 'accepted', 'declined')`))
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("decided_by", "integer", (c) => c.references("users.id"))
    .addColumn("decided_at", "integer")
    .addColumn("decision_note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("entry_id", "integer", (c) => c.references("handbook_entries.id"))
    .execute();
  await db.schema.createIndex("nominations_status_idx").on("nominations").columns(["status", "created_at"]).execute();
  await db.schema.createIndex("nominations_practice_idx").on("nominations").column("practice_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["nominations", "handbook_entries", "handbook_chapters", "handbooks"]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable("users").dropColumn("credit_by_organisation_only").execute();
}
