import { sql, type Selectable } from "kysely";
import { discardBookFilesOfPractices } from "./handbook-file.server";
import type { Db } from "../../db/client";
import type { FlagTable } from "../../db/schema";
import type { FlagOutcome, FlagReason, FlagSubjectType } from "../domain/flag";
import type { Reader } from "../domain/member";
import { hideAttachment } from "./attachment.server";
import { inAudience } from "./audience.server";
import { editComment, hideComment } from "./comment.server";
import { latestRevisionAt, redactEarlierRevisions } from "./practice.server";
import type { RateLimitPolicy } from "./rate-limit.server";
import { reindexPractice } from "./search.server";

/** Flags one member may raise in an hour: more than anyone reports in earnest. */
export const FLAG_REPORTS: RateLimitPolicy = { windowMs: 60 * 60 * 1000, slowAfter: 1000, maxFailures: 10, lockMs: 60 * 60 * 1000 };

/** How many practices one member's open personal-data flags may hold restricted at once. */
export const RESTRICTING_FLAGS_PER_MEMBER = 3;
export const FLAGS_PER_PAGE = 20;

/**
 * Any member flags a comment or a practice. A practice flagged for personal data is
 * restricted at once (only its organisation and moderators see it) until resolved, unless
 * the reporter already holds RESTRICTING_FLAGS_PER_MEMBER practices restricted: then the
 * flag waits for a moderator like any other. A second flag by the same member on the same
 * content adds nothing.
 */
export async function createFlag(db: Db, input: { subjectType: FlagSubjectType; subjectId: number; reporterId: number; reason: FlagReason; note: string; now?: number }) {
  const now = input.now ?? Date.now();
  const already = await db
    .selectFrom("flags")
    .select("id")
    .where("subject_type", "=", input.subjectType)
    .where("subject_id", "=", input.subjectId)
    .where("reporter_id", "=", input.reporterId)
    .where("resolved_at", "is", null)
    .executeTakeFirst();
  if (already) return { id: already.id, restricted: false, duplicate: true };
  const personal = input.subjectType === "practice" && input.reason === "personal_data";
  const { held } = await db
    .selectFrom("flags")
    .innerJoin("practices", "practices.id", "flags.subject_id")
    .select((eb) => eb.fn.countAll<number>().as("held"))
    .where("flags.subject_type", "=", "practice")
    .where("flags.reason", "=", "personal_data")
    .where("flags.reporter_id", "=", input.reporterId)
    .where("flags.resolved_at", "is", null)
    .where("practices.restricted_at", "is not", null)
    .executeTakeFirstOrThrow();
  const { id } = await db
    .insertInto("flags")
    .values({ subject_type: input.subjectType, subject_id: input.subjectId, reporter_id: input.reporterId, reason: input.reason, note: input.note, created_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  const restricts = personal && Number(held) < RESTRICTING_FLAGS_PER_MEMBER;
  if (restricts) {
    const { numUpdatedRows } = await db.updateTable("practices").set({ restricted_at: now }).where("id", "=", input.subjectId).where("restricted_at", "is", null).executeTakeFirst();
    if (numUpdatedRows > 0n) await reindexPractice(db, { practiceId: input.subjectId });
    // Personal data reported: handbook files that print it go while a moderator looks.
    await discardBookFilesOfPractices(db, { practiceIds: [input.subjectId] });
  }
  return { id, restricted: restricts, duplicate: false };
}

/**
 * The open flags, newest first, a page at a time, with what each is about. The text of a
 * practice (or a comment on one) that is withdrawn, or addressed to others than this moderator,
 * stays out of the queue: a withdrawn one is its organisation's alone, and a narrowed one is
 * read by opening it, which the audit log records (requirePractice).
 */
export async function listOpenFlags(db: Db, { reader, page = 1 }: { reader: Pick<Reader, "organisationId" | "groupIds">; page?: number }) {
  const closed = sql<number>`case when practices.withdrawn_at is null and ${inAudience(reader)} then 0 else 1 end`;
  const { total } = await db
    .selectFrom("flags")
    .select((eb) => eb.fn.countAll<number>().as("total"))
    .where("resolved_at", "is", null)
    .executeTakeFirstOrThrow();
  const pageCount = Math.max(1, Math.ceil(Number(total) / FLAGS_PER_PAGE));
  const current = Math.min(Math.max(1, page), pageCount);
  const flags = await db
    .selectFrom("flags")
    .leftJoin("users as reporter", "reporter.id", "flags.reporter_id")
    .select(["flags.id", "flags.subject_type as subjectType", "flags.subject_id as subjectId", "flags.reason", "flags.note", "flags.created_at as createdAt", "reporter.display_name as reporterName"])
    .where("flags.resolved_at", "is", null)
    .orderBy("flags.created_at", "desc")
    .orderBy("flags.id", "desc")
    .limit(FLAGS_PER_PAGE)
    .offset((current - 1) * FLAGS_PER_PAGE)
    .execute();
  const commentIds = flags.filter((f) => f.subjectType === "comment").map((f) => f.subjectId);
  const practiceIds = flags.filter((f) => f.subjectType === "practice").map((f) => f.subjectId);
  const attachmentIds = flags.filter((f) => f.subjectType === "attachment").map((f) => f.subjectId);
  const [comments, practices, attachments] = await Promise.all([
    commentIds.length
      ? db
          .selectFrom("comments")
          .innerJoin("practices", "practices.id", "comments.practice_id")
          .leftJoin("users", "users.id", "comments.author_id")
          .select([
            "comments.id",
            "comments.body_md as bodyMd",
            "comments.body_html as bodyHtml",
            "comments.hidden_at as hiddenAt",
            "comments.deleted_at as deletedAt",
            "users.display_name as authorName",
            "practices.slug",
            "practices.title",
            "practices.withdrawn_at as withdrawnAt",
            closed.as("closed"),
          ])
          .where("comments.id", "in", commentIds)
          .execute()
      : [],
    practiceIds.length
      ? db
          .selectFrom("practices")
          .innerJoin("organisations", "organisations.id", "practices.organisation_id")
          .select([
            "practices.id",
            "practices.slug",
            "practices.title",
            "practices.summary",
            "practices.hidden_at as hiddenAt",
            "practices.restricted_at as restrictedAt",
            "practices.withdrawn_at as withdrawnAt",
            "organisations.name as organisationName",
            closed.as("closed"),
          ])
          .where("practices.id", "in", practiceIds)
          .execute()
      : [],
    attachmentIds.length
      ? db
          .selectFrom("attachments")
          .innerJoin("practices", "practices.id", "attachments.practice_id")
          .select([
            "attachments.id",
            "attachments.kind",
            "attachments.type",
            "attachments.name",
            "attachments.hidden_at as hiddenAt",
            "attachments.purged_at as purgedAt",
            "practices.slug",
            "practices.title",
            "practices.withdrawn_at as withdrawnAt",
            closed.as("closed"),
          ])
          .where("attachments.id", "in", attachmentIds)
          .execute()
      : [],
  ]);
  const withheld = <T extends { closed: number; withdrawnAt: number | null }>(row: T, blank: Partial<T>) => {
    const { closed: isClosed, withdrawnAt, ...rest } = row;
    const state = { withdrawn: withdrawnAt !== null, narrowed: withdrawnAt === null && Number(isClosed) === 1 };
    return Number(isClosed) === 1 ? { ...rest, ...blank, ...state } : { ...rest, ...state };
  };
  return {
    flags: flags.map((f) => {
      const comment = f.subjectType === "comment" ? comments.find((c) => c.id === f.subjectId) : undefined;
      const practice = f.subjectType === "practice" ? practices.find((p) => p.id === f.subjectId) : undefined;
      const attachment = f.subjectType === "attachment" ? attachments.find((a) => a.id === f.subjectId) : undefined;
      const subjectClosed = [comment, practice, attachment].some((s) => s !== undefined && Number(s.closed) === 1);
      return {
        ...f,
        note: subjectClosed ? "" : f.note,
        comment: comment ? withheld(comment, { bodyMd: "", bodyHtml: "", title: "", slug: comment.withdrawnAt === null ? comment.slug : "" }) : null,
        practice: practice ? withheld(practice, { title: "", summary: "", slug: practice.withdrawnAt === null ? practice.slug : "" }) : null,
        // A file's name is part of what its practice says.
        attachment: attachment ? withheld(attachment, { name: "", title: "", slug: attachment.withdrawnAt === null ? attachment.slug : "" }) : null,
      };
    }),
    page: current,
    pageCount,
    total: Number(total),
  };
}

export type FlagResolution = { resolution: "hidden"; note: string } | { resolution: "edited"; note: string; bodyMd?: string } | { resolution: "dismissed"; note: string };

export type ResolveOutcome =
  | { ok: true; flag: Selectable<FlagTable>; personalData: boolean; redactedRevisions: number }
  /** Personal data in a practice is edited out by editing the practice first. */
  | { ok: false; problem: "notEdited" }
  /** A file is hidden or its flag dismissed; there is no text here to edit. */
  | { ok: false; problem: "notEditable" };

/**
 * Resolves a flag and every other open flag on the same content: hide it, edit personal
 * data out, or dismiss. When any of those flags is for personal data, an edit takes the
 * earlier text with it: a comment keeps no earlier version, a practice's earlier revisions
 * are redacted (and the practice must have been edited since it was flagged). A restricted
 * practice opens again unless it was hidden. Null when the flag is not open.
 */
export async function resolveFlag(db: Db, { id, moderatorId, outcome, now = Date.now() }: { id: number; moderatorId: number; outcome: FlagResolution; now?: number }): Promise<ResolveOutcome | null> {
  const flag = await db.selectFrom("flags").selectAll().where("id", "=", id).where("resolved_at", "is", null).executeTakeFirst();
  if (!flag) return null;
  const open = await db
    .selectFrom("flags")
    .select(["reason", "created_at"])
    .where("subject_type", "=", flag.subject_type)
    .where("subject_id", "=", flag.subject_id)
    .where("resolved_at", "is", null)
    .execute();
  const personalData = open.some((f) => f.reason === "personal_data");
  let redactedRevisions = 0;
  if (flag.subject_type === "comment") {
    if (outcome.resolution === "hidden") await hideComment(db, { id: flag.subject_id, moderatorId, reason: outcome.note, now });
    if (outcome.resolution === "edited" && outcome.bodyMd !== undefined) {
      await editComment(db, { id: flag.subject_id, editorId: moderatorId, bodyMd: outcome.bodyMd, note: outcome.note, redact: personalData, now });
    }
  } else if (flag.subject_type === "attachment") {
    if (outcome.resolution === "edited") return { ok: false, problem: "notEditable" };
    if (outcome.resolution === "hidden") await hideAttachment(db, { id: flag.subject_id, moderatorId, reason: outcome.note, now });
  } else {
    if (outcome.resolution === "edited" && personalData) {
      const firstFlagged = Math.min(...open.filter((f) => f.reason === "personal_data").map((f) => f.created_at));
      if ((await latestRevisionAt(db, { practiceId: flag.subject_id })) < firstFlagged) return { ok: false, problem: "notEdited" };
      redactedRevisions = await redactEarlierRevisions(db, { practiceId: flag.subject_id, by: moderatorId, now });
    }
    if (outcome.resolution === "hidden") {
      await db.updateTable("practices").set({ hidden_at: now, hidden_reason: outcome.note }).where("id", "=", flag.subject_id).execute();
      await discardBookFilesOfPractices(db, { practiceIds: [flag.subject_id] });
    }
    await db.updateTable("practices").set({ restricted_at: null }).where("id", "=", flag.subject_id).execute();
    await reindexPractice(db, { practiceId: flag.subject_id });
  }
  await db
    .updateTable("flags")
    .set({ resolved_at: now, resolved_by: moderatorId, resolution: outcome.resolution, resolution_note: outcome.note })
    .where("subject_type", "=", flag.subject_type)
    .where("subject_id", "=", flag.subject_id)
    .where("resolved_at", "is", null)
    .execute();
  return { ok: true, flag, personalData, redactedRevisions };
}

/** A flag on the practice, or on one of its comments or attachments, still awaits a moderator. */
export async function hasOpenFlag(db: Db, { practiceId }: { practiceId: number }) {
  const row = await db
    .selectFrom("flags")
    .select("flags.id")
    .where("flags.resolved_at", "is", null)
    .where((eb) =>
      eb.or([
        eb.and([eb("flags.subject_type", "=", "practice"), eb("flags.subject_id", "=", practiceId)]),
        eb.and([eb("flags.subject_type", "=", "comment"), eb("flags.subject_id", "in", eb.selectFrom("comments").select("comments.id").where("comments.practice_id", "=", practiceId))]),
        eb.and([eb("flags.subject_type", "=", "attachment"), eb("flags.subject_id", "in", eb.selectFrom("attachments").select("attachments.id").where("attachments.practice_id", "=", practiceId))]),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Closes every open flag on one piece of content, when a moderator acted on it outside the
 * queue (hid a file from its practice page, removed it for good). Returns how many closed.
 */
export async function resolveOpenFlags(
  db: Db,
  {
    subjectType,
    subjectId,
    moderatorId,
    resolution,
    note = "",
    now = Date.now(),
  }: { subjectType: FlagSubjectType; subjectId: number; moderatorId: number; resolution: FlagOutcome; note?: string; now?: number },
) {
  const { numUpdatedRows } = await db
    .updateTable("flags")
    .set({ resolved_at: now, resolved_by: moderatorId, resolution, resolution_note: note })
    .where("subject_type", "=", subjectType)
    .where("subject_id", "=", subjectId)
    .where("resolved_at", "is", null)
    .executeTakeFirst();
  return Number(numUpdatedRows);
}
