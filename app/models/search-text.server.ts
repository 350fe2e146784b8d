import { SECTIONS } from "../domain/practice";
import { extraStems, stemWord, WORD } from "../utils/stem";

// What both search engines share: the fields, how an entry carries its stems, the query
// language, and how a hit is marked in what is shown. app/models/search.server.ts is the
// search the rest of the forum calls; search-sqlite and search-postgres are its engines.

export const INDEXED = ["title", "summary", ...SECTIONS, "body", "meta"] as const;
export type SearchField = (typeof INDEXED)[number];

export const OPEN = "\u0002";
export const CLOSE = "\u0003";
export const SEPARATOR = "\u0004";
/**
 * A field's entry is its text, then this mark, then the stems of its inflected words
 * (app/utils/stem.ts): "प्रशिक्षणहरू" is found as "प्रशिक्षण", and a query looks for stems.
 * The engines read the mark as a separator; what is shown is cut there.
 */
export const STEMS = "\u0005";
export const withStems = (text: string) => {
  const stems = extraStems(text);
  return stems ? `${text} ${STEMS} ${stems}` : text;
};
export const withoutStems = (entry: string) => entry.split(STEMS, 1)[0]!;

/** Latin letters compared as FTS5's remove_diacritics does: "éducation" is "education". */
export const fold = (word: string) => (/^[\p{Script=Latin}\p{M}\p{N}]+$/u.test(word) ? word.normalize("NFD").replace(/\p{M}/gu, "") : word);
const stems = new Map<string, string>();
/** A word's stem as the index holds it; remembered, as highlighting asks for every word shown. */
export function stemOf(word: string) {
  let stem = stems.get(word);
  if (stem === undefined) {
    stem = stemWord(fold(word));
    if (stems.size > 50_000) stems.clear();
    stems.set(word, stem);
  }
  return stem;
}

/** A term of a query: one stem, or the words of a "quoted phrase" in order. */
export type SearchTerm = string[];

export interface ParsedQuery {
  /** The FTS5 expression, or null when nothing searchable was typed. */
  match: string | null;
  /** Its wanted part, without the exclusions: what a title must hold to rank first. */
  wanted: string | null;
  /** The same query as terms, for an engine that is not FTS5: every group must match (any one of its terms), no excluded term may. */
  groups: SearchTerm[][];
  excluded: SearchTerm[];
  terms: string[];
  /** The stems of the wanted words, for highlighting them in what is shown. */
  stems: string[];
}

const quote = (phrase: string) => `"${phrase.replace(/"/g, '""')}"`;

/**
 * The query language a person can use — plain words (all must match), "exact phrase",
 * -exclude, OR — turned into a safe FTS5 expression. Every term is quoted, so operators,
 * column filters, NEAR, * or stray quotes in the input are only ever words.
 */
export function parseSearchQuery(input: string): ParsedQuery {
  const text = input.slice(0, 500);
  const tokens: { words: string[]; negate: boolean; or: boolean; stem: string | null }[] = [];
  const pattern = /(-?)"([^"]*)"?|(\S+)/gu;
  let pendingOr = false;
  for (const m of text.matchAll(pattern)) {
    if (m[3] === "OR") {
      pendingOr = tokens.length > 0;
      continue;
    }
    const negate = m[1] === "-" || (m[3] !== undefined && m[3].startsWith("-"));
    const raw = m[2] ?? m[3] ?? "";
    const words = raw.match(WORD) ?? [];
    if (words.length === 0) continue;
    // A single word is looked for by its stem; a "quoted phrase" is exact.
    const stem = m[2] === undefined && words.length === 1 ? stemOf(words[0]!) : null;
    tokens.push({ words, negate, or: pendingOr && !negate, stem });
    pendingOr = false;
    if (tokens.length >= 12) break;
  }
  const positives = tokens.filter((t) => !t.negate);
  if (positives.length === 0) return { match: null, wanted: null, groups: [], excluded: [], terms: [], stems: [] };
  const termOf = (t: (typeof tokens)[number]): SearchTerm => (t.stem ? [t.stem] : t.words);
  // a OR b c → (a OR b) AND c
  const groups: SearchTerm[][] = [];
  for (const t of positives) {
    if (t.or && groups.length) groups.at(-1)!.push(termOf(t));
    else groups.push([termOf(t)]);
  }
  const excluded = tokens.filter((t) => t.negate).map(termOf);
  const quoted = (term: SearchTerm) => quote(term.join(" "));
  const wanted = groups.map((g) => (g.length > 1 ? `(${g.map(quoted).join(" OR ")})` : quoted(g[0]!))).join(" AND ");
  const match = excluded.length ? `(${wanted}) NOT (${excluded.map(quoted).join(" OR ")})` : wanted;
  const wantedStems = [...new Set(positives.flatMap((t) => (t.stem ? [t.stem] : t.words.map(stemOf))))];
  return { match, wanted, groups, excluded, terms: positives.map((t) => t.words.join(" ")), stems: wantedStems };
}

export interface SnippetPart {
  text: string;
  hit: boolean;
}

/**
 * The words around the first word whose stem is wanted, those words marked; the whole text
 * when it is short. Made from the text itself, not from the engine's snippet, because the
 * match may be a stem. The page renders the parts as text, never as HTML.
 */
export function highlight(text: string, stems: string[], { around = 16 }: { around?: number } = {}): SnippetPart[] {
  const wanted = new Set(stems);
  // Words are read up to the first hit and the window after it, not the whole text.
  const words: RegExpExecArray[] = [];
  const hits = new Set<number>();
  let first = -1;
  let whole = true;
  for (const w of text.matchAll(WORD)) {
    const i = words.length;
    if (i >= (first >= 0 ? first : Math.max(i, around - 1)) + around) {
      whole = false;
      break;
    }
    words.push(w);
    if (wanted.has(stemOf(w[0]))) {
      hits.add(i);
      if (first < 0) first = i;
    }
  }
  if (first < 0 && words.length > around) whole = false;
  const from = whole && words.length <= around ? 0 : Math.max(0, Math.min(first < 0 ? 0 : first - 4, words.length - around));
  const to = Math.min(words.length, from + around);
  const start = from === 0 ? 0 : words[from]!.index;
  const end = whole && to === words.length ? text.length : words[to - 1]!.index + words[to - 1]![0].length;
  const parts: SnippetPart[] = [];
  const push = (t: string, hit: boolean) => {
    if (!t) return;
    const last = parts.at(-1);
    if (last && last.hit === hit && !hit) last.text += t;
    else parts.push({ text: t, hit });
  };
  if (start > 0) push("…", false);
  let at = start;
  for (let i = from; i < to; i++) {
    const w = words[i]!;
    if (!hits.has(i)) continue;
    push(text.slice(at, w.index), false);
    push(w[0], true);
    at = w.index + w[0].length;
  }
  push(text.slice(at, end), false);
  if (end < text.length) push("…", false);
  return parts;
}

/** One row of the index, as both engines store it. */
export type IndexRow = { rowid: number; kind: "practice" | "comment"; ref_id: number; practice_id: number } & Record<SearchField, string>;

export interface Ranked {
  rowid: number;
}

export interface ShownRow {
  rowid: number;
  kind: "practice" | "comment";
  refId: number;
  practiceId: number;
  /** The field the snippet is from, SEPARATOR, the field's entry. */
  found: string;
}
