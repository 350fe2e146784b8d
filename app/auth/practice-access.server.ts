import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireMember } from "./guards.server";
import type { SessionMember } from "./session.server";
import { can, forbidden, inAudience, notFound, type PracticeSubject } from "./permissions.server";
import type { Db } from "../../db/client";
import { practiceSubject } from "../domain/practice";
import { recordAudit } from "../models/audit.server";
import { hasOpenFlag } from "../models/flag.server";
import { getPracticeBySlug } from "../models/practice.server";

const Params = z.object({ slug: z.string().min(1).max(200) });

export { practiceSubject };

/**
 * The practice as a subject for this member. A curator or admin outside its audience may
 * read it while a flag on it awaits moderation, and the audit log records that they did.
 */
export async function moderatedSubject(db: Db, member: SessionMember, subject: PracticeSubject, practiceId: number): Promise<PracticeSubject> {
  if (!can(member, "curate") || can(member, "viewPractice", subject) || subject.status === "draft" || subject.withdrawn || inAudience(member, subject)) return subject;
  if (!(await hasOpenFlag(db, { practiceId }))) return subject;
  await recordAudit(db, { actorId: member.id, action: "practice.read_for_moderation", targetType: "practice", targetId: practiceId });
  return { ...subject, openFlag: true };
}

/**
 * The signed-in member and the practice named in the URL, if they may `need` it:
 * a draft they may not see is a 404 (its existence is private), a practice they
 * may see but not edit is a 403.
 */
export async function requirePractice(args: Pick<LoaderFunctionArgs, "request" | "context" | "params">, need: "viewPractice" | "editPractice") {
  const member = await requireMember(args);
  const params = Params.safeParse(args.params);
  const practice = params.success ? await getPracticeBySlug(args.context.db, { slug: params.data.slug }) : undefined;
  if (!practice) notFound();
  const subject = await moderatedSubject(args.context.db, member, practiceSubject(practice), practice.id);
  if (!can(member, "viewPractice", subject)) notFound();
  if (need === "editPractice" && !can(member, "editPractice", subject)) forbidden();
  return { member, practice };
}

/**
 * Notifications as this member may read them now: one about a practice that has since been
 * hidden, restricted, narrowed away from them or withdrawn keeps its kind and time, but loses
 * the practice's title and link.
 */
export function notificationsFor<G extends { practice: PracticeSubject | null; practiceTitle: string | null; practiceSlug: string | null }>(member: SessionMember, groups: G[]) {
  return groups.map(({ practice, ...group }) => (practice === null || (can(member, "viewPractice", practice) && !practice.withdrawn) ? group : { ...group, practiceTitle: null, practiceSlug: null }));
}
