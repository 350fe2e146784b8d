import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("invitations")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("organisation_id", "integer", (c) => c.notNull().references("organisations.id"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('member', 'coordinator', 'curator', 'admin')`))
    .addColumn("locale", "text", (c) => c.notNull().defaultTo("en"))
    .addColumn("invited_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("expires_at", "integer", (c) => c.notNull())
    .addColumn("accepted_at", "integer")
    .addColumn("accepted_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("revoked_at", "integer")
    .execute();
  await db.schema.createIndex("invitations_organisation_idx").on("invitations").column("organisation_id").execute();

  await db.schema
    .createTable("password_resets")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("expires_at", "integer", (c) => c.notNull())
    .addColumn("used_at", "integer")
    .execute();
  await db.schema.createIndex("password_resets_user_idx").on("password_resets").column("user_id").execute();

  await db.schema
    .createTable("rate_limits")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("window_started_at", "integer", (c) => c.notNull())
    .addColumn("locked_until", "integer")
    .execute();

  await db.schema.createIndex("audit_log_actor_idx").on("audit_log").columns(["actor_id", "created_at"]).execute();
  await db.schema.createIndex("audit_log_action_idx").on("audit_log").columns(["action", "created_at"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("audit_log_action_idx").execute();
  await db.schema.dropIndex("audit_log_actor_idx").execute();
  for (const table of ["rate_limits", "password_resets", "invitations"]) {
    await db.schema.dropTable(table).execute();
  }
}
