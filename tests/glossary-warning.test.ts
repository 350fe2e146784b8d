import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import type { GlossaryLanguage } from "../app/domain/glossary";
import { createConcept } from "../app/models/glossary.server";
import { action as newAction } from "../app/routes/practices.new";
import { action as practiceAction } from "../app/routes/practices.$slug._index/route";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makePractice, makeSignedIn, sampleWriteUp } from "./factories";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
  const term = (language: GlossaryLanguage, text: string, status: "preferred" | "avoid", alternative = "") => ({
    language,
    text,
    status,
    reason: status === "avoid" ? "It names the person by the harm done to them." : "",
    alternative,
    source: "",
  });
  await createConcept(db, {
    authorId: null,
    slug: "person-in-prostitution",
    content: {
      theme: null,
      definitions: {},
      notes: "",
      terms: [
        term("en", "person in prostitution", "preferred"),
        term("en", "sex worker", "avoid", "person in prostitution"),
        term("fr", "personne prostituée", "preferred"),
        term("fr", "travailleuse du sexe", "avoid", "personne prostituée"),
        term("ne", "वेश्यावृत्तिमा रहेका व्यक्ति", "preferred"),
        term("ne", "यौनकर्मी", "avoid", "वेश्यावृत्तिमा रहेका व्यक्ति"),
        term("bn", "পতিতাবৃত্তিতে থাকা ব্যক্তি", "preferred"),
        term("bn", "যৌনকর্মী", "avoid", "পতিতাবৃত্তিতে থাকা ব্যক্তি"),
        term("mn", "биеэ үнэлэхэд өртсөн хүн", "preferred"),
        term("mn", "биеэ үнэлэгч", "avoid", "биеэ үнэлэхэд өртсөн хүн"),
      ],
    },
  });
});

const form = (overrides: Record<string, string>) => ({ ...sampleWriteUp(), language: "en", themes: ["vocational-training"], ...overrides });
type Finding = { term: string; alternative: string; slug: string; field: string };

async function preview(approach: string) {
  const author = await makeSignedIn(db);
  const response = await call(newAction, { db, cookie: author.cookie, form: form({ intent: "preview", approach }) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { termFindings: Finding[] }).termFindings;
}

describe("the practice editor's advice on terms to avoid", () => {
  it.each([
    ["We trained each sex worker in baking.", "person in prostitution"],
    ["Chaque travailleuse du sexe a suivi le cours.", "personne prostituée"],
    ["यौनकर्मीहरूलाई तालिम दिइयो।", "वेश्यावृत्तिमा रहेका व्यक्ति"],
    ["যৌনকর্মীদের প্রশিক্ষণ দেওয়া হয়েছে।", "পতিতাবৃত্তিতে থাকা ব্যক্তি"],
    ["Биеэ үнэлэгч бүр сургалтад хамрагдсан.", "биеэ үнэлэхэд өртсөн хүн"],
    ["Each SEX WORKER took part.", "person in prostitution"],
  ])("preview of %j names the preferred term", async (approach, alternative) => {
    const findings = await preview(approach);
    expect(findings.map((f) => [f.field, f.alternative, f.slug])).toEqual([["approach", alternative, "person-in-prostitution"]]);
  });

  it.each([["A sex workshop for the staff."], ["यौनकर्मीसमूह बनाइयो।"], ["travailleuses du sexisme"]])("no finding inside a longer word: %j", async (approach) => {
    expect(await preview(approach)).toEqual([]);
  });

  it("a failed submit carries the findings; publishing goes through with an avoid term", async () => {
    const author = await makeSignedIn(db);
    const failed = await call(newAction, { db, cookie: author.cookie, form: form({ intent: "publish", summary: "", approach: "Each sex worker" }) });
    expect(failed.status).toBe(400);
    expect(((await failed.json()) as { termFindings: Finding[] }).termFindings.map((f) => f.alternative)).toEqual(["person in prostitution"]);
    const published = await call(newAction, { db, cookie: author.cookie, form: form({ intent: "publish", title: "Course for each sex worker" }) });
    expect(published.status).toBe(302);
    expect(await db.selectFrom("practices").select("status").execute()).toEqual([{ status: "published" }]);
  });
});

describe("the comment editor's Check words", () => {
  it("gives the text back with the findings, and posting still works", async () => {
    const author = await makeSignedIn(db);
    const practice = await makePractice(db, { authorId: author.id, organisationId: author.organisationId });
    const reader = await makeSignedIn(db);
    const body = "  How did each travailleuse du sexe find the course? ";
    const checked = await call(practiceAction, { db, cookie: reader.cookie, params: { slug: practice.slug }, form: { intent: "checkWords", body } });
    expect(checked.status).toBe(200);
    const data = (await checked.json()) as { values: { body: string }; termFindings: Finding[]; checked: boolean };
    expect(data.values.body).toBe(body);
    expect(data.termFindings.map((f) => f.alternative)).toEqual(["personne prostituée"]);
    expect(await db.selectFrom("comments").select("id").execute()).toHaveLength(0);
    const posted = await call(practiceAction, { db, cookie: reader.cookie, params: { slug: practice.slug }, form: { intent: "comment", body } });
    expect(posted.status).toBe(302);
    expect(await db.selectFrom("comments").select("id").execute()).toHaveLength(1);
  });
});
