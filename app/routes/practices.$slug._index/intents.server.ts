import { json, redirect } from "@remix-run/node";
import { forbidden, notFound, requirePermission } from "../../auth/permissions.server";
import { practiceSubject, type requirePractice } from "../../auth/practice-access.server";
import { createComment, threadPageOf } from "../../models/comment.server";
import { listAvoidTerms } from "../../models/glossary.server";
import { checkTerms } from "../../utils/glossary-check";
import { endorsePractice, withdrawEndorsement } from "../../models/endorsement.server";
import { setFollowing } from "../../models/notification.server";
import { audienceValue, parseAudienceValue } from "../../domain/practice";
import { recordAudit } from "../../models/audit.server";
import { notifyCuratorsOfWithdrawal } from "../../models/handbook.server";
import { getPracticeBySlug, setPracticeAudience, setPracticeStatus, undoWithdrawal, withdrawPractice } from "../../models/practice.server";
import type { Db } from "../../../db/client";
import { inTransaction } from "../../server/database.server";

/** What every intent of the practice page works on: the reader, the practice, the database. */
export interface PracticeAction {
  db: Db;
  member: Awaited<ReturnType<typeof requirePractice>>["member"];
  practice: Awaited<ReturnType<typeof requirePractice>>["practice"];
}

const pagePath = (practice: PracticeAction["practice"]) => `/practices/${encodeURIComponent(practice.slug)}`;

/** Who may read it, from now on: its organisation's decision, for an original (translations follow it). */
export async function handleAudience({ db, member, practice }: PracticeAction, { audience }: { audience: string }) {
  requirePermission(member, "withdrawPractice", practiceSubject(practice));
  if (practice.source_practice_id !== null) throw new Response("Conflict", { status: 409 });
  const choice = parseAudienceValue(audience);
  if (!choice || (choice.audience === "group" && !member.groupIds.includes(choice.groupId ?? 0))) {
    return json({ intent: "audience", errors: { audience: { key: "audience.notYourGroup" } }, values: { intent: "audience", audience } }, { status: 400 });
  }
  await inTransaction(db, async (trx) => {
    const before = await setPracticeAudience(trx, { id: practice.id, audience: choice });
    if (before)
      await recordAudit(trx, {
        actorId: member.id,
        action: "practice.audience_changed",
        targetType: "practice",
        targetId: practice.id,
        detail: { from: audienceValue(before), to: audienceValue(choice) },
      });
  });
  return redirect(`${pagePath(practice)}?done=audience`);
}

/**
 * Withdrawn at once, with a reason (consent withdrawn, say): gone from every path in this
 * transaction. The curators of handbooks in preparation that hold it are told; the audit log
 * keeps who and why, never the text.
 */
export async function handleWithdraw({ db, member, practice }: PracticeAction, { reason }: { reason: string }) {
  requirePermission(member, "withdrawPractice", practiceSubject(practice));
  await inTransaction(db, async (trx) => {
    const ids = await withdrawPractice(trx, { id: practice.id, by: member.id, reason });
    if (ids.length === 0) return;
    await recordAudit(trx, { actorId: member.id, action: "practice.withdrawn", targetType: "practice", targetId: practice.id, detail: { reason, practices: ids } });
    await notifyCuratorsOfWithdrawal(trx, { practiceIds: ids, actorId: member.id });
  });
  return redirect(`${pagePath(practice)}?done=withdrawn`);
}

export async function handleUndoWithdrawal({ db, member, practice }: PracticeAction) {
  requirePermission(member, "withdrawPractice", practiceSubject(practice));
  // A translation withdrawn with its original comes back only with it: that is the original's organisation's decision.
  if (practice.source_practice_id !== null && (await getPracticeBySlug(db, { id: practice.source_practice_id }))?.withdrawn_at != null) {
    throw new Response("Conflict", { status: 409 });
  }
  await inTransaction(db, async (trx) => {
    const ids = await undoWithdrawal(trx, { id: practice.id });
    if (ids.length) await recordAudit(trx, { actorId: member.id, action: "practice.withdrawal_undone", targetType: "practice", targetId: practice.id, detail: { practices: ids } });
  });
  return redirect(`${pagePath(practice)}?done=unwithdrawn`);
}

/** Archive or restore: the author's (or a curator's) own decision, never for a draft. */
export async function handleStatus({ db, member, practice }: PracticeAction, intent: "archive" | "restore") {
  requirePermission(member, "editPractice", practiceSubject(practice));
  if (practice.status === "draft") throw new Response("Bad Request", { status: 400 });
  const status = intent === "archive" ? "archived" : "published";
  await inTransaction(db, (trx) => setPracticeStatus(trx, { id: practice.id, status }));
  return redirect(pagePath(practice));
}

export async function handleFollow({ db, member, practice }: PracticeAction, intent: "follow" | "unfollow") {
  await setFollowing(db, { userId: member.id, practiceId: practice.id, following: intent === "follow" });
  return json({ intent });
}

/** Discussion and endorsements are for published practices only, never a withdrawn one. */
function requirePublished(practice: PracticeAction["practice"]) {
  if (practice.status !== "published" || practice.withdrawn_at !== null) throw new Response("Conflict", { status: 409 });
}

/** A new comment or reply; the redirect lands on it, on the page of its thread. */
export async function handleComment({ db, member, practice }: PracticeAction, { body, parentId }: { body: string; parentId?: number }) {
  requirePublished(practice);
  const created = await inTransaction(db, (trx) => createComment(trx, { practiceId: practice.id, authorId: member.id, parentId, bodyMd: body, language: member.locale ?? "" }));
  if (!created) notFound();
  const page = await threadPageOf(db, { commentId: created.id });
  return redirect(`${pagePath(practice)}?comments=${page}#comment-${created.id}`);
}

/**
 * "Check words": the comment (or reply) comes back as typed, with the glossary's terms to
 * avoid found in it. Advice only: posting it as it is stays possible.
 */
export async function handleCheckWords({ db, practice }: PracticeAction, { body, parentId }: { body: string; parentId?: number }) {
  requirePublished(practice);
  const termFindings = checkTerms({ body }, await listAvoidTerms(db));
  const parent = parentId ? String(parentId) : "";
  return json({ intent: "checkWords", parentId: parent, values: { intent: "checkWords", body, parentId: parent }, termFindings, checked: true });
}

/** An author does not endorse their own practice. */
function requireOthersPractice({ member, practice }: PracticeAction) {
  requirePublished(practice);
  if (practice.author_id === member.id) forbidden();
}

export async function handleEndorse(action: PracticeAction, { note }: { note: string }) {
  requireOthersPractice(action);
  const { db, member, practice } = action;
  await inTransaction(db, (trx) => endorsePractice(trx, { practiceId: practice.id, userId: member.id, organisationId: member.organisationId, note }));
  return json({ intent: "endorse" });
}

export async function handleUnendorse(action: PracticeAction) {
  requireOthersPractice(action);
  const { db, member, practice } = action;
  await inTransaction(db, (trx) => withdrawEndorsement(trx, { practiceId: practice.id, userId: member.id }));
  return json({ intent: "unendorse" });
}
