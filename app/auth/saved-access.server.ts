import type { Db } from "../../db/client";
import { practiceSubject, type PracticeSubject } from "../domain/practice";
import { getHandbookById } from "../models/handbook.server";
import { getPracticeBySlug } from "../models/practice.server";
import { can, inAudience, type Actor } from "./permissions.server";

/**
 * A practice may be saved while it is listed for the member: published, neither withdrawn,
 * hidden nor restricted, and addressed to them. It is the rule `listSaved` reads the list
 * with (`listedFor`), so nothing is saved that the Saved page would not show.
 */
export function maySavePractice(member: Actor, subject: PracticeSubject): boolean {
  return subject.status === "published" && !subject.withdrawn && !subject.restricted && inAudience(member, subject) && can(member, "viewPractice", subject);
}

/** A handbook edition may be saved by whoever may read it: a published one by every member, others by curators. */
export function maySaveHandbook(member: Actor, handbook: { status: string }): boolean {
  return handbook.status === "published" || can(member, "curate");
}

/** What the member wants to save, if they may: else null (the route answers 404, existence is private). */
export async function savableTarget(db: Db, member: Actor, target: { practiceId: number } | { handbookId: number }) {
  if ("practiceId" in target) {
    const practice = await getPracticeBySlug(db, { id: target.practiceId });
    if (!practice || !maySavePractice(member, practiceSubject(practice))) return null;
    return { kind: "practice" as const, practice };
  }
  const handbook = await getHandbookById(db, { id: target.handbookId });
  if (!handbook || !maySaveHandbook(member, handbook)) return null;
  return { kind: "handbook" as const, handbook };
}
