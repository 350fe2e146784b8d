import { json, redirect, unstable_parseMultipartFormData, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireMember } from "../auth/guards.server";
import { requirePermission } from "../auth/permissions.server";
import { GLOSSARY_LIMITS } from "../domain/glossary";
import { translatorFor } from "../i18n";
import { requestLocale } from "../i18n/locale.server";
import { pageTitle } from "../i18n/meta";
import { sectionHandle, withSection } from "../i18n/sections";
import { useT } from "../i18n/react";
import { recordAudit } from "../models/audit.server";
import { applyGlossaryImport, previewGlossaryImport, type ImportChange } from "../models/glossary.server";
import { inTransaction } from "../server/database.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { ErrorSummary, Field, SelectField, TextareaField } from "../ui/forms";
import { Link } from "../ui/link";
import { parseCsv, parseTbx, type GlossaryImportError } from "../utils/glossary-exchange";
import { parseForm } from "../utils/forms";

export const meta = pageTitle("glossary.import.title");
// The glossary's strings come with its pages (app/i18n/sections.ts).
export const handle = sectionHandle("glossary");
export const clientLoader = withSection("glossary");

const FORMATS = ["tbx", "csv"] as const;
type ExchangeFormat = (typeof FORMATS)[number];
const FORMAT_NAMES: Record<ExchangeFormat, string> = { tbx: "TBX", csv: "CSV" };

const ImportForm = /* @__PURE__ */ (() =>
  z.object({
    intent: z.enum(["preview", "apply"]).catch("preview"),
    format: z.enum(["auto", ...FORMATS]).catch("auto"),
    text: z.string().default(""),
    summary: z.string().trim().max(500).catch(""),
    // What the preview showed (a digest of its changes): applying checks it still holds.
    fingerprint: z.string().max(100).default(""),
  }))();

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  requirePermission(member, "editGlossary");
  return json({ maxMegabytes: GLOSSARY_LIMITS.importBytes / (1024 * 1024) });
}

/** Bytes a text field may hold: a whole glossary file pasted, and a little for the other fields. */
const TEXT_FIELD_BYTES = GLOSSARY_LIMITS.importBytes + 64 * 1024;

/**
 * The import form as sent: multipart (a file, and the text raw rather than percent-encoded,
 * which would triple it) or, from a hand-made request, URL-encoded. Past the file limit the
 * rest of a file is read and dropped, so the answer can say it was too large.
 */
async function readImportForm(request: Request) {
  let file: { bytes: Uint8Array; tooLarge: boolean } | null = null;
  let tooLarge = false;
  if (!/^multipart\/form-data\b/i.test(request.headers.get("Content-Type") ?? "")) return { formData: await request.formData(), file, tooLarge };
  const formData = await unstable_parseMultipartFormData(request, async ({ name, filename, data }) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const limit = filename === undefined ? TEXT_FIELD_BYTES : GLOSSARY_LIMITS.importBytes;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size <= limit) chunks.push(chunk);
    }
    if (filename !== undefined) {
      // A file input left empty still sends a part with no name and no bytes.
      if (name === "file" && !(size === 0 && filename === "")) file = { bytes: Buffer.concat(chunks), tooLarge: size > limit };
      return undefined;
    }
    if (size > limit) {
      tooLarge = true;
      return "";
    }
    return new TextDecoder().decode(Buffer.concat(chunks));
  });
  return { formData, file: file as { bytes: Uint8Array; tooLarge: boolean } | null, tooLarge };
}

/** A file's text: UTF-8 (or UTF-16 with its byte-order mark, as some tools save TBX); null when it is neither. */
function decodeFile(bytes: Uint8Array): string | null {
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? "utf-16le" : bytes[0] === 0xfe && bytes[1] === 0xff ? "utf-16be" : "utf-8";
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** TBX is XML, and a CSV file never starts with "<". */
const detectFormat = (text: string): ExchangeFormat =>
  text
    .replace(/^\uFEFF/, "")
    .trimStart()
    .startsWith("<")
    ? "tbx"
    : "csv";

async function fingerprintOf(changes: ImportChange[]) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify(changes)));
  return Buffer.from(digest).toString("base64url");
}

type Values = { text: string; format: string; summary: string };

export type ImportResult =
  | { kind: "failed"; values: Values; noInput?: true; format?: ExchangeFormat; errors: GlossaryImportError[] }
  | { kind: "preview"; values: Values; format: ExchangeFormat; errors: GlossaryImportError[]; changes: ImportChange[]; fingerprint: string; stale?: true };

const failed = (values: Values, errors: GlossaryImportError[], extra: { noInput?: true; format?: ExchangeFormat } = {}) =>
  json<ImportResult>({ kind: "failed", values, errors, ...extra }, { status: 400 });

export async function action(args: ActionFunctionArgs) {
  const member = await requireMember(args);
  requirePermission(member, "editGlossary");
  const { db, clientIp } = args.context;
  const read = await readImportForm(args.request);
  const form = parseForm(ImportForm, read.formData);
  if (!form.ok) return failed({ text: "", format: "auto", summary: "" }, []);
  const { intent, summary, fingerprint } = form.data;
  const values: Values = { text: form.data.text, format: form.data.format, summary };
  if (read.tooLarge || read.file?.tooLarge) return failed({ ...values, text: "" }, [{ message: "glossary.import.error.tooLarge", params: { max: GLOSSARY_LIMITS.importBytes / (1024 * 1024) } }]);
  if (read.file) {
    const decoded = decodeFile(read.file.bytes);
    if (decoded === null) return failed(values, [{ message: "glossary.import.error.notUtf8" }]);
    values.text = decoded;
  }
  // No keyboard types a NUL and PostgreSQL cannot store one (parseForm drops it from text fields likewise).
  // A form's text comes with CRLF line ends, a file with whatever it has: one kind, so that the
  // text previewed and the same text sent back to be applied read alike.
  values.text = values.text.replaceAll("\u0000", "").replace(/\r\n?/g, "\n");
  if (!values.text.trim()) return failed(values, [], { noInput: true });

  const format = form.data.format === "auto" ? detectFormat(values.text) : form.data.format;
  const { concepts, errors } = format === "tbx" ? parseTbx(values.text) : parseCsv(values.text);
  if (concepts.length === 0) return failed(values, errors.length ? errors : [{ message: "glossary.import.error.empty" }], { format });

  if (intent === "preview") {
    const changes = await previewGlossaryImport(db, { concepts });
    return json<ImportResult>({ kind: "preview", values, format, errors, changes, fingerprint: await fingerprintOf(changes) });
  }

  const locale = await requestLocale(args);
  const note = summary || translatorFor(locale)("glossary.import.summaryDefault", { format: FORMAT_NAMES[format] });
  const outcome = await inTransaction(db, async (trx) => {
    const changes = await previewGlossaryImport(trx, { concepts });
    const now = await fingerprintOf(changes);
    if (fingerprint && fingerprint !== now) return { stale: true as const, changes, fingerprint: now };
    const counts = await applyGlossaryImport(trx, { concepts, authorId: member.id, summary: note });
    await recordAudit(trx, {
      actorId: member.id,
      action: "glossary.imported",
      targetType: "glossary",
      detail: { format, ...counts, restored: changes.filter((c) => c.restores).length, skipped: errors.length, summary: note },
      ip: clientIp,
    });
    return { stale: false as const, counts };
  });
  if (outcome.stale) return json<ImportResult>({ kind: "preview", values, format, errors, changes: outcome.changes, fingerprint: outcome.fingerprint, stale: true }, { status: 409 });
  const { created, revised, unchanged } = outcome.counts;
  return redirect(`/glossary?${new URLSearchParams({ done: "imported", created: String(created), revised: String(revised), unchanged: String(unchanged) })}`);
}

const KIND_LABELS = {
  new: "glossary.import.kindNew",
  changed: "glossary.import.kindChanged",
  restored: "glossary.import.kindRestored",
  unchanged: "glossary.import.kindUnchanged",
} as const;
const kindOf = (change: ImportChange) => (change.restores ? "restored" : change.kind);

function ImportErrors({ errors, format, fatal }: { errors: GlossaryImportError[]; format: ExchangeFormat; fatal: boolean }) {
  const t = useT();
  if (errors.length === 0) return null;
  const name = FORMAT_NAMES[format];
  return (
    <div className={fatal ? "error-summary" : "notice"} role={fatal ? "alert" : undefined} tabIndex={fatal ? -1 : undefined}>
      <p>{fatal ? t("glossary.import.nothing", { format: name }) : t("glossary.import.problems", { count: errors.length, format: name })}</p>
      <ul className="import-errors">
        {errors.map((error, i) => {
          const message = t(error.message, error.params);
          // A message that names its line already (XML, CSV quotes) is not prefixed again.
          return <li key={i}>{error.line !== undefined && error.params?.line === undefined ? t("glossary.import.errorLine", { line: error.line, message }) : message}</li>;
        })}
      </ul>
    </div>
  );
}

function Preview({ result }: { result: Extract<ImportResult, { kind: "preview" }> }) {
  const t = useT();
  const count = (kind: keyof typeof KIND_LABELS) => result.changes.filter((c) => kindOf(c) === kind).length;
  const shown = result.changes.filter((c) => c.kind !== "unchanged");
  const unchanged = result.changes.filter((c) => c.kind === "unchanged");
  return (
    <section aria-labelledby="preview-heading">
      <h2 id="preview-heading">{t("glossary.import.previewHeading")}</h2>
      {result.stale ? (
        <p className="notice" role="alert">
          {t("glossary.import.stale")}
        </p>
      ) : null}
      <p role="status">{t("glossary.import.previewCounts", { new: count("new"), changed: count("changed"), restored: count("restored"), unchanged: count("unchanged") })}</p>
      <ImportErrors errors={result.errors} format={result.format} fatal={false} />
      {shown.length ? (
        <table className="import-preview">
          <thead>
            <tr>
              <th scope="col">{t("glossary.import.concept")}</th>
              <th scope="col">{t("glossary.import.change")}</th>
              <th scope="col">{t("glossary.import.terms")}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((change) => (
              <tr key={change.slug}>
                <th scope="row">
                  {change.head} <span className="muted">({change.slug})</span>
                </th>
                <td>{t(KIND_LABELS[kindOf(change)])}</td>
                <td>{t("glossary.import.termsChange", { added: change.termsAdded, removed: change.termsRemoved })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t("glossary.import.previewNothing")}</p>
      )}
      {unchanged.length ? (
        <details>
          <summary>{t("glossary.import.unchangedList", { count: unchanged.length })}</summary>
          <ul>
            {unchanged.map((change) => (
              <li key={change.slug}>
                {change.head} <span className="muted">({change.slug})</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {shown.length ? (
        // The very text that was previewed goes back to be parsed again and applied.
        <Form method="post" encType="multipart/form-data">
          <input type="hidden" name="text" value={result.values.text} />
          <input type="hidden" name="format" value={result.format} />
          <input type="hidden" name="summary" value={result.values.summary} />
          <input type="hidden" name="fingerprint" value={result.fingerprint} />
          <p className="hint">{t("glossary.import.applyHint")}</p>
          <button type="submit" name="intent" value="apply">
            {t("glossary.import.apply")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

export default function GlossaryImportPage() {
  const { maxMegabytes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ImportResult | undefined;
  const t = useT();
  const values = result?.values;
  const noInput = result?.kind === "failed" && result.noInput;
  const textLabel = t("glossary.import.text");
  return (
    <div className="narrow">
      <p>
        <Link to="/glossary">{t("glossary.edit.backToGlossary")}</Link>
      </p>
      <h1>{t("glossary.import.title")}</h1>
      {result?.kind === "preview" ? <Preview result={result} /> : null}
      {result?.kind === "failed" && result.errors.length ? <ImportErrors errors={result.errors} format={result.format ?? "csv"} fatal /> : null}
      {result ? <h2>{t("glossary.import.again")}</h2> : <p>{t("glossary.import.intro")}</p>}
      <Form method="post" encType="multipart/form-data" noValidate>
        {noInput ? <ErrorSummary state={{ errors: { text: { key: "glossary.import.noInput" } } }} labels={{ text: textLabel }} /> : null}
        <Field
          label={t("glossary.import.file")}
          name="file"
          type="file"
          accept=".tbx,.xml,.csv,.txt,application/x-tbx+xml,application/xml,text/xml,text/csv"
          hint={t("glossary.import.fileHint", { max: maxMegabytes })}
        />
        <TextareaField
          label={textLabel}
          name="text"
          rows={12}
          hint={t("glossary.import.textHint")}
          defaultValue={values?.text}
          error={noInput ? { key: "glossary.import.noInput" } : undefined}
          spellCheck={false}
          lang="und"
        />
        <SelectField
          label={t("glossary.import.format")}
          name="format"
          options={[
            { value: "auto", label: t("glossary.import.formatAuto") },
            { value: "tbx", label: t("glossary.import.formatTbx") },
            { value: "csv", label: t("glossary.import.formatCsv") },
          ]}
          defaultValue={values?.format ?? "auto"}
        />
        <Field label={t("glossary.import.summary")} name="summary" maxLength={500} hint={t("glossary.import.summaryHint")} defaultValue={values?.summary} />
        <button type="submit" name="intent" value="preview">
          {t("glossary.import.preview")}
        </button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
