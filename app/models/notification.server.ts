import type { NotificationKind } from "../domain/notification";
import { sql } from "kysely";
import { joinedPracticeSubject, type PracticeSubject } from "../domain/practice";
import type { Db } from "../../db/client";
import { JOINED_PRACTICE_ACCESS, userMayRead } from "./audience.server";

/** Follows a practice unless the member chose to unfollow it before (commenting does not undo that). */
export async function autoFollow(db: Db, { userId, practiceId, now = Date.now() }: { userId: number; practiceId: number; now?: number }) {
  await db
    .insertInto("follows")
    .values({ user_id: userId, practice_id: practiceId, following: 1, updated_at: now })
    .onConflict((oc) => oc.columns(["user_id", "practice_id"]).doNothing())
    .execute();
}

export async function setFollowing(db: Db, { userId, practiceId, following }: { userId: number; practiceId: number; following: boolean }) {
  const now = Date.now();
  await db
    .insertInto("follows")
    .values({ user_id: userId, practice_id: practiceId, following: following ? 1 : 0, updated_at: now })
    .onConflict((oc) => oc.columns(["user_id", "practice_id"]).doUpdateSet({ following: following ? 1 : 0, updated_at: now }))
    .execute();
}

export async function isFollowing(db: Db, { userId, practiceId }: { userId: number; practiceId: number }) {
  const row = await db.selectFrom("follows").select("following").where("user_id", "=", userId).where("practice_id", "=", practiceId).executeTakeFirst();
  return row?.following === 1;
}

export async function followerIds(db: Db, { practiceId }: { practiceId: number }) {
  const rows = await db.selectFrom("follows").select("user_id").where("practice_id", "=", practiceId).where("following", "=", 1).execute();
  return rows.map((r) => r.user_id);
}

/**
 * The recipients who may read the practice now: its own organisation, or its audience while
 * it is published and not held back. Nobody is told about a practice they cannot open.
 */
async function whoMayRead(db: Db, { practiceId, userIds }: { practiceId: number; userIds: number[] }) {
  const rows = await db
    .selectFrom("users")
    .select("users.id")
    .where("users.id", "in", userIds)
    .where(userMayRead(sql.ref("users.id"), practiceId))
    .execute();
  return rows.map((r) => r.id);
}

/** Writes one notification per recipient who may read its practice, never to the actor themself, each recipient once. */
export async function notify(
  db: Db,
  {
    recipients,
    kind,
    practiceId,
    commentId = null,
    actorId = null,
    glossaryProposalId = null,
    aboutUnreadable = false,
    now = Date.now(),
  }: {
    recipients: Iterable<number>;
    kind: NotificationKind;
    practiceId: number | null;
    commentId?: number | null;
    actorId?: number | null;
    glossaryProposalId?: number | null;
    /** The news is that recipients can no longer read it (a withdrawn handbook entry): sent anyway, and shown without its title. */
    aboutUnreadable?: boolean;
    now?: number;
  },
) {
  let ids = [...new Set(recipients)].filter((id) => id !== actorId);
  if (ids.length && practiceId !== null && !aboutUnreadable) ids = await whoMayRead(db, { practiceId, userIds: ids });
  if (ids.length === 0) return;
  await db
    .insertInto("notifications")
    .values(ids.map((user_id) => ({ user_id, kind, practice_id: practiceId, comment_id: commentId, actor_id: actorId, glossary_proposal_id: glossaryProposalId, created_at: now })))
    .execute();
}

export async function countUnread(db: Db, { userId }: { userId: number }) {
  const { n } = await db
    .selectFrom("notifications")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return n;
}

export interface NotificationGroup {
  /** The newest notification's id; marking the group read marks all of its ids. */
  ids: number[];
  kind: NotificationKind;
  count: number;
  unread: boolean;
  createdAt: number;
  practiceSlug: string | null;
  practiceTitle: string | null;
  /** Who may see the practice now: the caller drops its title and link for a reader who may not. */
  practice: PracticeSubject | null;
  commentId: number | null;
  actorNames: string[];
  /** A glossary proposal's concept (null once it is deleted): its slug and the term proposed. */
  glossary: { slug: string; term: string } | null;
}

/**
 * Newest first; alike notifications next to each other (same kind, same practice, same
 * read state) fold into one group: "3 new comments on …".
 */
export async function listNotifications(db: Db, { userId, limit = 100 }: { userId: number; limit?: number }) {
  const rows = await db
    .selectFrom("notifications")
    .leftJoin("practices", "practices.id", "notifications.practice_id")
    .leftJoin("users as actor", "actor.id", "notifications.actor_id")
    .leftJoin("glossary_proposals", "glossary_proposals.id", "notifications.glossary_proposal_id")
    .leftJoin("glossary_concepts", (join) => join.onRef("glossary_concepts.id", "=", "glossary_proposals.concept_id").on("glossary_concepts.deleted_at", "is", null))
    .select([
      "notifications.id",
      "notifications.kind",
      "notifications.comment_id as commentId",
      "notifications.created_at as createdAt",
      "notifications.read_at as readAt",
      "notifications.practice_id as practiceId",
      "practices.slug as practiceSlug",
      "practices.title as practiceTitle",
      ...JOINED_PRACTICE_ACCESS,
      "actor.display_name as actorName",
      "glossary_concepts.slug as conceptSlug",
      "glossary_proposals.term as proposedTerm",
    ])
    .where("notifications.user_id", "=", userId)
    .orderBy("notifications.created_at", "desc")
    .orderBy("notifications.id", "desc")
    .limit(limit)
    .execute();
  const groups: NotificationGroup[] = [];
  for (const row of rows) {
    const last = groups.at(-1);
    const unread = row.readAt === null;
    const glossary = row.conceptSlug ? { slug: row.conceptSlug, term: row.proposedTerm || row.conceptSlug } : null;
    const alike = last && last.kind === row.kind && last.practiceSlug === row.practiceSlug && last.glossary?.slug === glossary?.slug && last.unread === unread && row.kind !== "mention";
    if (alike) {
      last.ids.push(row.id);
      last.count++;
      if (row.actorName && !last.actorNames.includes(row.actorName)) last.actorNames.push(row.actorName);
      continue;
    }
    groups.push({
      ids: [row.id],
      kind: row.kind,
      count: 1,
      unread,
      createdAt: row.createdAt,
      practiceSlug: row.practiceSlug,
      practiceTitle: row.practiceTitle,
      practice:
        row.practiceStatus === null || row.practiceOrganisationId === null || row.practiceAudience === null
          ? null
          : joinedPracticeSubject({ ...row, practiceStatus: row.practiceStatus, practiceOrganisationId: row.practiceOrganisationId, practiceAudience: row.practiceAudience }),
      commentId: row.commentId,
      actorNames: row.actorName ? [row.actorName] : [],
      glossary,
    });
  }
  return groups;
}

export async function markRead(db: Db, { userId, ids }: { userId: number; ids?: number[] }) {
  let query = db.updateTable("notifications").set({ read_at: Date.now() }).where("user_id", "=", userId).where("read_at", "is", null);
  if (ids) {
    if (ids.length === 0) return;
    query = query.where("id", "in", ids);
  }
  await query.execute();
}
