import { json, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getMember } from "../auth/guards.server";
import { can, notFound } from "../auth/permissions.server";
import { moderatedSubject, practiceSubject } from "../auth/practice-access.server";
import { readPracticeFormData, storeUpload } from "../forms/practice/attachments.server";
import { discardPendingAttachment } from "../models/attachment.server";
import { getPracticeBySlug } from "../models/practice.server";
import { inTransaction } from "../server/database.server";
import { parseForm } from "../utils/forms";

const id = /* @__PURE__ */ (() => z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER))();
const Upload = /* @__PURE__ */ (() =>
  z.discriminatedUnion("intent", [
    z.object({
      intent: z.literal("upload"),
      practice: z.string().min(1).max(200).optional(),
      replaces: id.optional(),
      // How many uploads the form lists already, not yet saved: the practice's 20 counts them.
      listed: z.coerce.number().int().min(0).max(100).default(0),
    }),
    z.object({ intent: z.literal("discard"), id }),
  ]))();

/**
 * The practice form's uploads with JavaScript: one file a request (`file`), cleaned and kept
 * as the member's waiting upload, answered with what the form lists; or one taken back.
 * Without JavaScript the same files come with the practice form itself.
 */
export async function action(args: ActionFunctionArgs) {
  // Asked by the form's script, not a page: a session that has ended is said, not redirected
  // (the form keeps what was typed and says to sign in again).
  const member = await getMember(args);
  if (!member) return json({ signedOut: true }, { status: 401 });
  const { formData, files, refused } = await readPracticeFormData(args.request);
  const parsed = parseForm(Upload, formData);
  if (!parsed.ok) return json({ errors: parsed.errors }, { status: 400 });
  const data = parsed.data;
  if (data.intent === "discard") {
    const discarded = await inTransaction(args.context.db, (trx) => discardPendingAttachment(trx, { id: data.id, uploaderId: member.id }));
    if (!discarded) notFound();
    return json({ discarded: data.id });
  }
  let practiceId: number | null = null;
  if (data.practice) {
    const practice = await getPracticeBySlug(args.context.db, { slug: data.practice });
    // As its edit page: a practice the member may not read does not exist for them (requirePractice).
    const subject = practice && (await moderatedSubject(args.context.db, member, practiceSubject(practice), practice.id));
    if (!practice || !subject || !can(member, "viewPractice", subject) || !can(member, "editPractice", subject)) notFound();
    practiceId = practice.id;
  }
  if (refused[0]) return json({ refusal: refused[0] }, { status: 413 });
  const file = files.find((f) => f.field === "file")?.file;
  if (!file || files.length !== 1) return json({ errors: { file: { key: "validation.required" } } }, { status: 400 });
  const stored = await storeUpload(args.context.db, { member, file, practiceId, replacesId: data.replaces ?? null, alreadyListed: data.listed });
  if (!stored.ok) return json({ refusal: stored.refusal }, { status: stored.refusal.reason === "tooLarge" ? 413 : stored.refusal.reason === "quota" ? 429 : 400 });
  return json({ attachment: stored.attachment });
}
