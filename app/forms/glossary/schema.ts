import { z } from "zod";
import { foldTerm, GLOSSARY_LANGUAGES, GLOSSARY_LIMITS, PROPOSAL_KINDS, TERM_STATUSES, type GlossaryContent, type GlossaryLanguage, type GlossaryTerm } from "../../domain/glossary";
import { formValues, type FieldError, type FieldErrors } from "../../utils/forms";

/**
 * The concept editor's fields. Terms are rows named `term.<row>.<part>`; the page shows the
 * existing terms and some empty rows, and a row whose text is empty is no term (that is how a
 * term is removed). Definitions are `definition.<language>`.
 */
export const TERM_PARTS = ["language", "text", "status", "reason", "alternative", "source"] as const;
export const termField = (row: number, part: (typeof TERM_PARTS)[number]) => `term.${row}.${part}`;
export const definitionField = (language: GlossaryLanguage) => `definition.${language}`;

/** Empty rows under the existing terms, and how many more "Add more rows" brings. */
export const EMPTY_ROWS = 3;
export const MORE_ROWS = 5;
/** A row count no page asks for: a hand-made request cannot make the form render thousands. */
const MAX_ROWS = GLOSSARY_LIMITS.termsPerConcept + 40;

const text = (max: number) => z.string().trim().max(max, "validation.tooLong").default("");

const TermRow = /* @__PURE__ */ (() =>
  z.object({
    language: z.enum(GLOSSARY_LANGUAGES, { error: "validation.language" }),
    text: z.string().trim().min(1, "validation.required").max(GLOSSARY_LIMITS.termLength, "validation.tooLong"),
    status: z.enum(TERM_STATUSES, { error: "glossary.edit.error.status" }),
    reason: text(GLOSSARY_LIMITS.reasonLength),
    alternative: text(GLOSSARY_LIMITS.termLength),
    source: text(GLOSSARY_LIMITS.sourceLength),
  }))();

const ConceptSchema = /* @__PURE__ */ (() =>
  z.object({
    theme: z.string().trim().max(40, "glossary.edit.error.theme").default(""),
    notes: text(GLOSSARY_LIMITS.notesLength),
    summary: text(500),
    definitions: z.object(Object.fromEntries(GLOSSARY_LANGUAGES.map((l) => [l, text(GLOSSARY_LIMITS.definitionLength)])) as Record<GlossaryLanguage, ReturnType<typeof text>>),
    terms: z.array(TermRow),
  }))();

export interface ConceptForm {
  content: GlossaryContent;
  summary: string;
  /** The revision the editor started from (absent on a new concept). */
  basedOn: number | undefined;
}

export type ConceptFormResult = { ok: true; data: ConceptForm } | { ok: false; errors: FieldErrors; values: Record<string, string | string[]> };

const one = (formData: FormData, name: string) => {
  const v = formData.get(name);
  return typeof v === "string" ? v.replaceAll("\u0000", "") : undefined;
};

/** How many term rows the submitted page had (at least one, at most MAX_ROWS). */
export function submittedRows(formData: FormData) {
  let rows = 0;
  for (const key of formData.keys()) {
    const match = /^term\.(\d{1,4})\.text$/.exec(key);
    if (match) rows = Math.max(rows, Number(match[1]) + 1);
  }
  return Math.min(rows, MAX_ROWS);
}

/**
 * Reads and checks the concept form: the content, or the errors (each under its field's
 * name) with every value as typed. The theme is checked against the forum's themes here
 * too, as the list is passed in.
 */
export function readConceptForm(formData: FormData, { themes }: { themes: readonly string[] }): ConceptFormResult {
  const rows: number[] = [];
  const terms: Record<string, string | undefined>[] = [];
  for (let row = 0; row < submittedRows(formData); row++) {
    // An empty row, or one emptied to remove its term, is no term.
    if (!one(formData, termField(row, "text"))?.trim()) continue;
    rows.push(row);
    terms.push(Object.fromEntries(TERM_PARTS.map((part) => [part, one(formData, termField(row, part))])));
  }
  const input = {
    theme: one(formData, "theme"),
    notes: one(formData, "notes"),
    summary: one(formData, "summary"),
    definitions: Object.fromEntries(GLOSSARY_LANGUAGES.map((l) => [l, one(formData, definitionField(l))])),
    terms,
  };
  const errors: FieldErrors = {};
  const fail = (field: string, error: FieldError) => {
    errors[field] ??= error;
  };
  const parsed = ConceptSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [first, second, third] = issue.path.map(String);
      const field =
        first === "terms"
          ? termField(rows[Number(second)] ?? 0, (third ?? "text") as (typeof TERM_PARTS)[number])
          : first === "definitions"
            ? definitionField(second as GlossaryLanguage)
            : (first ?? "form");
      const key = /^[a-z]+\.[a-zA-Z.]+$/.test(issue.message) ? (issue.message as FieldError["key"]) : "validation.required";
      fail(field, issue.code === "too_big" ? { key, params: { max: Number(issue.maximum) } } : { key });
    }
    return { ok: false, errors, values: formValues(formData) };
  }
  const data = parsed.data;
  if (data.theme && !themes.includes(data.theme)) fail("theme", { key: "glossary.edit.error.theme" });
  if (data.terms.length === 0) fail(termField(0, "text"), { key: "glossary.edit.error.noTerms" });
  if (data.terms.length > GLOSSARY_LIMITS.termsPerConcept)
    fail(termField(rows[GLOSSARY_LIMITS.termsPerConcept]!, "text"), { key: "glossary.edit.error.tooManyTerms", params: { max: GLOSSARY_LIMITS.termsPerConcept } });

  const preferredSeen = new Set<GlossaryLanguage>();
  const seen = new Set<string>();
  data.terms.forEach((term, i) => {
    const row = rows[i]!;
    const key = `${term.language}\u0000${foldTerm(term.text)}`;
    if (seen.has(key)) fail(termField(row, "text"), { key: "glossary.edit.error.duplicate" });
    seen.add(key);
    if (term.status === "preferred") {
      if (preferredSeen.has(term.language)) fail(termField(row, "status"), { key: "glossary.edit.error.twoPreferred" });
      preferredSeen.add(term.language);
    }
    if (term.status !== "avoid") return;
    if (!term.reason) fail(termField(row, "reason"), { key: "glossary.edit.error.reasonNeeded" });
    if (term.alternative) {
      const usable = data.terms.some((t) => t.language === term.language && t.status !== "avoid" && foldTerm(t.text) === foldTerm(term.alternative));
      if (!usable) fail(termField(row, "alternative"), { key: "glossary.edit.error.alternative" });
    }
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors, values: formValues(formData) };

  // An avoid term with no alternative named points at its language's preferred term.
  const preferred = (language: GlossaryLanguage) => data.terms.find((t) => t.language === language && t.status === "preferred")?.text ?? "";
  const finalTerms: GlossaryTerm[] = data.terms.map((t) => ({
    ...t,
    alternative: t.status === "avoid" ? t.alternative || preferred(t.language) : "",
  }));
  const basedOn = Number(one(formData, "basedOn"));
  return {
    ok: true,
    data: {
      content: { theme: data.theme || null, definitions: data.definitions, notes: data.notes, terms: finalTerms },
      summary: data.summary,
      basedOn: Number.isInteger(basedOn) && basedOn > 0 ? basedOn : undefined,
    },
  };
}

/** The values a page shows for a concept (the form's names), as if it had been submitted. */
export function conceptValues(content: GlossaryContent, { rows }: { rows: number }): Record<string, string> {
  const values: Record<string, string> = { theme: content.theme ?? "", notes: content.notes, summary: "" };
  for (const l of GLOSSARY_LANGUAGES) values[definitionField(l)] = content.definitions[l] ?? "";
  content.terms.forEach((t, row) => {
    for (const part of TERM_PARTS) values[termField(row, part)] = t[part];
  });
  values.rows = String(Math.max(rows, content.terms.length));
  return values;
}

/** A proposal from a member: a term (for a concept, or a new one) or a correction in words. */
export const ProposalSchema = /* @__PURE__ */ (() =>
  z
    .object({
      conceptSlug: z.string().trim().max(100).default(""),
      kind: z.enum(PROPOSAL_KINDS, { error: "glossary.proposal.error.kind" }).default("term"),
      language: z.enum(GLOSSARY_LANGUAGES, { error: "validation.language" }),
      term: text(GLOSSARY_LIMITS.termLength),
      statusProposed: z.enum(TERM_STATUSES, { error: "glossary.edit.error.status" }).default("admitted"),
      message: text(GLOSSARY_LIMITS.proposalMessageLength),
    })
    .superRefine((p, ctx) => {
      if (p.kind === "term" && !p.term) ctx.addIssue({ code: "custom", path: ["term"], message: "glossary.proposal.error.term" });
      if (p.kind === "correction" && !p.message) ctx.addIssue({ code: "custom", path: ["message"], message: "glossary.proposal.error.message" });
      if (p.kind === "correction" && !p.conceptSlug) ctx.addIssue({ code: "custom", path: ["kind"], message: "glossary.proposal.error.correctionNeedsConcept" });
      if (p.kind === "term" && p.statusProposed === "avoid" && !p.message) ctx.addIssue({ code: "custom", path: ["message"], message: "glossary.proposal.error.avoidReason" });
    }))();
