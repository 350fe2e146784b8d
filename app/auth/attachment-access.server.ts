import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireMember } from "./guards.server";
import { can, notFound } from "./permissions.server";
import { joinedPracticeSubject } from "../domain/practice";
import type { Db } from "../../db/client";
import { getAttachment, type AttachmentRecord } from "../models/attachment.server";
import { moderatedSubject } from "./practice-access.server";
import type { SessionMember } from "./session.server";

const Params = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/**
 * The signed-in member and the attachment in the URL, if they may fetch it; anything else
 * is a 404, so that neither a file nor its existence is told to someone who may not read it.
 */
export async function requireAttachment(args: Pick<LoaderFunctionArgs, "request" | "context" | "params">) {
  const member = await requireMember(args);
  const params = Params.safeParse(args.params);
  const attachment = params.success ? await getAttachment(args.context.db, { id: params.data.id }) : undefined;
  if (!attachment || !(await mayFetchAttachment(args.context.db, member, attachment))) notFound();
  return { member, attachment };
}

/** The `viewAttachment` rule for one attachment, its practice seen as a moderator may (moderatedSubject). */
export async function mayFetchAttachment(db: Db, member: SessionMember, attachment: AttachmentRecord) {
  const practice = attachment.practiceId === null ? null : await moderatedSubject(db, member, joinedPracticeSubject(attachmentPractice(attachment)), attachment.practiceId);
  // One taken off its practice lives on in the revisions that had it; redacting them purges it (redactEarlierRevisions).
  return can(member, "viewAttachment", { uploaderId: attachment.uploaderId, practice, hidden: attachment.hiddenAt !== null, purged: attachment.purgedAt !== null });
}

/** A saved attachment's practice columns are never null (the join finds its practice). */
function attachmentPractice(a: AttachmentRecord) {
  return {
    practiceStatus: a.practiceStatus!,
    practiceOrganisationId: a.practiceOrganisationId!,
    practiceAuthorId: a.practiceAuthorId,
    practiceHiddenAt: a.practiceHiddenAt,
    practiceRestrictedAt: a.practiceRestrictedAt,
    practiceAudience: a.practiceAudience!,
    practiceAudienceGroupId: a.practiceAudienceGroupId,
    practiceAudienceOrganisationId: a.practiceAudienceOrganisationId,
    practiceWithdrawnAt: a.practiceWithdrawnAt,
  };
}
