import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { Link } from "../ui/link";
import { z } from "zod";
import { FLAG_REASONS, flagReasonLabel } from "../domain/flag";
import { requireMember } from "../auth/guards.server";
import { can, notFound } from "../auth/permissions.server";
import type { SessionMember } from "../auth/session.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { recordAudit } from "../models/audit.server";
import { mayFetchAttachment } from "../auth/attachment-access.server";
import { getAttachment } from "../models/attachment.server";
import { getComment } from "../models/comment.server";
import { createFlag, FLAG_REPORTS } from "../models/flag.server";
import { rateLimitState, recordRateLimitFailure } from "../models/rate-limit.server";
import { getPracticeBySlug } from "../models/practice.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { ErrorSummary, TextareaField, useFormState, valueOf } from "../ui/forms";
import { formValues, parseForm } from "../utils/forms";
import { joinedPracticeSubject, practiceSubject } from "../domain/practice";
import { parseSearchParams } from "../utils/query";
import { inTransaction } from "../server/database.server";

export const meta = pageTitle("flag.title");

const Query = /* @__PURE__ */ (() =>
  z.object({
    sent: z.literal("1").optional().catch(undefined),
    comment: z.coerce.number().int().positive().optional().catch(undefined),
    attachment: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().catch(undefined),
    practice: z.string().max(200).optional().catch(undefined),
  }))();
const FlagSchema = /* @__PURE__ */ (() =>
  z.object({
    reason: z.enum(FLAG_REASONS, { error: "flag.chooseReason" }),
    note: z.string().trim().max(1000, "validation.tooLong").default(""),
  }))();

type RouteDb = LoaderFunctionArgs["context"]["db"];

/**
 * A file on a practice the member may fetch, to be flagged: never a waiting upload, a draft's,
 * or one already hidden or removed for good. Null for anything else.
 */
async function flaggableAttachment(db: RouteDb, member: SessionMember, id: number) {
  const attachment = await getAttachment(db, { id });
  if (!attachment || attachment.practiceId === null || attachment.practiceStatus === "draft" || attachment.hiddenAt !== null || attachment.purgedAt !== null) return null;
  if (!(await mayFetchAttachment(db, member, attachment))) return null;
  const back = `/practices/${encodeURIComponent(attachment.practiceSlug ?? "")}#attachments`;
  return { type: "attachment" as const, id: attachment.id, title: attachment.practiceTitle ?? "", name: attachment.name, back };
}

/** What is being flagged, named by ?comment=id, ?attachment=id or ?practice=slug, if the member can see it. */
async function flagSubject(db: RouteDb, member: SessionMember, request: Request) {
  const query = parseSearchParams(Query, request);
  if (query.attachment) {
    const attachment = await flaggableAttachment(db, member, query.attachment);
    if (!attachment) notFound();
    return attachment;
  }
  if (query.comment) {
    const comment = await getComment(db, { id: query.comment });
    const visible = comment && comment.deletedAt === null && comment.hiddenAt === null && can(member, "viewPractice", joinedPracticeSubject(comment));
    if (!visible) notFound();
    return { type: "comment" as const, id: comment.id, title: comment.practiceTitle, back: `/practices/${encodeURIComponent(comment.practiceSlug)}#comment-${comment.id}` };
  }
  if (query.practice) {
    const practice = await getPracticeBySlug(db, { slug: query.practice });
    if (!practice || practice.status === "draft" || !can(member, "viewPractice", practiceSubject(practice))) notFound();
    return { type: "practice" as const, id: practice.id, title: practice.title, back: `/practices/${encodeURIComponent(practice.slug)}` };
  }
  notFound();
}

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  // After sending: the thanks, which names nothing (what was flagged may now be closed to the reporter).
  // A flagged file closes nothing, so its thanks lead back to its practice while the member may still fetch it.
  const query = parseSearchParams(Query, args.request);
  if (query.sent) {
    const attachment = query.attachment ? await flaggableAttachment(args.context.db, member, query.attachment) : null;
    return json(attachment ? { subject: null, back: attachment.back } : { subject: null });
  }
  const subject = await flagSubject(args.context.db, member, args.request);
  return json({ subject });
}

export async function action(args: ActionFunctionArgs) {
  const member = await requireMember(args);
  const { request, context } = args;
  const subject = await flagSubject(context.db, member, request);
  const formData = await request.formData();
  const parsed = parseForm(FlagSchema, formData);
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  // A member who flags more than anyone would in an hour waits; what they wrote stays in the form.
  const limit = { key: `flag:user:${member.id}`, policy: FLAG_REPORTS };
  if ((await rateLimitState(context.db, limit)).lockedForMs > 0) {
    return json({ formError: { key: "flag.tooMany" as const }, values: formValues(formData) }, { status: 429 });
  }
  await inTransaction(context.db, async (trx) => {
    await recordRateLimitFailure(trx, limit);
    const flag = await createFlag(trx, { subjectType: subject.type, subjectId: subject.id, reporterId: member.id, ...parsed.data });
    if (flag.restricted) {
      await recordAudit(trx, { actorId: member.id, action: "practice.restricted", targetType: "practice", targetId: subject.id, detail: { flagId: flag.id }, ip: context.clientIp });
    }
  });
  // Not back to the content: a practice flagged for personal data may now be closed to the reporter.
  return redirect(subject.type === "attachment" ? `/flag?sent=1&attachment=${subject.id}` : "/flag?sent=1");
}

export default function FlagPage() {
  const data = useLoaderData<typeof loader>();
  const { subject } = data;
  const back = "back" in data ? data.back : null;
  const t = useT();
  const state = useFormState();
  const busy = useNavigation().state === "submitting";
  const chosen = valueOf(state, "reason");
  if (!subject) {
    return (
      <div className="narrow">
        <h1>{t("flag.thanksTitle")}</h1>
        <p role="status">{back ? t("flag.thanksAttachment") : t("flag.thanks")}</p>
        <p>{back ? <Link to={back}>{t("flag.backToPractice")}</Link> : <Link to="/">{t("error.home")}</Link>}</p>
      </div>
    );
  }
  return (
    <div className="narrow">
      <h1>{subject.type === "comment" ? t("flag.titleComment") : subject.type === "attachment" ? t("flag.titleAttachment") : t("flag.titlePractice")}</h1>
      <p>{subject.type === "attachment" ? t("flag.introAttachment", { name: subject.name, title: subject.title }) : t("flag.intro", { title: subject.title })}</p>
      <Form method="post" noValidate>
        <ErrorSummary state={state} />
        <fieldset role="radiogroup" aria-invalid={state.errors?.reason ? true : undefined} aria-describedby={state.errors?.reason ? "reason-error" : undefined}>
          <legend>{t("flag.reason")}</legend>
          {state.errors?.reason ? (
            <p id="reason-error" className="field-error">
              {t(state.errors.reason.key)}
            </p>
          ) : null}
          {FLAG_REASONS.map((reason) => (
            <div key={reason}>
              <label>
                <input type="radio" name="reason" value={reason} defaultChecked={chosen === reason} /> {t(flagReasonLabel(reason))}
              </label>
            </div>
          ))}
        </fieldset>
        <TextareaField label={t("flag.note")} name="note" rows={3} hint={t("flag.noteHint")} defaultValue={valueOf(state, "note")} error={state.errors?.note} />
        <div className="button-row">
          <button type="submit" disabled={busy}>
            {t("flag.submit")}
          </button>
          <Link to={subject.back}>{t("flag.cancel")}</Link>
        </div>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
