import { sql, type Kysely } from "kysely";
import { engineOf } from "../engine";

// A file on a practice can be flagged like a comment (issue 20): the flags' subject check
// gains 'attachment'. SQLite cannot alter a check, so there the table is made again.
export async function up(db: Kysely<unknown>): Promise<void> {
  await setSubjectTypes(db, ["comment", "practice", "attachment"]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from flags where subject_type = 'attachment'`.execute(db);
  await setSubjectTypes(db, ["comment", "practice"]);
}

async function setSubjectTypes(db: Kysely<unknown>, types: string[]) {
  const allowed = sql.join(types.map((t) => sql.lit(t)));
  if (engineOf(db) === "postgres") {
    await sql`alter table flags drop constraint flags_subject_type_check`.execute(db);
    await sql`alter table flags add constraint flags_subject_type_check check (subject_type in (${allowed}))`.execute(db);
    return;
  }
  // As 0004-discussion made it, but for the check.
  await db.schema
    .createTable("flags_next")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("subject_type", "text", (c) => c.notNull().check(sql`subject_type in (${allowed})`))
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
  await sql`insert into flags_next (id, subject_type, subject_id, reporter_id, reason, note, created_at, resolved_at, resolved_by, resolution, resolution_note)
    select id, subject_type, subject_id, reporter_id, reason, note, created_at, resolved_at, resolved_by, resolution, resolution_note from flags`.execute(db);
  await db.schema.dropTable("flags").execute();
  await db.schema.alterTable("flags_next").renameTo("flags").execute();
  await db.schema.createIndex("flags_open_idx").on("flags").columns(["resolved_at", "created_at"]).execute();
  await db.schema.createIndex("flags_subject_idx").on("flags").columns(["subject_type", "subject_id"]).execute();
}
