import { Form, useActionData, useFetcher, useLocation, useNavigation } from "@remix-run/react";
import { Fragment, useEffect, useRef, useState, type FormEvent } from "react";
import { SECTIONS, sectionHint, sectionLabel, type PracticeMeta, type WriteUp } from "../../domain/practice";
import { useI18n } from "../../i18n/react";
import type { MessageKey } from "../../i18n";
import type { PrivacyFinding } from "../../utils/privacy-check";
import type { TermFinding } from "../../utils/glossary-check";
import { TermFindings } from "../../ui/term-findings";
import { PRIVACY_REPORT_SNIPPET_MAX, privacyKindLabel } from "../../domain/privacy-report";
import type { FieldError } from "../../utils/forms";
import { WORKING_LANGUAGES } from "../../domain/language";
import type { AudienceOptions } from "../../domain/practice";
import { AudienceField } from "../../ui/audience-field";
import { REQUIRED_TO_PUBLISH } from "./schema";
import type { CountryOption } from "../../utils/countries";
import { ErrorSummary, Field, fieldIdFor, SelectField, TextareaField, useFormState, valueOf } from "../../ui/forms";
import { useFormat } from "../../ui/format";
import { KeptTextNote, useKeptText } from "../../ui/kept-text";
import { AttachmentsField, attachmentErrorLabels, type AttachmentsAnswer, type AttachmentsForFormData } from "./attachments-field";

const KEPT_FIELDS = ["title", "summary", ...SECTIONS, "note"] as const;
const AUTOSAVE_AFTER_MS = 5_000;

/**
 * A draft saves itself 5 s after the last keystroke and when the page is hidden, through a
 * fetcher so the URL and the form stay as they are. A new practice becomes a draft on the
 * first save; later saves go to that draft's edit URL (the address bar follows).
 */
function useAutosave(enabled: boolean) {
  const saver = useFetcher<{ savedAt?: string; slug?: string }>();
  const location = useLocation();
  const [slug, setSlug] = useState<string>();
  const target = useRef<string>();
  const pending = useRef<HTMLFormElement | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const [, tick] = useState(0);
  const savedAt = saver.data?.savedAt;

  const flush = () => {
    clearTimeout(timer.current);
    const form = pending.current;
    pending.current = null;
    if (!form) return;
    const data = new FormData(form);
    const title = String(data.get("title") ?? "").trim();
    // A draft needs a title; anything else the server refuses quietly (the text stays in the browser).
    if (!title || title.length > 200) return;
    data.set("intent", "autosave");
    data.delete("privacyChecked");
    saver.submit(data, { method: "post", action: target.current ?? location.pathname + location.search });
  };
  const flushRef = useRef(flush);
  flushRef.current = flush;

  const schedule = (form: HTMLFormElement) => {
    if (!enabled) return;
    pending.current = form;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => flushRef.current(), AUTOSAVE_AFTER_MS);
  };

  useEffect(() => {
    const created = saver.data?.slug;
    if (!created || target.current) return;
    if (location.pathname === "/practices/new") {
      target.current = `/practices/${encodeURIComponent(created)}/edit`;
      setSlug(created);
      window.history.replaceState(window.history.state, "", target.current);
    } else {
      target.current = location.pathname;
    }
  }, [saver.data, location.pathname]);

  useEffect(() => {
    if (!enabled) return;
    const onHide = () => {
      if (document.visibilityState === "hidden") flushRef.current();
    };
    document.addEventListener("visibilitychange", onHide);
    const every = setInterval(() => tick((n) => n + 1), 10_000);
    return () => {
      document.removeEventListener("visibilitychange", onHide);
      clearInterval(every);
      clearTimeout(timer.current);
    };
  }, [enabled]);

  return { schedule, savedAt, action: slug ? `/practices/${encodeURIComponent(slug)}/edit` : undefined };
}

/** What the form starts with: a write-up and its metadata. */
export type PracticeDefaults = WriteUp & PracticeMeta;

interface PreviewData {
  preview?: Record<string, string>;
  findings?: PrivacyFinding[];
  /** The glossary's terms to avoid in the write-up: advice, shown beside the privacy findings, never holding back a publish. */
  termFindings?: TermFinding[];
  /** Too many previews asked for (429): said where the preview would be. */
  previewError?: { key: MessageKey };
  /** A report about the privacy check was sent (app/forms/practice/privacy-report.server.ts). */
  reported?: "wrong" | "missed";
  reportId?: number;
  reportError?: { key: MessageKey };
  /** The files an answer that did not save lists, and those it refused. */
  attachments?: AttachmentsAnswer;
}

/** The count and what to do, beside the confirmation; each passage is shown under its field. */
export function PrivacyFindings({ findings }: { findings: PrivacyFinding[] }) {
  const { t } = useI18n();
  if (findings.length === 0) return null;
  return (
    <div className="privacy-warning" role="alert">
      <h2>{t("privacy.heading", { count: findings.length })}</h2>
      <p>{t("privacy.explain")}</p>
      <p>{t("privacy.nearField")}</p>
    </div>
  );
}

const findingsId = (field: string) => `findings-${field}`;
/** The id of the findings under a field, for its aria-describedby, when there are any. */
const findingsFor = (findings: PrivacyFinding[], field: string) => (findings.some((f) => f.field === field) ? findingsId(field) : undefined);

/**
 * The passages found in one field, right under it (not at the end of a long form). "This
 * warning is wrong" is an intent of the practice form itself, so the write-up comes back as typed.
 */
function FieldFindings({ findings, field }: { findings: PrivacyFinding[]; field: string }) {
  const { t } = useI18n();
  const here = findings.map((f, index) => ({ ...f, index })).filter((f) => f.field === field);
  if (here.length === 0) return null;
  return (
    <ul className="privacy-warning field-findings" data-field={field} id={findingsId(field)}>
      {here.map((f) => (
        <li key={f.index} id={`finding-${f.index}`}>
          <strong>{t(privacyKindLabel(f.kind))}</strong>: <q>{f.snippet}</q>{" "}
          <button type="submit" name="intent" value={`reportWrong:${f.index}`} className="button-link report-wrong" aria-describedby={`finding-${f.index}`}>
            {t("privacy.reportWrong")}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** "This should have been caught": the passage only, sent to the curators with the form's own submit. */
function MissedReport({ error, sent }: { error?: FieldError; sent?: number }) {
  const { t } = useI18n();
  const state = useFormState();
  return (
    <details className="privacy-missed" open={error ? true : undefined}>
      <summary>{t("privacy.reportMissedHeading")}</summary>
      {/* A new box after each report sent: with JavaScript the field would otherwise keep the passage. */}
      <Field
        key={sent ?? "missed"}
        label={t("privacy.missedText")}
        name="missedText"
        hint={t("privacy.missedTextHint")}
        maxLength={PRIVACY_REPORT_SNIPPET_MAX}
        defaultValue={valueOf(state, "missedText")}
        error={error}
      />
      <button type="submit" name="intent" value="reportMissed" className="button-secondary">
        {t("privacy.reportMissedButton")}
      </button>
    </details>
  );
}

/** The rendered write-up, exactly as readers will see it (HTML sanitised on the server). */
export function PracticePreview({ preview }: { preview: Record<string, string> }) {
  const { t } = useI18n();
  return (
    <section className="preview" aria-labelledby="preview-heading">
      <h2 id="preview-heading">{t("practice.preview")}</h2>
      <p className="preview-title">{preview.title}</p>
      {preview.summary ? <p>{preview.summary}</p> : null}
      {SECTIONS.map((s) =>
        preview[s] ? (
          <div key={s}>
            <h3>{t(sectionLabel(s))}</h3>
            <div className="prose" dangerouslySetInnerHTML={{ __html: preview[s]! /* sanitised on the server */ }} />
          </div>
        ) : null,
      )}
    </section>
  );
}

/**
 * The structured template. Works as a plain form (Preview is a submit button); with
 * JavaScript the preview, the privacy check and the glossary's advice also follow typing.
 */
export function PracticeForm({
  defaults,
  themes,
  mode,
  translationOf,
  excludedLanguages = [],
  countries,
  audience,
  attachments,
  practiceSlug,
}: {
  defaults: PracticeDefaults;
  themes: string[];
  mode: "new" | "draft" | "published";
  translationOf?: number;
  excludedLanguages?: string[];
  /** Named on the server, so the page hydrates with the very same options. */
  countries: CountryOption[];
  /** Who may read it, chosen before publishing (not for a translation: it has its original's). */
  audience?: AudienceOptions;
  /** The files section's loader data (attachmentsForForm). */
  attachments: AttachmentsForFormData;
  /** The practice being edited, for its uploads. */
  practiceSlug?: string;
}) {
  const { t } = useI18n();
  const format = useFormat();
  const state = useFormState();
  const actionData = useActionData() as PreviewData | undefined;
  const live = useFetcher<PreviewData>();
  const location = useLocation();
  const busy = useNavigation().state === "submitting";
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const formRef = useRef<HTMLFormElement>(null);
  const kept = useKeptText(formRef, `practice:${location.pathname}:${translationOf ?? ""}`, KEPT_FIELDS);
  const autosave = useAutosave(mode !== "published");
  const [uploading, setUploading] = useState(0);
  // Saved on the server: the browser's copy is no longer needed.
  const clearKept = kept.clear;
  useEffect(() => {
    if (autosave.savedAt) clearKept();
  }, [autosave.savedAt, clearKept]);

  const onChange = (event: FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    autosave.schedule(form);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const data = new FormData(form);
      data.set("intent", "preview");
      live.submit(data, { method: "post", action: location.pathname + location.search });
    }, 800);
  };

  const value = (name: keyof PracticeDefaults) => valueOf(state, name) ?? (defaults[name] as string);
  const list = (name: "themes" | "countries") => (state.values ? [state.values[name] ?? []].flat() : defaults[name]);
  const chosenThemes = new Set(list("themes"));
  const preview = live.data?.preview ?? actionData?.preview;
  const previewError = live.data ? live.data.previewError : actionData?.previewError;
  const findings = live.data?.findings ?? actionData?.findings ?? [];
  const termFindings = live.data?.termFindings ?? actionData?.termFindings ?? [];
  // A draft needs only a title; what publishing needs more is said in those labels.
  const publishNote = (name: string) => (REQUIRED_TO_PUBLISH.includes(name) ? t(mode === "published" ? "form.required" : "form.requiredToPublish") : undefined);
  const errorLabels: Record<string, string> = {
    title: t("practice.title"),
    summary: t("practice.summary"),
    ...Object.fromEntries(SECTIONS.map((s) => [s, t(sectionLabel(s))])),
    themes: t("practice.themes"),
    countries: t("practice.countries"),
    language: t("practice.language"),
    note: t("practice.note"),
    missedText: t("privacy.missedText"),
    audience: t("audience.legend"),
    ...attachmentErrorLabels(t, attachments, actionData?.attachments),
  };

  return (
    <div className="practice-editor">
      <Form
        ref={formRef}
        method="post"
        encType="multipart/form-data"
        action={autosave.action}
        noValidate
        onChange={onChange}
        onSubmit={(event) => {
          // Saved (or published) by this submit: what the browser kept is no longer needed.
          const intent = (event.nativeEvent as SubmitEvent).submitter?.getAttribute("value") ?? "";
          if (intent !== "preview" && !intent.startsWith("report")) kept.clear();
        }}
      >
        <ErrorSummary state={state} labels={errorLabels} />
        <KeptTextNote kept={kept} />
        {autosave.savedAt ? (
          <p className="muted autosaved" role="status">
            {t("practice.autosaved", { ago: format.ago(Date.parse(autosave.savedAt)) })}
          </p>
        ) : null}
        {translationOf ? <input type="hidden" name="translationOf" value={translationOf} /> : null}
        <Field label={t("practice.title")} name="title" required defaultValue={value("title")} error={state.errors?.title} describedBy={findingsFor(findings, "title")} />
        <FieldFindings findings={findings} field="title" />
        <TextareaField
          label={t("practice.summary")}
          name="summary"
          rows={3}
          hint={t("practice.summaryHint")}
          requiredNote={publishNote("summary")}
          defaultValue={value("summary")}
          error={state.errors?.summary}
          describedBy={findingsFor(findings, "summary")}
        />
        <FieldFindings findings={findings} field="summary" />
        {SECTIONS.map((s) => (
          <Fragment key={s}>
            <TextareaField
              label={t(sectionLabel(s))}
              name={s}
              rows={s === "approach" ? 10 : 6}
              hint={t(sectionHint(s))}
              requiredNote={publishNote(s)}
              defaultValue={value(s)}
              error={state.errors?.[s]}
              describedBy={findingsFor(findings, s)}
            />
            <FieldFindings findings={findings} field={s} />
          </Fragment>
        ))}
        <fieldset aria-describedby={state.errors?.themes ? "themes-error" : undefined}>
          <legend>
            {t("practice.themes")}
            {publishNote("themes") ? <span className="required"> {publishNote("themes")}</span> : null}
          </legend>
          {state.errors?.themes ? (
            <p id="themes-error" className="field-error">
              {t(state.errors.themes.key, state.errors.themes.params)}
            </p>
          ) : null}
          <ul className="checkbox-list">
            {themes.map((key, i) => (
              <li key={key}>
                <label>
                  <input
                    type="checkbox"
                    name="themes"
                    value={key}
                    id={i === 0 && state.errors?.themes ? fieldIdFor("themes") : undefined}
                    defaultChecked={chosenThemes.has(key)}
                    aria-invalid={state.errors?.themes ? true : undefined}
                  />{" "}
                  {format.theme(key)}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <SelectField
          label={t("practice.countries")}
          name="countries"
          multiple
          size={6}
          hint={t("practice.countriesHint")}
          options={countries.map((c) => ({ value: c.code, label: c.name }))}
          defaultValue={list("countries")}
          error={state.errors?.countries}
        />
        <SelectField
          label={t("practice.language")}
          name="language"
          required
          options={WORKING_LANGUAGES.filter((l) => !excludedLanguages.includes(l)).map((l) => ({ value: l, label: format.language(l) }))}
          defaultValue={value("language")}
          error={state.errors?.language}
        />
        {mode === "published" ? <Field label={t("practice.note")} name="note" hint={t("practice.noteHint")} defaultValue={valueOf(state, "note")} error={state.errors?.note} /> : null}
        {audience && mode !== "published" ? <AudienceField options={{ ...audience, value: valueOf(state, "audience") ?? audience.value }} error={state.errors?.audience} /> : null}
        <AttachmentsField
          data={attachments}
          answer={actionData?.attachments}
          state={state}
          mode={mode}
          practiceSlug={practiceSlug}
          renderFindings={(field) => (findingsFor(findings, field) ? <FieldFindings findings={findings} field={field} /> : null)}
          onUploadingChange={setUploading}
        />
        <TermFindings findings={termFindings} fieldLabel={(field) => errorLabels[field]} />
        <PrivacyFindings findings={findings} />
        {findings.length > 0 ? (
          <div className="field">
            <label>
              <input type="checkbox" name="privacyChecked" defaultChecked={valueOf(state, "privacyChecked") === "on"} /> {t("privacy.confirm")}
            </label>
          </div>
        ) : null}
        {actionData?.reported ? (
          <p className="notice" role="status" key={actionData.reportId}>
            {t("privacy.reportThanks")}
          </p>
        ) : null}
        {actionData?.reportError ? (
          <p className="field-error" role="alert">
            {t(actionData.reportError.key)}
          </p>
        ) : null}
        <MissedReport error={state.errors?.missedText} sent={actionData?.reportId} />
        {uploading > 0 ? (
          <p className="notice" role="status">
            {t("attachment.form.uploadsUnderWay")}
          </p>
        ) : null}
        <div className="button-row">
          <button type="submit" name="intent" value="preview" className="button-secondary" disabled={busy}>
            {t("practice.previewButton")}
          </button>
          {mode === "published" ? (
            <button type="submit" name="intent" value="save" disabled={busy || uploading > 0}>
              {t("practice.saveChanges")}
            </button>
          ) : (
            <>
              <button type="submit" name="intent" value="draft" className="button-secondary" disabled={busy || uploading > 0}>
                {t("practice.saveDraft")}
              </button>
              <button type="submit" name="intent" value="publish" disabled={busy || uploading > 0}>
                {t("practice.publish")}
              </button>
            </>
          )}
        </div>
      </Form>
      {previewError ? (
        <p className="preview-error" role="status">
          {t(previewError.key)}
        </p>
      ) : null}
      {preview ? <PracticePreview preview={preview} /> : null}
    </div>
  );
}
