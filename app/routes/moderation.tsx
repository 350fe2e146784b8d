import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Link } from "../ui/link";
import { z } from "zod";
import { requireMember } from "../auth/guards.server";
import { notFound, requirePermission } from "../auth/permissions.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { recordAudit } from "../models/audit.server";
import { getAttachment } from "../models/attachment.server";
import { listOpenFlags, resolveFlag } from "../models/flag.server";
import { countOpenPrivacyReports } from "../models/privacy-report.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { attachmentTypeLabel } from "../domain/attachment";
import { flagReasonLabel } from "../domain/flag";
import { ErrorSummary, Field, TextareaField, type FormState } from "../ui/forms";
import { useFormat } from "../ui/format";
import { Pagination } from "../ui/pagination";
import { formValues, parseForm } from "../utils/forms";
import { pageParam, parseSearchParams } from "../utils/query";
import { refineMarkdown } from "../utils/markdown.server";
import { inTransaction } from "../server/database.server";
import { sectionHandle, withSection } from "../i18n/sections";

export const meta = pageTitle("moderation.title");
// This page's strings are a catalogue section (app/i18n/sections.ts).
export const handle = sectionHandle("manage");
export const clientLoader = withSection("manage");

const note = /* @__PURE__ */ (() => z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(300, "validation.tooLong"))();
const Resolve = /* @__PURE__ */ (() =>
  z.discriminatedUnion("resolution", [
    z.object({ flagId: z.coerce.number().int().positive(), resolution: z.literal("hidden"), note }),
    z.object({
      flagId: z.coerce.number().int().positive(),
      resolution: z.literal("edited"),
      note,
      body: z.string().trim().min(1, "validation.required").max(10_000, "validation.tooLong").superRefine(refineMarkdown).optional(),
    }),
    z.object({ flagId: z.coerce.number().int().positive(), resolution: z.literal("dismissed"), note: z.string().trim().max(300, "validation.tooLong").default("") }),
  ]))();

const Query = /* @__PURE__ */ (() => z.object({ page: pageParam, resolved: z.string().optional().catch(undefined) }))();

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  requirePermission(member, "curate");
  const query = parseSearchParams(Query, args.request);
  const [flags, privacyReports] = await Promise.all([listOpenFlags(args.context.db, { reader: member, page: query.page }), countOpenPrivacyReports(args.context.db)]);
  return json({ ...flags, privacyReports, resolved: query.resolved !== undefined });
}

export async function action(args: ActionFunctionArgs) {
  const member = await requireMember(args);
  requirePermission(member, "curate");
  const { request, context } = args;
  const formData = await request.formData();
  const parsed = parseForm(Resolve, formData);
  if (!parsed.ok) return json({ flagId: String(formData.get("flagId") ?? ""), errors: parsed.errors, values: parsed.values }, { status: 400 });
  const input = parsed.data;
  const outcome = input.resolution === "edited" ? { resolution: "edited" as const, note: input.note, bodyMd: input.body } : { resolution: input.resolution, note: input.note };
  const result = await inTransaction(context.db, async (trx) => {
    const resolved = await resolveFlag(trx, { id: input.flagId, moderatorId: member.id, outcome });
    if (!resolved?.ok) return resolved;
    const { flag, redactedRevisions } = resolved;
    const target = { actorId: member.id, targetType: flag.subject_type, targetId: flag.subject_id, ip: context.clientIp };
    await recordAudit(trx, { ...target, action: "flag.resolved", detail: { flagId: flag.id, reason: flag.reason, resolution: input.resolution, note: input.note } });
    if (flag.subject_type === "attachment" && input.resolution === "hidden") {
      const attachment = await getAttachment(trx, { id: flag.subject_id });
      await recordAudit(trx, { ...target, action: "attachment.hidden", detail: { practiceId: attachment?.practiceId ?? null, reason: input.note, flagId: flag.id } });
    }
    if (redactedRevisions > 0) await recordAudit(trx, { ...target, action: "practice.revisions_redacted", detail: { flagId: flag.id, revisions: redactedRevisions } });
    return resolved;
  });
  if (!result) notFound();
  if (!result.ok) {
    const key = result.problem === "notEditable" ? ("moderation.fileNotEditable" as const) : ("moderation.editFirst" as const);
    return json({ flagId: String(input.flagId), formError: { key }, values: formValues(formData) }, { status: 409 });
  }
  return redirect("/moderation?resolved=1");
}

type Flag = ReturnType<typeof useLoaderData<typeof loader>>["flags"][number];

function ResolveForms({ flag }: { flag: Flag }) {
  const t = useT();
  const data = useActionData() as (FormState & { flagId?: string }) | undefined;
  const busy = useNavigation().state === "submitting";
  const state: FormState = data?.flagId === String(flag.id) ? data : {};
  const value = (name: string) => {
    const v = state.values?.[name];
    return typeof v === "string" ? v : undefined;
  };
  return (
    <div className="resolve">
      <ErrorSummary state={state} />
      <Form method="post" noValidate>
        <input type="hidden" name="flagId" value={flag.id} />
        <Field label={t("moderation.note")} name="note" hint={t("moderation.noteHint")} defaultValue={value("note")} error={state.errors?.note} />
        {flag.comment ? (
          <TextareaField label={t("moderation.editedText")} name="body" rows={4} hint={t("moderation.editedTextHint")} defaultValue={value("body") ?? flag.comment.bodyMd} error={state.errors?.body} />
        ) : null}
        {flag.practice && flag.reason === "personal_data" ? <p className="muted">{t("moderation.redactHint")}</p> : null}
        <div className="button-row">
          <button type="submit" name="resolution" value="hidden" className="button-danger" disabled={busy}>
            {t("moderation.hide")}
          </button>
          {flag.attachment ? null : (
            <button type="submit" name="resolution" value="edited" disabled={busy}>
              {flag.comment ? t("moderation.saveEdit") : t("moderation.markEdited")}
            </button>
          )}
          <button type="submit" name="resolution" value="dismissed" className="button-secondary" disabled={busy}>
            {t("moderation.dismiss")}
          </button>
        </div>
      </Form>
    </div>
  );
}

export default function ModerationPage() {
  const { flags, page, pageCount, total, resolved, privacyReports } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  return (
    <>
      <h1>{t("moderation.title")}</h1>
      <p>
        <Link to="/moderation/privacy-reports">{t("privacyReports.link", { count: privacyReports })}</Link>
      </p>
      {resolved ? (
        <p className="notice" role="status">
          {t("moderation.resolvedNotice")}
        </p>
      ) : null}
      {total > 0 ? <p className="muted">{t("moderation.openCount", { count: total })}</p> : null}
      {flags.length === 0 ? (
        <p className="empty">{t("moderation.none")}</p>
      ) : (
        <ol className="flags">
          {flags.map((flag) => (
            <li key={flag.id} className="flag">
              <h2>
                {flag.subjectType === "comment"
                  ? t("moderation.commentOn", { title: flag.comment?.title ?? "" })
                  : flag.subjectType === "attachment"
                    ? t("moderation.attachmentOn", { name: flag.attachment?.name ?? "", title: flag.attachment?.title ?? "" })
                    : t("moderation.practice", { title: flag.practice?.title ?? "" })}
              </h2>
              <p>
                <strong>{t(flagReasonLabel(flag.reason))}</strong> — {t("moderation.flaggedBy", { name: flag.reporterName ?? t("comments.formerMember"), date: format.dateTime(flag.createdAt) })}
              </p>
              {flag.note ? <blockquote>{flag.note}</blockquote> : null}
              {flag.practice?.withdrawn || flag.comment?.withdrawn || flag.attachment?.withdrawn ? (
                <p className="notice" role="note">
                  {t("moderation.withdrawnSubject")}
                </p>
              ) : flag.practice?.narrowed || flag.comment?.narrowed || flag.attachment?.narrowed ? (
                <p className="notice" role="note">
                  {t("moderation.narrowedSubject")}
                </p>
              ) : null}
              {flag.comment ? (
                <>
                  <p className="muted">{t("moderation.commentBy", { name: flag.comment.authorName ?? t("comments.formerMember") })}</p>
                  <div className="prose flagged-content" dangerouslySetInnerHTML={{ __html: flag.comment.bodyHtml /* sanitised when saved */ }} />
                  {flag.comment.slug ? (
                    <p>
                      <Link to={`/practices/${flag.comment.slug}#comment-${flag.subjectId}`}>{t("moderation.inContext")}</Link>
                    </p>
                  ) : null}
                </>
              ) : null}
              {flag.attachment ? (
                <>
                  <p className="muted">{t(attachmentTypeLabel(flag.attachment.type))}</p>
                  {flag.attachment.slug ? (
                    <p>
                      <a href={`/attachments/${flag.attachment.id}`} target="_blank" rel="noopener noreferrer">
                        {t("moderation.openFile")}
                      </a>{" "}
                      · <Link to={`/practices/${flag.attachment.slug}#attachments`}>{t("moderation.fileInContext")}</Link>
                    </p>
                  ) : null}
                </>
              ) : null}
              {flag.practice ? (
                <>
                  <p className="muted">{flag.practice.organisationName}</p>
                  <p className="flagged-content">{flag.practice.summary}</p>
                  {flag.practice.restrictedAt ? <p className="notice">{t("moderation.restricted")}</p> : null}
                  {flag.practice.slug ? (
                    <p>
                      <Link to={`/practices/${flag.practice.slug}`}>{t("moderation.open")}</Link> · <Link to={`/practices/${flag.practice.slug}/edit`}>{t("moderation.editPractice")}</Link>
                    </p>
                  ) : null}
                </>
              ) : null}
              <ResolveForms flag={flag} />
            </li>
          ))}
        </ol>
      )}
      <Pagination page={page} pageCount={pageCount} />
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
