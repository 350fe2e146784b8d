import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Link } from "../ui/link";
import { z } from "zod";
import { requireMember } from "../auth/guards.server";
import { notFound, requirePermission } from "../auth/permissions.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { recordAudit } from "../models/audit.server";
import { listOpenFlags, resolveFlag } from "../models/flag.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { REASON_LABELS } from "../ui/flag-reasons";
import { ErrorSummary, Field, TextareaField, type FormState } from "../ui/forms";
import { useFormat } from "../ui/format";
import { parseForm } from "../utils/forms";

export const meta = pageTitle("moderation.title");

const note = /* @__PURE__ */ (() => z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(300, "validation.tooLong"))();
const Resolve = /* @__PURE__ */ (() => z.discriminatedUnion("resolution", [
  z.object({ flagId: z.coerce.number().int().positive(), resolution: z.literal("hidden"), note }),
  z.object({
    flagId: z.coerce.number().int().positive(),
    resolution: z.literal("edited"),
    note,
    body: z.string().trim().min(1, "validation.required").max(10_000, "validation.tooLong").optional(),
  }),
  z.object({ flagId: z.coerce.number().int().positive(), resolution: z.literal("dismissed"), note: z.string().trim().max(300, "validation.tooLong").default("") }),
]))();

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  requirePermission(member, "curate");
  return json({ flags: await listOpenFlags(args.context.db) });
}

export async function action(args: ActionFunctionArgs) {
  const member = await requireMember(args);
  requirePermission(member, "curate");
  const { request, context } = args;
  const formData = await request.formData();
  const parsed = parseForm(Resolve, formData);
  if (!parsed.ok) return json({ flagId: String(formData.get("flagId") ?? ""), errors: parsed.errors, values: parsed.values }, { status: 400 });
  const input = parsed.data;
  const flag = await resolveFlag(context.db, {
    id: input.flagId,
    moderatorId: member.id,
    outcome: input.resolution === "edited" ? { resolution: "edited", note: input.note, bodyMd: input.body } : { resolution: input.resolution, note: input.note },
  });
  if (!flag) notFound();
  await recordAudit(context.db, {
    actorId: member.id,
    action: "flag.resolved",
    targetType: flag.subject_type,
    targetId: flag.subject_id,
    detail: { flagId: flag.id, reason: flag.reason, resolution: input.resolution, note: input.note },
    ip: context.clientIp,
  });
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
          <TextareaField
            label={t("moderation.editedText")}
            name="body"
            rows={4}
            hint={t("moderation.editedTextHint")}
            defaultValue={value("body") ?? flag.comment.bodyMd}
            error={state.errors?.body}
          />
        ) : null}
        <div className="button-row">
          <button type="submit" name="resolution" value="hidden" className="button-danger" disabled={busy}>
            {t("moderation.hide")}
          </button>
          <button type="submit" name="resolution" value="edited" disabled={busy}>
            {flag.comment ? t("moderation.saveEdit") : t("moderation.markEdited")}
          </button>
          <button type="submit" name="resolution" value="dismissed" className="button-secondary" disabled={busy}>
            {t("moderation.dismiss")}
          </button>
        </div>
      </Form>
    </div>
  );
}

export default function ModerationPage() {
  const { flags } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  return (
    <>
      <h1>{t("moderation.title")}</h1>
      {flags.length === 0 ? (
        <p className="empty">{t("moderation.none")}</p>
      ) : (
        <ol className="flags">
          {flags.map((flag) => (
            <li key={flag.id} className="flag">
              <h2>
                {flag.subjectType === "comment" ? t("moderation.commentOn", { title: flag.comment?.title ?? "" }) : t("moderation.practice", { title: flag.practice?.title ?? "" })}
              </h2>
              <p>
                <strong>{t(REASON_LABELS[flag.reason])}</strong> — {t("moderation.flaggedBy", { name: flag.reporterName ?? t("comments.formerMember"), date: format.dateTime(flag.createdAt) })}
              </p>
              {flag.note ? <blockquote>{flag.note}</blockquote> : null}
              {flag.comment ? (
                <>
                  <p className="muted">{t("moderation.commentBy", { name: flag.comment.authorName ?? t("comments.formerMember") })}</p>
                  <div className="prose flagged-content" dangerouslySetInnerHTML={{ __html: flag.comment.bodyHtml /* sanitised when saved */ }} />
                  <p>
                    <Link to={`/practices/${flag.comment.slug}#comment-${flag.subjectId}`}>{t("moderation.inContext")}</Link>
                  </p>
                </>
              ) : null}
              {flag.practice ? (
                <>
                  <p className="muted">{flag.practice.organisationName}</p>
                  <p className="flagged-content">{flag.practice.summary}</p>
                  {flag.practice.restrictedAt ? <p className="notice">{t("moderation.restricted")}</p> : null}
                  <p>
                    <Link to={`/practices/${flag.practice.slug}`}>{t("moderation.open")}</Link> · <Link to={`/practices/${flag.practice.slug}/edit`}>{t("moderation.editPractice")}</Link>
                  </p>
                </>
              ) : null}
              <ResolveForms flag={flag} />
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
