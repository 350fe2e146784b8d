import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useRef } from "react";
import { Link } from "../ui/link";
import { z } from "zod";
import { requireComment } from "../auth/comment-access.server";
import { takePendingSubmission } from "../auth/guards.server";
import { can, forbidden, notFound } from "../auth/permissions.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { recordAudit } from "../models/audit.server";
import { deleteComment, editComment, hideComment, listCommentVersions, removeCommentVersion, threadPageOf } from "../models/comment.server";
import { listAvoidTerms } from "../models/glossary.server";
import { checkTerms, type TermFinding } from "../utils/glossary-check";
import { CheckedWords } from "../ui/term-findings";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { ErrorSummary, Field, TextareaField, useFormState, valueOf } from "../ui/forms";
import { useFormat } from "../ui/format";
import { KeptTextNote, useKeptText } from "../ui/kept-text";
import { parseForm } from "../utils/forms";
import { refineMarkdown } from "../utils/markdown.server";
import { inTransaction } from "../server/database.server";

export const meta = pageTitle("comment.title");

const CommentIntent = /* @__PURE__ */ (() =>
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("edit"), body: z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(10_000, "validation.tooLong").superRefine(refineMarkdown) }),
    // The edit as typed, checked against the glossary and given back; nothing is saved.
    z.object({ intent: z.literal("checkWords"), body: z.string().max(10_000, "validation.tooLong").default("") }),
    z.object({ intent: z.literal("delete"), confirm: z.literal("yes", { error: "comment.confirmDelete" }) }),
    z.object({ intent: z.literal("hide"), reason: z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(300, "validation.tooLong") }),
    z.object({ intent: z.literal("removeVersion"), versionId: z.coerce.number().int().positive() }),
  ]))();

export async function loader(args: LoaderFunctionArgs) {
  const { member, comment, canEdit, canHide } = await requireComment(args);
  const all = comment.deletedAt === null ? await listCommentVersions(args.context.db, { commentId: comment.id }) : [];
  // Text a moderator edited out (personal data) stays with the moderators.
  const versions = can(member, "curate") ? all : all.filter((v) => v.replacedById === comment.authorId);
  const removed = new URL(args.request.url).searchParams.has("versionRemoved");
  // An edit sent after the session had ended, given back once after sign-in.
  const pending = canEdit ? await takePendingSubmission(args, member) : null;
  const restoredBody = pending?.values.intent?.[0] === "edit" ? pending.values.body?.[0] : undefined;
  return json({
    comment: {
      id: comment.id,
      authorName: comment.authorName,
      createdAt: comment.createdAt,
      editedAt: comment.editedAt,
      deleted: comment.deletedAt !== null,
      hiddenReason: comment.hiddenAt !== null ? comment.hiddenReason : null,
      bodyHtml: comment.deletedAt === null ? comment.bodyHtml : "",
      bodyMd: canEdit ? (restoredBody ?? comment.bodyMd) : "",
      practiceSlug: comment.practiceSlug,
      practiceTitle: comment.practiceTitle,
    },
    versions: versions.map((v) => ({ ...v, removable: canEdit && v.replacedById === member.id })),
    canEdit,
    canHide,
    removed,
    restored: restoredBody !== undefined,
  });
}

export async function action(args: ActionFunctionArgs) {
  const { member, comment, canEdit, canHide } = await requireComment(args);
  const { request, context } = args;
  const parsed = parseForm(CommentIntent, await request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const input = parsed.data;
  const db = context.db;
  if (input.intent === "checkWords") {
    if (!canEdit) forbidden();
    // Advice on the words: the edit comes back as typed, to save as it is or changed.
    return json({ values: { intent: "edit", body: input.body }, termFindings: checkTerms({ body: input.body }, await listAvoidTerms(db)), checked: true });
  }
  if (input.intent === "hide") {
    if (!canHide) forbidden();
    await inTransaction(db, async (trx) => {
      await hideComment(trx, { id: comment.id, moderatorId: member.id, reason: input.reason });
      await recordAudit(trx, { actorId: member.id, action: "comment.hidden", targetType: "comment", targetId: comment.id, detail: { reason: input.reason }, ip: context.clientIp });
    });
  } else if (input.intent === "removeVersion") {
    // An author takes back what they wrote before; text a moderator replaced is not theirs to remove.
    if (!canEdit) forbidden();
    const version = (await listCommentVersions(db, { commentId: comment.id })).find((v) => v.id === input.versionId);
    if (!version || version.replacedById !== member.id) notFound();
    await inTransaction(db, async (trx) => {
      await removeCommentVersion(trx, { commentId: comment.id, versionId: version.id });
      await recordAudit(trx, { actorId: member.id, action: "comment.version_removed", targetType: "comment", targetId: comment.id, detail: {}, ip: context.clientIp });
    });
    return redirect(`/comments/${comment.id}?versionRemoved=1#versions-heading`);
  } else {
    if (!canEdit) forbidden();
    if (input.intent === "edit") await inTransaction(db, (trx) => editComment(trx, { id: comment.id, editorId: member.id, bodyMd: input.body }));
    else await inTransaction(db, (trx) => deleteComment(trx, { id: comment.id }));
  }
  const page = await threadPageOf(db, { commentId: comment.id });
  const done = input.intent === "hide" ? "&done=hidden" : "";
  return redirect(`/practices/${encodeURIComponent(comment.practiceSlug)}?comments=${page}${done}#comment-${comment.id}`);
}

export default function CommentPage() {
  const { comment, versions, canEdit, canHide, removed, restored } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  const state = useFormState();
  const checked = useActionData() as { checked?: boolean; termFindings?: TermFinding[] } | undefined;
  const busy = useNavigation().state === "submitting";
  const editRef = useRef<HTMLFormElement>(null);
  const kept = useKeptText(editRef, `comment-edit:${comment.id}`, ["body"]);
  return (
    <>
      <p>
        <Link to={`/practices/${comment.practiceSlug}#comment-${comment.id}`}>{t("practice.backTo", { title: comment.practiceTitle })}</Link>
      </p>
      <h1>{t("comment.heading", { name: comment.authorName ?? t("comments.formerMember") })}</h1>
      <p className="muted">
        {format.dateTime(comment.createdAt)}
        {comment.editedAt ? ` · ${t("comment.editedAt", { date: format.dateTime(comment.editedAt) })}` : ""}
      </p>
      {comment.hiddenReason !== null ? <p className="notice">{t("comments.hiddenWithReason", { reason: comment.hiddenReason })}</p> : null}
      {comment.deleted ? <p className="muted">{t("comments.deleted")}</p> : <div className="prose" dangerouslySetInnerHTML={{ __html: comment.bodyHtml /* sanitised when saved */ }} />}
      <ErrorSummary state={state} />
      {canEdit ? (
        <>
          <section aria-labelledby="edit-heading">
            <h2 id="edit-heading">{t("comment.edit")}</h2>
            <Form
              ref={editRef}
              method="post"
              noValidate
              onSubmit={(event) => {
                // Checking the words keeps the edit unsaved: what the browser kept is still needed.
                if ((event.nativeEvent as SubmitEvent).submitter?.getAttribute("value") !== "checkWords") kept.clear();
              }}
            >
              <KeptTextNote kept={kept} />
              {restored ? (
                <p className="notice" role="status">
                  {t("form.restoredAfterSignIn")}
                </p>
              ) : null}
              <TextareaField label={t("comment.text")} name="body" rows={6} defaultValue={valueOf(state, "body") ?? comment.bodyMd} error={state.errors?.body} />
              {checked?.checked ? <CheckedWords findings={checked.termFindings ?? []} level={3} /> : null}
              <div className="button-row">
                <button type="submit" name="intent" value="edit" disabled={busy}>
                  {t("comment.save")}
                </button>
                <button type="submit" name="intent" value="checkWords" className="button-secondary" disabled={busy}>
                  {t("comments.checkWords")}
                </button>
              </div>
            </Form>
          </section>
          <section aria-labelledby="delete-heading">
            <h2 id="delete-heading">{t("comment.delete")}</h2>
            <p>{t("comment.deleteExplain")}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="delete" />
              <div className="field">
                <label>
                  <input type="checkbox" name="confirm" value="yes" aria-invalid={state.errors?.confirm ? true : undefined} /> {t("comment.deleteConfirm")}
                </label>
                {state.errors?.confirm ? <p className="field-error">{t(state.errors.confirm.key)}</p> : null}
              </div>
              <button type="submit" className="button-danger" disabled={busy}>
                {t("comment.delete")}
              </button>
            </Form>
          </section>
        </>
      ) : null}
      {canHide ? (
        <section aria-labelledby="hide-heading">
          <h2 id="hide-heading">{t("comment.hide")}</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="hide" />
            <Field label={t("comment.hideReason")} name="reason" hint={t("comment.hideReasonHint")} defaultValue={valueOf(state, "reason")} error={state.errors?.reason} />
            <button type="submit" className="button-danger" disabled={busy}>
              {t("comment.hide")}
            </button>
          </Form>
        </section>
      ) : null}
      {removed ? (
        <p className="notice" role="status">
          {t("comment.versionRemoved")}
        </p>
      ) : null}
      {versions.length ? (
        <section aria-labelledby="versions-heading">
          <h2 id="versions-heading">{t("comment.previous")}</h2>
          <ol className="versions">
            {versions.map((v) => (
              <li key={v.id}>
                <p className="muted">
                  {t("comment.replacedAt", { date: format.dateTime(v.replacedAt), name: v.replacedByName ?? "" })}
                  {v.note ? ` — ${v.note}` : ""}
                </p>
                <pre className="diff">{v.bodyMd}</pre>
                {v.removable ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="removeVersion" />
                    <input type="hidden" name="versionId" value={v.id} />
                    <button type="submit" className="button-secondary" disabled={busy}>
                      {t("comment.removeVersion")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
