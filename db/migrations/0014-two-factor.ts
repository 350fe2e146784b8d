import type { Kysely } from "kysely";

// Two-factor sign-in (app/models/two-factor.server.ts): one TOTP secret per member, ten
// single-use recovery codes stored as SHA-256 digests, and on each session whether its
// second factor was given and when the password was last typed (recent sign-in).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("two_factor_secrets")
    .addColumn("user_id", "integer", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("secret", "text", (c) => c.notNull())
    .addColumn("enrolled_at", "integer")
    .addColumn("last_used_step", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "integer", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("two_factor_recovery_codes")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("used_at", "integer")
    .execute();
  await db.schema.createIndex("two_factor_recovery_codes_user").on("two_factor_recovery_codes").columns(["user_id", "code_hash"]).execute();
  // Sessions opened before this migration were opened with the password alone, which was
  // all there was: they count as verified, and their password as typed long ago.
  await db.schema
    .alterTable("sessions")
    .addColumn("second_factor_verified", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable("sessions")
    .addColumn("confirmed_at", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("sessions").dropColumn("confirmed_at").execute();
  await db.schema.alterTable("sessions").dropColumn("second_factor_verified").execute();
  await db.schema.dropTable("two_factor_recovery_codes").execute();
  await db.schema.dropTable("two_factor_secrets").execute();
}
