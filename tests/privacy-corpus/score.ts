import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { checkText, PRIVACY_KINDS, type PrivacyKind } from "../../app/utils/privacy-check";

export interface CorpusItem {
  text: string;
  /** The kinds that must be found; empty: the check must stay quiet. */
  expect: PrivacyKind[];
}

export const CORPUS_DIR = join(__dirname);

/** Every language's corpus, by language code (the file name). */
export function readCorpus(): Record<string, CorpusItem[]> {
  const corpus: Record<string, CorpusItem[]> = {};
  for (const file of readdirSync(CORPUS_DIR).filter((f) => f.endsWith(".json"))) {
    const items = JSON.parse(readFileSync(join(CORPUS_DIR, file), "utf8")) as CorpusItem[];
    for (const item of items) for (const k of item.expect) if (!PRIVACY_KINDS.includes(k)) throw new Error(`${file}: unknown kind ${k} in "${item.text}"`);
    corpus[file.replace(/\.json$/, "")] = items;
  }
  return corpus;
}

/** A name next to an age counts as the name and the age it holds. */
const SATISFIES: Partial<Record<PrivacyKind, PrivacyKind[]>> = { name: ["name", "nameAge"], age: ["age", "nameAge"] };

export interface Score {
  details: number;
  caught: number;
  quiet: number;
  falseWarnings: number;
  misses: { text: string; kind: PrivacyKind; found: PrivacyKind[] }[];
  warnings: { text: string; found: PrivacyKind[] }[];
}

/**
 * Recall: each expected kind of each item is one personal detail, caught when a finding
 * of that kind is made. False warnings: items that must stay quiet and do not.
 */
export function score(items: CorpusItem[]): Score {
  const s: Score = { details: 0, caught: 0, quiet: 0, falseWarnings: 0, misses: [], warnings: [] };
  for (const item of items) {
    const found = checkText(item.text, "approach").map((f) => f.kind);
    if (item.expect.length === 0) {
      s.quiet++;
      if (found.length > 0) {
        s.falseWarnings++;
        s.warnings.push({ text: item.text, found });
      }
      continue;
    }
    for (const kind of item.expect) {
      s.details++;
      if ((SATISFIES[kind] ?? [kind]).some((k) => found.includes(k))) s.caught++;
      else s.misses.push({ text: item.text, kind, found });
    }
  }
  return s;
}
