import { sql, type RawBuilder } from "kysely";
import { discardBookFilesOfPractices } from "./handbook-file.server";
import { erasePrivacyReportsOf, listPrivacyReportsOf } from "./privacy-report.server";
import type { Db } from "../../db/client";
import { SECTIONS } from "../domain/practice";
import { exportedAttachments } from "./attachment.server";
import { inAudienceOfUser, notHeldBack } from "./audience.server";
import { forgetRateLimitsForAccount } from "./rate-limit.server";
import { reindexComment, reindexPractice } from "./search.server";

/**
 * Everything the forum holds about a member, as plain data (for "export my data"). The
 * practices their comments, endorsements and nominations belong to are named only while
 * those are open to every member (or are their own organisation's): a title is not theirs.
 */
export async function collectMemberData(db: Db, { userId }: { userId: number }) {
  const whileOpen = (column: "practices.title" | "practices.slug") =>
    sql<
      string | null
    >`case when practices.withdrawn_at is null and ((${notHeldBack()} and ${inAudienceOfUser(sql.lit(userId))}) or practices.organisation_id = (select organisation_id from users where id = ${userId})) then ${sql.ref(column)} end`;
  const [profile, sessions, practices, comments, endorsements, nominations, notifications, audit] = await Promise.all([
    db
      .selectFrom("users")
      .innerJoin("organisations", "organisations.id", "users.organisation_id")
      .select([
        "users.id",
        "users.email",
        "users.display_name as displayName",
        "users.role",
        "users.locale",
        "users.created_at as createdAt",
        "users.credit_by_organisation_only as creditByOrganisationOnly",
        "users.discreet",
        // The weekly e-mail: "weekly", "never", or null for the forum's default.
        "users.digest",
        "users.last_seen_at as lastSeenAt",
        "organisations.name as organisation",
      ])
      .where("users.id", "=", userId)
      .executeTakeFirstOrThrow(),
    db.selectFrom("sessions").select(["created_at as createdAt", "last_seen_at as lastSeenAt", "expires_at as expiresAt", "user_agent as userAgent", "ip"]).where("user_id", "=", userId).execute(),
    db
      .selectFrom("practices")
      .select(["id", "slug", "status", "language", "title", "summary", ...SECTIONS.map((s) => `${s}_md` as const), "created_at as createdAt", "updated_at as updatedAt", "published_at as publishedAt"])
      .where("author_id", "=", userId)
      // A withdrawn write-up travels nowhere, not even in its author's export.
      .where("withdrawn_at", "is", null)
      .orderBy("id")
      .execute(),
    db
      .selectFrom("comments")
      .innerJoin("practices", "practices.id", "comments.practice_id")
      .select([
        "comments.id",
        "comments.body_md as bodyMd",
        "comments.created_at as createdAt",
        "comments.edited_at as editedAt",
        "comments.deleted_at as deletedAt",
        whileOpen("practices.title").as("practiceTitle"),
        whileOpen("practices.slug").as("practiceSlug"),
      ])
      .where("comments.author_id", "=", userId)
      .orderBy("comments.id")
      .execute(),
    db
      .selectFrom("endorsements")
      .innerJoin("practices", "practices.id", "endorsements.practice_id")
      .select([whileOpen("practices.title").as("practice"), "endorsements.note", "endorsements.created_at as createdAt"])
      .where("user_id", "=", userId)
      .orderBy("endorsements.id")
      .execute(),
    db
      .selectFrom("nominations")
      .innerJoin("practices", "practices.id", "nominations.practice_id")
      .select([whileOpen("practices.title").as("practice"), "nominations.reason", "nominations.status", "nominations.created_at as createdAt"])
      .where("nominator_id", "=", userId)
      .orderBy("nominations.id")
      .execute(),
    db.selectFrom("notifications").select(["kind", "created_at as createdAt", "read_at as readAt"]).where("user_id", "=", userId).orderBy("id").execute(),
    db
      .selectFrom("audit_log")
      .select(["action", "created_at as createdAt", "ip", "actor_id as actorId"])
      .where((eb) => eb.or([eb("actor_id", "=", userId), eb.and([eb("target_type", "=", "user"), eb("target_id", "=", String(userId))])]))
      .orderBy("created_at")
      .orderBy("id")
      .execute(),
  ]);
  // An entry about the member that someone else made (an administrator, a stranger
  // guessing their password) keeps its address out of the member's hands: it is not theirs.
  const ownAudit = audit.map(({ actorId, ip, ...entry }) => ({ ...entry, ip: actorId === userId ? ip : null }));
  const privacyReports = await listPrivacyReportsOf(db, { userId });
  const attachments = await listMemberAttachments(db, { userId });
  const { saved, followedTopics, digests } = await collectSavedAndDigest(db, { userId, whileOpen });
  const glossary = await collectGlossaryWork(db, { userId });
  return {
    exportedAt: new Date().toISOString(),
    profile,
    sessions,
    practices,
    comments,
    endorsements,
    nominations,
    notifications,
    privacyReports,
    attachments,
    saved,
    followedTopics,
    digests,
    glossary,
    audit: ownAudit,
  };
}

/**
 * Saved for later and the weekly e-mail (issue 22): what the member saved, in their order
 * (a practice named only while it is open to them, an edition while it is published), the
 * themes and countries they follow, and which weeks' e-mails were sent or skipped.
 */
async function collectSavedAndDigest(db: Db, { userId, whileOpen }: { userId: number; whileOpen: (column: "practices.title" | "practices.slug") => RawBuilder<string | null> }) {
  const [saved, followedTopics, digests] = await Promise.all([
    db
      .selectFrom("saved_items")
      .leftJoin("practices", "practices.id", "saved_items.practice_id")
      .leftJoin("handbooks", "handbooks.id", "saved_items.handbook_id")
      .select([
        "saved_items.position",
        "saved_items.saved_at as savedAt",
        "saved_items.revision_number as revisionNumber",
        whileOpen("practices.title").as("practice"),
        sql<string | null>`case when handbooks.status = 'published' then handbooks.title end`.as("handbook"),
        "handbooks.edition as handbookEdition",
      ])
      .where("saved_items.user_id", "=", userId)
      .orderBy("saved_items.position")
      .orderBy("saved_items.id")
      .execute(),
    db.selectFrom("topic_follows").select(["kind", "value", "created_at as createdAt"]).where("user_id", "=", userId).orderBy("kind").orderBy("value").execute(),
    db.selectFrom("digest_deliveries").select(["period", "status", "sent_at as sentAt", "skip_reason as skipReason"]).where("user_id", "=", userId).orderBy("period").execute(),
  ]);
  return { saved: saved.map(({ handbookEdition, ...item }) => ({ ...item, handbookEdition: item.handbook === null ? null : handbookEdition })), followedTopics, digests };
}

/**
 * The member's own files for their export: uploads still waiting for their practice, and
 * those on a practice they may still read — its organisation's (drafts too), or one out of
 * draft, not held back and addressed to them; never a withdrawn one, never one taken off
 * its practice or removed for good. One a moderator hid is still its uploader's to fetch
 * (viewAttachment), as their hidden comments are in the export, so it comes, marked hidden.
 * `mime` is that of the copy served (an image's display copy), not the bytes.
 */
export async function listMemberAttachments(db: Db, { userId }: { userId: number }) {
  const mayRead = sql<boolean>`(practices.withdrawn_at is null and (practices.organisation_id = (select organisation_id from users where id = ${userId}) or (practices.status <> 'draft' and ${notHeldBack()} and ${inAudienceOfUser(sql.lit(userId))})))`;
  const rows = await exportedAttachments(db)
    .where("attachments.uploader_id", "=", userId)
    .where((eb) => eb.or([eb("attachments.practice_id", "is", null), mayRead]))
    .orderBy("attachments.id")
    .execute();
  return rows.map(({ hiddenAt, ...a }) => ({ ...a, hidden: hiddenAt !== null }));
}

/** Rewrites every string in an audit entry's detail that holds the address. */
function withoutAddress(value: unknown, email: string): unknown {
  if (typeof value === "string") return value.toLowerCase().includes(email) ? "[erased]" : value;
  if (Array.isArray(value)) return value.map((v) => withoutAddress(v, email));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutAddress(v, email)]));
  return value;
}

/** Audit entries whose detail names the address (failed sign-ins, invitations) keep what happened, not to whom. */
async function eraseAddressFromAudit(db: Db, { email }: { email: string }) {
  const needle = JSON.stringify(email)
    .slice(1, -1)
    .replace(/[\\%_]/g, (c) => `\\${c}`);
  const rows = await db
    .selectFrom("audit_log")
    .select(["id", "detail"])
    .where(sql<string>`lower(detail)`, "like", sql<string>`${`%${needle}%`} escape '\\'`)
    .execute();
  for (const row of rows) {
    let detail: unknown;
    try {
      detail = JSON.parse(row.detail);
    } catch {
      detail = {};
    }
    await db
      .updateTable("audit_log")
      .set({ detail: JSON.stringify(withoutAddress(detail, email)) })
      .where("id", "=", row.id)
      .execute();
  }
}

/**
 * A member's files at erasure. Uploads still waiting for their practice to be saved are
 * theirs alone: rows and bytes go. A file on a practice belongs to the practice, as its text
 * does (which stays with author_id null): it stays, with its bytes, credited to nobody.
 * Asking for the comments to go (deleteComments) does not take the files: those are the
 * practice's resources, which others have copied and handbooks list, not the member's words
 * in a discussion.
 */
/** The glossary (issue 23): the member's proposals, and the revisions they wrote (the concept, its number, their summary). */
async function collectGlossaryWork(db: Db, { userId }: { userId: number }) {
  const [proposals, revisions] = await Promise.all([
    db
      .selectFrom("glossary_proposals")
      .leftJoin("glossary_concepts", "glossary_concepts.id", "glossary_proposals.concept_id")
      .select([
        "glossary_concepts.slug as concept",
        "glossary_proposals.kind",
        "glossary_proposals.language",
        "glossary_proposals.term",
        "glossary_proposals.status_proposed as statusProposed",
        "glossary_proposals.message",
        "glossary_proposals.status",
        "glossary_proposals.created_at as createdAt",
        "glossary_proposals.decided_at as decidedAt",
      ])
      .where("glossary_proposals.proposer_id", "=", userId)
      .orderBy("glossary_proposals.id")
      .execute(),
    db
      .selectFrom("glossary_revisions")
      .innerJoin("glossary_concepts", "glossary_concepts.id", "glossary_revisions.concept_id")
      .select(["glossary_concepts.slug as concept", "glossary_revisions.number", "glossary_revisions.summary", "glossary_revisions.created_at as createdAt"])
      .where("glossary_revisions.author_id", "=", userId)
      .orderBy("glossary_revisions.id")
      .execute(),
  ]);
  return { proposals, revisions };
}

/**
 * The glossary keeps what was accepted into it (the network's words), credited to nobody;
 * proposals not accepted are the member's own words and go, and an accepted one keeps its
 * term but loses their message.
 */
async function eraseGlossaryWorkOf(db: Db, { userId }: { userId: number }) {
  await db.deleteFrom("glossary_proposals").where("proposer_id", "=", userId).where("status", "!=", "accepted").execute();
  await db.updateTable("glossary_proposals").set({ proposer_id: null, message: "" }).where("proposer_id", "=", userId).execute();
  await db.updateTable("glossary_proposals").set({ decided_by: null }).where("decided_by", "=", userId).execute();
  await db.updateTable("glossary_revisions").set({ author_id: null }).where("author_id", "=", userId).execute();
}

async function eraseUploadsOf(db: Db, { userId }: { userId: number }) {
  const waiting = db.selectFrom("attachments").select("id").where("uploader_id", "=", userId).where("practice_id", "is", null);
  await db.deleteFrom("attachment_files").where("attachment_id", "in", waiting).execute();
  await db.deleteFrom("attachments").where("uploader_id", "=", userId).where("practice_id", "is", null).execute();
  await db.updateTable("attachments").set({ uploader_id: null }).where("uploader_id", "=", userId).execute();
}

/**
 * Erasure: the personal data and sessions go at once. Published practices and comments
 * stay, credited to "former member" — unless the member asked for their comments to go
 * too, in which case they become "comment deleted" (replies keep their context). Their
 * waiting uploads go; the files on practices stay with the practice (eraseUploadsOf). The row
 * itself stays as a scrubbed tombstone so what others wrote keeps its integrity. The
 * caller runs it in a transaction with its audit entry.
 */
export async function eraseMember(db: Db, { userId, deleteComments, now = Date.now() }: { userId: number; deleteComments: boolean; now?: number }) {
  const { email } = await db.selectFrom("users").select("email").where("id", "=", userId).executeTakeFirstOrThrow();
  const practices = await db.selectFrom("practices").select("id").where("author_id", "=", userId).execute();
  const comments = await db.selectFrom("comments").select(["id", "practice_id", "deleted_at", "hidden_at"]).where("author_id", "=", userId).execute();
  await db.updateTable("practices").set({ author_id: null }).where("author_id", "=", userId).execute();
  // Handbook files credit the author by name: they go, and are made again without it.
  await discardBookFilesOfPractices(db, { practiceIds: practices.map((p) => p.id) });
  if (deleteComments) {
    for (const c of comments) {
      if (c.deleted_at === null && c.hidden_at === null) {
        await db
          .updateTable("practices")
          .set((eb) => ({ comment_count: eb("comment_count", "-", 1) }))
          .where("id", "=", c.practice_id)
          .execute();
      }
    }
    await db.updateTable("comments").set({ body_md: "", body_html: "", deleted_at: now }).where("author_id", "=", userId).where("deleted_at", "is", null).execute();
    await db
      .deleteFrom("comment_versions")
      .where("comment_id", "in", comments.length ? comments.map((c) => c.id) : [0])
      .execute();
  }
  await db.updateTable("comments").set({ author_id: null }).where("author_id", "=", userId).execute();
  const endorsed = await db.selectFrom("endorsements").select("practice_id").where("user_id", "=", userId).execute();
  for (const e of endorsed) {
    await db
      .updateTable("practices")
      .set((eb) => ({ endorsement_count: eb("endorsement_count", "-", 1) }))
      .where("id", "=", e.practice_id)
      .execute();
  }
  await db.deleteFrom("endorsements").where("user_id", "=", userId).execute();
  await db.deleteFrom("follows").where("user_id", "=", userId).execute();
  await db.deleteFrom("notifications").where("user_id", "=", userId).execute();
  // Saved for later and the weekly e-mail: their list, what they follow, and the record of what was sent to them.
  await db.deleteFrom("saved_items").where("user_id", "=", userId).execute();
  await db.deleteFrom("topic_follows").where("user_id", "=", userId).execute();
  await db.deleteFrom("digest_deliveries").where("user_id", "=", userId).execute();
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
  await db.deleteFrom("pending_submissions").where("user_id", "=", userId).execute();
  await eraseUploadsOf(db, { userId });
  await eraseGlossaryWorkOf(db, { userId });
  await erasePrivacyReportsOf(db, { userId });
  await db.deleteFrom("password_resets").where("user_id", "=", userId).execute();
  await db
    .updateTable("users")
    .set({ email: `erased-${userId}@erased.invalid`, display_name: "", password_hash: "!", locale: null, disabled_at: now, credit_by_organisation_only: 1, digest: "never", last_seen_at: null })
    .where("id", "=", userId)
    .execute();
  await db.updateTable("audit_log").set({ ip: "" }).where("actor_id", "=", userId).execute();
  // The address also sits in the invitation that brought them in, in rate-limit keys and in audit details.
  await db
    .updateTable("invitations")
    .set({ email: `erased-${userId}@erased.invalid` })
    .where((eb) => eb.or([eb("email", "=", email), eb("accepted_user_id", "=", userId)]))
    .execute();
  await forgetRateLimitsForAccount(db, { email });
  await eraseAddressFromAudit(db, { email });
  for (const p of practices) await reindexPractice(db, { practiceId: p.id });
  if (deleteComments) for (const c of comments) await reindexComment(db, { commentId: c.id });
  return { practices: practices.length, comments: comments.length };
}
