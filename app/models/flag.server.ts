import type { Kysely } from "kysely";
import type { Database, FlagReason } from "../../db/schema";
import { editComment, hideComment } from "./comment.server";
import { reindexPractice } from "./search.server";

/**
 * Any member flags a comment or a practice. A practice flagged for personal data is
 * restricted at once (only its organisation and moderators see it) until resolved.
 */
export async function createFlag(
  db: Kysely<Database>,
  input: { subjectType: "comment" | "practice"; subjectId: number; reporterId: number; reason: FlagReason; note: string; now?: number },
) {
  const now = input.now ?? Date.now();
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto("flags")
      .values({ subject_type: input.subjectType, subject_id: input.subjectId, reporter_id: input.reporterId, reason: input.reason, note: input.note, created_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    const restricts = input.subjectType === "practice" && input.reason === "personal_data";
    if (restricts) {
      await trx.updateTable("practices").set({ restricted_at: now }).where("id", "=", input.subjectId).where("restricted_at", "is", null).execute();
      await reindexPractice(trx, { practiceId: input.subjectId });
    }
    return { id, restricted: restricts };
  });
}

export async function listOpenFlags(db: Kysely<Database>) {
  const flags = await db
    .selectFrom("flags")
    .leftJoin("users as reporter", "reporter.id", "flags.reporter_id")
    .select([
      "flags.id",
      "flags.subject_type as subjectType",
      "flags.subject_id as subjectId",
      "flags.reason",
      "flags.note",
      "flags.created_at as createdAt",
      "reporter.display_name as reporterName",
    ])
    .where("flags.resolved_at", "is", null)
    .orderBy("flags.created_at")
    .limit(200)
    .execute();
  const commentIds = flags.filter((f) => f.subjectType === "comment").map((f) => f.subjectId);
  const practiceIds = flags.filter((f) => f.subjectType === "practice").map((f) => f.subjectId);
  const [comments, practices] = await Promise.all([
    commentIds.length
      ? db
          .selectFrom("comments")
          .innerJoin("practices", "practices.id", "comments.practice_id")
          .leftJoin("users", "users.id", "comments.author_id")
          .select(["comments.id", "comments.body_md as bodyMd", "comments.body_html as bodyHtml", "comments.hidden_at as hiddenAt", "users.display_name as authorName", "practices.slug", "practices.title"])
          .where("comments.id", "in", commentIds)
          .execute()
      : [],
    practiceIds.length
      ? db
          .selectFrom("practices")
          .innerJoin("organisations", "organisations.id", "practices.organisation_id")
          .select(["practices.id", "practices.slug", "practices.title", "practices.summary", "practices.hidden_at as hiddenAt", "practices.restricted_at as restrictedAt", "organisations.name as organisationName"])
          .where("practices.id", "in", practiceIds)
          .execute()
      : [],
  ]);
  return flags.map((f) => ({
    ...f,
    comment: f.subjectType === "comment" ? (comments.find((c) => c.id === f.subjectId) ?? null) : null,
    practice: f.subjectType === "practice" ? (practices.find((p) => p.id === f.subjectId) ?? null) : null,
  }));
}

export async function getFlag(db: Kysely<Database>, { id }: { id: number }) {
  return db.selectFrom("flags").selectAll().where("id", "=", id).executeTakeFirst();
}

export type FlagResolution =
  | { resolution: "hidden"; note: string }
  | { resolution: "edited"; note: string; bodyMd?: string }
  | { resolution: "dismissed"; note: string };

/**
 * Resolves a flag and every other open flag on the same content: hide it, edit personal
 * data out of a comment (the previous text is kept as a version), or dismiss. A restricted
 * practice opens again unless it was hidden.
 */
export async function resolveFlag(db: Kysely<Database>, { id, moderatorId, outcome, now = Date.now() }: { id: number; moderatorId: number; outcome: FlagResolution; now?: number }) {
  return db.transaction().execute(async (trx) => {
    const flag = await trx.selectFrom("flags").selectAll().where("id", "=", id).where("resolved_at", "is", null).executeTakeFirst();
    if (!flag) return null;
    if (flag.subject_type === "comment") {
      if (outcome.resolution === "hidden") await hideComment(trx, { id: flag.subject_id, moderatorId, reason: outcome.note, now });
      if (outcome.resolution === "edited" && outcome.bodyMd !== undefined) {
        await editComment(trx, { id: flag.subject_id, editorId: moderatorId, bodyMd: outcome.bodyMd, note: outcome.note, now });
      }
    } else {
      if (outcome.resolution === "hidden") {
        await trx.updateTable("practices").set({ hidden_at: now, hidden_reason: outcome.note }).where("id", "=", flag.subject_id).execute();
      }
      await trx.updateTable("practices").set({ restricted_at: null }).where("id", "=", flag.subject_id).execute();
      await reindexPractice(trx, { practiceId: flag.subject_id });
    }
    await trx
      .updateTable("flags")
      .set({ resolved_at: now, resolved_by: moderatorId, resolution: outcome.resolution, resolution_note: outcome.note })
      .where("subject_type", "=", flag.subject_type)
      .where("subject_id", "=", flag.subject_id)
      .where("resolved_at", "is", null)
      .execute();
    return flag;
  });
}
