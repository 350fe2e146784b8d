import type { AppLoadContext } from "@remix-run/node";
import { parseAudienceValue, SECTIONS, type AudienceChoice, type PracticeMeta, type WriteUp } from "../../domain/practice";
import { listThemes } from "../../models/practice.server";
import { rateLimitState, recordRateLimitFailure, type RateLimitPolicy } from "../../models/rate-limit.server";
import { formValues, parseForm, type FieldError, type FieldErrors } from "../../utils/forms";
import { MARKDOWN_PROBLEM_KEYS, markdownProblem, renderMarkdown } from "../../utils/markdown.server";
import { DraftSchema, PRACTICE_ARRAY_FIELDS, PreviewSchema, PublishSchema, SECTION_MAX_LENGTH } from "./schema";
import { checkPrivacy, type PrivacyFinding } from "../../utils/privacy-check";
import { checkTerms, type TermFinding } from "../../utils/glossary-check";
import { listAvoidTerms } from "../../models/glossary.server";
import { inTransaction } from "../../server/database.server";
import { isPrivacyReportIntent, readPrivacyReport, type PrivacyReportSubmission } from "./privacy-report.server";
import { attachmentsOfForm, readAttachmentChanges, readPracticeFormData, storeFormFiles, type AttachmentRefusalView } from "./attachments.server";
import type { AttachmentChanges } from "../../models/attachment.server";
import type { PendingAttachmentView } from "../../domain/attachment";
import type { SessionMember } from "../../auth/session.server";

/**
 * Previews per member: the live preview asks at most every 0.8 s of a pause in typing, so a
 * person stays far below this; a script asking for renderings without end does not.
 */
export const PRACTICE_PREVIEWS: RateLimitPolicy = { windowMs: 60 * 1000, slowAfter: 1_000, maxFailures: 60, lockMs: 60 * 1000 };

type UncheckedSubmission =
  | PrivacyReportSubmission
  | { kind: "limited"; status: 429; body: { previewError: FieldError; values: Record<string, string | string[]>; findings: PrivacyFinding[] } }
  | { kind: "invalid"; status: 400 | 409; body: { errors: FieldErrors; values: Record<string, string | string[]>; findings: PrivacyFinding[]; formError?: { key: "practice.privacyConfirm" } } }
  | { kind: "preview"; body: { preview: Record<string, string>; findings: PrivacyFinding[]; values: Record<string, string | string[]> } }
  | { kind: "uploaded"; status: 200 | 400; body: { values: Record<string, string | string[]>; findings: PrivacyFinding[]; errors: FieldErrors } }
  | {
      kind: "save";
      publish: boolean;
      autosave: boolean;
      writeUp: WriteUp;
      meta: PracticeMeta;
      note: string;
      translationOf?: number;
      audience?: AudienceChoice;
      /** Absent for an autosave: files change only when the author saves. */
      attachments?: AttachmentChanges;
    };

/** An answer that does not save, with the glossary's terms to avoid found in the write-up beside the privacy findings. */
type WithTermFindings<S> = S extends { body: infer B } ? Omit<S, "body"> & { body: B & { termFindings: TermFinding[] } } : never;

export type PracticeSubmission = Extract<UncheckedSubmission, { kind: "save" }> | WithTermFindings<Exclude<UncheckedSubmission, { kind: "save" }>>;

/** What a practice form answers when it does not save: the body, with the files it lists and those it refused. */
export type PracticeFormSubmission =
  | (Extract<PracticeSubmission, { kind: "save" }> & { values: Record<string, string | string[]>; pending: PendingAttachmentView[] })
  | { kind: "answer"; status: number; body: Exclude<PracticeSubmission, { kind: "save" }>["body"] & { attachments: { pending: PendingAttachmentView[]; refusals: AttachmentRefusalView[] } } };

/**
 * The practice form of the new and edit pages, as sent (multipart with files, or not): files
 * are cleaned and kept as waiting uploads first, so that whatever else the form says, they
 * stay listed with what was typed.
 */
export async function readPracticeForm(
  db: AppLoadContext["db"],
  request: Request,
  { published, member, practiceId }: { published: boolean; member: Pick<SessionMember, "id" | "groupIds">; practiceId: number | null },
): Promise<PracticeFormSubmission> {
  const { formData, files, refused } = await readPracticeFormData(request);
  const refusals = [...refused, ...(await storeFormFiles(db, formData, { member, practiceId, files }))];
  const submission = await readPracticeSubmission(db, formData, { published, memberId: member.id, groupIds: member.groupIds, practiceId });
  const pending = await attachmentsOfForm(db, formData, { member });
  if (submission.kind === "save") {
    // A file that was refused is not left out silently: nothing is saved until the member has read why.
    if (refusals.length > 0) {
      return {
        kind: "answer",
        status: 400,
        body: { errors: {}, values: formValues(formData), findings: [], termFindings: await writeUpTermFindings(db, formData), attachments: { pending, refusals } },
      };
    }
    return { ...submission, values: formValues(formData), pending };
  }
  const status = "status" in submission ? submission.status : 200;
  return { kind: "answer", status: refusals.length > 0 && status === 200 ? 400 : status, body: { ...submission.body, attachments: { pending, refusals } } };
}

const WRITE_UP_FIELDS = ["title", "summary", ...SECTIONS] as const;

/** The privacy check over every text of the write-up, as submitted. */
function writeUpFindings(formData: FormData): PrivacyFinding[] {
  return checkPrivacy(Object.fromEntries(WRITE_UP_FIELDS.map((f) => [f, String(formData.get(f) ?? "")])));
}

/** The glossary's terms to avoid in the write-up, in any of the nine languages: advice only, never a reason to hold back. */
async function writeUpTermFindings(db: AppLoadContext["db"], formData: FormData): Promise<TermFinding[]> {
  return checkTerms(Object.fromEntries(WRITE_UP_FIELDS.map((f) => [f, String(formData.get(f) ?? "")])), await listAvoidTerms(db));
}

type SubmissionOptions = { published: boolean; memberId: number; groupIds: readonly number[]; practiceId: number | null };

/**
 * Reads the practice form for the new and edit pages alike: validates as a draft or for
 * publishing, renders a preview, and holds back a publish until the author has confirmed
 * the privacy findings. `published` says whether "save" keeps a published practice published.
 * Whenever the form comes back (a preview, the live check, a refusal), it says which of the
 * glossary's terms to avoid the write-up holds; those never hold back a publish.
 */
export async function readPracticeSubmission(db: AppLoadContext["db"], formData: FormData, options: SubmissionOptions): Promise<PracticeSubmission> {
  const submission = await readSubmission(db, formData, options);
  if (submission.kind === "save") return submission;
  // An autosave's answer is not shown, and a preview refused for too many asks does no work.
  const quiet = formData.get("intent") === "autosave" || submission.kind === "limited";
  const termFindings = quiet ? [] : await writeUpTermFindings(db, formData);
  return { ...submission, body: { ...submission.body, termFindings } } as PracticeSubmission;
}

async function readSubmission(db: AppLoadContext["db"], formData: FormData, { published, memberId, groupIds, practiceId }: SubmissionOptions): Promise<UncheckedSubmission> {
  const intent = formData.get("intent");
  const publishing = intent === "publish" || (intent === "save" && published);
  const values = formValues(formData);
  const files = await readAttachmentChanges(db, formData, { member: { id: memberId }, practiceId, publishing });
  const findings = [...writeUpFindings(formData), ...files.findings];
  // Saving by itself is for drafts only: a published practice changes by a numbered revision.
  if (isPrivacyReportIntent(intent)) return readPrivacyReport(db, formData, { memberId, findings });
  if (intent === "upload") return { kind: "uploaded", status: 200, body: { values, findings, errors: files.errors } };
  if (intent === "autosave" && published) return { kind: "invalid", status: 409, body: { errors: {}, values, findings: [] } };
  if (intent === "preview") {
    const limit = { key: `preview:member:${memberId}`, policy: PRACTICE_PREVIEWS };
    if ((await rateLimitState(db, limit)).lockedForMs > 0) {
      return { kind: "limited", status: 429, body: { previewError: { key: "practice.previewTooMany" }, values, findings: [] } };
    }
    await inTransaction(db, (trx) => recordRateLimitFailure(trx, limit));
  }
  const schema = publishing ? PublishSchema : intent === "preview" ? PreviewSchema : DraftSchema;
  const parsed = parseForm(schema, formData, { arrays: PRACTICE_ARRAY_FIELDS });
  const text = (name: string) => String(formData.get(name) ?? "");
  // An autosave keeps the text only: the files wait for the author's own save.
  const fileErrors = intent === "autosave" ? {} : files.errors;
  const errors: FieldErrors = parsed.ok ? { ...fileErrors } : { ...parsed.errors, ...fileErrors };
  for (const s of SECTIONS) {
    const problem = errors[s] || text(s).length > SECTION_MAX_LENGTH ? null : markdownProblem(text(s));
    if (problem) errors[s] = { key: MARKDOWN_PROBLEM_KEYS[problem] };
  }
  if (!parsed.ok || Object.keys(errors).length > 0) return { kind: "invalid", status: 400, body: { errors, values, findings } };
  const data = parsed.data;
  // Only a group the author's organisation belongs to (now: it may have left it since the page loaded).
  const audience = data.audience === undefined ? undefined : parseAudienceValue(data.audience);
  if (audience && audience.audience === "group" && !groupIds.includes(audience.groupId ?? 0)) {
    return { kind: "invalid", status: 400, body: { errors: { audience: { key: "audience.notYourGroup" } }, values, findings } };
  }
  const known = new Set(await listThemes(db));
  if (data.themes.some((t) => !known.has(t))) {
    return { kind: "invalid", status: 400, body: { errors: { themes: { key: "validation.theme" } }, values, findings } };
  }
  const writeUp: WriteUp = {
    title: data.title,
    summary: data.summary,
    context: data.context,
    approach: data.approach,
    resources: data.resources,
    outcomes: data.outcomes,
    lessons: data.lessons,
    adapt: data.adapt,
  };
  if (data.intent === "preview") {
    const preview: Record<string, string> = {};
    for (const s of SECTIONS) preview[s] = renderMarkdown(writeUp[s]);
    return { kind: "preview", body: { preview: { title: writeUp.title, summary: writeUp.summary, ...preview }, findings, values } };
  }
  if (publishing && findings.length > 0 && data.privacyChecked !== "on") {
    return { kind: "invalid", status: 400, body: { errors: {}, values, findings, formError: { key: "practice.privacyConfirm" } } };
  }
  return {
    kind: "save",
    publish: publishing,
    autosave: data.intent === "autosave",
    writeUp,
    meta: { language: data.language, themes: data.themes, countries: data.countries },
    note: data.note,
    translationOf: data.translationOf,
    audience: audience ?? undefined,
    attachments: data.intent === "autosave" ? undefined : files.changes,
  };
}
