import { DomHandler, hasChildren, isTag, isText, type ChildNode, type Element } from "domhandler";
import { Parser } from "htmlparser2";
import { GLOSSARY_LANGUAGES, GLOSSARY_LIMITS, headTerm, type GlossaryConceptData, type GlossaryLanguage, type GlossaryTerm, type TermStatus } from "../domain/glossary";
import type { MessageKey } from "../i18n/en";
import { isLocale } from "../i18n/locales";
import { slugify } from "./slug";

/**
 * The glossary as a file (issue 23): TBX for translation tools, CSV for spreadsheets. Pure
 * text in, text out; the import route previews and applies what `parseTbx` / `parseCsv` return.
 *
 * TBX: ISO 30042:2019 (TBX v3), dialect TBX-Basic, DCA style, checked against the LTAC
 * TBX-Basic 1.2 schemas (RNG + Schematron). Mapping:
 *   concept slug        conceptEntry/@id (a slug starting with a digit gets "_" in front: an
 *                       id must be an XML name; the import's slugify drops it again)
 *   theme               conceptEntry/descrip[@type="subjectField"]
 *   notes               conceptEntry/note
 *   definition (lang)   langSec/descrip[@type="definition"]; for a language with a definition
 *                       but no term (a langSec must hold a termSec) conceptEntry/descrip
 *                       [@type="definition"][@xml:lang]
 *   term                langSec[@xml:lang]/termSec/term
 *   status              termSec/termNote[@type="administrativeStatus"]: preferredTerm-admn-sts,
 *                       admittedTerm-admn-sts, deprecatedTerm-admn-sts (avoid)
 *   source              termSec/admin[@type="source"]
 *   reason              termSec/note (what translation tools show beside the term)
 *   alternative         termSec/ref[@type="crossReference"], the alternative's text; @target
 *                       is the id of that term's termSec when it is a term of the same language
 *                       in the concept (TBX-Basic wants @target to be an id in the file)
 * Import also reads TBX v2 (`<martif>`: termEntry, langSet, tig, ntig/termGrp) and the same
 * data categories from other tools: supersededTerm and v2's normativeAuthorization values map
 * to avoid, an unknown or missing status to admitted, a ref of type relatedTerm counts as
 * the alternative, several termSec notes join into the reason. A language outside the nine
 * is reported and skipped. A DOCTYPE with an internal subset (entities) is refused; an
 * external DTD (`<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">`) is ignored, never fetched.
 *
 * CSV: RFC 4180, one row per term, UTF-8 with a byte-order mark (so Excel reads UTF-8),
 * CRLF. Columns `concept,theme,language,term,status,reason,alternative,source,definition,notes`.
 * Theme is on every row; a language's definition on its first row, the notes on the
 * concept's first row (so an edit in a spreadsheet has one place to go); import takes the
 * first non-empty value. A language with a definition and no term gets a row with an empty
 * term. A cell starting with = + - @ is written with a leading ' so a spreadsheet does not
 * run it as a formula; the import removes it. The import also reads semicolon-separated
 * files (what Excel writes where the decimal separator is a comma) and any column order.
 * No CSV library is installed, and the format is small enough to write correctly here.
 */

export type GlossaryImportMessage = Extract<MessageKey, `glossary.import.error.${string}`>;

export interface GlossaryImportError {
  message: GlossaryImportMessage;
  /** The concept's id in the file (or its first term when it has none). */
  concept?: string;
  /** 1-based line of the file. */
  line?: number;
  params?: Record<string, string | number>;
}

export interface GlossaryImportResult {
  concepts: GlossaryConceptData[];
  errors: GlossaryImportError[];
}

export interface TbxOptions {
  /** The file's title, e.g. "Practice Exchange glossary". */
  title: string;
  /** Where it comes from, e.g. the site's address and the date. */
  origin: string;
}

const TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2";
const TBX_BASIC_SCHEMAS = "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA";

const STATUS_TO_TBX: Record<TermStatus, string> = {
  preferred: "preferredTerm-admn-sts",
  admitted: "admittedTerm-admn-sts",
  avoid: "deprecatedTerm-admn-sts",
};

// ---------------------------------------------------------------------------------------
// Shared

const bySlug = (a: GlossaryConceptData, b: GlossaryConceptData) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);
const termsOf = (concept: GlossaryConceptData, language: GlossaryLanguage) => concept.terms.filter((t) => t.language === language);

/** Our status for ours (preferred, admitted, avoid) and TBX's words; anything else is admitted. */
export function parseStatus(value: string): TermStatus {
  const word = value
    .trim()
    .toLowerCase()
    .replace(/-admn-sts$/, "")
    .replace(/term$/, "");
  if (word === "preferred" || word === "standardized" || word === "legal" || word === "regulated") return "preferred";
  if (word === "avoid" || word === "deprecated" || word === "superseded" || word === "obsolete" || word === "forbidden") return "avoid";
  return "admitted";
}

const THREE_LETTER: Record<string, GlossaryLanguage> = {
  eng: "en",
  fra: "fr",
  fre: "fr",
  spa: "es",
  deu: "de",
  ger: "de",
  por: "pt",
  nep: "ne",
  ben: "bn",
  mon: "mn",
  nya: "ny",
};

/** "fr", "fr-FR", "FR_ca", "fra" → "fr"; null for a language the glossary does not hold. */
export function parseLanguage(value: string): GlossaryLanguage | null {
  const base = value.trim().toLowerCase().split(/[-_]/)[0] ?? "";
  if (isLocale(base)) return base;
  return THREE_LETTER[base] ?? null;
}

/** A concept as read from a file, before the limits are checked and its slug is settled. */
interface Draft {
  id: string;
  line?: number;
  theme: string;
  notes: string;
  definitions: Partial<Record<GlossaryLanguage, string>>;
  terms: GlossaryTerm[];
}

const emptyDraft = (id: string, line?: number): Draft => ({ id, line, theme: "", notes: "", definitions: {}, terms: [] });

/** Checks the limits and settles slugs: the id slugified, else made from the English (or first) term. */
function finish(drafts: Draft[], errors: GlossaryImportError[]): GlossaryConceptData[] {
  if (drafts.length > GLOSSARY_LIMITS.importConcepts) {
    errors.push({ message: "glossary.import.error.tooManyConcepts", params: { count: drafts.length, max: GLOSSARY_LIMITS.importConcepts } });
    return [];
  }
  const taken = new Set<string>();
  const concepts: GlossaryConceptData[] = [];
  for (const draft of drafts) {
    const name = draft.id || headTerm(draft, "en") || draft.terms[0]?.text || "";
    const fail = (message: GlossaryImportMessage, params: Record<string, string | number> = {}) => errors.push({ message, concept: name, line: draft.line, params: { concept: name, ...params } });
    if (draft.terms.length === 0) {
      fail("glossary.import.error.noTerms");
      continue;
    }
    const problem = overLimit(draft);
    if (problem) {
      fail(problem.message, problem.params);
      continue;
    }
    let slug = slugify(draft.id);
    if (slug && taken.has(slug)) {
      fail("glossary.import.error.duplicateConcept");
      continue;
    }
    if (!slug) {
      const base = slugify(headTerm(draft, "en") ?? draft.terms[0]!.text) || "concept";
      slug = base;
      for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    }
    taken.add(slug);
    concepts.push({ slug, theme: draft.theme || null, definitions: draft.definitions, notes: draft.notes, terms: draft.terms });
  }
  return concepts;
}

function overLimit(draft: Draft): { message: GlossaryImportMessage; params: Record<string, string | number> } | null {
  const L = GLOSSARY_LIMITS;
  if (draft.terms.length > L.termsPerConcept) return { message: "glossary.import.error.tooManyTerms", params: { count: draft.terms.length, max: L.termsPerConcept } };
  if (draft.theme.length > L.termLength) return { message: "glossary.import.error.themeTooLong", params: { max: L.termLength } };
  if (draft.notes.length > L.notesLength) return { message: "glossary.import.error.notesTooLong", params: { max: L.notesLength } };
  if (Object.values(draft.definitions).some((d) => d.length > L.definitionLength)) return { message: "glossary.import.error.definitionTooLong", params: { max: L.definitionLength } };
  for (const t of draft.terms) {
    const term = t.text.length > 60 ? `${t.text.slice(0, 60)}…` : t.text;
    if (t.text.length > L.termLength || t.alternative.length > L.termLength) return { message: "glossary.import.error.termTooLong", params: { term, max: L.termLength } };
    if (t.reason.length > L.reasonLength) return { message: "glossary.import.error.reasonTooLong", params: { term, max: L.reasonLength } };
    if (t.source.length > L.sourceLength) return { message: "glossary.import.error.sourceTooLong", params: { term, max: L.sourceLength } };
  }
  return null;
}

function tooLarge(text: string): GlossaryImportError | null {
  // Cheap bound first: a UTF-8 byte is at most 3 per UTF-16 unit.
  if (text.length * 3 <= GLOSSARY_LIMITS.importBytes) return null;
  if (new TextEncoder().encode(text).length <= GLOSSARY_LIMITS.importBytes) return null;
  return { message: "glossary.import.error.tooLarge", params: { max: GLOSSARY_LIMITS.importBytes / (1024 * 1024) } };
}

const lineAt = (text: string, index: number) => {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
};

// ---------------------------------------------------------------------------------------
// TBX out

// Characters XML 1.0 cannot hold at all (even escaped): C0 controls but tab, LF, CR; lone surrogates; U+FFFE/F.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const xmlText = (s: string) => s.replace(NOT_XML, "").replace(/\r\n?/g, "\n").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const xmlAttr = (s: string) => xmlText(s).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\t/g, "&#9;");

/** An XML id (NCName) for a slug: one that does not start with a letter gets "_" in front. */
const xmlId = (slug: string) => (/^[\p{L}_]/u.test(slug) ? slug : `_${slug}`);

export function toTbx(concepts: GlossaryConceptData[], opts: TbxOptions): string {
  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<?xml-model href="${TBX_BASIC_SCHEMAS}/TBXcoreStructV03_TBX-Basic_integrated.rng" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>`,
    `<?xml-model href="${TBX_BASIC_SCHEMAS}/TBX-Basic_DCA.sch" type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"?>`,
    `<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="${TBX_NAMESPACE}">`,
    `  <tbxHeader>`,
    `    <fileDesc>`,
    `      <titleStmt>`,
    `        <title>${xmlText(opts.title)}</title>`,
    `      </titleStmt>`,
    `      <sourceDesc>`,
    `        <p>${xmlText(opts.origin)}</p>`,
    `      </sourceDesc>`,
    `    </fileDesc>`,
    `  </tbxHeader>`,
    `  <text>`,
    `    <body>`,
  ];
  for (const concept of [...concepts].sort(bySlug)) {
    const id = xmlId(concept.slug);
    out.push(`      <conceptEntry id="${xmlAttr(id)}">`);
    if (concept.theme) out.push(`        <descrip type="subjectField">${xmlText(concept.theme)}</descrip>`);
    for (const language of GLOSSARY_LANGUAGES) {
      const definition = concept.definitions[language];
      if (definition && termsOf(concept, language).length === 0) out.push(`        <descrip type="definition" xml:lang="${language}">${xmlText(definition)}</descrip>`);
    }
    if (concept.notes) out.push(`        <note>${xmlText(concept.notes)}</note>`);
    for (const language of GLOSSARY_LANGUAGES) {
      const terms = termsOf(concept, language);
      if (terms.length === 0) continue;
      const termId = (index: number) => `${id}-${language}-${index + 1}`;
      const targets = new Set(terms.map((t) => terms.findIndex((u) => u !== t && u.text === t.alternative)).filter((i) => i >= 0));
      out.push(`        <langSec xml:lang="${language}">`);
      const definition = concept.definitions[language];
      if (definition) out.push(`          <descrip type="definition">${xmlText(definition)}</descrip>`);
      terms.forEach((term, index) => {
        out.push(targets.has(index) ? `          <termSec id="${xmlAttr(termId(index))}">` : `          <termSec>`);
        out.push(`            <term>${xmlText(term.text)}</term>`);
        out.push(`            <termNote type="administrativeStatus">${STATUS_TO_TBX[term.status]}</termNote>`);
        if (term.source) out.push(`            <admin type="source">${xmlText(term.source)}</admin>`);
        if (term.reason) out.push(`            <note>${xmlText(term.reason)}</note>`);
        if (term.alternative) {
          const target = terms.findIndex((u) => u !== term && u.text === term.alternative);
          const attr = target >= 0 ? ` target="${xmlAttr(termId(target))}"` : "";
          out.push(`            <ref type="crossReference"${attr}>${xmlText(term.alternative)}</ref>`);
        }
        out.push(`          </termSec>`);
      });
      out.push(`        </langSec>`);
    }
    out.push(`      </conceptEntry>`);
  }
  out.push(`    </body>`, `  </text>`, `</tbx>`, ``);
  return out.join("\n");
}

// ---------------------------------------------------------------------------------------
// TBX in

class XmlProblem extends Error {
  constructor(
    readonly kind: "notXml" | "doctype",
    readonly index: number,
  ) {
    super(kind);
  }
}

/**
 * htmlparser2 in XML mode is forgiving: it closes what is left open and skips what does not
 * fit. A glossary file that needed such repairs is more likely cut short or broken than
 * meant, so every implied close, a second root and text outside the root are reported.
 */
class StrictHandler extends DomHandler {
  private parserRef: Parser | null = null;
  private depth = 0;
  private roots = 0;
  private justOpened = false;

  constructor(private readonly source: string) {
    super(undefined, { withStartIndices: true });
  }

  override onparserinit(parser: Parser) {
    this.parserRef = parser;
    super.onparserinit(parser);
  }
  private fail(kind: XmlProblem["kind"]): never {
    throw new XmlProblem(kind, this.parserRef?.startIndex ?? 0);
  }
  override onopentag(name: string, attribs: Record<string, string>) {
    if (this.depth === 0 && ++this.roots > 1) this.fail("notXml");
    this.depth++;
    super.onopentag(name, attribs);
    this.justOpened = true;
  }
  override onclosetag(_name?: string, isImplied?: boolean) {
    // htmlparser2 reports `<x/>` as an implied close too: it is the one that ends in "/>" right after its opening.
    const end = this.parserRef?.endIndex ?? 0;
    const selfClosing = this.justOpened && this.source[end] === ">" && this.source[end - 1] === "/";
    if (isImplied && !selfClosing) this.fail("notXml");
    this.justOpened = false;
    this.depth--;
    super.onclosetag();
  }
  override ontext(data: string) {
    this.justOpened = false;
    if (this.depth === 0 && data.trim()) this.fail("notXml");
    super.ontext(data);
  }
  override onprocessinginstruction(name: string, data: string) {
    if (name.toLowerCase() === "!doctype" && /[[]|<!ENTITY/i.test(data)) this.fail("doctype");
    if (name.startsWith("!") && name.toLowerCase() !== "!doctype") this.fail(/ENTITY/i.test(name) ? "doctype" : "notXml");
    super.onprocessinginstruction(name, data);
  }
}

const local = (el: Element) => {
  const colon = el.name.indexOf(":");
  return (colon === -1 ? el.name : el.name.slice(colon + 1)).toLowerCase();
};
const childElements = (el: Element) => el.children.filter(isTag);
const childrenNamed = (el: Element, ...names: string[]) => childElements(el).filter((c) => names.includes(local(c)));
const typeOf = (el: Element) => (el.attribs.type ?? "").trim();
const langOf = (el: Element) => el.attribs["xml:lang"] ?? el.attribs.lang ?? "";

function rawText(node: ChildNode): string {
  if (isText(node)) return node.data;
  if (hasChildren(node)) return node.children.map(rawText).join("");
  return "";
}

/**
 * An element's text, trimmed, with the indentation a pretty-printing tool puts on wrapped
 * lines removed (the indentation all lines after the first share), so "spiral\n\t\t\tarms"
 * reads "spiral\narms" while a list indented in notes keeps its shape.
 */
function textOf(el: Element): string {
  const lines = rawText(el).replace(/\r\n?/g, "\n").trim().split("\n");
  const rest = lines.slice(1).filter((l) => l.trim());
  const indent = rest.length ? Math.min(...rest.map((l) => /^[ \t]*/.exec(l)![0].length)) : 0;
  return [lines[0]!, ...lines.slice(1).map((l) => l.slice(Math.min(indent, /^[ \t]*/.exec(l)![0].length)).trimEnd())].join("\n").normalize("NFC");
}
const termText = (el: Element) => rawText(el).normalize("NFC").replace(/\s+/gu, " ").trim();

/**
 * Children, with the members of groups lifted up: adminGrp, termNoteGrp, v2's termGrp and,
 * for an entry or a language, descripGrp. A termSec's descripGrp is left closed: it holds a
 * context sentence and that sentence's own source, not the term's.
 */
function flattened(el: Element): Element[] {
  const groups = ["admingrp", "termnotegrp", "termgrp"];
  if (!["termsec", "tig", "ntig"].includes(local(el))) groups.push("descripgrp");
  return childElements(el).flatMap((c) => (groups.includes(local(c)) ? childElements(c) : [c]));
}

function parseXml(xml: string): { root: Element } | { error: GlossaryImportError } {
  const handler = new StrictHandler(xml);
  const parser = new Parser(handler, { xmlMode: true });
  try {
    parser.end(xml);
  } catch (e) {
    if (!(e instanceof XmlProblem)) throw e;
    const line = lineAt(xml, e.index);
    return { error: e.kind === "doctype" ? { message: "glossary.import.error.doctype", line } : { message: "glossary.import.error.notXml", line, params: { line } } };
  }
  const root = handler.root.children.find(isTag);
  if (!root || !["tbx", "martif"].includes(local(root))) return { error: { message: "glossary.import.error.notTbx" } };
  return { root };
}

export function parseTbx(xml: string): GlossaryImportResult {
  const big = tooLarge(xml);
  if (big) return { concepts: [], errors: [big] };
  const parsed = parseXml(xml.replace(/^\uFEFF/, ""));
  if ("error" in parsed) return { concepts: [], errors: [parsed.error] };
  const { root } = parsed;
  const errors: GlossaryImportError[] = [];
  const documentLanguage = parseLanguage(langOf(root)) ?? "en";
  const lineOf = (el: Element) => lineAt(xml, el.startIndex ?? 0);

  const entries: Element[] = [];
  const termSecById = new Map<string, Element>();
  (function collect(el: Element) {
    for (const c of childElements(el)) {
      const name = local(c);
      if (name === "conceptentry" || name === "termentry") entries.push(c);
      if ((name === "termsec" || name === "tig" || name === "ntig") && c.attribs.id) termSecById.set(c.attribs.id, c);
      collect(c);
    }
  })(root);
  if (entries.length > GLOSSARY_LIMITS.importConcepts) {
    return { concepts: [], errors: [{ message: "glossary.import.error.tooManyConcepts", params: { count: entries.length, max: GLOSSARY_LIMITS.importConcepts } }] };
  }

  const readTerm = (sec: Element, language: GlossaryLanguage): GlossaryTerm | null => {
    const parts = flattened(sec);
    const term = parts.find((p) => local(p) === "term");
    const text = term ? termText(term) : "";
    if (!text) return null;
    const status = parts.find((p) => local(p) === "termnote" && ["administrativeStatus", "normativeAuthorization"].includes(typeOf(p)));
    const source = parts.find((p) => local(p) === "admin" && typeOf(p) === "source");
    const reason = childrenNamed(sec, "note").map(textOf).filter(Boolean).join("\n\n");
    const ref = parts.find((p) => local(p) === "ref" && ["crossReference", "relatedTerm"].includes(typeOf(p)));
    let alternative = ref ? termText(ref) : "";
    const target = ref?.attribs.target ? termSecById.get(ref.attribs.target) : undefined;
    if (!alternative && target) {
      const targetTerm = flattened(target).find((p) => local(p) === "term");
      alternative = targetTerm ? termText(targetTerm) : "";
    }
    return { language, text, status: status ? parseStatus(textOf(status)) : "admitted", reason, alternative, source: source ? textOf(source) : "" };
  };

  const drafts: Draft[] = [];
  for (const entry of entries) {
    const draft = emptyDraft((entry.attribs.id ?? "").trim(), lineOf(entry));
    const parts = flattened(entry);
    draft.theme = parts.filter((p) => local(p) === "descrip" && typeOf(p) === "subjectField").map(textOf)[0] ?? "";
    draft.notes = childrenNamed(entry, "note").map(textOf).filter(Boolean).join("\n\n");
    const languageSections = childrenNamed(entry, "langsec", "langset");
    const label = () =>
      draft.id ||
      languageSections
        .flatMap((s) => flattened(s))
        .flatMap((p) =>
          flattened(p)
            .filter((t) => local(t) === "term")
            .map(termText),
        )[0] ||
      "?";
    for (const d of parts.filter((p) => local(p) === "descrip" && typeOf(p) === "definition")) {
      const language = langOf(d) ? parseLanguage(langOf(d)) : documentLanguage;
      if (!language) errors.push({ message: "glossary.import.error.unknownLanguage", concept: label(), line: lineOf(d), params: { concept: label(), language: langOf(d) } });
      else if (!draft.definitions[language]) draft.definitions[language] = textOf(d);
    }
    for (const section of languageSections) {
      const language = parseLanguage(langOf(section));
      if (!language) {
        errors.push({ message: "glossary.import.error.unknownLanguage", concept: label(), line: lineOf(section), params: { concept: label(), language: langOf(section) } });
        continue;
      }
      const definition = flattened(section).find((p) => local(p) === "descrip" && typeOf(p) === "definition");
      if (definition && textOf(definition)) draft.definitions[language] = textOf(definition);
      for (const sec of childrenNamed(section, "termsec", "tig", "ntig")) {
        const term = readTerm(sec, language);
        if (term) draft.terms.push(term);
        else errors.push({ message: "glossary.import.error.emptyTerm", concept: label(), line: lineOf(sec), params: { concept: label() } });
      }
    }
    drafts.push(draft);
  }
  const concepts = finish(drafts, errors);
  if (entries.length === 0) errors.push({ message: "glossary.import.error.empty" });
  return { concepts, errors };
}

// ---------------------------------------------------------------------------------------
// CSV

export const CSV_COLUMNS = ["concept", "theme", "language", "term", "status", "reason", "alternative", "source", "definition", "notes"] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];

const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(concepts: GlossaryConceptData[]): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const concept of [...concepts].sort(bySlug)) {
    let first = true;
    const row = (language: string, term: GlossaryTerm | null, definition: string) => {
      const cells: Record<CsvColumn, string> = {
        concept: concept.slug,
        theme: concept.theme ?? "",
        language,
        term: term?.text ?? "",
        status: term?.status ?? "",
        reason: term?.reason ?? "",
        alternative: term?.alternative ?? "",
        source: term?.source ?? "",
        definition,
        notes: first ? concept.notes : "",
      };
      first = false;
      rows.push(CSV_COLUMNS.map((c) => cells[c]));
    };
    for (const language of GLOSSARY_LANGUAGES) {
      const terms = termsOf(concept, language);
      const definition = concept.definitions[language] ?? "";
      if (terms.length === 0 && definition) row(language, null, definition);
      terms.forEach((t, i) => row(language, t, i === 0 ? definition : ""));
    }
    if (first) row("", null, "");
  }
  return "\uFEFF" + rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** RFC 4180 records (quotes, doubled quotes, CRLF, LF or CR), each with the line it starts on. */
export function readCsvRecords(text: string, delimiter = ","): { records: { fields: string[]; line: number }[]; unclosedAt?: number } {
  const records: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== "") records.push({ fields, line: recordLine });
    fields = [];
    field = "";
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (c === "\n") line++;
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field === "") quoted = true;
    else if (c === delimiter) {
      fields.push(field);
      field = "";
    } else if (c === "\r" || c === "\n") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else field += c;
    i++;
  }
  if (quoted) return { records, unclosedAt: recordLine };
  if (field !== "" || fields.length > 0) endRecord();
  return { records };
}

const unguard = (value: string) => (/^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value);

export function parseCsv(input: string): GlossaryImportResult {
  const big = tooLarge(input);
  if (big) return { concepts: [], errors: [big] };
  const text = input.replace(/^\uFEFF/, "");
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  const delimiter = !firstLine.includes(",") && firstLine.includes(";") ? ";" : ",";
  const { records, unclosedAt } = readCsvRecords(text, delimiter);
  if (unclosedAt !== undefined) return { concepts: [], errors: [{ message: "glossary.import.error.csvQuote", line: unclosedAt, params: { line: unclosedAt } }] };
  const [header, ...rows] = records;
  if (!header) return { concepts: [], errors: [{ message: "glossary.import.error.empty" }] };
  const index = new Map(header.fields.map((name, i) => [name.trim().toLowerCase(), i] as const));
  const missing = (["language", "term"] as const).filter((c) => !index.has(c));
  if (missing.length) return { concepts: [], errors: [{ message: "glossary.import.error.csvHeader", line: 1, params: { columns: missing.join(", ") } }] };
  const cell = (fields: string[], column: CsvColumn) => {
    const at = index.get(column);
    return at === undefined ? "" : unguard(fields[at] ?? "");
  };

  const errors: GlossaryImportError[] = [];
  const drafts: Draft[] = [];
  const byId = new Map<string, Draft>();
  for (const { fields, line } of rows) {
    const id = cell(fields, "concept").trim();
    const key = slugify(id);
    const termValue = cell(fields, "term").normalize("NFC").replace(/\s+/gu, " ").trim();
    let draft = key ? byId.get(key) : undefined;
    if (!draft) {
      draft = emptyDraft(id, line);
      drafts.push(draft);
      if (key) byId.set(key, draft);
    }
    const label = id || termValue || "?";
    if (!draft.theme) draft.theme = cell(fields, "theme").trim();
    if (!draft.notes) draft.notes = cell(fields, "notes").replace(/\r\n?/g, "\n").trim().normalize("NFC");
    const languageValue = cell(fields, "language").trim();
    if (!languageValue && !termValue) continue;
    const language = parseLanguage(languageValue);
    if (!language) {
      errors.push({ message: "glossary.import.error.unknownLanguage", concept: label, line, params: { concept: label, language: languageValue } });
      continue;
    }
    const definition = cell(fields, "definition").replace(/\r\n?/g, "\n").trim().normalize("NFC");
    if (definition && !draft.definitions[language]) draft.definitions[language] = definition;
    if (!termValue) continue;
    draft.terms.push({
      language,
      text: termValue,
      status: parseStatus(cell(fields, "status")),
      reason: cell(fields, "reason").replace(/\r\n?/g, "\n").trim().normalize("NFC"),
      alternative: cell(fields, "alternative").normalize("NFC").replace(/\s+/gu, " ").trim(),
      source: cell(fields, "source").trim().normalize("NFC"),
    });
  }
  const concepts = finish(drafts, errors);
  if (rows.length === 0) errors.push({ message: "glossary.import.error.empty" });
  return { concepts, errors };
}
