import { describe, expect, it } from "vitest";
import { foldTerm, GLOSSARY_LANGUAGES } from "../app/domain/glossary";
import { STARTER_GLOSSARY } from "../app/domain/glossary-starter";
import { en } from "../app/i18n/en";
import { checkTerms, type AvoidTerm } from "../app/utils/glossary-check";

// Issue 23: the starter glossary the first-run setup offers and the demo seed loads.

const REVIEWED = ["en", "fr", "es", "de", "pt"] as const;

const avoidTerms: AvoidTerm[] = STARTER_GLOSSARY.flatMap(({ slug, terms }) =>
  terms.filter((t) => t.status === "avoid").map((t) => ({ text: t.text, language: t.language, alternative: t.alternative, reason: t.reason, slug })),
);
const warned = (text: string) => checkTerms({ body: text }, avoidTerms).map((f) => `${f.language}:${f.term}`);

describe("STARTER_GLOSSARY", () => {
  it("has unique kebab-case slugs and existing themes", () => {
    const slugs = STARTER_GLOSSARY.map((c) => c.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const slug of slugs) expect(slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    for (const { theme } of STARTER_GLOSSARY) if (theme !== null) expect(Object.keys(en)).toContain(`theme.${theme}`);
  });

  it("has exactly one preferred term in every language, and a definition in each reviewed one", () => {
    for (const concept of STARTER_GLOSSARY) {
      for (const language of GLOSSARY_LANGUAGES) {
        const preferred = concept.terms.filter((t) => t.language === language && t.status === "preferred");
        expect(
          preferred.map((t) => t.text),
          `${concept.slug} ${language}`,
        ).toHaveLength(1);
      }
      for (const language of REVIEWED) expect(concept.definitions[language]?.trim(), `${concept.slug} ${language}`).toBeTruthy();
      expect(concept.notes.trim()).toBeTruthy();
    }
  });

  it("gives every term to avoid a reason and an alternative of the same concept and language", () => {
    for (const { slug, terms } of STARTER_GLOSSARY) {
      for (const t of terms.filter((x) => x.status === "avoid")) {
        expect(t.reason.trim(), `${slug} ${t.language} ${t.text}`).toBeTruthy();
        const alternatives = terms.filter((x) => x.language === t.language && x.status !== "avoid").map((x) => x.text);
        expect(alternatives, `${slug} ${t.language} ${t.text}`).toContain(t.alternative);
      }
      for (const t of terms.filter((x) => x.status !== "avoid")) expect([t.reason, t.alternative]).toEqual(["", ""]);
    }
  });

  it("never gives one text two statuses in a language", () => {
    const seen = new Map<string, string>();
    for (const { slug, terms } of STARTER_GLOSSARY) {
      for (const t of terms) {
        const key = `${t.language}:${foldTerm(t.text)}`;
        const before = seen.get(key);
        if (before) expect(`${key} ${t.status}`, `${slug}, first as ${before}`).toBe(`${key} ${before.split(" ")[1]}`);
        else seen.set(key, `${slug} ${t.status}`);
      }
    }
  });

  it("never warns on its own preferred and admitted terms", () => {
    for (const { slug, terms } of STARTER_GLOSSARY) {
      for (const t of terms.filter((x) => x.status !== "avoid")) expect(warned(t.text), `${slug} ${t.language} ${t.text}`).toEqual([]);
    }
  });

  it("warns on the common words for sex work and prostitutes in each language", () => {
    expect(warned("Sex workers and prostitutes in the sex industry")).toEqual(["en:sex worker", "en:prostitute", "en:sex industry"]);
    expect(warned("Les travailleuses du sexe, le travail du sexe, une prostituée")).toEqual(["fr:travailleuses du sexe", "fr:travail du sexe", "fr:une prostituée"]);
    expect(warned("las trabajadoras sexuales y el trabajo sexual")).toEqual(["es:trabajadoras sexuales", "es:trabajo sexual"]);
    expect(warned("Sexarbeiterinnen, Sexarbeit und Prostituierte")).toEqual(["de:Sexarbeiterinnen", "de:Sexarbeit", "de:Prostituierte"]);
    expect(warned("a trabalhadora do sexo e o trabalho sexual")).toEqual(["pt:trabalhadora do sexo", "pt:trabalho sexual"]);
    expect(warned("prostituta").sort()).toEqual(["es:prostituta", "pt:prostituta"]);
    expect(warned("यौनकर्मीहरू र वेश्या")).toEqual(["ne:यौनकर्मी", "ne:वेश्या"]);
    expect(warned("যৌনকর্মীদের, বেশ্যা, পতিতা")).toEqual(["bn:যৌনকর্মী", "bn:বেশ্যা", "bn:পতিতা"]);
    expect(warned("Биеэ үнэлэгчийн ба секс ажилтан")).toEqual(["mn:биеэ үнэлэгч", "mn:секс ажилтан"]);
    expect(warned("personnes prostituées, वेश्यावृत्ति, পতিতাবৃত্তি, биеэ үнэлэлт")).toEqual([]);
  });
});
