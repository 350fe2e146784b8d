import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // Counters kept in the same transaction as the rows they count, so lists sort by them
  // with keyset pagination; hidden_at by moderators, restricted_at while a
  // personal-data flag is open (only the organisation and moderators see it then).
  await db.schema
    .alterTable("practices")
    .addColumn("endorsement_count", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable("practices")
    .addColumn("comment_count", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("practices").addColumn("hidden_at", "integer").execute();
  await db.schema.alterTable("practices").addColumn("hidden_reason", "text").execute();
  await db.schema.alterTable("practices").addColumn("restricted_at", "integer").execute();
  await db.schema.createIndex("practices_list_endorsed_idx").on("practices").columns(["status", "endorsement_count", "id"]).execute();
  await db.schema.createIndex("practices_list_discussed_idx").on("practices").columns(["status", "comment_count", "id"]).execute();

  await db.schema
    .createTable("comments")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("practice_id", "integer", (c) => c.notNull().references("practices.id"))
    .addColumn("parent_id", "integer", (c) => c.references("comments.id"))
    .addColumn("author_id", "integer", (c) => c.references("users.id"))
    .addColumn("body_md", "text", (c) => c.notNull())
    .addColumn("body_html", "text", (c) => c.notNull())
    .addColumn("language", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("edited_at", "integer")
    .addColumn("deleted_at", "integer")
    .addColumn("hidden_at", "integer")
    .addColumn("hidden_by", "integer", (c) => c.references("users.id"))
    .addColumn("hidden_reason", "text")
    .execute();
  await db.schema.createIndex("comments_thread_idx").on("comments").columns(["practice_id", "parent_id", "created_at"]).execute();
  await db.schema.createIndex("comments_parent_idx").on("comments").column("parent_id").execute();
  await db.schema.createIndex("comments_recent_idx").on("comments").column("created_at").execute();

  await db.schema
    .createTable("comment_versions")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("comment_id", "integer", (c) => c.notNull().references("comments.id"))
    .addColumn("body_md", "text", (c) => c.notNull())
    .addColumn("replaced_at", "integer", (c) => c.notNull())
    .addColumn("replaced_by", "integer", (c) => c.references("users.id"))
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema.createIndex("comment_versions_comment_idx").on("comment_versions").column("comment_id").execute();

  await db.schema
    .createTable("endorsements")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("practice_id", "integer", (c) => c.notNull().references("practices.id"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("organisation_id", "integer", (c) => c.notNull().references("organisations.id"))
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("updated_at", "integer", (c) => c.notNull())
    .addUniqueConstraint("endorsements_one_per_member", ["practice_id", "user_id"])
    .execute();
  await db.schema.createIndex("endorsements_recent_idx").on("endorsements").column("created_at").execute();
  await db.schema.createIndex("endorsements_user_idx").on("endorsements").column("user_id").execute();

  await db.schema
    .createTable("follows")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("practice_id", "integer", (c) => c.notNull().references("practices.id"))
    .addColumn("following", "integer", (c) => c.notNull())
    .addColumn("updated_at", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("follows_pk", ["user_id", "practice_id"])
    .execute();
  await db.schema.createIndex("follows_practice_idx").on("follows").columns(["practice_id", "following"]).execute();

  await db.schema
    .createTable("notifications")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("practice_id", "integer", (c) => c.references("practices.id"))
    .addColumn("comment_id", "integer", (c) => c.references("comments.id"))
    .addColumn("actor_id", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("read_at", "integer")
    .execute();
  await db.schema.createIndex("notifications_user_idx").on("notifications").columns(["user_id", "created_at"]).execute();
  await db.schema.createIndex("notifications_unread_idx").on("notifications").columns(["user_id"]).where(sql.ref("read_at"), "is", null).execute();

  await db.schema
    .createTable("flags")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("subject_type", "text", (c) => c.notNull().check(sql`subject_type in ('comment', 'practice')`))
    .addColumn("subject_id", "integer", (c) => c.notNull())
    .addColumn("reporter_id", "integer", (c) => c.references("users.id"))
    .addColumn("reason", "text", (c) => c.notNull().check(sql`reason in ('personal_data', 'harmful', 'off_topic', 'other')`))
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("resolved_at", "integer")
    .addColumn("resolved_by", "integer", (c) => c.references("users.id"))
    .addColumn("resolution", "text", (c) => c.check(sql`resolution in ('hidden', 'edited', 'dismissed')`))
    .addColumn("resolution_note", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema.createIndex("flags_open_idx").on("flags").columns(["resolved_at", "created_at"]).execute();
  await db.schema.createIndex("flags_subject_idx").on("flags").columns(["subject_type", "subject_id"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["flags", "notifications", "follows", "endorsements", "comment_versions", "comments"]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.dropIndex("practices_list_discussed_idx").execute();
  await db.schema.dropIndex("practices_list_endorsed_idx").execute();
  for (const column of ["restricted_at", "hidden_reason", "hidden_at", "comment_count", "endorsement_count"]) {
    await db.schema.alterTable("practices").dropColumn(column).execute();
  }
}
