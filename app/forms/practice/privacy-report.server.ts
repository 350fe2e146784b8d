import type { AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import { WORKING_LANGUAGES } from "../../domain/language";
import { PRIVACY_REPORT_SNIPPET_MAX } from "../../domain/privacy-report";
import { createPrivacyReport, PRIVACY_REPORTS_PER_HOUR } from "../../models/privacy-report.server";
import { rateLimitState, recordRateLimitFailure } from "../../models/rate-limit.server";
import { inTransaction } from "../../server/database.server";
import { formValues, parseForm, requiredText, type FieldError, type FieldErrors } from "../../utils/forms";
import type { PrivacyFinding } from "../../utils/privacy-check";

/**
 * "This warning is wrong" (one button per finding, `reportWrong:<index>`) and "This should
 * have been caught" (`reportMissed`, with the passage typed in `missedText`) are intents of
 * the practice form itself, so the write-up comes back exactly as typed, with or without
 * JavaScript. Only the passage is sent to the curators, never the write-up.
 */
export const REPORT_WRONG = /^reportWrong:(\d{1,3})$/;
export const isPrivacyReportIntent = (intent: unknown): boolean => typeof intent === "string" && (intent === "reportMissed" || REPORT_WRONG.test(intent));

const Missed = /* @__PURE__ */ (() =>
  z.object({
    missedText: requiredText(PRIVACY_REPORT_SNIPPET_MAX),
    language: z.string().max(20).optional(),
  }))();

export interface PrivacyReportBody {
  values: Record<string, string | string[]>;
  findings: PrivacyFinding[];
  reported?: "wrong" | "missed";
  /** Which report this was: the form keys its thanks and the passage box on it, so each one is new. */
  reportId?: number;
  reportError?: FieldError;
  errors?: FieldErrors;
}

export type PrivacyReportSubmission = { kind: "reported"; status: 200 | 400 | 429; body: PrivacyReportBody };

const languageOf = (value: unknown) => ((WORKING_LANGUAGES as readonly unknown[]).includes(value) ? (value as string) : null);

/** Stores the report; `findings` are those of the text as submitted, so an index names the same passage the author saw. */
export async function readPrivacyReport(db: AppLoadContext["db"], formData: FormData, { memberId, findings }: { memberId: number; findings: PrivacyFinding[] }): Promise<PrivacyReportSubmission> {
  const intent = String(formData.get("intent"));
  const values = formValues(formData);
  const limit = { key: `privacy-report:member:${memberId}`, policy: PRIVACY_REPORTS_PER_HOUR };
  if ((await rateLimitState(db, limit)).lockedForMs > 0) return { kind: "reported", status: 429, body: { values, findings, reportError: { key: "privacy.reportTooMany" } } };
  const language = languageOf(formData.get("language"));

  let report: { kind: "false_warning" | "missed"; findingKind: string | null; snippet: string; field: string | null };
  const wrong = REPORT_WRONG.exec(intent);
  if (wrong) {
    const finding = findings[Number(wrong[1])];
    // The text changed since the page showed the warning: nothing to report.
    if (!finding) return { kind: "reported", status: 400, body: { values, findings, reportError: { key: "privacy.reportGone" } } };
    report = { kind: "false_warning", findingKind: finding.kind, snippet: finding.snippet, field: finding.field };
  } else {
    const parsed = parseForm(Missed, formData);
    if (!parsed.ok) return { kind: "reported", status: 400, body: { values, findings, errors: parsed.errors } };
    report = { kind: "missed", findingKind: null, snippet: parsed.data.missedText, field: null };
  }
  const { id } = await inTransaction(db, async (trx) => {
    await recordRateLimitFailure(trx, limit);
    return createPrivacyReport(trx, { ...report, language, reporterId: memberId });
  });
  // The passage was sent: its box starts empty again; everything else stays as typed.
  const { missedText: _sent, ...kept } = values;
  return { kind: "reported", status: 200, body: { values: kept, findings, reported: wrong ? "wrong" : "missed", reportId: id } };
}
