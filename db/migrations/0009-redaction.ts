import { sql, type Kysely } from "kysely";

// Text that must not travel any more (issue 15 of the penetration test):
// - a revision that held personal data is redacted: its text is blanked for good and it
//   drops out of history, diffs and handbook pins (redacted_at says when);
// - a deleted comment keeps its row for the replies' sake, but not its words: bodies
//   deleted before this migration, and their earlier versions, are blanked now.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("practice_revisions").addColumn("redacted_at", "integer").execute();
  await db.schema
    .alterTable("practice_revisions")
    .addColumn("redacted_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await sql`delete from comment_versions where comment_id in (select id from comments where deleted_at is not null)`.execute(db);
  await sql`update comments set body_md = '', body_html = '' where deleted_at is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("practice_revisions").dropColumn("redacted_by").execute();
  await db.schema.alterTable("practice_revisions").dropColumn("redacted_at").execute();
}
