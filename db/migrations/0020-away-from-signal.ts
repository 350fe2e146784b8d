import type { Kysely } from "kysely";

// Away from a signal (issue 22): saved items (read offline by the service worker), what a
// member follows for the weekly digest, the digest's deliveries (exactly once per member and
// week), the forum's own settings, and a lease so one process per database runs the schedule.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("saved_items")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    // Exactly one of the two is set.
    .addColumn("practice_id", "integer", (c) => c.references("practices.id"))
    .addColumn("handbook_id", "integer", (c) => c.references("handbooks.id"))
    // The member's order on the Saved page (and for the offline budget): smaller first.
    .addColumn("position", "integer", (c) => c.notNull())
    // The practice's revision when it was saved ("updated since you saved it").
    .addColumn("revision_number", "integer")
    .addColumn("saved_at", "integer", (c) => c.notNull())
    .addUniqueConstraint("saved_items_practice", ["user_id", "practice_id"])
    .addUniqueConstraint("saved_items_handbook", ["user_id", "handbook_id"])
    .execute();
  await db.schema.createIndex("saved_items_user_idx").on("saved_items").columns(["user_id", "position"]).execute();

  await db.schema
    .createTable("topic_follows")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    // "theme" (a theme key) or "country" (ISO 3166 alpha-2).
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("topic_follows_pk", ["user_id", "kind", "value"])
    .execute();

  // null: the administrator's default (site_settings "digest.default"); else "weekly" or "never".
  await db.schema.alterTable("users").addColumn("digest", "text").execute();
  // When the member last used the forum (a sign-in, or a session seen): "signed in during the past week".
  await db.schema.alterTable("users").addColumn("last_seen_at", "integer").execute();

  await db.schema
    .createTable("site_settings")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("updated_at", "integer", (c) => c.notNull())
    .addColumn("updated_by", "integer", (c) => c.references("users.id"))
    .execute();

  await db.schema
    .createTable("digest_deliveries")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    // The Monday the week covered began, "2026-11-23" (app/domain/digest.ts digestPeriod).
    .addColumn("period", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "integer", (c) => c.notNull())
    // host:pid of the process sending it, and since when.
    .addColumn("claimed_by", "text")
    .addColumn("claimed_at", "integer")
    .addColumn("sent_at", "integer")
    .addColumn("skip_reason", "text")
    .addColumn("error", "text")
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addUniqueConstraint("digest_deliveries_once", ["user_id", "period"])
    .execute();
  await db.schema.createIndex("digest_deliveries_queue_idx").on("digest_deliveries").columns(["status", "next_attempt_at"]).execute();

  await db.schema
    .createTable("scheduler_leases")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("holder", "text", (c) => c.notNull())
    .addColumn("expires_at", "integer", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("scheduler_leases").execute();
  await db.schema.dropTable("digest_deliveries").execute();
  await db.schema.dropTable("site_settings").execute();
  await db.schema.alterTable("users").dropColumn("last_seen_at").execute();
  await db.schema.alterTable("users").dropColumn("digest").execute();
  await db.schema.dropTable("topic_follows").execute();
  await db.schema.dropTable("saved_items").execute();
}
