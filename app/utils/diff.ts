import { diffLines, diffWordsWithSpace, type ChangeObject } from "diff";

export interface DiffPart {
  text: string;
  change: "added" | "removed" | "same";
}

/**
 * How finely a diff marks changes: word by word, whole lines when there are too many words
 * changed, and the two versions whole when even the lines are too many.
 */
export type DiffDetail = "words" | "lines" | "whole";

export interface TextDiff {
  parts: DiffPart[];
  detail: DiffDetail;
}

/**
 * jsdiff's time grows with the length times the number of edits; two unrelated sections of
 * 10,000 characters took seconds word by word. Past this many edits it gives up (about 25 ms
 * for a full section) and the next coarser view is shown.
 */
const MAX_EDITS = 300;

const toParts = (changes: ChangeObject<string>[]): DiffPart[] => changes.map((part) => ({ text: part.value, change: part.added ? "added" : part.removed ? "removed" : "same" }));

function computeDiff(before: string, after: string): TextDiff {
  const words = diffWordsWithSpace(before, after, { maxEditLength: MAX_EDITS });
  if (words) return { parts: toParts(words), detail: "words" };
  const lines = diffLines(before, after, { maxEditLength: MAX_EDITS });
  if (lines) return { parts: toParts(lines), detail: "lines" };
  return {
    parts: [...(before ? [{ text: before, change: "removed" as const }] : []), ...(after ? [{ text: after, change: "added" as const }] : [])],
    detail: "whole",
  };
}

/**
 * Diffs are kept, so a revision pair is compared once per process: keyed by the two texts
 * themselves, so that a revision redacted since is never answered from the cache. Bounded by
 * the characters held, the least recently used going first.
 */
const CACHE_MAX_CHARS = 8_000_000;
const cache = new Map<string, TextDiff>();
let cachedChars = 0;

export function diffTexts(before: string, after: string): TextDiff {
  if (before === after) return { parts: before ? [{ text: before, change: "same" }] : [], detail: "words" };
  const key = `${before.length}:${before}${after}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const diff = computeDiff(before, after);
  // The key and the parts each hold about the two texts.
  const size = 2 * key.length;
  if (size <= CACHE_MAX_CHARS) {
    cache.set(key, diff);
    cachedChars += size;
    for (const oldest of cache.keys()) {
      if (cachedChars <= CACHE_MAX_CHARS) break;
      cache.delete(oldest);
      cachedChars -= 2 * oldest.length;
    }
  }
  return diff;
}

/** A word-level diff of two texts (coarser when there are too many changes), as parts the page renders as <ins>/<del>. */
export function diffText(before: string, after: string): DiffPart[] {
  return diffTexts(before, after).parts;
}

export function hasChanges(parts: DiffPart[]): boolean {
  return parts.some((p) => p.change !== "same");
}
