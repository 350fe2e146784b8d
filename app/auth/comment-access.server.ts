import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireMember } from "./guards.server";
import { can, notFound } from "./permissions.server";
import { joinedPracticeSubject } from "../domain/practice";
import { getComment } from "../models/comment.server";
import { moderatedSubject } from "./practice-access.server";

const Params = z.object({ id: z.coerce.number().int().positive() });

/**
 * The signed-in member and the comment in the URL, if they may see the practice it
 * belongs to (404 otherwise); a hidden comment's text is for its author and the
 * moderators. `canEdit` and `canHide` say what the member may do with it.
 */
export async function requireComment(args: Pick<LoaderFunctionArgs, "request" | "context" | "params">) {
  const member = await requireMember(args);
  const params = Params.safeParse(args.params);
  const comment = params.success ? await getComment(args.context.db, { id: params.data.id }) : undefined;
  if (!comment) notFound();
  if (!can(member, "viewPractice", await moderatedSubject(args.context.db, member, joinedPracticeSubject(comment), comment.practiceId))) notFound();
  if (comment.hiddenAt !== null && comment.authorId !== member.id && !can(member, "curate")) notFound();
  const subject = { authorId: comment.authorId, deleted: comment.deletedAt !== null, hidden: comment.hiddenAt !== null };
  return { member, comment, canEdit: can(member, "editComment", subject), canHide: can(member, "curate") && comment.hiddenAt === null && comment.deletedAt === null };
}
