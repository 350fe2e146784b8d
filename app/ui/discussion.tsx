import { useActionData, useLocation, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState, type RefObject } from "react";
import { Link } from "./link";
import { useI18n } from "../i18n/react";
import type { FieldErrors } from "../utils/forms";
import { ErrorSummary, TextareaField } from "./forms";
import { useFormat } from "./format";
import { KeptTextNote, useKeptText } from "./kept-text";
import { Pagination } from "./pagination";
import { CheckedWords } from "./term-findings";
import type { TermFinding } from "../utils/glossary-check";

export interface CommentView {
  id: number;
  authorId: number | null;
  authorName: string | null;
  organisationName: string | null;
  bodyHtml: string;
  language: string;
  createdAt: number;
  editedAt: number | null;
  deletedAt: number | null;
  hiddenAt: number | null;
  hiddenReason: string | null;
}

interface CommentFormData {
  intent?: string;
  parentId?: string;
  errors?: FieldErrors;
  values?: Record<string, string | string[]>;
  /** "Check words" ran: the glossary's terms to avoid in the text as typed. */
  checked?: boolean;
  termFindings?: TermFinding[];
}

/** The answer to this comment form (posting refused, or the words checked), if the last one was for it. */
function useCommentAnswer(parentId: number | undefined): CommentFormData | null {
  const data = useActionData() as CommentFormData | undefined;
  const forThis = (data?.intent === "comment" || data?.intent === "checkWords") && (data.parentId ?? "") === (parentId ? String(parentId) : "");
  return forThis ? data : null;
}

/**
 * With JavaScript the form stays mounted across the redirect to the new comment, so it would
 * keep the text and look unsent: once the redirect lands on `#comment-…`, it empties and the
 * new comment takes the focus.
 */
function useClearAfterPosting(parentId: number | undefined, onPosted: () => void, formRef: RefObject<HTMLFormElement>) {
  const navigation = useNavigation();
  const location = useLocation();
  const sending = useRef(false);
  const [done, setDone] = useState(false);
  const submittedHere = navigation.formData?.get("intent") === "comment" && (navigation.formData.get("parentId") ?? "") === (parentId ? String(parentId) : "");
  if (navigation.state === "submitting" && submittedHere) sending.current = true;
  useEffect(() => {
    if (navigation.state !== "idle" || !sending.current) return;
    sending.current = false;
    const posted = /^#comment-\d+$/.test(location.hash) ? document.getElementById(location.hash.slice(1)) : null;
    if (!posted) return;
    formRef.current?.reset();
    const body = formRef.current?.elements.namedItem("body");
    if (body instanceof HTMLTextAreaElement) body.value = "";
    onPosted();
    posted.tabIndex = -1;
    posted.focus();
    setDone(true);
  }, [navigation.state, location.hash, onPosted, formRef]);
  useEffect(() => {
    if (navigation.state === "submitting") setDone(false);
  }, [navigation.state]);
  return { formRef, done };
}

/** `action`: the practice page's own action (`…?index`); the form is enhanced by the root's listener. */
function CommentForm({ action, parentId, label, restored }: { action: string; parentId?: number; label: string; restored?: string }) {
  const { t } = useI18n();
  const mine = useCommentAnswer(parentId);
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const state = mine ? { errors: mine.errors, values: mine.values } : {};
  const formRef = useRef<HTMLFormElement>(null);
  const kept = useKeptText(formRef, `comment:${action}:${parentId ?? "new"}`, ["body"]);
  const posted = useClearAfterPosting(parentId, kept.clear, formRef);
  return (
    <form ref={posted.formRef} method="post" action={action} noValidate className="comment-form" data-enhance>
      <p className="sr-only" aria-live="polite">
        {posted.done ? t("comments.posted") : ""}
      </p>
      <ErrorSummary state={state} />
      <KeptTextNote kept={kept} />
      {restored !== undefined && !mine ? (
        <p className="notice" role="status">
          {t("form.restoredAfterSignIn")}
        </p>
      ) : null}
      {parentId ? <input type="hidden" name="parentId" value={parentId} /> : null}
      <TextareaField
        label={label}
        name="body"
        rows={parentId ? 3 : 5}
        hint={t("comments.hint")}
        defaultValue={typeof state.values?.body === "string" ? state.values.body : restored}
        error={state.errors?.body}
      />
      {mine?.checked ? <CheckedWords findings={mine.termFindings ?? []} level={3} /> : null}
      {/* Posting first: the button a form sends by default. The words are advice, checked on request, never holding a comment back. */}
      <div className="button-row">
        <button type="submit" name="intent" value="comment" disabled={busy}>
          {parentId ? t("comments.reply") : t("comments.post")}
        </button>
        <button type="submit" name="intent" value="checkWords" className="button-secondary" disabled={busy}>
          {t("comments.checkWords")}
        </button>
      </div>
    </form>
  );
}

function Comment({ comment, memberId, moderator, canWrite }: { comment: CommentView; memberId: number; moderator: boolean; canWrite: boolean }) {
  const { t, locale } = useI18n();
  const format = useFormat();
  const own = comment.authorId === memberId;
  const lang = comment.language && comment.language !== locale ? comment.language : undefined;
  let body;
  if (comment.deletedAt !== null) {
    body = <p className="muted comment-gone">{t("comments.deleted")}</p>;
  } else if (comment.hiddenAt !== null && !own && !moderator) {
    body = <p className="muted comment-gone">{t("comments.hiddenByModerators")}</p>;
  } else {
    body = (
      <>
        {comment.hiddenAt !== null ? <p className="notice">{t("comments.hiddenWithReason", { reason: comment.hiddenReason ?? "" })}</p> : null}
        <div className="prose" lang={lang} dangerouslySetInnerHTML={{ __html: comment.bodyHtml /* sanitised when saved */ }} />
      </>
    );
  }
  const visible = comment.deletedAt === null && comment.hiddenAt === null;
  return (
    <article className="comment" id={`comment-${comment.id}`} aria-label={t("comments.by", { name: comment.authorName ?? t("comments.formerMember") })}>
      <p className="comment-meta">
        {comment.authorId && comment.authorName ? <Link to={`/members/${comment.authorId}`}>{comment.authorName}</Link> : t("comments.formerMember")}
        {comment.organisationName ? <span className="muted"> · {comment.organisationName}</span> : null}
        <span className="muted"> · {format.ago(comment.createdAt)}</span>
        {comment.editedAt !== null && comment.deletedAt === null ? (
          <>
            {" · "}
            <Link to={`/comments/${comment.id}`}>{t("comments.edited")}</Link>
          </>
        ) : null}
      </p>
      {body}
      {visible && canWrite ? (
        <p className="comment-actions">
          {own || moderator ? <Link to={`/comments/${comment.id}`}>{own ? t("comments.manage") : t("comments.moderate")}</Link> : null}
          {!own ? <Link to={`/flag?comment=${comment.id}`}>{t("flag.link")}</Link> : null}
        </p>
      ) : null}
    </article>
  );
}

export function Discussion({
  action,
  threads,
  page,
  pageCount,
  total,
  memberId,
  moderator,
  open,
  restored = null,
}: {
  action: string;
  threads: (CommentView & { replies: CommentView[] })[];
  page: number;
  pageCount: number;
  total: number;
  memberId: number;
  moderator: boolean;
  /** Comments are taken on published practices only. */
  open: boolean;
  /** A comment sent after the session had ended, given back once after sign-in. */
  restored?: { parentId: string; body: string } | null;
}) {
  const { t } = useI18n();
  const answer = useActionData() as CommentFormData | undefined;
  const answeredThread = answer?.intent === "comment" || answer?.intent === "checkWords" ? (answer.parentId ?? "") : "";
  return (
    <section aria-labelledby="discussion-heading" className="discussion">
      <h2 id="discussion-heading">{t("comments.heading", { count: total })}</h2>
      {threads.length === 0 ? <p className="muted">{t("comments.none")}</p> : null}
      <ol className="threads">
        {threads.map((thread) => (
          <li key={thread.id}>
            <Comment comment={thread} memberId={memberId} moderator={moderator} canWrite={open} />
            {thread.replies.length ? (
              <ol className="replies">
                {thread.replies.map((reply) => (
                  <li key={reply.id}>
                    <Comment comment={reply} memberId={memberId} moderator={moderator} canWrite={open} />
                  </li>
                ))}
              </ol>
            ) : null}
            {open && thread.deletedAt === null ? (
              <details className="reply-box" open={restored?.parentId === String(thread.id) || answeredThread === String(thread.id) || undefined}>
                <summary>{t("comments.replyTo", { name: thread.authorName ?? t("comments.formerMember") })}</summary>
                <CommentForm action={action} parentId={thread.id} label={t("comments.yourReply")} restored={restored?.parentId === String(thread.id) ? restored.body : undefined} />
              </details>
            ) : null}
          </li>
        ))}
      </ol>
      <Pagination page={page} pageCount={pageCount} param="comments" />
      {open ? <CommentForm action={action} label={t("comments.add")} restored={restored?.parentId === "" ? restored.body : undefined} /> : <p className="muted">{t("comments.closed")}</p>}
    </section>
  );
}
