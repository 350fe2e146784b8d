import { describe, expect, it } from "vitest";
import { checkTerms, findTerms, type AvoidTerm } from "../app/utils/glossary-check";

// Issue 23: the editors warn about a to-avoid term in any language, never inside a longer word.

const avoid = (language: AvoidTerm["language"], text: string, alternative: string, slug = "sex-work"): AvoidTerm => ({ language, text, alternative, reason: "Stigmatising", slug });

const TERMS: AvoidTerm[] = [
  avoid("en", "prostitute", "sex worker", "sex-worker"),
  avoid("en", "prostitution", "sex work"),
  avoid("en", "sex work", "sex work (as labour)"),
  avoid("en", "sex worker", "person who sells sex", "sex-worker"),
  avoid("fr", "prostituée", "travailleuse du sexe", "sex-worker"),
  avoid("fr", "travail du sexe", "travail sexuel"),
  avoid("fr", "travailleuse du sexe", "personne qui vend des services sexuels", "sex-worker"),
  avoid("fr", "fille de joie", "travailleuse du sexe", "sex-worker"),
  avoid("fr", "l’amant", "partenaire", "partner"),
  avoid("ne", "यौनकर्मी", "यौन पेशामा संलग्न व्यक्ति", "sex-worker"),
  avoid("ne", "यौनकर्म", "यौन पेशा"),
  avoid("bn", "যৌনকর্মী", "যৌন পেশায় যুক্ত ব্যক্তি", "sex-worker"),
  avoid("bn", "পতিতা", "যৌনকর্মী", "sex-worker"),
  avoid("mn", "биеэ үнэлэгч", "бэлгийн үйлчилгээ үзүүлэгч", "sex-worker"),
];

/** The avoid terms found in one text, as "language:term". */
const found = (text: string, terms = TERMS) => checkTerms({ body: text }, terms).map((f) => `${f.language}:${f.term}`);

describe("checkTerms", () => {
  it("finds English terms as whole words, the longest where they overlap", () => {
    expect(found("She was called a prostitute by the officer.")).toEqual(["en:prostitute"]);
    expect(found("Decriminalising prostitution is debated.")).toEqual(["en:prostitution"]);
    expect(found("Sex work is work.")).toEqual(["en:sex work"]);
    expect(found("Every sex worker has rights.")).toEqual(["en:sex worker"]);
    expect(found("Two sex workers and a prostitute")).toEqual(["en:sex worker", "en:prostitute"]);
    expect(found("SEX   WORK\nand Prostitutes")).toEqual(["en:sex work", "en:prostitute"]);
  });

  it("is quiet inside longer English words", () => {
    expect(found("A sex workshop for counsellors.")).toEqual([]);
    expect(found("The sex workforce")).toEqual([]);
    expect(found("unprostitute-like")).toEqual([]);
    expect(found("prostituted")).toEqual([]);
    expect(found("prostitutional")).toEqual([]);
  });

  it("finds French terms without case, and not inside a longer word", () => {
    expect(found("Le travail du sexe est un travail.")).toEqual(["fr:travail du sexe"]);
    expect(found("Le Travail Du Sexe")).toEqual(["fr:travail du sexe"]);
    expect(found("Une travailleuse du sexe, deux travailleuses du sexe")).toEqual(["fr:travailleuse du sexe"]);
    expect(found("Elle n’est pas une prostituée.")).toEqual(["fr:prostituée"]);
    expect(found("Des prostituées")).toEqual(["fr:prostituée"]);
    expect(found("La prostitution")).toEqual(["en:prostitution"]);
    expect(found("La FILLE DE JOIE")).toEqual(["fr:fille de joie"]);
    expect(found("Le travail du sexes")).toEqual(["fr:travail du sexe"]);
    expect(found("Le travail du sexeur")).toEqual([]);
  });

  it("compares in NFC, with either apostrophe", () => {
    const decomposed = "prostitue\u0301e";
    expect(found(`une ${decomposed}`)).toEqual(["fr:prostituée"]);
    expect(found("l'amant est venu")).toEqual(["fr:l’amant"]);
    expect(found("L’AMANT")).toEqual(["fr:l’amant"]);
    expect(found("une prostituée", [{ ...TERMS[4]!, text: "prostitue\u0301e" }])).toEqual(["fr:prostitue\u0301e"]);
  });

  it("finds Nepali terms alone, before a separate postposition, and with a glued ending from the table", () => {
    expect(found("यौनकर्मी")).toEqual(["ne:यौनकर्मी"]);
    expect(found("उनी यौनकर्मी हुन्।")).toEqual(["ne:यौनकर्मी"]);
    expect(found("यौनकर्मी को अधिकार")).toEqual(["ne:यौनकर्मी"]);
    expect(found("यौनकर्मीहरू भेला भए")).toEqual(["ne:यौनकर्मी"]);
    expect(found("यौनकर्मीहरूलाई सहयोग")).toEqual(["ne:यौनकर्मी"]);
    expect(found("यौनकर्मीको अधिकार")).toEqual(["ne:यौनकर्मी"]);
    expect(found("यौनकर्मीसँग कुरा")).toEqual(["ne:यौनकर्मी"]);
  });

  it("is quiet in Nepali when other letters, a vowel sign or a virama join the term", () => {
    // "यौनकर्म" (sex work) is not in "यौनकर्मी" (sex worker): the vowel sign belongs to the word.
    expect(found("यौनकर्मी")).not.toContain("ne:यौनकर्म");
    expect(found("यौनकर्म गर्ने")).toEqual(["ne:यौनकर्म"]);
    expect(found("यौनकर्मीसमूह")).toEqual([]);
    expect(found("पूर्वयौनकर्मी")).toEqual([]);
    expect(found("यौनकर्मीहरूसमूह")).toEqual([]);
    expect(found("यौनकर्म्\u200Dी")).toEqual([]);
  });

  it("finds Bengali terms with a glued ending from the table only", () => {
    expect(found("তিনি যৌনকর্মী।")).toEqual(["bn:যৌনকর্মী"]);
    expect(found("যৌনকর্মীদের অধিকার")).toEqual(["bn:যৌনকর্মী"]);
    expect(found("যৌনকর্মীরা এসেছেন")).toEqual(["bn:যৌনকর্মী"]);
    expect(found("যৌনকর্মীকে সাহায্য")).toEqual(["bn:যৌনকর্মী"]);
    expect(found("পতিতার জীবন")).toEqual(["bn:পতিতা"]);
    expect(found("পতিতাবৃত্তি")).toEqual([]);
    expect(found("যৌনকর্মীসংঘ")).toEqual([]);
    expect(found("প্রাক্তনযৌনকর্মী")).toEqual([]);
  });

  it("finds Mongolian Cyrillic terms without case, with its endings, not inside a longer word", () => {
    expect(found("Тэр биеэ үнэлэгч биш.")).toEqual(["mn:биеэ үнэлэгч"]);
    expect(found("Биеэ Үнэлэгч")).toEqual(["mn:биеэ үнэлэгч"]);
    expect(found("БИЕЭ ҮНЭЛЭГЧ")).toEqual(["mn:биеэ үнэлэгч"]);
    expect(found("биеэ үнэлэгчийн эрх")).toEqual(["mn:биеэ үнэлэгч"]);
    expect(found("биеэ үнэлэгчид")).toEqual(["mn:биеэ үнэлэгч"]);
    expect(found("биеэ үнэлэгчтэй уулзав")).toEqual(["mn:биеэ үнэлэгч"]);
    expect(found("биеэ үнэлэгчлэл")).toEqual([]);
    expect(found("өөрийнбиеэ үнэлэгч")).toEqual([]);
  });

  it("gives one finding per field and term, with the text around the first, naming the alternative", () => {
    const findings = checkTerms(
      {
        title: "Working with sex workers",
        body: "We met a sex worker. Later another sex worker came, and a prostitute. This sentence is long enough to be cut off in the snippet.",
      },
      TERMS,
    );
    expect(findings.map((f) => [f.field, f.term])).toEqual([
      ["title", "sex worker"],
      ["body", "sex worker"],
      ["body", "prostitute"],
    ]);
    const [, body, prostitute] = findings;
    expect(body).toEqual({
      field: "body",
      term: "sex worker",
      language: "en",
      alternative: "person who sells sex",
      reason: "Stigmatising",
      slug: "sex-worker",
      snippet: "We met a sex worker. Later another sex worke…",
    });
    expect(prostitute!.snippet).toBe("…r sex worker came, and a prostitute. This sentence is long e…");
  });

  it("reports the same spelling once per language and concept", () => {
    const terms = [avoid("en", "escort", "sex worker", "a"), avoid("fr", "Escort", "travailleuse du sexe", "a"), avoid("en", "escort", "sex worker", "a")];
    expect(checkTerms({ body: "an escort, another escort" }, terms).map((f) => f.language)).toEqual(["en", "fr"]);
  });

  it("finds nothing with no terms, empty terms or empty text", () => {
    expect(checkTerms({ body: "prostitute" }, [])).toEqual([]);
    expect(checkTerms({ body: "prostitute" }, [avoid("en", "  ", "x")])).toEqual([]);
    expect(checkTerms({ body: "" }, TERMS)).toEqual([]);
    expect(checkTerms({}, TERMS)).toEqual([]);
  });

  it("takes regex specials in a term literally", () => {
    const terms = [avoid("en", "c++ (dev)", "x"), avoid("en", "a.b", "y")];
    expect(found("we use c++ (dev) here", terms)).toEqual(["en:c++ (dev)"]);
    expect(found("axb", terms)).toEqual([]);
    expect(found("a.b", terms)).toEqual(["en:a.b"]);
  });

  it("rebuilds its cached matcher when the same list is changed", () => {
    const terms = [avoid("en", "prostitute", "sex worker")];
    expect(found("a prostitute and a hooker", terms)).toEqual(["en:prostitute"]);
    expect(found("a prostitute and a hooker", terms)).toEqual(["en:prostitute"]);
    terms.push(avoid("en", "hooker", "sex worker"));
    expect(found("a prostitute and a hooker", terms)).toEqual(["en:prostitute", "en:hooker"]);
    terms[0] = avoid("en", "pimp", "third party");
    expect(found("a prostitute and a hooker", terms)).toEqual(["en:hooker"]);
  });
});

describe("findTerms", () => {
  const terms = [{ text: "sex work" }, { text: "sex worker" }, { text: "travail du sexe" }, { text: "यौनकर्मी" }, { text: "Sex Work" }, { text: "outreach" }];

  it("gives the indices of the terms used, every index of a spelling", () => {
    expect(findTerms("Outreach to sex workers and यौनकर्मीहरू", terms)).toEqual(new Set([1, 3, 5]));
    expect(findTerms("Sex work, and le travail du sexe", terms)).toEqual(new Set([0, 2, 4]));
    expect(findTerms("A sex workshop", terms)).toEqual(new Set());
    expect(findTerms("anything", [])).toEqual(new Set());
  });

  it("handles a long glossary and a long text", () => {
    const many = Array.from({ length: 3_000 }, (_, i) => ({ text: `term${i} word` }));
    const text = `${"Plain words of a handbook entry. ".repeat(1_500)} term2999 word, term12 words`;
    expect(findTerms(text, many)).toEqual(new Set([2999, 12]));
  });
});
