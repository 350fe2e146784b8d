import { sql, type Kysely } from "kysely";

/** The fixed taxonomy (docs/product.md, Themes); labels live in the message catalogues as theme.<key>. */
const THEMES = [
  "outreach",
  "basic-needs",
  "health",
  "mental-health",
  "housing",
  "justice",
  "formal-education",
  "non-formal-education",
  "vocational-training",
  "income-generation",
  "job-placement",
  "peer-support",
  "children-families",
  "community-prevention",
  "advocacy",
];

const SECTION_COLUMNS = ["context", "approach", "resources", "outcomes", "lessons", "adapt"];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("themes")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("position", "integer", (c) => c.notNull())
    .execute();
  await db
    .insertInto("themes" as never)
    .values(THEMES.map((key, position) => ({ key, position })) as never)
    .execute();

  let practices = db.schema
    .createTable("practices")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("organisation_id", "integer", (c) => c.notNull().references("organisations.id"))
    .addColumn("author_id", "integer", (c) => c.references("users.id"))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('draft', 'published', 'archived')`))
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("source_practice_id", "integer", (c) => c.references("practices.id"))
    .addColumn("source_revision", "integer")
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull().defaultTo(""));
  for (const column of SECTION_COLUMNS) {
    practices = practices.addColumn(`${column}_md`, "text", (c) => c.notNull().defaultTo("")).addColumn(`${column}_html`, "text", (c) => c.notNull().defaultTo(""));
  }
  await practices
    .addColumn("current_revision", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("updated_at", "integer", (c) => c.notNull())
    .addColumn("published_at", "integer")
    .addColumn("archived_at", "integer")
    .execute();
  await db.schema.createIndex("practices_list_published_idx").on("practices").columns(["status", "published_at", "id"]).execute();
  await db.schema.createIndex("practices_list_updated_idx").on("practices").columns(["status", "updated_at", "id"]).execute();
  await db.schema.createIndex("practices_organisation_idx").on("practices").columns(["organisation_id", "status"]).execute();
  await db.schema.createIndex("practices_author_idx").on("practices").columns(["author_id", "status"]).execute();
  await db.schema.createIndex("practices_source_idx").on("practices").column("source_practice_id").execute();

  await db.schema
    .createTable("practice_themes")
    .addColumn("practice_id", "integer", (c) => c.notNull().references("practices.id").onDelete("cascade"))
    .addColumn("theme_key", "text", (c) => c.notNull().references("themes.key"))
    .addPrimaryKeyConstraint("practice_themes_pk", ["practice_id", "theme_key"])
    .execute();
  await db.schema.createIndex("practice_themes_theme_idx").on("practice_themes").columns(["theme_key", "practice_id"]).execute();

  await db.schema
    .createTable("practice_countries")
    .addColumn("practice_id", "integer", (c) => c.notNull().references("practices.id").onDelete("cascade"))
    .addColumn("country", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("practice_countries_pk", ["practice_id", "country"])
    .execute();
  await db.schema.createIndex("practice_countries_country_idx").on("practice_countries").columns(["country", "practice_id"]).execute();

  let revisions = db.schema
    .createTable("practice_revisions")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("practice_id", "integer", (c) => c.notNull().references("practices.id"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("editor_id", "integer", (c) => c.references("users.id"))
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull().defaultTo(""));
  for (const column of SECTION_COLUMNS) {
    revisions = revisions.addColumn(`${column}_md`, "text", (c) => c.notNull().defaultTo("")).addColumn(`${column}_html`, "text", (c) => c.notNull().defaultTo(""));
  }
  await revisions
    .addColumn("source_revision", "integer")
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addUniqueConstraint("practice_revisions_number_unique", ["practice_id", "number"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["practice_revisions", "practice_countries", "practice_themes", "practices", "themes"]) {
    await db.schema.dropTable(table).execute();
  }
}
