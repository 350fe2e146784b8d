// Label keys: `<thing>Label(value)` returns the value's catalogue key (see README.md).

/**
 * The glossary (issue 23): concepts, not words. A concept has a definition per language,
 * notes, an optional theme, and for each of the nine languages one or more terms, each
 * preferred, admitted or to be avoided (with the reason and the preferred alternative).
 * Every change is a revision holding the whole concept (`GlossaryContent`).
 */
// The nine interface languages (app/i18n/locales.ts LOCALES, which the domain may not import;
// tests/glossary-check.test.ts or the i18n test keeps the two lists equal).
export const GLOSSARY_LANGUAGES = ["en", "fr", "es", "de", "pt", "ne", "bn", "mn", "ny"] as const;
export type GlossaryLanguage = (typeof GLOSSARY_LANGUAGES)[number];

export const TERM_STATUSES = ["preferred", "admitted", "avoid"] as const;
export type TermStatus = (typeof TERM_STATUSES)[number];

const TERM_STATUS_LABELS = {
  preferred: "glossary.statusPreferred",
  admitted: "glossary.statusAdmitted",
  avoid: "glossary.statusAvoid",
} as const satisfies Record<TermStatus, string>;
export const termStatusLabel = (status: TermStatus) => TERM_STATUS_LABELS[status];

export interface GlossaryTerm {
  language: GlossaryLanguage;
  text: string;
  status: TermStatus;
  /** Why a term is to be avoided; may also explain an admitted one. "" when none. */
  reason: string;
  /** For a term to avoid: the term to write instead (usually the language's preferred one). "" when none. */
  alternative: string;
  /** Where the term or its status comes from (a publication, a network decision). "" when none. */
  source: string;
}

/** One revision of a concept: everything it says. */
export interface GlossaryContent {
  /** A theme key (the practices' themes), or null for none. */
  theme: string | null;
  /** The definition in each language it has been written in. */
  definitions: Partial<Record<GlossaryLanguage, string>>;
  notes: string;
  terms: GlossaryTerm[];
}

/** A concept as exchanged (TBX, CSV, the starter glossary): its stable key and its content. */
export interface GlossaryConceptData extends GlossaryContent {
  /** The concept's slug: its address (`/glossary/<slug>`) and its id in TBX and CSV. */
  slug: string;
}

/** A concept as a handbook edition's glossary annex shows it, in the edition's language. */
export interface AnnexConcept {
  slug: string;
  revision: number;
  /** The concept's name in the edition's language (or another when it has none there). */
  head: string;
  headLanguage: GlossaryLanguage;
  /** Every term in the edition's language, preferred first. */
  terms: GlossaryTerm[];
  definition: string;
}

export const GLOSSARY_LIMITS = {
  termLength: 200,
  definitionLength: 4_000,
  notesLength: 8_000,
  reasonLength: 1_000,
  sourceLength: 500,
  termsPerConcept: 60,
  /** An import file (TBX or CSV). */
  importBytes: 2 * 1024 * 1024,
  importConcepts: 5_000,
  /** Concepts on one page of the glossary. */
  pageSize: 50,
  proposalMessageLength: 2_000,
} as const;

export const PROPOSAL_STATUSES = ["open", "accepted", "declined"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** A member proposes a term (for a concept, or a new concept when none is named) or a correction in words. */
export const PROPOSAL_KINDS = ["term", "correction"] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

/** The text every comparison and lookup uses: NFC, lower case, spaces collapsed. */
export function foldTerm(text: string): string {
  return text.normalize("NFC").toLowerCase().replace(/\s+/gu, " ").trim();
}

/** The terms of one language, preferred first, then admitted, then to avoid (stable within each). */
export function termsIn(content: Pick<GlossaryContent, "terms">, language: GlossaryLanguage): GlossaryTerm[] {
  const rank = (s: TermStatus) => TERM_STATUSES.indexOf(s);
  return content.terms.filter((t) => t.language === language).sort((a, b) => rank(a.status) - rank(b.status));
}

/** The concept's name in a language: its preferred term there, else its first admitted one; null when it has none. */
export function headTerm(content: Pick<GlossaryContent, "terms">, language: GlossaryLanguage): string | null {
  const term = termsIn(content, language).find((t) => t.status !== "avoid");
  return term ? term.text : null;
}
