/**
 * Finds the glossary's terms in a text: the to-avoid terms in a write-up or a comment as it
 * is typed (`checkTerms`, advice beside the privacy check, naming the term to write instead),
 * and the terms a handbook's entries use (`findTerms`, for the edition's glossary annex).
 *
 * A term is found as a whole word or phrase, never inside a longer word:
 * - Word edges are letters, marks, digits and the joiners (ZWNJ, ZWJ), in every script, so a
 *   Devanagari or Bengali vowel sign or virama after a term makes it part of a longer word
 *   ("यौनकर्म" is not found in "यौनकर्मी").
 * - Latin and Cyrillic compare without case (both sides lower-cased, in NFC); a run of spaces
 *   in a term matches any run of white space, and ' and ’ (and ʼ) are the same apostrophe.
 * - Inflections glued to the word are allowed, and only those in the small per-script tables
 *   below (the last letter of the term picks the table): Nepali and Bengali attach plural and
 *   case endings to the noun ("यौनकर्मीहरूलाई", "যৌনকর্মীদের"), Mongolian case endings
 *   ("биеэ үнэлэгчийн"), and the Latin plural "s"/"es". Any other letters after the term
 *   make a longer word ("sex workshop", "prostitution", "यौनकर्मीसमूह"): no finding.
 * - Where terms overlap, the longest wins: "sex worker" and "sex work" are one finding, for
 *   "sex worker".
 *
 * Every list of terms becomes one regex (a trie of its terms, so a long glossary costs little
 * more than a short one), cached per list: the editors call this on every preview.
 */
import type { Locale } from "../i18n/locales";

export interface AvoidTerm {
  text: string;
  language: Locale;
  alternative: string;
  reason: string;
  slug: string;
}

export interface TermFinding {
  field: string;
  /** The term as the glossary spells it. */
  term: string;
  language: Locale;
  alternative: string;
  reason: string;
  slug: string;
  snippet: string;
}

/** Endings that may be glued to a term, per script of its last letter; `max` of them in a row. */
const SUFFIXES: { script: RegExp; endings: string[]; max: number }[] = [
  // Nepali: plural हरू (also spelt हरु), then a postposition: को/का/की (of), लाई (to), ले (by), मा (in), बाट (from), सँग (with).
  { script: /\p{Script=Devanagari}/u, endings: ["हरू", "हरु", "को", "का", "की", "लाई", "ले", "मा", "बाट", "सँग"], max: 2 },
  // Bengali: plural রা/দের/গুলো/গুলি, classifier টি, cases কে (object), র/ের (of), তে/য় (in).
  { script: /\p{Script=Bengali}/u, endings: ["রা", "দের", "কে", "র", "ের", "টি", "গুলো", "গুলি", "তে", "য়"], max: 2 },
  // Mongolian: ийн (of), ийг (object), ид/чид (plural), ээс (from), ээр (by), тэй (with).
  { script: /\p{Script=Cyrillic}/u, endings: ["ийн", "ийг", "ид", "чид", "ээс", "ээр", "тэй"], max: 2 },
  // The plural of English, French, Spanish and Portuguese nouns.
  { script: /\p{Script=Latin}/u, endings: ["s", "es"], max: 1 },
];

const WORD = String.raw`\p{L}\p{M}\p{N}\u200C\u200D`;
const B = `(?<![${WORD}])`;
const E = `(?![${WORD}])`;

const escapeRegex = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
const alternatives = (options: string[]) => (options.length === 1 ? options[0]! : `(?:${options.join("|")})`);

const ENDINGS = SUFFIXES.map(({ script, endings, max }) => {
  const source = `(?:${endings
    .map((e) => e.normalize("NFC"))
    .sort((a, b) => b.length - a.length)
    .map(escapeRegex)
    .join("|")}){0,${max}}`;
  return { script, whole: new RegExp(`^${source}$`, "u") };
});
const endingsAfter = (last: string) => ENDINGS.find((t) => t.script.test(last));
/** Any script's endings: the regex takes these after every term, then checks they fit its script. */
const ANY_ENDINGS = `(?:${[...new Set(SUFFIXES.flatMap((t) => t.endings.map((e) => e.normalize("NFC"))))]
  .sort((a, b) => b.length - a.length)
  .map(escapeRegex)
  .join("|")}){0,${Math.max(...SUFFIXES.map((t) => t.max))}}`;
const lastCharacter = (text: string) => [...text].pop() ?? "";

/**
 * The text as it is searched, each character in its place: lower case, white space as a
 * space, one apostrophe. Case is folded here rather than with the regex `i` flag, and
 * white space is one literal: with `iu` and `\s` in every branch, a glossary of 3,000 terms
 * took half a second to compile, without them a few milliseconds. (NFC is the caller's.)
 */
function searchable(text: string): string {
  return text
    .replace(/[\p{Lu}\p{Lt}]/gu, (c) => {
      const lower = c.toLowerCase();
      return lower.length === c.length ? lower : c;
    })
    .replace(/\s/gu, " ")
    .replace(/[’ʼ]/gu, "'");
}

/** How terms are compared: searchable, trimmed, runs of spaces as one. */
function keyOf(text: string): string {
  return searchable(text.normalize("NFC")).trim().replace(/ +/g, " ");
}

interface TrieNode {
  children: Map<string, TrieNode>;
  /** A term ends here. */
  end: boolean;
}

/**
 * The trie as a regex: longer continuations are tried before a term ending here. The endings
 * and the word edge come once, after the whole trie (`termsMatching` checks the endings fit
 * the term): in every branch they tripled the time a long glossary takes to compile.
 */
function trieSource(node: TrieNode): string {
  const options = [...node.children].map(([token, child]) => token + trieSource(child));
  if (node.end) options.push("");
  return alternatives(options);
}

interface Matcher {
  texts: string[];
  regex: RegExp | null;
  /** Term indices by the key of their text. */
  byKey: Map<string, number[]>;
}

const matchers = new WeakMap<readonly { text: string }[], Matcher>();

/** The list's regex, cached for the list (and rebuilt if its texts have changed since). */
function matcherFor(terms: readonly { text: string }[]): Matcher {
  const texts = terms.map((t) => t.text);
  const cached = matchers.get(terms);
  if (cached && cached.texts.length === texts.length && cached.texts.every((t, i) => t === texts[i])) return cached;
  const root: TrieNode = { children: new Map(), end: false };
  const byKey = new Map<string, number[]>();
  texts.forEach((text, i) => {
    const key = keyOf(text);
    if (!key) return;
    let node = root;
    for (const character of key) {
      const token = character === " " ? " +" : escapeRegex(character);
      let child = node.children.get(token);
      if (!child) node.children.set(token, (child = { children: new Map(), end: false }));
      node = child;
    }
    node.end = true;
    byKey.set(key, [...(byKey.get(key) ?? []), i]);
  });
  const regex = root.children.size > 0 ? new RegExp(`${B}${trieSource(root)}${ANY_ENDINGS}${E}`, "gu") : null;
  const matcher: Matcher = { texts, regex, byKey };
  matchers.set(terms, matcher);
  return matcher;
}

/** A found text (a term and its endings): which terms it is, and how long the term is. */
function termsMatching(matcher: Matcher, found: string): { indices: number[]; length: number } {
  // The longest term the text starts with whose rest is endings: the one the regex chose.
  for (let cut = found.length; cut > 0; cut--) {
    const term = found.slice(0, cut);
    const indices = matcher.byKey.get(term.replace(/ +/g, " "));
    const rest = found.slice(cut);
    if (indices && (rest === "" || endingsAfter(lastCharacter(term))?.whole.test(rest))) return { indices, length: cut };
  }
  return { indices: [], length: found.length };
}

/** Every occurrence of the list's terms in the text (in NFC): where, and which terms. */
function* occurrences(text: string, terms: readonly { text: string }[]): Generator<{ start: number; end: number; indices: number[] }> {
  const matcher = matcherFor(terms);
  if (!matcher.regex) return;
  for (const m of searchable(text).matchAll(matcher.regex)) {
    const start = m.index ?? 0;
    const { indices, length } = termsMatching(matcher, m[0]);
    if (indices.length > 0) yield { start, end: start + length, indices };
  }
}

function snippetAround(text: string, start: number, end: number): string {
  const from = Math.max(0, start - 25);
  const to = Math.min(text.length, end + 25);
  return `${from > 0 ? "…" : ""}${text.slice(from, to).replace(/\s+/g, " ").trim()}${to < text.length ? "…" : ""}`;
}

/**
 * The to-avoid terms in each field (field name → text): one finding per field and term, with
 * the text around its first occurrence; fields in order, then terms in order of appearance.
 */
export function checkTerms(fields: Record<string, string>, terms: AvoidTerm[]): TermFinding[] {
  if (terms.length === 0) return [];
  const findings: TermFinding[] = [];
  for (const [field, input] of Object.entries(fields)) {
    const text = input.normalize("NFC");
    const seen = new Set<string>();
    for (const { start, end, indices } of occurrences(text, terms)) {
      for (const i of indices) {
        const term = terms[i]!;
        const id = JSON.stringify([keyOf(term.text), term.language, term.slug]);
        if (seen.has(id)) continue;
        seen.add(id);
        findings.push({ field, term: term.text, language: term.language, alternative: term.alternative, reason: term.reason, slug: term.slug, snippet: snippetAround(text, start, end) });
      }
    }
  }
  return findings;
}

/** The indices of the terms that occur in the text (a term's status does not matter here). */
export function findTerms(text: string, terms: { text: string }[]): Set<number> {
  const found = new Set<number>();
  if (terms.length === 0) return found;
  for (const { indices } of occurrences(text.normalize("NFC"), terms)) for (const i of indices) found.add(i);
  return found;
}
