import { useEffect, useId, useRef, useState, type ChangeEvent, type ReactNode } from "react";
import {
  ATTACHMENT_LIMITS,
  ATTACHMENT_MIME,
  DOCUMENT_EXTENSION,
  IMAGE_CONSENTS,
  attachmentRefusalLabel,
  attachmentTypeLabel,
  imageConsentLabel,
  isDocumentType,
  type AttachmentRefusal,
  type AttachmentView,
  type ImageConsent,
  type PendingAttachmentView,
} from "../../domain/attachment";
import type { Translate } from "../../i18n";
import { useI18n } from "../../i18n/react";
import { Field, fieldIdFor, valueOf, type FormState } from "../../ui/forms";
import { fileSize } from "../../utils/file-size";

/** A file the practice carries now, as the form's loader gives it. */
export type CurrentAttachment = AttachmentView & { consent: ImageConsent | null; hidden: boolean };

/** The loader's part of the section (app/forms/practice/attachments.server.ts attachmentsForForm). */
export interface AttachmentsForFormData {
  current: CurrentAttachment[];
  pending: PendingAttachmentView[];
  /** Attachment fields restored after signing in again. */
  values: Record<string, string[]>;
  allowance: { files: number; bytes: number };
}

/** What an answer that did not save says about the files: those it lists, and those it refused. */
export interface AttachmentsAnswer {
  pending: PendingAttachmentView[];
  refusals: { name: string; reason: AttachmentRefusal }[];
}

const MiB = 1024 * 1024;
const UPLOAD_URL = "/attachments?index";
// The picker offers what can be attached; the server still decides by the content.
const ACCEPT = [...Object.values(DOCUMENT_EXTENSION).map((e) => `.${e}`), ".jpg", ".jpeg", ".png", ".webp", ...new Set(Object.values(ATTACHMENT_MIME).map((m) => m.split(";")[0]!))].join(",");

/** The refusal in the member's language, with the limit it names. */
export function refusalText(t: Translate, reason: AttachmentRefusal) {
  const max = reason === "tooLarge" ? ATTACHMENT_LIMITS.fileBytes / MiB : reason === "formTooLarge" ? ATTACHMENT_LIMITS.formBytes / MiB : ATTACHMENT_LIMITS.perPractice;
  return t(attachmentRefusalLabel(reason), { max });
}

/** Names for the error summary's links to the section's fields in error. */
export function attachmentErrorLabels(t: Translate, data: AttachmentsForFormData, answer?: AttachmentsAnswer): Record<string, string> {
  const labels: Record<string, string> = { attachments: t("attachment.form.heading") };
  for (const a of [...data.current, ...(answer?.pending ?? data.pending)]) {
    if (a.kind !== "image") continue;
    labels[`alt:${a.id}`] = t("attachment.form.altOf", { name: a.name });
    labels[`consent:${a.id}`] = t("attachment.form.consentOf", { name: a.name });
  }
  return labels;
}

type Failure = "network" | "session" | "server";

/** A file being sent with JavaScript, or one that was not kept: shown in its row until dismissed. */
interface Upload {
  key: string;
  file: File;
  replaces: number | null;
  loaded: number;
  status: "sending" | "processing" | "refused" | "failed";
  reason?: AttachmentRefusal;
  failure?: Failure;
}

type Row = { key: string; view: PendingAttachmentView; error?: Failure } | { key: string; upload: Upload };

const pendingRow = (view: PendingAttachmentView): Row => ({ key: `a${view.id}`, view });

/** An answer from the upload endpoint after the session ended is the sign-in page the request was sent on to. */
const endedSession = (status: number, url: string) => status === 401 || (url !== "" && new URL(url).pathname !== "/attachments");

const FAILURE_KEYS = {
  network: "attachment.form.failedNetwork",
  session: "attachment.form.failedSession",
  server: "attachment.form.failedServer",
} as const;

/** What the upload endpoint answers: the waiting upload, or why the file was refused. */
function parseReply(text: string): { attachment?: PendingAttachmentView; refusal?: { reason: AttachmentRefusal } } | null {
  try {
    return JSON.parse(text) as { attachment?: PendingAttachmentView; refusal?: { reason: AttachmentRefusal } };
  } catch {
    return null;
  }
}

let uploadCounter = 0;

/**
 * The practice form's files. Without JavaScript they are sent with the form ("Upload files"
 * keeps them as waiting uploads and brings the form back with them); after hydration each
 * chosen file is sent at once on its own request, with its progress, so the form and what was
 * typed in it never leave the page. Every image asks its alternative text and consent.
 */
export function AttachmentsField({
  data,
  answer,
  state,
  mode,
  practiceSlug,
  renderFindings,
  onUploadingChange,
}: {
  data: AttachmentsForFormData;
  answer?: AttachmentsAnswer;
  state: FormState;
  mode: "new" | "draft" | "published";
  /** The practice being edited: its files count towards the 20. */
  practiceSlug?: string;
  /** The privacy findings in one field (`attachment:<id>`), shown under that file. */
  renderFindings: (field: string) => ReactNode;
  onUploadingChange?: (uploading: number) => void;
}) {
  const { t, locale } = useI18n();
  const [hydrated, setHydrated] = useState(false);
  const [rows, setRows] = useState<Row[]>(() => (answer?.pending ?? data.pending).map(pendingRow));
  const [seenAnswer, setSeenAnswer] = useState(answer);
  const [announcement, setAnnouncement] = useState("");
  const chooser = useRef<HTMLInputElement>(null);
  const refusalsRef = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const requests = useRef(new Map<string, XMLHttpRequest>());
  const hintId = useId();
  const chooserId = useId();

  // A submit that did not save lists the waiting uploads the server kept; uploads still under way stay.
  if (answer !== seenAnswer) {
    setSeenAnswer(answer);
    if (answer) setRows((now) => [...answer.pending.map(pendingRow), ...now.filter((r) => "upload" in r)]);
  }

  const uploading = rows.filter((r) => "upload" in r && (r.upload.status === "sending" || r.upload.status === "processing")).length;
  useEffect(() => onUploadingChange?.(uploading), [uploading, onUploadingChange]);
  const left = useRef(false);
  useEffect(() => {
    const open = requests.current;
    return () => {
      left.current = true;
      open.forEach((xhr) => xhr.abort());
    };
  }, []);

  const refusals = answer?.refusals ?? [];
  const hasFieldErrors = Object.values(state.errors ?? {}).some(Boolean);
  useEffect(() => {
    if (refusals.length > 0 && !hasFieldErrors) refusalsRef.current?.focus();
  }, [answer, refusals.length, hasFieldErrors]);

  const values = data.values;
  const valueFor = (name: string) => valueOf(state, name) ?? values[name]?.[0];
  const removing = new Set(state.values ? [state.values.removeAttachment ?? []].flat() : (values.removeAttachment ?? []));
  const requiredNote = t(mode === "published" ? "form.required" : "form.requiredToPublish");
  const pendingViews = rows.flatMap((r) => ("view" in r ? [r.view] : []));
  const replacedBy = new Map(pendingViews.flatMap((p) => (p.replaces === null ? [] : [[p.replaces, p] as const])));
  const byId = new Map<number, AttachmentView>([...data.current, ...pendingViews].map((a) => [a.id, a]));

  const setUpload = (key: string, change: Partial<Upload>) => setRows((now) => now.map((r) => ("upload" in r && r.key === key ? { key, upload: { ...r.upload, ...change } } : r)));

  // One upload at a time: on a slow connection several at once each go slower, and the
  // server cleans only two at a time anyway.
  const sending = useRef<Promise<void>>(Promise.resolve());
  const send = (upload: Upload, listed: number) => {
    sending.current = sending.current.then(() => (left.current ? undefined : new Promise<void>((done) => sendNow(upload, listed, done))));
  };
  const sendNow = (upload: Upload, listed: number, done: () => void) => {
    const body = new FormData();
    body.set("intent", "upload");
    body.set("file", upload.file);
    body.set("listed", String(listed));
    if (practiceSlug) body.set("practice", practiceSlug);
    if (upload.replaces !== null) body.set("replaces", String(upload.replaces));
    const xhr = new XMLHttpRequest();
    requests.current.set(upload.key, xhr);
    xhr.upload.onprogress = (event) => setUpload(upload.key, { loaded: event.loaded });
    // Sent: the server now cleans the file (re-encodes an image, strips a document's metadata).
    xhr.upload.onload = () => setUpload(upload.key, { loaded: upload.file.size, status: "processing" });
    xhr.onloadend = done;
    xhr.onerror = () => {
      requests.current.delete(upload.key);
      setUpload(upload.key, { status: "failed", failure: "network" });
    };
    xhr.onload = () => {
      requests.current.delete(upload.key);
      if (endedSession(xhr.status, xhr.responseURL)) return setUpload(upload.key, { status: "failed", failure: "session" });
      const reply = parseReply(xhr.responseText);
      if (xhr.status === 200 && reply?.attachment) {
        const view = reply.attachment;
        setRows((now) => now.map((r) => (r.key === upload.key ? pendingRow(view) : r)));
        setAnnouncement(t("attachment.form.uploadedStatus", { name: view.name }));
        return;
      }
      if (reply?.refusal) return setUpload(upload.key, { status: "refused", reason: reply.refusal.reason });
      setUpload(upload.key, { status: "failed", failure: "server" });
    };
    xhr.open("POST", UPLOAD_URL);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.send(body);
  };

  /** Checks each file as the server would (size, the practice's 20) before sending any. */
  const start = (files: readonly File[], replaces: number | null) => {
    const inFlight = rows.filter((r) => "upload" in r && r.upload.replaces === null && (r.upload.status === "sending" || r.upload.status === "processing")).length;
    let listed = pendingViews.filter((p) => p.replaces === null).length + inFlight;
    const added: Row[] = [];
    const toSend: [Upload, number][] = [];
    for (const file of files) {
      const upload: Upload = { key: `u${++uploadCounter}`, file, replaces, loaded: 0, status: "sending" };
      const reason: AttachmentRefusal | null =
        file.size > ATTACHMENT_LIMITS.fileBytes ? "tooLarge" : file.size === 0 ? "empty" : replaces === null && data.current.length + listed >= ATTACHMENT_LIMITS.perPractice ? "tooMany" : null;
      if (reason) {
        added.push({ key: upload.key, upload: { ...upload, status: "refused", reason } });
        continue;
      }
      added.push({ key: upload.key, upload });
      toSend.push([upload, listed]);
      if (replaces === null) listed += 1;
    }
    setRows((now) => [...now, ...added]);
    for (const [upload, count] of toSend) send(upload, count);
  };

  const onChoose = (event: ChangeEvent<HTMLInputElement>, replaces: number | null) => {
    const input = event.currentTarget;
    const files = [...(input.files ?? [])];
    // Emptied, so the form never carries the files themselves and the same file can be chosen again.
    input.value = "";
    if (files.length) start(files, replaces);
  };

  useEffect(() => {
    setHydrated(true);
    // Chosen before the page's script had loaded: sent now, as if chosen after.
    const input = chooser.current;
    if (input?.files?.length) {
      const files = [...input.files];
      input.value = "";
      start(files, null);
    }
    // Once, on hydration: `start` reads the rows as they were first rendered.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const dismiss = (key: string) => setRows((now) => now.filter((r) => r.key !== key));

  const retry = (upload: Upload) => {
    const listed = pendingViews.filter((p) => p.replaces === null).length;
    setUpload(upload.key, { status: "sending", loaded: 0, failure: undefined });
    send({ ...upload, status: "sending", loaded: 0 }, listed);
  };

  /** A waiting upload taken back at once (it was never saved, so nothing else refers to it). */
  const discard = async (row: Extract<Row, { view: PendingAttachmentView }>) => {
    const body = new FormData();
    body.set("intent", "discard");
    body.set("id", String(row.view.id));
    let failure: Failure | null = null;
    try {
      const response = await fetch(UPLOAD_URL, { method: "POST", body, headers: { Accept: "application/json" } });
      // 404: already gone (discarded in another tab, or cleared as stale): the row goes all the same.
      if (endedSession(response.status, response.url)) failure = "session";
      else if (!response.ok && response.status !== 404) failure = "server";
    } catch {
      failure = "network";
    }
    if (failure) {
      const error = failure;
      setRows((now) => now.map((r) => (r.key === row.key ? { ...row, error } : r)));
      return;
    }
    setRows((now) => now.filter((r) => r.key !== row.key));
    setAnnouncement(t("attachment.form.removedStatus", { name: row.view.name }));
    headingRef.current?.focus();
  };

  const meta = (a: AttachmentView) => t("attachment.form.typeSize", { type: t(attachmentTypeLabel(a.type)), size: fileSize(a.size, t, locale) });

  const imageFields = (a: AttachmentView & { consent: ImageConsent | null }) => {
    const altName = `alt:${a.id}`;
    const consentName = `consent:${a.id}`;
    const consentError = state.errors?.[consentName];
    const consentErrorId = `${fieldIdFor(consentName)}-error`;
    const consent = valueFor(consentName) ?? a.consent;
    return (
      <>
        <Field
          label={t("attachment.form.alt")}
          name={altName}
          hint={t("attachment.form.altHint", { max: ATTACHMENT_LIMITS.altTextMax })}
          requiredNote={requiredNote}
          maxLength={ATTACHMENT_LIMITS.altTextMax}
          defaultValue={valueFor(altName) ?? a.alt}
          error={state.errors?.[altName]}
        />
        <fieldset
          role="radiogroup"
          className="attachments-field-consent"
          aria-labelledby={`${consentName}-legend`}
          aria-invalid={consentError ? true : undefined}
          // The error summary focuses the first field in error: this group, when it is.
          tabIndex={consentError ? -1 : undefined}
          aria-describedby={consentError ? consentErrorId : undefined}
        >
          <legend id={`${consentName}-legend`}>
            {t("attachment.form.consent")}
            <span className="required"> {requiredNote}</span>
          </legend>
          {consentError ? (
            <p id={consentErrorId} className="field-error">
              {t(consentError.key, consentError.params)}
            </p>
          ) : null}
          {IMAGE_CONSENTS.map((value, i) => (
            <label key={value}>
              <input type="radio" name={consentName} value={value} id={i === 0 && consentError ? fieldIdFor(consentName) : undefined} defaultChecked={consent === value} />{" "}
              {t(imageConsentLabel(value))}
            </label>
          ))}
        </fieldset>
      </>
    );
  };

  const preview = (a: AttachmentView, { hidden = false } = {}) =>
    // A hidden file's thumbnail is not served to everyone who may edit: its type stands in.
    a.kind === "image" && !hidden && a.thumbWidth && a.thumbHeight ? (
      <img className="attachments-field-thumb" src={`/attachments/${a.id}/thumb`} width={a.thumbWidth} height={a.thumbHeight} alt="" decoding="async" />
    ) : (
      <span className="attachments-field-icon" aria-hidden="true">
        {isDocumentType(a.type) ? DOCUMENT_EXTENSION[a.type] : a.type}
      </span>
    );

  const findings = (a: AttachmentView) => {
    const here = renderFindings(`attachment:${a.id}`);
    return here ? (
      <div className="attachments-field-findings">
        <p>{t("attachment.form.findingsIn", { name: a.name })}</p>
        {here}
      </div>
    ) : null;
  };

  const nameId = (a: AttachmentView) => `attachment-${a.id}-name`;

  return (
    <fieldset className="attachments-field">
      <legend>
        <h2 ref={headingRef} tabIndex={-1}>
          {t("attachment.form.heading")}
        </h2>
      </legend>
      <div id={hintId} className="hint">
        <p>{t("attachment.form.limits", { files: ATTACHMENT_LIMITS.perPractice, size: ATTACHMENT_LIMITS.fileBytes / MiB })}</p>
        <p>{t("attachment.form.types")}</p>
        <p>{t("attachment.form.allowance", { files: data.allowance.files, size: fileSize(data.allowance.bytes, t, locale) })}</p>
        {hydrated ? null : <p>{t("attachment.form.formLimit", { size: ATTACHMENT_LIMITS.formBytes / MiB })}</p>}
        <p>{t("attachment.form.cleaned")}</p>
      </div>
      {state.errors?.attachments ? (
        <p id={fieldIdFor("attachments")} className="field-error" tabIndex={-1}>
          {t(state.errors.attachments.key, state.errors.attachments.params)}
        </p>
      ) : null}
      {refusals.length > 0 ? (
        <div ref={refusalsRef} className="error-summary attachments-field-refusals" role="alert" tabIndex={-1}>
          <p>{t("attachment.form.refusedHeading")}</p>
          <ul>
            {refusals.map((r, i) => (
              <li key={i}>
                <strong>{r.name}</strong>: {refusalText(t, r.reason)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {data.current.length + rows.length > 0 ? (
        <ul className="attachments-field-list" aria-label={t("attachment.form.listLabel")}>
          {data.current.map((a) => {
            const replacement = replacedBy.get(a.id);
            return (
              <li key={`c${a.id}`} className="attachments-field-row">
                {preview(a, { hidden: a.hidden })}
                <div className="attachments-field-body">
                  <p className="attachments-field-name" id={nameId(a)}>
                    {a.name}
                  </p>
                  <p className="muted">{meta(a)}</p>
                  {a.hidden ? <p className="notice">{t("attachment.hiddenByModerator")}</p> : null}
                  {replacement ? <p className="notice">{t("attachment.form.replacedBy", { name: replacement.name })}</p> : null}
                  {findings(a)}
                  {a.kind === "image" && !replacement ? imageFields(a) : null}
                  <div className="attachments-field-actions">
                    {replacement ? null : (
                      <div className="field">
                        <label htmlFor={`replace-${a.id}`}>{t("attachment.form.replaceWith", { name: a.name })}</label>
                        <input id={`replace-${a.id}`} type="file" name={hydrated ? undefined : `replace:${a.id}`} accept={ACCEPT} onChange={hydrated ? (event) => onChoose(event, a.id) : undefined} />
                      </div>
                    )}
                    <label className="attachments-field-remove">
                      <input type="checkbox" name="removeAttachment" value={a.id} defaultChecked={removing.has(String(a.id))} aria-describedby={nameId(a)} /> {t("attachment.form.removeOnSave")}
                    </label>
                  </div>
                </div>
              </li>
            );
          })}
          {rows.map((row) =>
            "view" in row ? (
              <li key={row.key} className="attachments-field-row">
                <input type="hidden" name="attachment" value={row.view.id} />
                {preview(row.view)}
                <div className="attachments-field-body">
                  <p className="attachments-field-name" id={nameId(row.view)}>
                    {row.view.name}
                  </p>
                  <p className="muted">
                    {meta(row.view)} · {t("attachment.form.waiting")}
                  </p>
                  {row.view.replaces !== null ? <p className="notice">{t("attachment.form.replaces", { name: byId.get(row.view.replaces)?.name ?? "" })}</p> : null}
                  {findings(row.view)}
                  {row.view.kind === "image" ? imageFields(row.view) : null}
                  {row.error ? (
                    <p className="field-error" role="alert">
                      {t(row.error === "server" ? "attachment.form.discardFailed" : FAILURE_KEYS[row.error])}
                    </p>
                  ) : null}
                  <div className="attachments-field-actions">
                    {hydrated ? (
                      <button type="button" className="button-secondary" onClick={() => void discard(row)} aria-describedby={nameId(row.view)}>
                        {t("attachment.form.remove")}
                      </button>
                    ) : (
                      <label className="attachments-field-remove">
                        <input type="checkbox" name="removeAttachment" value={row.view.id} defaultChecked={removing.has(String(row.view.id))} aria-describedby={nameId(row.view)} />{" "}
                        {t("attachment.form.removeOnSave")}
                      </label>
                    )}
                  </div>
                </div>
              </li>
            ) : (
              <UploadRow
                key={row.key}
                upload={row.upload}
                replacing={row.upload.replaces === null ? undefined : byId.get(row.upload.replaces)?.name}
                onDismiss={() => dismiss(row.key)}
                onRetry={() => retry(row.upload)}
              />
            ),
          )}
        </ul>
      ) : null}
      {hydrated && pendingViews.length > 0 ? <p className="hint">{t("attachment.form.removeNowNote")}</p> : null}

      <div className="field">
        <label htmlFor={chooserId}>{t("attachment.form.choose")}</label>
        <input
          ref={chooser}
          id={chooserId}
          type="file"
          name={hydrated ? undefined : "files"}
          multiple
          accept={ACCEPT}
          aria-describedby={hintId}
          onChange={hydrated ? (event) => onChoose(event, null) : undefined}
        />
      </div>
      {/* Without JavaScript the files go with the form; after hydration each is sent as it is chosen. */}
      {hydrated ? null : (
        <button type="submit" name="intent" value="upload" className="button-secondary">
          {t("attachment.form.upload")}
        </button>
      )}
      <p className="sr-only" role="status">
        {announcement}
      </p>
    </fieldset>
  );
}

function UploadRow({ upload, replacing, onDismiss, onRetry }: { upload: Upload; replacing?: string; onDismiss: () => void; onRetry: () => void }) {
  const { t } = useI18n();
  const { file, status } = upload;
  const busy = status === "sending" || status === "processing";
  return (
    <li className="attachments-field-row" aria-busy={busy || undefined}>
      <span className="attachments-field-icon" aria-hidden="true">
        {/\.([a-z0-9]{1,5})$/i.exec(file.name)?.[1] ?? ""}
      </span>
      <div className="attachments-field-body">
        <p className="attachments-field-name">{file.name}</p>
        {replacing ? <p className="notice">{t("attachment.form.replaces", { name: replacing })}</p> : null}
        {status === "sending" ? (
          <label className="attachments-field-progress">
            {t("attachment.form.uploading")} <progress max={Math.max(file.size, 1)} value={upload.loaded} />
          </label>
        ) : null}
        {status === "processing" ? (
          <label className="attachments-field-progress">
            {t("attachment.form.processing")} <progress />
          </label>
        ) : null}
        {status === "refused" && upload.reason ? (
          <p className="field-error" role="alert">
            {refusalText(t, upload.reason)}
          </p>
        ) : null}
        {status === "failed" && upload.failure ? (
          <p className="field-error" role="alert">
            {t(FAILURE_KEYS[upload.failure])}
          </p>
        ) : null}
        {busy ? null : (
          <div className="attachments-field-actions">
            {status === "failed" ? (
              <button type="button" className="button-secondary" onClick={onRetry}>
                {t("attachment.form.retry")}
              </button>
            ) : null}
            <button type="button" className="button-link" onClick={onDismiss}>
              {t("attachment.form.dismiss")}
            </button>
          </div>
        )}
      </div>
    </li>
  );
}
