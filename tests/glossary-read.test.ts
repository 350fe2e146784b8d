import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import { GLOSSARY_LANGUAGES, type GlossaryContent, type GlossaryLanguage, type GlossaryTerm, type TermStatus } from "../app/domain/glossary";
import { createConcept, createProposal, setConceptDeleted } from "../app/models/glossary.server";
import { loader as conceptLoader } from "../app/routes/glossary.$slug._index";
import { loader as glossaryLoader } from "../app/routes/glossary._index";
import { loader as termLoader } from "../app/routes/glossary.term.$";
import { loader as searchLoader } from "../app/routes/search";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makeSignedIn } from "./factories";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

type TermSpec = [GlossaryLanguage, string, TermStatus?, Partial<GlossaryTerm>?];

const term = ([language, text, status = "preferred", extra = {}]: TermSpec): GlossaryTerm => ({ language, text, status, reason: "", alternative: "", source: "", ...extra });

async function concept(terms: TermSpec[], { definitions = {}, theme = null, notes = "", slug }: Partial<GlossaryContent> & { slug?: string } = {}) {
  const content: GlossaryContent = { theme, definitions, notes, terms: terms.map(term) };
  return createConcept(db, { content, authorId: null, slug });
}

async function json(response: Response) {
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, any>;
}

const reader = (locale: GlossaryLanguage) => makeSignedIn(db, { locale });
const glossary = async (cookie: string, query = "") => json(await call(glossaryLoader, { db, path: `/glossary${query}`, cookie }));
const heads = (page: Record<string, any>) => (page.items as { head: string }[]).map((i) => i.head);

describe("the glossary page", () => {
  it("lists the concepts in the reader's language, in that language's alphabetical order", async () => {
    // Created in an order that is neither the alphabet nor code points.
    const words: Partial<Record<GlossaryLanguage, string[]>> = {
      fr: ["zèbre", "faire", "élève", "eau"],
      de: ["Zahn", "Ärztin", "Baum", "Arzt"],
      ne: ["गाउँ", "खाना", "कानून"],
      mn: ["ярих", "үйл", "ус", "пүрэв", "өрх", "орон", "ажил"],
      bn: ["উদ্ধার", "উৎসব", "খাদ্য", "উত্তর", "অধিকার"],
    };
    for (const [language, list] of Object.entries(words)) for (const text of list!) await concept([[language as GlossaryLanguage, text]]);
    const expected: Partial<Record<GlossaryLanguage, string[]>> = {
      // « élève » among the e's, not after z; « Ärztin » beside « Arzt ».
      fr: ["eau", "élève", "faire", "zèbre"],
      de: ["Arzt", "Ärztin", "Baum", "Zahn"],
      // क, ख, ग.
      ne: ["कानून", "खाना", "गाउँ"],
      // Mongolian: ө after о, ү after у (in code points both come after я).
      mn: ["ажил", "орон", "өрх", "пүрэв", "ус", "үйл", "ярих"],
      // Bengali: খণ্ড ত (ৎ) sorts with ত, before দ (in code points it comes after হ).
      bn: ["অধিকার", "উত্তর", "উৎসব", "উদ্ধার", "খাদ্য"],
    };
    for (const [language, order] of Object.entries(expected)) {
      const page = await glossary((await reader(language as GlossaryLanguage)).cookie);
      expect(
        heads(page).filter((h) => order!.includes(h)),
        language,
      ).toEqual(order);
      // A concept without a term in the reader's language is named in another, and says so.
      const foreign = page.items.find((i: { head: string }) => !order!.includes(i.head));
      expect(foreign.headLanguage).not.toBe(language);
    }
  });

  it("shows the head term, the other terms with their status and the definition in the reader's language", async () => {
    await concept(
      [
        ["en", "persons in prostitution"],
        ["en", "prostitute", "avoid", { reason: "Reduces a person to what is done to them.", alternative: "persons in prostitution" }],
        ["fr", "personnes en situation de prostitution"],
        ["fr", "prostituée", "avoid", { reason: "Réduit la personne.", alternative: "personnes en situation de prostitution" }],
      ],
      { definitions: { en: "People who sell or are made to sell sex.", fr: "Personnes qui vendent ou sont contraintes de vendre des actes sexuels." } },
    );
    const page = await glossary((await reader("fr")).cookie);
    expect(page.items).toEqual([
      {
        slug: "persons-in-prostitution",
        head: "personnes en situation de prostitution",
        headLanguage: "fr",
        others: [{ language: "fr", text: "prostituée", status: "avoid", reason: "Réduit la personne.", alternative: "personnes en situation de prostitution", source: "" }],
        definition: "Personnes qui vendent ou sont contraintes de vendre des actes sexuels.",
        theme: null,
      },
    ]);
    // A Nepali reader sees the English name (the page says "not yet in Nepali") and no definition.
    const ne = await glossary((await reader("ne")).cookie);
    expect(ne.items[0]).toMatchObject({ head: "persons in prostitution", headLanguage: "en", others: [], definition: "" });
  });

  it("searches terms in every language and the definitions, and filters by theme", async () => {
    await concept(
      [
        ["en", "survivor"],
        ["fr", "survivante"],
        ["mn", "Амьд үлдэгч"],
      ],
      { definitions: { en: "Someone who has left prostitution." }, theme: "peer-support" },
    );
    await concept([["en", "exit"]], { definitions: { en: "Leaving the sex trade." }, theme: "health" });
    await concept([["en", "outreach"]], { theme: "health" });
    const fr = (await reader("fr")).cookie;
    // A term in another language than the reader's, whatever its case.
    expect(heads(await glossary(fr, `?q=${encodeURIComponent("АМЬД")}`))).toEqual(["survivante"]);
    // Words of a definition (in any language).
    expect(heads(await glossary(fr, "?q=sex+trade"))).toEqual(["exit"]);
    const none = await glossary(fr, "?q=nothing-like-this");
    expect(none).toMatchObject({ items: [], total: 0, q: "nothing-like-this" });
    // The theme filter, alone and with a search; the page offers the practices' themes.
    const health = await glossary(fr, "?theme=health");
    expect(heads(health)).toEqual(["exit", "outreach"]);
    expect(health.themes).toContain("health");
    expect(heads(await glossary(fr, "?theme=health&q=out"))).toEqual(["outreach"]);
    expect(heads(await glossary(fr, "?theme=peer-support&q=out"))).toEqual([]);
  });

  it("pages through a long glossary", async () => {
    for (let i = 1; i <= 55; i++) await concept([["en", `term ${i}`]]);
    const cookie = (await reader("en")).cookie;
    const first = await glossary(cookie);
    expect(first).toMatchObject({ total: 55, page: 1, pageCount: 2 });
    expect(first.items).toHaveLength(50);
    // Numbers in their order: "term 2" before "term 10".
    expect(heads(first).slice(0, 3)).toEqual(["term 1", "term 2", "term 3"]);
    const second = await glossary(cookie, "?page=2");
    expect(heads(second)).toEqual(["term 51", "term 52", "term 53", "term 54", "term 55"]);
    // Past the end is the last page; nonsense is the first.
    expect((await glossary(cookie, "?page=9")).page).toBe(2);
    expect((await glossary(cookie, "?page=x")).page).toBe(1);
  });

  it("is empty at first; curators are offered to start it and see the open proposals", async () => {
    const member = await makeSignedIn(db);
    const curator = await makeSignedIn(db, { role: "curator" });
    expect(await glossary(member.cookie)).toMatchObject({ items: [], total: 0, editor: false, openProposals: 0 });
    await createProposal(db, { proposal: { conceptId: null, kind: "term", language: "en", term: "exit", statusProposed: "preferred", message: "" }, proposerId: member.id });
    expect(await glossary(curator.cookie)).toMatchObject({ items: [], editor: true, openProposals: 1 });
    expect(await glossary(member.cookie)).toMatchObject({ editor: false, openProposals: 0 });
  });

  it("is for members only", async () => {
    await makeSignedIn(db); // a forum past its first-run setup
    const response = await call(glossaryLoader, { db, path: "/glossary" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/login/);
  });
});

describe("a concept's page", () => {
  async function scene() {
    const made = await concept(
      [
        ["en", "persons in prostitution"],
        ["en", "prostitute", "avoid", { reason: "Reduces a person to what is done to them.", alternative: "persons in prostitution", source: "Network style guide" }],
        ["fr", "personnes en situation de prostitution"],
        ["ne", "वेश्यावृत्तिमा रहेका व्यक्ति"],
        ["bn", "পতিতাবৃত্তিতে থাকা ব্যক্তি"],
        ["mn", "биеэ үнэлдэг хүмүүс"],
      ],
      { definitions: { en: "People who sell sex.", ne: "यौन बेच्ने मानिसहरू।" }, notes: "Agreed at the 2025 network meeting.", theme: "advocacy" },
    );
    return made;
  }

  it("shows every language, the reader's first and then the forum's order", async () => {
    const { slug } = await scene();
    const ne = await reader("ne");
    const page = await json(await call(conceptLoader, { db, path: `/glossary/${slug}`, cookie: ne.cookie, params: { slug } }));
    expect(page.languages.map((l: { language: string }) => l.language)).toEqual(["ne", ...GLOSSARY_LANGUAGES.filter((l) => l !== "ne")]);
    expect(page.concept).toMatchObject({ slug, head: "वेश्यावृत्तिमा रहेका व्यक्ति", headLanguage: "ne", theme: "advocacy", notes: "Agreed at the 2025 network meeting.", revision: 1, deleted: false });
    const byLanguage = Object.fromEntries(page.languages.map((l: { language: string }) => [l.language, l]));
    expect(byLanguage.ne).toMatchObject({ terms: [{ text: "वेश्यावृत्तिमा रहेका व्यक्ति", status: "preferred" }], definition: "यौन बेच्ने मानिसहरू।" });
    // Preferred first; the term to avoid with what to write instead, why, and where that comes from.
    expect(byLanguage.en.terms).toEqual([
      { language: "en", text: "persons in prostitution", status: "preferred", reason: "", alternative: "", source: "" },
      { language: "en", text: "prostitute", status: "avoid", reason: "Reduces a person to what is done to them.", alternative: "persons in prostitution", source: "Network style guide" },
    ]);
    // A language without anything yet.
    expect(byLanguage.ny).toEqual({ language: "ny", terms: [], definition: "" });
    expect(page.editor).toBe(false);
  });

  it("lists the member's own open proposals, nobody else's", async () => {
    const { id, slug } = await scene();
    const mine = await makeSignedIn(db, { displayName: "Asha" });
    const other = await makeSignedIn(db, { displayName: "Bolormaa" });
    const propose = (proposerId: number, text: string) =>
      createProposal(db, { proposal: { conceptId: id, kind: "term", language: "mn", term: text, statusProposed: "admitted", message: "" }, proposerId });
    await propose(mine.id, "биеэ үнэлэгч");
    await propose(other.id, "secret of another member");
    const response = await call(conceptLoader, { db, path: `/glossary/${slug}`, cookie: mine.cookie, params: { slug } });
    const body = await response.text();
    expect(JSON.parse(body).proposals).toEqual([{ id: expect.any(Number), kind: "term", language: "mn", term: "биеэ үнэлэгч", statusProposed: "admitted", message: "" }]);
    expect(body).not.toContain("secret of another member");
    expect(body).not.toContain("Bolormaa");
  });

  it("is gone for members once deleted; curators still see it, marked deleted", async () => {
    const { id, slug } = await scene();
    await setConceptDeleted(db, { conceptId: id, deleted: true });
    const member = await makeSignedIn(db);
    const curator = await makeSignedIn(db, { role: "curator" });
    expect((await call(conceptLoader, { db, path: `/glossary/${slug}`, cookie: member.cookie, params: { slug } })).status).toBe(404);
    const seen = await json(await call(conceptLoader, { db, path: `/glossary/${slug}`, cookie: curator.cookie, params: { slug } }));
    expect(seen).toMatchObject({ editor: true, concept: { slug, deleted: true } });
    // Not in the list either, for anyone.
    expect((await glossary(curator.cookie)).items).toEqual([]);
    expect((await call(conceptLoader, { db, path: "/glossary/nothing", cookie: member.cookie, params: { slug: "nothing" } })).status).toBe(404);
  });
});

describe("a [[term]] link", () => {
  const follow = async (cookie: string, text: string) => {
    const response = await call(termLoader, { db, path: `/glossary/term/${encodeURIComponent(text)}`, cookie, params: { "*": text } });
    expect(response.status).toBe(303);
    return response.headers.get("Location");
  };

  it("goes to the concept of a term in any language, whatever its case; an unknown term becomes a search", async () => {
    const { slug } = await concept([
      ["en", "Human rights"],
      ["mn", "Хүний эрх"],
      ["ne", "मानव अधिकार"],
      ["bn", "মানবাধিকার"],
    ]);
    const { cookie } = await reader("en");
    expect(await follow(cookie, "хүний ЭРХ")).toBe(`/glossary/${slug}`);
    expect(await follow(cookie, "मानव अधिकार")).toBe(`/glossary/${slug}`);
    expect(await follow(cookie, "মানবাধিকার")).toBe(`/glossary/${slug}`);
    expect(await follow(cookie, "HUMAN  rights")).toBe(`/glossary/${slug}`);
    expect(await follow(cookie, "मानव")).toBe(`/glossary?${new URLSearchParams({ q: "मानव" })}`);
    expect(await follow(cookie, "a & b")).toBe("/glossary?q=a+%26+b");
  });

  it("no longer reaches a deleted concept, and asks for a member", async () => {
    const { id } = await concept([["en", "exit"]]);
    await setConceptDeleted(db, { conceptId: id, deleted: true });
    const { cookie } = await reader("en");
    expect(await follow(cookie, "exit")).toBe("/glossary?q=exit");
    expect((await call(termLoader, { db, path: "/glossary/term/exit", params: { "*": "exit" } })).status).toBe(302);
  });
});

describe("the site's search", () => {
  it("shows the glossary's concepts above the practices, in the reader's language", async () => {
    const { slug } = await concept(
      [
        ["en", "persons in prostitution"],
        ["fr", "personnes en situation de prostitution"],
      ],
      { definitions: { en: "People who sell sex.", fr: "Personnes qui vendent des actes sexuels." } },
    );
    await concept([["en", "exit"]]);
    const { cookie } = await reader("fr");
    const page = await json(await call(searchLoader, { db, path: "/search?q=prostitution", cookie }));
    expect(page.glossary).toEqual([{ slug, head: "personnes en situation de prostitution", headLanguage: "fr", definition: "Personnes qui vendent des actes sexuels." }]);
    expect((await json(await call(searchLoader, { db, path: "/search", cookie }))).glossary).toEqual([]);
    // Only above the first page of results.
    expect((await json(await call(searchLoader, { db, path: "/search?q=prostitution&page=2", cookie }))).glossary).toEqual([]);
  });
});
