import type { Kysely } from "kysely";
import { SECTIONS, type Database } from "../../db/schema";
import { reindexComment, reindexPractice } from "./search.server";

/** Everything the forum holds about a member, as plain data (for "export my data"). */
export async function collectMemberData(db: Kysely<Database>, { userId }: { userId: number }) {
  const [profile, sessions, practices, comments, endorsements, nominations, notifications, audit] = await Promise.all([
    db
      .selectFrom("users")
      .innerJoin("organisations", "organisations.id", "users.organisation_id")
      .select(["users.id", "users.email", "users.display_name as displayName", "users.role", "users.locale", "users.created_at as createdAt", "users.credit_by_organisation_only as creditByOrganisationOnly", "organisations.name as organisation"])
      .where("users.id", "=", userId)
      .executeTakeFirstOrThrow(),
    db.selectFrom("sessions").select(["created_at as createdAt", "last_seen_at as lastSeenAt", "expires_at as expiresAt", "user_agent as userAgent", "ip"]).where("user_id", "=", userId).execute(),
    db
      .selectFrom("practices")
      .select(["id", "slug", "status", "language", "title", "summary", ...SECTIONS.map((s) => `${s}_md` as const), "created_at as createdAt", "updated_at as updatedAt", "published_at as publishedAt"])
      .where("author_id", "=", userId)
      .orderBy("id")
      .execute(),
    db
      .selectFrom("comments")
      .innerJoin("practices", "practices.id", "comments.practice_id")
      .select(["comments.id", "comments.body_md as bodyMd", "comments.created_at as createdAt", "comments.edited_at as editedAt", "comments.deleted_at as deletedAt", "practices.title as practiceTitle", "practices.slug as practiceSlug"])
      .where("comments.author_id", "=", userId)
      .orderBy("comments.id")
      .execute(),
    db.selectFrom("endorsements").innerJoin("practices", "practices.id", "endorsements.practice_id").select(["practices.title as practice", "endorsements.note", "endorsements.created_at as createdAt"]).where("user_id", "=", userId).execute(),
    db.selectFrom("nominations").innerJoin("practices", "practices.id", "nominations.practice_id").select(["practices.title as practice", "nominations.reason", "nominations.status", "nominations.created_at as createdAt"]).where("nominator_id", "=", userId).execute(),
    db.selectFrom("notifications").select(["kind", "created_at as createdAt", "read_at as readAt"]).where("user_id", "=", userId).execute(),
    db.selectFrom("audit_log").select(["action", "created_at as createdAt", "ip"]).where((eb) => eb.or([eb("actor_id", "=", userId), eb.and([eb("target_type", "=", "user"), eb("target_id", "=", String(userId))])])).orderBy("created_at").execute(),
  ]);
  return { exportedAt: new Date().toISOString(), profile, sessions, practices, comments, endorsements, nominations, notifications, audit };
}

/**
 * Erasure: the personal data and sessions go at once. Published practices and comments
 * stay, credited to "former member" — unless the member asked for their comments to go
 * too, in which case they become "comment deleted" (replies keep their context). The row
 * itself stays as a scrubbed tombstone so what others wrote keeps its integrity.
 */
export async function eraseMember(db: Kysely<Database>, { userId, deleteComments, now = Date.now() }: { userId: number; deleteComments: boolean; now?: number }) {
  return db.transaction().execute(async (trx) => {
    const practices = await trx.selectFrom("practices").select("id").where("author_id", "=", userId).execute();
    const comments = await trx.selectFrom("comments").select(["id", "practice_id", "deleted_at", "hidden_at"]).where("author_id", "=", userId).execute();
    await trx.updateTable("practices").set({ author_id: null }).where("author_id", "=", userId).execute();
    if (deleteComments) {
      for (const c of comments) {
        if (c.deleted_at === null && c.hidden_at === null) {
          await trx.updateTable("practices").set((eb) => ({ comment_count: eb("comment_count", "-", 1) })).where("id", "=", c.practice_id).execute();
        }
      }
      await trx.updateTable("comments").set({ body_md: "", body_html: "", deleted_at: now }).where("author_id", "=", userId).where("deleted_at", "is", null).execute();
      await trx.deleteFrom("comment_versions").where("comment_id", "in", comments.length ? comments.map((c) => c.id) : [0]).execute();
    }
    await trx.updateTable("comments").set({ author_id: null }).where("author_id", "=", userId).execute();
    const endorsed = await trx.selectFrom("endorsements").select("practice_id").where("user_id", "=", userId).execute();
    for (const e of endorsed) {
      await trx.updateTable("practices").set((eb) => ({ endorsement_count: eb("endorsement_count", "-", 1) })).where("id", "=", e.practice_id).execute();
    }
    await trx.deleteFrom("endorsements").where("user_id", "=", userId).execute();
    await trx.deleteFrom("follows").where("user_id", "=", userId).execute();
    await trx.deleteFrom("notifications").where("user_id", "=", userId).execute();
    await trx.deleteFrom("sessions").where("user_id", "=", userId).execute();
    await trx.deleteFrom("password_resets").where("user_id", "=", userId).execute();
    await trx
      .updateTable("users")
      .set({ email: `erased-${userId}@erased.invalid`, display_name: "", password_hash: "!", locale: null, disabled_at: now, credit_by_organisation_only: 1 })
      .where("id", "=", userId)
      .execute();
    await trx.updateTable("audit_log").set({ ip: "" }).where("actor_id", "=", userId).execute();
    for (const p of practices) await reindexPractice(trx, { practiceId: p.id });
    if (deleteComments) for (const c of comments) await reindexComment(trx, { commentId: c.id });
    return { practices: practices.length, comments: comments.length };
  });
}
