import { diffWordsWithSpace } from "diff";

export interface DiffPart {
  text: string;
  change: "added" | "removed" | "same";
}

/** A word-level diff of two texts, as plain parts the page renders as <ins>/<del>. */
export function diffText(before: string, after: string): DiffPart[] {
  return diffWordsWithSpace(before, after).map((part) => ({
    text: part.value,
    change: part.added ? "added" : part.removed ? "removed" : "same",
  }));
}

export function hasChanges(parts: DiffPart[]): boolean {
  return parts.some((p) => p.change !== "same");
}
