import { describe, expect, it } from "vitest";
import type { GlossaryContent, GlossaryTerm } from "../app/domain/glossary";
import { diffGlossary, isEmptyDiff } from "../app/utils/glossary-diff";

const term = (language: GlossaryTerm["language"], text: string, status: GlossaryTerm["status"], more: Partial<GlossaryTerm> = {}): GlossaryTerm => ({
  language,
  text,
  status,
  reason: "",
  alternative: "",
  source: "",
  ...more,
});

const before: GlossaryContent = {
  theme: null,
  definitions: { en: "A person who sells sex." },
  notes: "",
  terms: [term("en", "person in prostitution", "preferred"), term("en", "sex worker", "admitted"), term("fr", "prostituée", "admitted"), term("ne", "यौनकर्मी", "admitted")],
};

describe("diffGlossary", () => {
  it("names, per language, the terms added, removed and changed, and diffs definitions and notes by words", () => {
    const after: GlossaryContent = {
      theme: "health",
      definitions: { en: "A person who is selling sex.", fr: "Une personne." },
      notes: "See the network's charter.",
      terms: [
        term("en", "person in prostitution", "preferred"),
        term("en", "Sex Worker", "avoid", { reason: "Frames it as work.", alternative: "person in prostitution" }),
        term("fr", "personne prostituée", "preferred"),
        term("ne", "यौनकर्मी", "admitted", { source: "Network, 2024" }),
      ],
    };
    const diff = diffGlossary(before, after);
    expect(diff.theme).toEqual({ before: null, after: "health" });
    const [en, fr, ne] = diff.languages;
    expect(diff.languages.map((l) => l.language)).toEqual(["en", "fr", "ne"]);
    expect(en!.added).toEqual([]);
    expect(en!.changed).toMatchObject([{ text: "Sex Worker", status: { before: "admitted", after: "avoid" }, details: true }]);
    expect(
      en!
        .definition!.filter((p) => p.change !== "removed")
        .map((p) => p.text)
        .join(""),
    ).toBe("A person who is selling sex.");
    expect(
      en!
        .definition!.filter((p) => p.change === "removed")
        .map((p) => p.text)
        .join(""),
    ).toContain("sells");
    expect(fr!.added.map((t) => t.text)).toEqual(["personne prostituée"]);
    expect(fr!.removed.map((t) => t.text)).toEqual(["prostituée"]);
    expect(fr!.definition).toEqual([{ text: "Une personne.", change: "added" }]);
    expect(ne!.changed).toMatchObject([{ text: "यौनकर्मी", details: true }]);
    expect(ne!.changed[0]!.status).toBeUndefined();
    expect(diff.notes).toEqual([{ text: "See the network's charter.", change: "added" }]);
  });

  it("the first revision adds everything; an unchanged one is empty", () => {
    const first = diffGlossary(null, before);
    expect(first.languages.flatMap((l) => l.added.map((t) => t.text))).toEqual(["person in prostitution", "sex worker", "prostituée", "यौनकर्मी"]);
    expect(isEmptyDiff(diffGlossary(before, structuredClone(before)))).toBe(true);
  });
});
