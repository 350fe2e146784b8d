import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireAttachment } from "../auth/attachment-access.server";
import { requireMember } from "../auth/guards.server";
import { notFound, requirePermission } from "../auth/permissions.server";
import { hideAttachment, purgeAttachments, unhideAttachment } from "../models/attachment.server";
import { recordAudit } from "../models/audit.server";
import { resolveOpenFlags } from "../models/flag.server";
import { inTransaction } from "../server/database.server";
import { parseForm, requiredText } from "../utils/forms";

const Moderate = /* @__PURE__ */ (() =>
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("hide"), reason: requiredText(500) }),
    z.object({ intent: z.literal("unhide") }),
    z.object({ intent: z.literal("purge"), confirm: z.literal("yes", { error: "attachment.purgeConfirmNeeded" }) }),
  ]))();

/** Nothing to read here: a GET is told which method this address takes. */
export async function loader(args: LoaderFunctionArgs) {
  await requireMember(args);
  throw new Response("Method Not Allowed", { status: 405, statusText: "Method Not Allowed", headers: { Allow: "POST" } });
}

/**
 * A moderator hides a practice's file or shows it again; an admin removes it for good (its
 * bytes go; the row stays, so the revisions that had it can say a file was there). Each is
 * audited with the change: who, which file, which practice — never what the file holds.
 * There is no page here: the forms are on the practice page, and every answer returns there.
 */
export async function action(args: ActionFunctionArgs) {
  const { member, attachment } = await requireAttachment(args);
  // A waiting upload belongs to no practice yet: there is nothing to moderate.
  if (attachment.practiceId === null || attachment.practiceSlug === null) notFound();
  requirePermission(member, "curate");
  const { request, context } = args;
  const formData = await request.formData();
  if (formData.get("intent") === "purge") requirePermission(member, "administer");
  const parsed = parseForm(Moderate, formData);
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const input = parsed.data;
  const practiceId = attachment.practiceId;
  const target = { actorId: member.id, targetType: "attachment", targetId: attachment.id, ip: context.clientIp };
  await inTransaction(context.db, async (trx) => {
    if (input.intent === "hide") {
      if (!(await hideAttachment(trx, { id: attachment.id, moderatorId: member.id, reason: input.reason }))) return;
      const flags = await resolveOpenFlags(trx, { subjectType: "attachment", subjectId: attachment.id, moderatorId: member.id, resolution: "hidden", note: input.reason });
      await recordAudit(trx, { ...target, action: "attachment.hidden", detail: { practiceId, reason: input.reason, flagsResolved: flags } });
    } else if (input.intent === "unhide") {
      if (!(await unhideAttachment(trx, { id: attachment.id }))) return;
      await recordAudit(trx, { ...target, action: "attachment.unhidden", detail: { practiceId } });
    } else {
      await purgeAttachments(trx, { practiceId, ids: [attachment.id], by: member.id });
      const flags = await resolveOpenFlags(trx, { subjectType: "attachment", subjectId: attachment.id, moderatorId: member.id, resolution: "hidden" });
      await recordAudit(trx, { ...target, action: "attachment.purged", detail: { practiceId, flagsResolved: flags } });
    }
  });
  return redirect(`/practices/${encodeURIComponent(attachment.practiceSlug)}#attachments`);
}
