import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireMember } from "./guards.server";
import type { SessionMember } from "./session.server";
import { can, forbidden, notFound, type PracticeSubject } from "./permissions.server";
import { getPracticeBySlug, type PracticeRecord } from "../models/practice.server";

const Params = z.object({ slug: z.string().min(1).max(200) });

export function practiceSubject(p: Pick<PracticeRecord, "status" | "organisation_id" | "author_id" | "hidden_at" | "restricted_at">): PracticeSubject {
  return { status: p.status, organisationId: p.organisation_id, authorId: p.author_id, restricted: p.hidden_at !== null || p.restricted_at !== null };
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
  const subject = practiceSubject(practice);
  if (!can(member, "viewPractice", subject)) notFound();
  if (need === "editPractice" && !can(member, "editPractice", subject)) forbidden();
  return { member, practice };
}

/**
 * Notifications as this member may read them now: one about a practice that has since been
 * hidden or restricted keeps its kind and time, but loses the practice's title and link.
 */
export function notificationsFor<G extends { practice: PracticeSubject | null; practiceTitle: string | null; practiceSlug: string | null }>(member: SessionMember, groups: G[]) {
  return groups.map(({ practice, ...group }) => (practice === null || can(member, "viewPractice", practice) ? group : { ...group, practiceTitle: null, practiceSlug: null }));
}
