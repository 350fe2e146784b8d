import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import { createComment, deleteComment, editComment, hideComment } from "../app/models/comment.server";
import { createFlag, resolveFlag } from "../app/models/flag.server";
import { getPracticeBySlug, setPracticeStatus, updatePractice, writeUpOf } from "../app/models/practice.server";
import { parseSearchQuery, rebuildSearchIndex, searchPractices } from "../app/models/search.server";
import { loader as searchLoader } from "../app/routes/search";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makeMember, makeOrganisation, makePractice, makeSession, anyMember } from "./factories";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

const CORPUS = [
  {
    key: "en-bakery",
    language: "en",
    title: "Bakery training for young women",
    approach: "Vocational training for minors in baking and pastry, with an apprenticeship.",
    theme: "vocational-training",
  },
  {
    key: "fr-education",
    language: "fr",
    title: "Éducation non formelle au centre d’accueil",
    approach: "Des ateliers d’alphabétisation et de calcul, trois soirs par semaine.",
    theme: "non-formal-education",
  },
  { key: "ne-sewing", language: "ne", title: "सिलाई तालिम", approach: "किशोरीहरूका लागि छ महिनाको सिलाई तालिम र सानो ऋण।", theme: "vocational-training" },
  { key: "bn-catering", language: "bn", title: "ভ্রাম্যমাণ ক্যাটারিং", approach: "নারীরা রান্না ও খাবার বিক্রির প্রশিক্ষণ পায়।", theme: "income-generation" },
  { key: "mn-shelter", language: "mn", title: "Охидын хамгаалах байр", approach: "Бэлгийн мөлжлөгт өртсөн охидод зориулсан хамгаалах байр, сэтгэл зүйн зөвлөгөө.", theme: "housing" },
];

async function corpus() {
  const org = await makeOrganisation(db, { name: "Pokhara Exit Collective", country: "NP" });
  const author = await makeMember(db, { organisationId: org.id });
  const ids: Record<string, { id: number; slug: string }> = {};
  for (const doc of CORPUS) {
    ids[doc.key] = await makePractice(db, {
      authorId: author.id,
      organisationId: org.id,
      writeUp: { title: doc.title, approach: doc.approach, summary: "", context: "", outcomes: "", lessons: "", resources: "" },
      meta: { language: doc.language, themes: [doc.theme], countries: ["NP"] },
    });
  }
  return { org, author, ids };
}

async function found(query: string, filters = {}) {
  const { results } = await searchPractices(db, { reader: anyMember, query, filters });
  return results.map((r) => `${r.kind}:${CORPUS.find((c) => c.title === r.practice.title)?.key ?? r.practice.title}`);
}

describe("search", () => {
  it("finds known documents in every script, and not others", async () => {
    await corpus();
    expect(await found("vocational training minors")).toEqual(["practice:en-bakery"]);
    expect(await found("education")).toEqual(["practice:fr-education"]);
    expect(await found("alphabetisation")).toEqual(["practice:fr-education"]);
    expect(await found("सिलाई")).toEqual(["practice:ne-sewing"]);
    // A word is not found inside another at a vowel sign.
    expect(await found("सिला")).toEqual([]);
    expect(await found("বিক্রির")).toEqual(["practice:bn-catering"]);
    // Theme labels in every catalogue are searchable too: "প্রশিক্ষণ" (training) is in the Bengali labels.
    expect(await found("প্রশিক্ষণ")).toContain("practice:en-bakery");
    expect(await found("хамгаалах")).toEqual(["practice:mn-shelter"]);
    expect(await found("bakery -pastry")).toEqual([]);
    expect(await found('"baking and pastry"')).toEqual(["practice:en-bakery"]);
    expect(await found('"pastry and baking"')).toEqual([]);
    expect((await found("bakery OR хамгаалах")).sort()).toEqual(["practice:en-bakery", "practice:mn-shelter"]);
    // Theme labels in every language and the organisation's name are searchable.
    expect((await found("Formation professionnelle")).sort()).toEqual(["practice:en-bakery", "practice:ne-sewing"]);
    expect((await found("Pokhara")).length).toBe(5);
    expect(await found("Pokhara", { theme: "housing" })).toEqual(["practice:mn-shelter"]);
    expect(await found("Pokhara", { language: "bn" })).toEqual(["practice:bn-catering"]);
  });

  it("ranks a title match above a body match and marks the section", async () => {
    const { org, author } = await corpus();
    await makePractice(db, { authorId: author.id, organisationId: org.id, writeUp: { title: "Night crèche", approach: "We also teach bakery skills to mothers." } });
    const { results } = await searchPractices(db, { reader: anyMember, query: "bakery" });
    expect(results.map((r) => r.practice.title)).toEqual(["Bakery training for young women", "Night crèche"]);
    expect(results[0]!.field).toBe("title");
    expect(results[1]!.field).toBe("approach");
    expect(results[1]!.snippet!.filter((p) => p.hit).map((p) => p.text)).toEqual(["bakery"]);
  });

  it("follows every write: publish, revision, archive, restore, restrict, hide, comments", async () => {
    const { author, ids } = await corpus();
    const slug = ids["en-bakery"]!.slug;
    const practice = (await getPracticeBySlug(db, { slug }))!;
    await updatePractice(db, {
      id: practice.id,
      editorId: author.id,
      writeUp: { ...writeUpOf(practice), lessons: "Carpentry works too." },
      meta: { language: "en", themes: practice.themes, countries: practice.countries },
      publish: true,
    });
    expect(await found("carpentry")).toEqual(["practice:en-bakery"]);
    await setPracticeStatus(db, { id: practice.id, status: "archived" });
    expect(await found("carpentry")).toEqual([]);
    await setPracticeStatus(db, { id: practice.id, status: "published" });
    expect(await found("carpentry")).toEqual(["practice:en-bakery"]);

    const draft = await makePractice(db, { authorId: author.id, organisationId: author.organisationId, publish: false, writeUp: { title: "Secret draft zebra" } });
    expect(await found("zebra")).toEqual([]);
    void draft;

    const commenter = await makeMember(db);
    const c = await createComment(db, { practiceId: practice.id, authorId: commenter.id, bodyMd: "We do carpentry with a mentor" });
    expect(await found("mentor")).toEqual(["comment:en-bakery"]);
    await editComment(db, { id: c!.id, editorId: commenter.id, bodyMd: "We do carpentry with a coach" });
    expect(await found("mentor")).toEqual([]);
    expect(await found("coach")).toEqual(["comment:en-bakery"]);
    await hideComment(db, { id: c!.id, moderatorId: author.id, reason: "x" });
    expect(await found("coach")).toEqual([]);
    const c2 = await createComment(db, { practiceId: practice.id, authorId: commenter.id, bodyMd: "Another about a tutor" });
    await deleteComment(db, { id: c2!.id });
    expect(await found("tutor")).toEqual([]);

    const flag = await createFlag(db, { subjectType: "practice", subjectId: practice.id, reporterId: commenter.id, reason: "personal_data", note: "" });
    expect(await found("carpentry")).toEqual([]);
    await resolveFlag(db, { id: flag.id, moderatorId: author.id, outcome: { resolution: "dismissed", note: "" } });
    expect(await found("carpentry")).toEqual(["practice:en-bakery"]);
    const flag2 = await createFlag(db, { subjectType: "practice", subjectId: practice.id, reporterId: commenter.id, reason: "harmful", note: "" });
    await resolveFlag(db, { id: flag2.id, moderatorId: author.id, outcome: { resolution: "hidden", note: "harmful" } });
    expect(await found("carpentry")).toEqual([]);

    expect(await rebuildSearchIndex(db)).toEqual({ practices: 5, entries: 4 });
    expect(await found("carpentry")).toEqual([]);
    expect(await found("सिलाई")).toEqual(["practice:ne-sewing"]);
  });

  it("never throws or shows an FTS error, whatever is typed", async () => {
    await corpus();
    const hostile = [
      '"unbalanced',
      'un"balanced"quotes"',
      "-",
      "--",
      "OR",
      "OR OR",
      "AND",
      "NOT",
      "*",
      "bak*",
      "NEAR(",
      "NEAR(bakery training, 2)",
      "title:bakery",
      "{title}: bakery",
      "^bakery",
      "(bakery",
      "bakery)",
      "'; drop table practices; --",
      "\u0000\u0001\u0002",
      "a".repeat(2000),
      "x ".repeat(1000),
      "<script>alert(1)</script>",
      "%",
      "_",
      "\\",
      "💥",
      "\uFFFF",
      "-bakery",
      '-"baking and pastry"',
    ];
    for (const q of hostile) {
      const result = await searchPractices(db, { reader: anyMember, query: q });
      expect(Array.isArray(result.results), q).toBe(true);
    }
    expect((await searchPractices(db, { reader: anyMember, query: "bakery*" })).results.length).toBe(1);
    expect((await searchPractices(db, { reader: anyMember, query: "{bakery}" })).results.length).toBe(1);
    expect(parseSearchQuery("-only -negative").match).toBeNull();
    expect(parseSearchQuery('a OR b c "d e" -f').match).toBe('(("a" OR "b") AND "c" AND "d e") NOT ("f")');
  });

  it("returns snippets as text parts, so markup in the text is never rendered", async () => {
    const { org, author } = await corpus();
    await makePractice(db, { authorId: author.id, organisationId: org.id, writeUp: { title: "Escaping", approach: "We tried <img src=x onerror=alert(1)> and <b>bold</b> marketing." } });
    const { results } = await searchPractices(db, { reader: anyMember, query: "marketing" });
    const text = results[0]!.snippet!.map((p) => p.text).join("");
    expect(text).toContain("<img src=x onerror=alert(1)>");
    expect(results[0]!.snippet!.find((p) => p.hit)?.text).toBe("marketing");
  });

  it("the page answers every query parameter with 200 and the filters", async () => {
    const { org } = await corpus();
    const member = await makeMember(db);
    const { cookie } = await makeSession(db, member.id);
    const page = await call(searchLoader, { db, cookie, path: `/search?q=Pokhara&organisation=${org.id}&theme=housing` });
    expect(page.status).toBe(200);
    expect((await page.json()).found.results).toHaveLength(1);
    for (const path of ["/search", "/search?q=", "/search?q=%22&page=-1&country=ZZ&language=xx", `/search?q=${"%FF".repeat(10)}`]) {
      expect((await call(searchLoader, { db, cookie, path })).status, path).toBe(200);
    }
  });

  it("ranks a common word among its newest matches, title matches first, practices before comments", async () => {
    const org = await makeOrganisation(db);
    const author = await makeMember(db, { organisationId: org.id });
    const write = (title: string, approach: string) =>
      makePractice(db, { authorId: author.id, organisationId: org.id, writeUp: { title, approach, summary: "", context: "", outcomes: "", lessons: "", resources: "" } });
    // The oldest has the word in its title (the best match); newer ones mostly in the body.
    const oldest = await write("Kettle groups", "Weekly meetings.");
    for (let i = 1; i <= 5; i++) await write(i === 4 ? "Kettle fund 4" : `Practice ${i}`, `A kettle on the stove, note ${i}.`);
    await createComment(db, { practiceId: oldest.id, authorId: author.id, bodyMd: "Our kettle broke.", language: "en" });
    const titles = async (window?: number) => (await searchPractices(db, { reader: anyMember, query: "kettle", window })).results.map((r) => (r.kind === "comment" ? "comment" : r.practice.title));
    // Fewer matches than the window: ranked whole by bm25, title matches first, the comment found.
    const whole = await titles();
    expect(whole.slice(0, 2).sort()).toEqual(["Kettle fund 4", "Kettle groups"]);
    expect(whole).toHaveLength(7);
    expect(whole).toContain("comment");
    // More matches than a window of three: the three newest practices, the title match first.
    expect(await titles(3)).toEqual(["Kettle fund 4", "Practice 5", "Practice 3"]);
  });

  it("ranks a common word with a filter the same way: among the newest matches that pass the filter", async () => {
    const org = await makeOrganisation(db);
    const author = await makeMember(db, { organisationId: org.id });
    const write = (title: string, themes: string[]) => makePractice(db, { authorId: author.id, organisationId: org.id, writeUp: { title, approach: "A kettle on the stove." }, meta: { themes } });
    await write("Kettle circle 1", ["housing"]);
    for (let i = 2; i <= 7; i++) await write(`Practice ${i}`, i % 2 ? ["housing"] : ["justice"]);
    const titles = async (window?: number) => (await searchPractices(db, { reader: anyMember, query: "kettle", filters: { theme: "housing" }, window })).results.map((r) => r.practice.title);
    // Seven matches, a window of three: housing's three newest (7, 5, 3), none with the word in its title.
    expect(await titles(3)).toEqual(["Practice 7", "Practice 5", "Practice 3"]);
    // A window of ten: fewer matches than that, so bm25 over the housing ones, the title match first.
    const whole = await titles(10);
    expect(whole[0]).toBe("Kettle circle 1");
    expect(whole.slice(1).sort()).toEqual(["Practice 3", "Practice 5", "Practice 7"]);
  });
});

describe("search in the members' languages", () => {
  async function write(title: string, summary: string, extra: { language?: string; translationOf?: number } = {}) {
    const org = await makeOrganisation(db);
    const author = await makeMember(db, { organisationId: org.id });
    return makePractice(db, {
      authorId: author.id,
      organisationId: org.id,
      writeUp: { title, summary, approach: "", context: "", outcomes: "", lessons: "", resources: "" },
      meta: { language: extra.language ?? "en" },
      translationOf: extra.translationOf,
    });
  }
  const titles = async (query: string) => (await searchPractices(db, { reader: anyMember, query })).results.map((r) => r.practice.title).sort();

  it("finds Nepali plurals and case endings by their stem, both ways, and not a neighbouring word", async () => {
    await write("सिलाई प्रशिक्षणहरू", "किशोरीहरूका लागि छ महिनाको तालिम।", { language: "ne" });
    await write("प्रशिक्षण केन्द्र", "सुरक्षा गार्डको तालिम।", { language: "ne" });
    await write("प्रशिक्षकहरू", "नयाँ प्रशिक्षक।", { language: "ne" });
    expect(await titles("प्रशिक्षण")).toEqual(["प्रशिक्षण केन्द्र", "सिलाई प्रशिक्षणहरू"]);
    expect(await titles("प्रशिक्षणहरू")).toEqual(["प्रशिक्षण केन्द्र", "सिलाई प्रशिक्षणहरू"]);
    expect(await titles("प्रशिक्षणलाई")).toEqual(["प्रशिक्षण केन्द्र", "सिलाई प्रशिक्षणहरू"]);
    // The trainer is not the training.
    expect(await titles("प्रशिक्षक")).toEqual(["प्रशिक्षकहरू"]);
    expect(await titles("किशोरी")).toEqual(["सिलाई प्रशिक्षणहरू"]);
    // Snowball's सिलाई → सि would be one letter: the word is kept whole, and a shorter word is no match.
    expect(await titles("सिलाई")).toEqual(["सिलाई प्रशिक्षणहरू"]);
    expect(await titles("सि")).toEqual([]);
  });

  it("finds Bengali case endings and plurals by their stem, both ways, and not a neighbouring word", async () => {
    await write("মেয়েদের প্রশিক্ষণের কেন্দ্র", "সেলাইয়ের কাজ।", { language: "bn" });
    await write("প্রশিক্ষণ", "নারীরা রান্না শেখে।", { language: "bn" });
    await write("প্রশিক্ষকদের সভা", "মাসে একবার।", { language: "bn" });
    expect(await titles("প্রশিক্ষণ")).toEqual(["প্রশিক্ষণ", "মেয়েদের প্রশিক্ষণের কেন্দ্র"]);
    expect(await titles("প্রশিক্ষণের")).toEqual(["প্রশিক্ষণ", "মেয়েদের প্রশিক্ষণের কেন্দ্র"]);
    expect(await titles("মেয়ে")).toEqual(["মেয়েদের প্রশিক্ষণের কেন্দ্র"]);
    expect(await titles("সেলাই")).toEqual(["মেয়েদের প্রশিক্ষণের কেন্দ্র"]);
    expect(await titles("নারী")).toEqual(["প্রশিক্ষণ"]);
    expect(await titles("প্রশিক্ষক")).toEqual(["প্রশিক্ষকদের সভা"]);
  });

  it("finds Mongolian case endings by their stem, both ways, and not a neighbouring word", async () => {
    await write("Сургалтын төв", "Охидод зориулсан хамгаалах байранд.", { language: "mn" });
    await write("Мэргэжлийн сургалт", "Оёдол, хоол хийх.", { language: "mn" });
    await write("Сургууль", "Албан бус боловсрол.", { language: "mn" });
    expect(await titles("сургалт")).toEqual(["Мэргэжлийн сургалт", "Сургалтын төв"]);
    expect(await titles("сургалтаар")).toEqual(["Мэргэжлийн сургалт", "Сургалтын төв"]);
    expect(await titles("байр")).toEqual(["Сургалтын төв"]);
    expect(await titles("охид")).toEqual(["Сургалтын төв"]);
    expect(await titles("сургууль")).toEqual(["Сургууль"]);
    // An exact "phrase" stays exact.
    expect(await titles('"сургалтаар"')).toEqual([]);
  });

  it("shows the summary with the match highlighted, the section where it was found, and the other languages the reader may read", async () => {
    const original = await write("Night crèche", "A night crèche beside the Kolkata catering kitchen.");
    await write("Crèche de nuit", "Une crèche de nuit à Calcutta.", { language: "fr", translationOf: original.id });
    const hiddenEs = await write("Guardería nocturna", "Una guardería.", { language: "es", translationOf: original.id });
    await db.updateTable("practices").set({ hidden_at: Date.now(), hidden_reason: "x" }).where("id", "=", hiddenEs.id).execute();
    await write("Tamil bakery", "Bakery. " + "Long text. ".repeat(40) + "Theme names only: no kitchen here.");
    const member = await makeMember(db);
    const { cookie } = await makeSession(db, member.id);
    const page = await call(searchLoader, { db, cookie, path: "/search?q=kitchen" });
    const { found } = await page.json();
    const night = found.results.find((r: { practice: { title: string } }) => r.practice.title === "Night crèche");
    expect(night.field).toBe("summary");
    expect(night.summary.map((p: { text: string }) => p.text).join("")).toBe("A night crèche beside the Kolkata catering kitchen.");
    expect(night.summary.filter((p: { hit: boolean }) => p.hit).map((p: { text: string }) => p.text)).toEqual(["kitchen"]);
    expect(night.snippet).toBeNull();
    // French, not the hidden Spanish version.
    expect(night.alsoIn).toEqual([{ slug: expect.any(String), language: "fr" }]);
    // A long summary is cut around the match.
    const bakery = found.results.find((r: { practice: { title: string } }) => r.practice.title === "Tamil bakery");
    expect(bakery.summary[0].text).toMatch(/^…/);
    expect(bakery.summary.map((p: { text: string }) => p.text).join("").length).toBeLessThan(300);
    expect(bakery.summary.find((p: { hit: boolean }) => p.hit).text).toBe("kitchen");
    // Found by its organisation's name only: the summary is shown, not the list of theme and country names.
    const { name } = await db
      .selectFrom("practices")
      .innerJoin("organisations", "organisations.id", "practices.organisation_id")
      .select("organisations.name")
      .where("practices.id", "=", original.id)
      .executeTakeFirstOrThrow();
    const byName = (await searchPractices(db, { reader: anyMember, query: `"${name}"` })).results.find((r) => r.practice.title === "Night crèche")!;
    expect(byName.field).toBe("meta");
    expect(byName.snippet).toBeNull();
    expect(byName.summary!.map((p) => p.text).join("")).toBe("A night crèche beside the Kolkata catering kitchen.");
    const { results } = await searchPractices(db, { reader: anyMember, query: "crèche" });
    const byTitle = results.find((r) => r.practice.title === "Night crèche")!;
    expect(byTitle.field).toBe("title");
    expect(byTitle.title.filter((p) => p.hit).map((p) => p.text)).toEqual(["crèche"]);
  });
});
