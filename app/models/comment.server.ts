import { sql } from "kysely";
import { linkMentions, mentionFirstWords, normaliseName } from "../utils/mentions";
import { renderMarkdown } from "../utils/markdown.server";
import { likePattern } from "../utils/query";
import { autoFollow, followerIds, notify } from "./notification.server";
import { reindexComment } from "./search.server";
import type { Db } from "../../db/client";
import type { Reader } from "../domain/member";
import { JOINED_PRACTICE_ACCESS, listedFor, userMayRead } from "./audience.server";

export const THREADS_PER_PAGE = 20;

/**
 * Members whose display name some `@…` in the text may mean, by normalised name: only those
 * who may read the practice, so a mention never points anyone at what they cannot open.
 */
async function mentionDirectory(db: Db, text: string, practiceId: number): Promise<Map<string, number>> {
  const firstWords = new Set(mentionFirstWords(text));
  const directory = new Map<string, number>();
  if (firstWords.size === 0) return directory;
  const rows = await db
    .selectFrom("users")
    .select(["id", "display_name"])
    .where("disabled_at", "is", null)
    .where(userMayRead(sql.ref("users.id"), practiceId))
    .where((eb) => eb.or([...firstWords].map((w) => eb(sql`lower(display_name)`, "like", sql<string>`${likePattern(w, { at: "start" })} escape '\\'`))))
    .orderBy("id")
    .execute();
  // lower() folds ASCII only, on SQLite and on PostgreSQL (text collate "C") alike; the
  // exact, script-aware comparison happens on normalised names.
  const wanted = new Set([...firstWords].map(normaliseName));
  for (const r of rows) {
    const name = normaliseName(r.display_name);
    if (!directory.has(name) && [...wanted].some((w) => name.startsWith(w))) directory.set(name, r.id);
  }
  return directory;
}

/** Markdown with mentions linked, rendered; and who was mentioned. */
async function renderComment(db: Db, bodyMd: string, practiceId: number) {
  const directory = await mentionDirectory(db, bodyMd, practiceId);
  const linked = linkMentions(bodyMd, (name) => directory.get(normaliseName(name)));
  return { html: renderMarkdown(linked.text), mentioned: linked.userIds };
}

async function adjustCommentCount(db: Db, practiceId: number, delta: number) {
  await db
    .updateTable("practices")
    .set((eb) => ({ comment_count: eb("comment_count", "+", delta) }))
    .where("id", "=", practiceId)
    .execute();
}

/**
 * A comment or a reply, with everything that follows from it in the caller's transaction: the
 * practice's count, the author following it, and notifications to followers, to the
 * author of the comment replied to, and to everyone mentioned.
 */
export async function createComment(db: Db, input: { practiceId: number; authorId: number; parentId?: number; bodyMd: string; language?: string; now?: number }) {
  const now = input.now ?? Date.now();
  let parentAuthorId: number | null = null;
  if (input.parentId !== undefined) {
    const parent = await db.selectFrom("comments").select(["id", "parent_id", "author_id", "practice_id"]).where("id", "=", input.parentId).executeTakeFirst();
    if (!parent || parent.practice_id !== input.practiceId || parent.parent_id !== null) return null;
    parentAuthorId = parent.author_id;
  }
  const { html, mentioned } = await renderComment(db, input.bodyMd, input.practiceId);
  const { id } = await db
    .insertInto("comments")
    .values({
      practice_id: input.practiceId,
      parent_id: input.parentId ?? null,
      author_id: input.authorId,
      body_md: input.bodyMd,
      body_html: html,
      language: input.language ?? "",
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await adjustCommentCount(db, input.practiceId, 1);
  await reindexComment(db, { commentId: id });

  const followers = await followerIds(db, { practiceId: input.practiceId });
  await autoFollow(db, { userId: input.authorId, practiceId: input.practiceId, now });
  const base = { practiceId: input.practiceId, commentId: id, actorId: input.authorId, now };
  const mentionedSet = new Set(mentioned);
  await notify(db, { ...base, kind: "mention", recipients: mentioned });
  const repliedTo = parentAuthorId !== null && !mentionedSet.has(parentAuthorId) ? [parentAuthorId] : [];
  await notify(db, { ...base, kind: "reply", recipients: repliedTo });
  await notify(db, {
    ...base,
    kind: "comment",
    recipients: followers.filter((f) => !mentionedSet.has(f) && !repliedTo.includes(f)),
  });
  return { id };
}

const commentColumns = [
  "comments.id",
  "comments.parent_id as parentId",
  "comments.author_id as authorId",
  "comments.body_html as bodyHtml",
  "comments.language",
  "comments.created_at as createdAt",
  "comments.edited_at as editedAt",
  "comments.deleted_at as deletedAt",
  "comments.hidden_at as hiddenAt",
  "comments.hidden_reason as hiddenReason",
  "author.display_name as authorName",
  "organisations.name as organisationName",
] as const;

/** Who is reading a discussion: a hidden comment's words are for its author and the moderators. */
export interface CommentReader {
  id: number;
  moderator: boolean;
}

type CommentRow = Awaited<ReturnType<ReturnType<typeof threadQuery>["execute"]>>[number];

function threadQuery(db: Db) {
  return db.selectFrom("comments").leftJoin("users as author", "author.id", "comments.author_id").leftJoin("organisations", "organisations.id", "author.organisation_id").select(commentColumns);
}

/**
 * What of a comment this reader may have: a deleted one's words never leave the server
 * (they are blanked when deleted, and here again), a hidden one's words and the reason
 * only reach its author and the moderators.
 */
function asSeenBy(reader: CommentReader) {
  return (c: CommentRow): CommentRow => {
    if (c.deletedAt !== null) return { ...c, bodyHtml: "", hiddenReason: null };
    if (c.hiddenAt !== null && c.authorId !== reader.id && !reader.moderator) return { ...c, bodyHtml: "", hiddenReason: null };
    return c;
  };
}

/** One page of threads (oldest first, newest last), each with all its replies, as `reader` may see them. */
export async function listThreads(db: Db, { practiceId, reader, page = 1 }: { practiceId: number; reader: CommentReader; page?: number }) {
  const { total } = await db
    .selectFrom("comments")
    .select((eb) => eb.fn.countAll<number>().as("total"))
    .where("practice_id", "=", practiceId)
    .where("parent_id", "is", null)
    .executeTakeFirstOrThrow();
  const pageCount = Math.max(1, Math.ceil(total / THREADS_PER_PAGE));
  const current = Math.min(Math.max(1, page), pageCount);
  const base = threadQuery(db);
  const threads = await base
    .where("comments.practice_id", "=", practiceId)
    .where("comments.parent_id", "is", null)
    .orderBy("comments.created_at")
    .orderBy("comments.id")
    .limit(THREADS_PER_PAGE)
    .offset((current - 1) * THREADS_PER_PAGE)
    .execute();
  const replies = threads.length
    ? await base
        .where(
          "comments.parent_id",
          "in",
          threads.map((t) => t.id),
        )
        .orderBy("comments.created_at")
        .orderBy("comments.id")
        .execute()
    : [];
  const seen = asSeenBy(reader);
  return {
    threads: threads.map((t) => ({ ...seen(t), replies: replies.filter((r) => r.parentId === t.id).map(seen) })),
    page: current,
    pageCount,
    total,
  };
}

/** Which page of threads a comment is on, so a link can open it. */
export async function threadPageOf(db: Db, { commentId }: { commentId: number }) {
  const comment = await db.selectFrom("comments").select(["id", "parent_id", "practice_id"]).where("id", "=", commentId).executeTakeFirst();
  if (!comment) return 1;
  const threadId = comment.parent_id ?? comment.id;
  const { before } = await db
    .selectFrom("comments")
    .select((eb) => eb.fn.countAll<number>().as("before"))
    .where("practice_id", "=", comment.practice_id)
    .where("parent_id", "is", null)
    .where("id", "<", threadId)
    .executeTakeFirstOrThrow();
  return Math.floor(before / THREADS_PER_PAGE) + 1;
}

export async function getComment(db: Db, { id }: { id: number }) {
  return db
    .selectFrom("comments")
    .innerJoin("practices", "practices.id", "comments.practice_id")
    .leftJoin("users as author", "author.id", "comments.author_id")
    .leftJoin("organisations", "organisations.id", "author.organisation_id")
    .select([...commentColumns, "comments.body_md as bodyMd", "comments.practice_id as practiceId", "practices.slug as practiceSlug", "practices.title as practiceTitle", ...JOINED_PRACTICE_ACCESS])
    .where("comments.id", "=", id)
    .executeTakeFirst();
}

export async function listCommentVersions(db: Db, { commentId }: { commentId: number }) {
  return db
    .selectFrom("comment_versions")
    .leftJoin("users", "users.id", "comment_versions.replaced_by")
    .select([
      "comment_versions.id",
      "comment_versions.body_md as bodyMd",
      "comment_versions.replaced_at as replacedAt",
      "comment_versions.note",
      "comment_versions.replaced_by as replacedById",
      "users.display_name as replacedByName",
    ])
    .where("comment_id", "=", commentId)
    .orderBy("replaced_at", "desc")
    .orderBy("comment_versions.id", "desc")
    .execute();
}

/**
 * A new text. The previous one is kept as a version, unless the edit takes personal data
 * out (`redact`): then neither it nor any earlier version is kept, since they may all hold it.
 */
export async function editComment(
  db: Db,
  { id, editorId, bodyMd, note = "", redact = false, now = Date.now() }: { id: number; editorId: number; bodyMd: string; note?: string; redact?: boolean; now?: number },
) {
  const current = await db.selectFrom("comments").select(["body_md", "practice_id"]).where("id", "=", id).executeTakeFirstOrThrow();
  if (redact) await db.deleteFrom("comment_versions").where("comment_id", "=", id).execute();
  if (current.body_md === bodyMd) return;
  const { html } = await renderComment(db, bodyMd, current.practice_id);
  if (!redact) await db.insertInto("comment_versions").values({ comment_id: id, body_md: current.body_md, replaced_at: now, replaced_by: editorId, note }).execute();
  await db.updateTable("comments").set({ body_md: bodyMd, body_html: html, edited_at: now }).where("id", "=", id).execute();
  await reindexComment(db, { commentId: id });
}

/** An author takes back an earlier version of their own comment: it is gone for good. */
export async function removeCommentVersion(db: Db, { commentId, versionId }: { commentId: number; versionId: number }) {
  const { numDeletedRows } = await db.deleteFrom("comment_versions").where("id", "=", versionId).where("comment_id", "=", commentId).executeTakeFirst();
  return numDeletedRows > 0n;
}

/**
 * Soft: the row stays so replies keep their context and the page shows "comment deleted";
 * its words, and every earlier version of them, go for good.
 */
export async function deleteComment(db: Db, { id, now = Date.now() }: { id: number; now?: number }) {
  const comment = await db.selectFrom("comments").select(["practice_id", "deleted_at", "hidden_at"]).where("id", "=", id).executeTakeFirstOrThrow();
  if (comment.deleted_at !== null) return;
  await db.updateTable("comments").set({ deleted_at: now, body_md: "", body_html: "" }).where("id", "=", id).execute();
  await db.deleteFrom("comment_versions").where("comment_id", "=", id).execute();
  if (comment.hidden_at === null) await adjustCommentCount(db, comment.practice_id, -1);
  await reindexComment(db, { commentId: id });
}

/** Hidden by a moderator with a reason the author sees; the author is told. */
export async function hideComment(db: Db, { id, moderatorId, reason, now = Date.now() }: { id: number; moderatorId: number; reason: string; now?: number }) {
  const comment = await db.selectFrom("comments").select(["practice_id", "author_id", "deleted_at", "hidden_at"]).where("id", "=", id).executeTakeFirstOrThrow();
  if (comment.hidden_at !== null) return;
  await db.updateTable("comments").set({ hidden_at: now, hidden_by: moderatorId, hidden_reason: reason }).where("id", "=", id).execute();
  if (comment.deleted_at === null) await adjustCommentCount(db, comment.practice_id, -1);
  await reindexComment(db, { commentId: id });
  if (comment.author_id !== null) {
    await notify(db, { recipients: [comment.author_id], kind: "comment_hidden", practiceId: comment.practice_id, commentId: id, actorId: moderatorId, now });
  }
}

/** Recent visible comments on visible practices, for the activity feed. */
export async function listRecentComments(db: Db, { reader, limit }: { reader: Reader; limit: number }) {
  // The newest comments first, by index; only then the (few) practices they belong to.
  return db
    .selectFrom((eb) =>
      eb
        .selectFrom("comments")
        .select(["id", "practice_id", "author_id", "created_at"])
        .where("deleted_at", "is", null)
        .where("hidden_at", "is", null)
        .orderBy("created_at", "desc")
        .limit(limit * 5)
        .as("c"),
    )
    .innerJoin("practices", "practices.id", "c.practice_id")
    .leftJoin("users as author", "author.id", "c.author_id")
    .select(["c.id", "c.created_at as at", "practices.slug", "practices.title", "author.display_name as actorName"])
    .where(listedFor(reader))
    .orderBy("c.created_at", "desc")
    .limit(limit)
    .execute();
}
