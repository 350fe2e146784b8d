import { sql, type Kysely } from "kysely";

// Who reads a practice (issue 19): its organisation, one group of organisations, or all
// members. Groups are defined by administrators; removing one is soft, because the practices
// narrowed to it still name it (they fall back to their own organisation's readers).
// A withdrawn practice leaves every path at once; withdrawn_reason is for its organisation,
// the audit log records who and why without the text.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("organisation_groups")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("updated_at", "integer", (c) => c.notNull())
    .addColumn("deleted_at", "integer")
    .execute();
  await db.schema
    .createTable("organisation_group_members")
    .addColumn("group_id", "integer", (c) => c.notNull().references("organisation_groups.id").onDelete("cascade"))
    .addColumn("organisation_id", "integer", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("added_at", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("organisation_group_members_pk", ["group_id", "organisation_id"])
    .execute();
  await db.schema.createIndex("organisation_group_members_organisation").on("organisation_group_members").columns(["organisation_id", "group_id"]).execute();

  await db.schema
    .alterTable("practices")
    .addColumn("audience", "text", (c) =>
      c
        .notNull()
        .defaultTo("all")
        .check(sql`audience in ('organisation', 'group', 'all')`),
    )
    .execute();
  await db.schema
    .alterTable("practices")
    .addColumn("audience_group_id", "integer", (c) => c.references("organisation_groups.id").onDelete("set null"))
    .execute();
  // Whose members "its organisation" means: the practice's own, or for a translation its
  // original's, so that narrowing an original narrows a translation another organisation made.
  await db.schema.alterTable("practices").addColumn("audience_organisation_id", "integer").execute();
  await sql`update practices set audience_organisation_id = coalesce((select s.organisation_id from practices s where s.id = practices.source_practice_id), organisation_id)`.execute(db);
  await db.schema.alterTable("practices").addColumn("withdrawn_at", "integer").execute();
  await db.schema
    .alterTable("practices")
    .addColumn("withdrawn_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await db.schema.alterTable("practices").addColumn("withdrawn_reason", "text").execute();
  // Whether any practice is narrowed at all (search skips the audience join while none is), and a group's practices.
  await db.schema.createIndex("practices_audience").on("practices").columns(["audience", "audience_group_id"]).execute();

  await db.schema
    .alterTable("organisations")
    .addColumn("default_audience", "text", (c) =>
      c
        .notNull()
        .defaultTo("all")
        .check(sql`default_audience in ('organisation', 'group', 'all')`),
    )
    .execute();
  // No foreign key: organisations → groups → users (created_by) → organisations would be a
  // cycle db:copy cannot order. A removed or left group falls back to "all" (defaultAudienceOf).
  await db.schema.alterTable("organisations").addColumn("default_group_id", "integer").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("organisations").dropColumn("default_group_id").execute();
  await db.schema.alterTable("organisations").dropColumn("default_audience").execute();
  await db.schema.dropIndex("practices_audience").execute();
  for (const column of ["withdrawn_reason", "withdrawn_by", "withdrawn_at", "audience_organisation_id", "audience_group_id", "audience"]) {
    await db.schema.alterTable("practices").dropColumn(column).execute();
  }
  await db.schema.dropTable("organisation_group_members").execute();
  await db.schema.dropTable("organisation_groups").execute();
}
