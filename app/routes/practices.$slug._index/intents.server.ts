import { json, redirect } from "@remix-run/node";
import { forbidden, notFound, requirePermission } from "../../auth/permissions.server";
import { practiceSubject, type requirePractice } from "../../auth/practice-access.server";
import { createComment, threadPageOf } from "../../models/comment.server";
import { endorsePractice, withdrawEndorsement } from "../../models/endorsement.server";
import { setFollowing } from "../../models/notification.server";
import { setPracticeStatus } from "../../models/practice.server";
import type { Db } from "../../../db/client";
import { inTransaction } from "../../server/database.server";

/** What every intent of the practice page works on: the reader, the practice, the database. */
export interface PracticeAction {
  db: Db;
  member: Awaited<ReturnType<typeof requirePractice>>["member"];
  practice: Awaited<ReturnType<typeof requirePractice>>["practice"];
}

const pagePath = (practice: PracticeAction["practice"]) => `/practices/${encodeURIComponent(practice.slug)}`;

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

/** Discussion and endorsements are for published practices only. */
function requirePublished(practice: PracticeAction["practice"]) {
  if (practice.status !== "published") throw new Response("Conflict", { status: 409 });
}

/** A new comment or reply; the redirect lands on it, on the page of its thread. */
export async function handleComment({ db, member, practice }: PracticeAction, { body, parentId }: { body: string; parentId?: number }) {
  requirePublished(practice);
  const created = await inTransaction(db, (trx) => createComment(trx, { practiceId: practice.id, authorId: member.id, parentId, bodyMd: body, language: member.locale ?? "" }));
  if (!created) notFound();
  const page = await threadPageOf(db, { commentId: created.id });
  return redirect(`${pagePath(practice)}?comments=${page}#comment-${created.id}`);
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
