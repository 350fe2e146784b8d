import { z } from "zod";
import { unstable_parseMultipartFormData, type AppLoadContext } from "@remix-run/node";
import { ATTACHMENT_LIMITS, isImageConsent, type AttachmentRefusal, type ImageConsent, type PendingAttachmentView } from "../../domain/attachment";
import type { SessionMember } from "../../auth/session.server";
import { can, type Actor } from "../../auth/permissions.server";
import {
  attachmentTexts,
  countPracticeAttachments,
  deleteStalePendingAttachments,
  listPendingAttachments,
  listPracticeAttachments,
  storePendingAttachment,
  uploadAllowance,
  type AttachmentChanges,
} from "../../models/attachment.server";
import { inTransaction } from "../../server/database.server";
import { prepareAttachment } from "../../utils/attachments/prepare.server";
import { shownFileName } from "../../utils/attachments/file-name";
import { Limit } from "../../utils/limit";
import type { FieldErrors } from "../../utils/forms";
import { checkPrivacy, type PrivacyFinding } from "../../utils/privacy-check";

/** A file that was not kept, as the form says so: its name as sent, and why. */
export interface AttachmentRefusalView {
  name: string;
  reason: AttachmentRefusal;
}

/** The form's field of a privacy finding in an attachment's text (the form shows the file's name). */
export const attachmentField = (id: number) => `attachment:${id}`;

const Id = /* @__PURE__ */ (() => z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER))();

/** The fields that take files: the form's `files` and `replace:<id>`, the upload endpoint's `file`. */
const FILE_FIELD = /^(?:files?|replace:\d+)$/;

/** What the text of a form may come to: a full write-up in any script is about 600 KB. */
const FORM_TEXT_BYTES = 1024 * 1024;

/**
 * A practice form as sent: its text fields (for parseForm), its files with the field each came
 * in, and the files not kept as they streamed in (over 10 MB, or past the 40 MB one form sent
 * without JavaScript may carry), so that those are refused by name while the text stays.
 */
export async function readPracticeFormData(request: Request) {
  const files: { field: string; file: File }[] = [];
  const refused: AttachmentRefusalView[] = [];
  if (!/^multipart\/form-data\b/i.test(request.headers.get("Content-Type") ?? "")) return { formData: await request.formData(), files, refused };
  let text = 0;
  let kept = 0;
  const formData = await unstable_parseMultipartFormData(request, async ({ name, filename, contentType, data }) => {
    if (filename === undefined) {
      const chunks: Uint8Array[] = [];
      for await (const chunk of data) {
        text += chunk.byteLength;
        if (text > FORM_TEXT_BYTES) throw new Response("Request body too large", { status: 413 });
        chunks.push(chunk);
      }
      return new TextDecoder().decode(Buffer.concat(chunks));
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      // Past a limit the rest is read and dropped: the text after it must still arrive.
      if (size <= ATTACHMENT_LIMITS.fileBytes && kept + size <= ATTACHMENT_LIMITS.formBytes) chunks.push(chunk);
    }
    // A file in a text field is left there, empty, for parseForm to refuse with a 400 naming the field.
    if (!FILE_FIELD.test(name)) return new File([], filename);
    // A file input left empty still sends a part with no name and no bytes.
    if (size === 0 && filename === "") return undefined;
    if (size > ATTACHMENT_LIMITS.fileBytes || kept + size > ATTACHMENT_LIMITS.formBytes) {
      refused.push({ name: shownFileName(filename), reason: size > ATTACHMENT_LIMITS.fileBytes ? "tooLarge" : "formTooLarge" });
      return undefined;
    }
    kept += size;
    files.push({ field: name, file: new File([Buffer.concat(chunks)], filename, { type: contentType }) });
    return undefined;
  });
  return { formData, files, refused };
}

/**
 * Cleaning a file holds it and what it unpacks to in memory (up to 100 MiB for an Office file,
 * a decoded photo of 50 megapixels): two at a time in a process, the others wait their turn.
 */
const cleaning = new Limit(2);

/**
 * Cleans one file and keeps it as the member's waiting upload, or says why not: the day's
 * allowance and the practice's 20 are checked before any work is done.
 */
export async function storeUpload(
  db: AppLoadContext["db"],
  { member, file, practiceId, replacesId = null, alreadyListed = 0 }: { member: Pick<SessionMember, "id">; file: File; practiceId: number | null; replacesId?: number | null; alreadyListed?: number },
) {
  const refuse = (reason: AttachmentRefusal) => ({ ok: false as const, refusal: { name: shownFileName(file.name), reason } });
  if (file.size > ATTACHMENT_LIMITS.fileBytes) return refuse("tooLarge");
  if (file.size === 0) return refuse("empty");
  const onPractice = practiceId === null ? 0 : await countPracticeAttachments(db, { practiceId });
  if (replacesId === null && onPractice + alreadyListed >= ATTACHMENT_LIMITS.perPractice) return refuse("tooMany");
  const withinAllowance = async (trx: AppLoadContext["db"], size: number) => {
    const allowance = await uploadAllowance(trx, { uploaderId: member.id });
    return allowance.files >= 1 && allowance.bytes >= size;
  };
  if (!(await withinAllowance(db, file.size))) return refuse("quota");
  const prepared = await cleaning.run(async () => prepareAttachment(new Uint8Array(await file.arrayBuffer()), file.name));
  if (!prepared.ok) return refuse(prepared.refusal);
  await inTransaction(db, (trx) => deleteStalePendingAttachments(trx));
  // Asked again where it is written: uploads sent side by side must not pass it together.
  const id = await inTransaction(db, async (trx) => ((await withinAllowance(trx, file.size)) ? storePendingAttachment(trx, { uploaderId: member.id, file: prepared, replacesId }) : null));
  if (id === null) return refuse("quota");
  const [view] = await listPendingAttachments(db, { uploaderId: member.id, ids: [id] });
  return { ok: true as const, attachment: view! };
}

/**
 * The files of a form sent without JavaScript, kept as waiting uploads one by one; their ids
 * join the form's `attachment` values, so a form that fails for another reason keeps them.
 * `replace:<id>` fields take the place of that attachment when the practice is saved.
 */
export async function storeFormFiles(
  db: AppLoadContext["db"],
  formData: FormData,
  { member, practiceId, files }: { member: Pick<SessionMember, "id">; practiceId: number | null; files: { field: string; file: File }[] },
) {
  const refusals: AttachmentRefusalView[] = [];
  let listed = pendingIds(formData).length;
  for (const { field, file } of files) {
    const replace = /^replace:(\d+)$/.exec(field);
    if (field !== "files" && !replace) continue;
    const stored = await storeUpload(db, { member, file, practiceId, replacesId: replace ? Number(replace[1]) : null, alreadyListed: listed });
    if (!stored.ok) {
      refusals.push(stored.refusal);
      continue;
    }
    formData.append("attachment", String(stored.attachment.id));
    listed += 1;
  }
  return refusals;
}

/** The ids in a repeated field, each read on its own (one bad value does not drop the others), at most a practice's worth thrice. */
function idsOf(formData: FormData, field: string): number[] {
  const ids = formData.getAll(field).flatMap((value) => {
    const parsed = Id.safeParse(value);
    return parsed.success ? [parsed.data] : [];
  });
  return [...new Set(ids)].slice(0, ATTACHMENT_LIMITS.perPractice * 3);
}
const pendingIds = (formData: FormData) => idsOf(formData, "attachment");

/** The member's waiting uploads the form lists, as it shows them after a submit. */
export async function attachmentsOfForm(db: AppLoadContext["db"], formData: FormData, { member }: { member: Pick<SessionMember, "id"> }) {
  return listPendingAttachments(db, { uploaderId: member.id, ids: pendingIds(formData) });
}

/**
 * What the form asks of the attachments, checked: waiting uploads to add (the member's own),
 * ones to take off, and each image's alternative text and consent, which publishing
 * requires. Their documents' text goes through the privacy check with the write-up.
 */
export async function readAttachmentChanges(
  db: AppLoadContext["db"],
  formData: FormData,
  { member, practiceId, publishing }: { member: Pick<SessionMember, "id">; practiceId: number | null; publishing: boolean },
) {
  const remove = new Set(idsOf(formData, "removeAttachment"));
  const pending = await listPendingAttachments(db, { uploaderId: member.id, ids: pendingIds(formData) });
  const current = practiceId === null ? [] : await listPracticeAttachments(db, { practiceId, withHidden: true });
  const replaced = new Set(pending.flatMap((p) => (p.replaces === null ? [] : [p.replaces])));
  const add = pending.filter((p) => !remove.has(p.id));
  const discard = pending.filter((p) => remove.has(p.id));
  const staying = current.filter((c) => !remove.has(c.id) && !replaced.has(c.id));
  const errors: FieldErrors = {};
  if (staying.length + add.length > ATTACHMENT_LIMITS.perPractice) errors.attachments = { key: "attachment.refused.tooMany", params: { max: ATTACHMENT_LIMITS.perPractice } };
  // A file a moderator hid is shown to nobody: it stays as it is, unchecked, and its text (which
  // the editor may not be allowed to fetch) is not read back to them in findings.
  const shown = [...staying.filter((a) => a.hiddenAt === null), ...add];
  const images = new Map<number, { alt: string; consent: ImageConsent | null }>();
  for (const image of shown.filter((a) => a.kind === "image")) {
    const alt = String(formData.get(`alt:${image.id}`) ?? image.alt)
      .replaceAll("\u0000", "")
      .trim();
    const consentValue = formData.get(`consent:${image.id}`) ?? image.consent;
    const consent = isImageConsent(consentValue) ? consentValue : null;
    if (alt.length > ATTACHMENT_LIMITS.altTextMax) errors[`alt:${image.id}`] = { key: "validation.tooLong", params: { max: ATTACHMENT_LIMITS.altTextMax } };
    else if (publishing && alt === "") errors[`alt:${image.id}`] = { key: "attachment.altRequired" };
    if (publishing && consent === null) errors[`consent:${image.id}`] = { key: "attachment.consentRequired" };
    images.set(image.id, { alt, consent });
  }
  const texts = await attachmentTexts(db, { ids: shown.map((a) => a.id), practiceId, uploaderId: member.id });
  const findings: PrivacyFinding[] = checkPrivacy(Object.fromEntries(texts.map((t) => [attachmentField(t.id), t.text])));
  const changes: AttachmentChanges = { add: add.map((a) => a.id), remove: [...remove].filter((id) => current.some((c) => c.id === id)), discard: discard.map((d) => d.id), images };
  return { changes, errors, findings };
}

/** A form's attachment fields among values restored after signing in again. */
const isAttachmentField = (key: string) => key === "attachment" || key === "removeAttachment" || /^(alt|consent):\d+$/.test(key);

/**
 * What the practice form's loader gives its attachment section: the practice's attachments
 * (hidden ones too, to whom may still fetch them: their uploader and the moderators), the
 * member's waiting uploads among values restored after signing in again, those values, and
 * the day's allowance left.
 */
export async function attachmentsForForm(db: AppLoadContext["db"], { member, practiceId, restored }: { member: Actor; practiceId: number | null; restored?: Record<string, string[]> }) {
  const values = Object.fromEntries(Object.entries(restored ?? {}).filter(([key]) => isAttachmentField(key)));
  const pendingFromValues = new FormData();
  for (const id of values.attachment ?? []) pendingFromValues.append("attachment", id);
  const [current, pending, allowance] = await Promise.all([
    practiceId === null ? [] : listPracticeAttachments(db, { practiceId, withHidden: true }),
    attachmentsOfForm(db, pendingFromValues, { member }),
    uploadAllowance(db, { uploaderId: member.id }),
  ]);
  return {
    current: current
      .filter((a) => a.hiddenAt === null || a.uploaderId === member.id || can(member, "curate"))
      .map(({ uploaderId: _uploader, hiddenAt, ...view }) => ({ ...view, hidden: hiddenAt !== null })),
    pending,
    values,
    allowance,
  };
}
export type AttachmentsForForm = Awaited<ReturnType<typeof attachmentsForForm>>;

export type { PendingAttachmentView };
