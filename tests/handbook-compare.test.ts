import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import type { WriteUp } from "../app/domain/practice";
import {
  addChapter,
  addEntry,
  createHandbook,
  createNextEdition,
  deleteChapter,
  moveEntryToChapter,
  pinTranslation,
  removeEntry,
  repinEntry,
  setHandbookStatus,
  updateChapter,
  updateEntryNote,
} from "../app/models/handbook.server";
import { getPracticeBySlug, redactEarlierRevisions, setPracticeAudience, updatePractice, withdrawPractice, writeUpOf } from "../app/models/practice.server";
import { loader as compareLoader } from "../app/routes/handbooks.$slug.compare";
import { loader as curateLoader } from "../app/routes/handbooks.$slug.curate/route";
import type { EditionComparison, EntryChange } from "../app/models/handbook-compare.server";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makeOrganisation, makePractice, makeSignedIn } from "./factories";

let db: Kysely<Database>;
let queries = 0;
beforeEach(async () => {
  db = await createTestDb({
    log(event) {
      if (event.level === "query") queries++;
    },
  });
});

async function scene() {
  const org = await makeOrganisation(db, { name: "Lilongwe Outreach", country: "MW" });
  const author = await makeSignedIn(db, { organisationId: org.id });
  const curator = await makeSignedIn(db, { role: "curator" });
  const first = await createHandbook(db, { title: "Good Practice Handbook", edition: 1, language: "en", introMd: "", createdBy: curator.id });
  const needs = await addChapter(db, { handbookId: first.id, title: "Meeting primary needs", introMd: "" });
  const autonomy = await addChapter(db, { handbookId: first.id, title: "Economic autonomy", introMd: "" });
  const practice = async (writeUp: Partial<WriteUp>, extra: Partial<Parameters<typeof makePractice>[1]> = {}) => {
    const p = await makePractice(db, { authorId: author.id, organisationId: org.id, writeUp, ...extra });
    return { id: p.id, slug: p.slug };
  };
  const pin = (chapterId: number, practiceId: number, note = "") => addEntry(db, { chapterId, practiceId, revisionNumber: 1, note, addedBy: curator.id });
  const revise = async (slug: string, change: Partial<WriteUp>) => {
    const source = (await getPracticeBySlug(db, { slug }))!;
    await updatePractice(db, {
      id: source.id,
      editorId: author.id,
      writeUp: { ...writeUpOf(source), ...change },
      meta: { language: source.language, themes: source.themes, countries: source.countries },
      publish: true,
    });
  };
  /** Publishes the first edition and starts the second: the same chapters, entries and pins. */
  const nextEdition = async () => {
    await setHandbookStatus(db, { id: first.id, status: "published" });
    const second = await createNextEdition(db, { handbookId: first.id, createdBy: curator.id });
    const chapters = await db.selectFrom("handbook_chapters").select(["id", "title"]).where("handbook_id", "=", second.id).orderBy("position").execute();
    return { ...second, chapters };
  };
  const entryOf = async (handbookId: number, practiceId: number) => {
    const row = await db
      .selectFrom("handbook_entries")
      .innerJoin("handbook_chapters", "handbook_chapters.id", "handbook_entries.chapter_id")
      .select(["handbook_entries.id", "handbook_entries.chapter_id as chapterId"])
      .where("handbook_chapters.handbook_id", "=", handbookId)
      .where("handbook_entries.practice_id", "=", practiceId)
      .executeTakeFirstOrThrow();
    return { entryId: row.id, chapterId: row.chapterId };
  };
  const compare = async (slug: string, query = "", cookie = curator.cookie) => {
    const before = queries;
    const response = await call(compareLoader, { db, cookie, params: { slug }, path: `/handbooks/${slug}/compare${query}` });
    return { response, queries: queries - before };
  };
  const comparison = async (slug: string, query = "") => {
    const { response } = await compare(slug, query);
    expect(response.status).toBe(200);
    return (await response.json()) as { other: string | null; from: number | null; to: number | null; editions: { slug: string }[]; comparison: EditionComparison | null };
  };
  return { org, author, curator, first, needs, autonomy, practice, pin, revise, nextEdition, entryOf, compare, comparison };
}

const titleOf = (change: EntryChange) => (change.after ?? change.before)!.title;
const words = (change: EntryChange | undefined, field: string) => change?.fields?.find((f) => f.field === field)?.parts.filter((p) => p.change !== "same");

describe("editions compared", () => {
  it("shows entries added, removed, re-pinned with their diff, moved, translated, and chapters renamed, added, removed", async () => {
    const s = await scene();
    const truck = await s.practice({ title: "Truck stop outreach", outcomes: "Forty girls reached." });
    const creche = await s.practice({ title: "Night crèche" });
    const bakery = await s.practice({ title: "Bakery course" });
    const original = await s.practice({ title: "Savings group" });
    const french = await s.practice({ title: "Groupe d’épargne" }, { translationOf: original.id, meta: { language: "fr" } });
    await s.pin(s.needs, truck.id, "A model for the region");
    await s.pin(s.needs, creche.id);
    await s.pin(s.needs, bakery.id);
    await s.pin(s.autonomy, original.id);
    const spare = await addChapter(db, { handbookId: s.first.id, title: "Spare", introMd: "" });
    void spare;

    const second = await s.nextEdition();
    const [needs2, autonomy2, spare2] = second.chapters;
    // Nothing changed yet.
    expect((await s.comparison(second.slug)).comparison!.changed).toBe(false);

    await s.revise(truck.slug, { outcomes: "Sixty girls reached." });
    const truckEntry = await s.entryOf(second.id, truck.id);
    await repinEntry(db, { entryId: truckEntry.entryId });
    await updateEntryNote(db, { entryId: truckEntry.entryId, note: "A model for the whole region" });
    await removeEntry(db, { ...(await s.entryOf(second.id, creche.id)) });
    const bakeryEntry = await s.entryOf(second.id, bakery.id);
    await moveEntryToChapter(db, { entryId: bakeryEntry.entryId, fromChapterId: bakeryEntry.chapterId, toChapterId: autonomy2!.id });
    expect(await pinTranslation(db, { entryId: (await s.entryOf(second.id, original.id)).entryId, practiceId: french.id })).toBe(true);
    await updateChapter(db, { chapterId: autonomy2!.id, title: "Income and work", introMd: "" });
    expect(await deleteChapter(db, { handbookId: second.id, chapterId: spare2!.id })).toBe(true);
    const justice = await addChapter(db, { handbookId: second.id, title: "Justice", introMd: "" });
    const legalAid = await s.practice({ title: "Legal aid clinic" });
    await s.pin(justice, legalAid.id);

    const data = await s.comparison(second.slug);
    // By default, against the edition it was started from.
    expect(data).toMatchObject({ other: s.first.slug, from: 1, to: 2 });
    const { chapters, removedChapters, changed } = data.comparison!;
    expect(changed).toBe(true);
    expect(chapters.map((c) => [c.title, c.added, c.previousTitle])).toEqual([
      ["Meeting primary needs", false, null],
      ["Income and work", false, "Economic autonomy"],
      ["Justice", true, null],
    ]);
    expect(removedChapters).toEqual([{ title: "Spare", entries: [] }]);

    const [inNeeds, inIncome, inJustice] = chapters.map((c) => c.entries);
    expect(inNeeds!.map((e) => [e.change, titleOf(e)])).toEqual([
      ["changed", "Truck stop outreach"],
      ["removed", "Night crèche"],
    ]);
    const truckChange = inNeeds![0]!;
    expect(truckChange).toMatchObject({ repinned: true, movedFrom: null, before: { revisionNumber: 1 }, after: { revisionNumber: 2 } });
    expect(truckChange.fields!.map((f) => f.field)).toEqual(["outcomes"]);
    expect(words(truckChange, "outcomes")).toEqual([
      { text: "Forty", change: "removed" },
      { text: "Sixty", change: "added" },
    ]);
    expect(truckChange.note!.parts!.filter((p) => p.change !== "same")).toEqual([{ text: "whole ", change: "added" }]);

    expect(inIncome!.map((e) => [e.change, titleOf(e), e.movedFrom, e.repinned])).toEqual([
      // Pinning the translation instead is a re-pin of the same entry.
      ["changed", "Groupe d’épargne", null, true],
      ["changed", "Bakery course", "Meeting primary needs", false],
    ]);
    expect(inIncome![0]).toMatchObject({ before: { practiceId: original.id, language: "en" }, after: { practiceId: french.id, language: "fr" } });
    expect(words(inIncome![0], "title")).toEqual(expect.arrayContaining([expect.objectContaining({ change: "added" }), expect.objectContaining({ change: "removed" })]));
    expect(inIncome![1]!.fields).toBeNull();
    expect(inJustice!.map((e) => [e.change, titleOf(e)])).toEqual([["added", "Legal aid clinic"]]);

    // The same comparison from the older edition's side.
    const fromFirst = await s.comparison(s.first.slug, `?with=${second.slug}`);
    expect(fromFirst).toMatchObject({ other: second.slug, from: 1, to: 2 });
    expect(fromFirst.comparison).toEqual(data.comparison);
    void needs2;
  });

  it("never sends the text of a practice withdrawn or narrowed since, nor of a redacted revision", async () => {
    const s = await scene();
    const withdrawn = await s.practice({ title: "Zanzibar shelter", outcomes: "Quokka families housed." });
    const narrowed = await s.practice({ title: "Yerevan hotline", lessons: "Marmoset volunteers trained." });
    const redacted = await s.practice({ title: "Windhoek kitchen", context: "Ocelot district." });
    const hidden = await s.practice({ title: "Vilnius crèche", approach: "Two carers." });
    for (const p of [withdrawn, narrowed, redacted, hidden]) await s.pin(s.needs, p.id, `Note on ${p.slug}`);
    const second = await s.nextEdition();
    for (const p of [withdrawn, narrowed, redacted, hidden]) {
      await s.revise(p.slug, { summary: `Kinkajou summary of ${p.slug}.` });
      const entry = await s.entryOf(second.id, p.id);
      await repinEntry(db, { entryId: entry.entryId });
      await updateEntryNote(db, { entryId: entry.entryId, note: `Changed note on ${p.slug}` });
    }
    await withdrawPractice(db, { id: withdrawn.id, by: s.author.id, reason: "Moved on" });
    await setPracticeAudience(db, { id: narrowed.id, audience: { audience: "organisation", groupId: null } });
    await redactEarlierRevisions(db, { practiceId: redacted.id, by: s.curator.id });
    await db.updateTable("practices").set({ hidden_at: Date.now() }).where("id", "=", hidden.id).execute();

    const { response } = await s.compare(second.slug);
    const text = await response.text();
    for (const word of ["Zanzibar", "Quokka", "Yerevan", "Marmoset", withdrawn.slug, narrowed.slug, "Ocelot", `Kinkajou summary of ${withdrawn.slug}`, `Kinkajou summary of ${narrowed.slug}`]) {
      expect(text).not.toContain(word);
    }
    const entries = (JSON.parse(text) as { comparison: EditionComparison }).comparison.chapters[0]!.entries;
    const byPractice = (id: number) => entries.find((e) => e.after!.practiceId === id)!;
    expect(byPractice(withdrawn.id)).toMatchObject({ repinned: true, fields: null, note: { parts: null }, after: { title: "", practiceSlug: "", withdrawn: "withdrawn" } });
    expect(byPractice(narrowed.id)).toMatchObject({ repinned: true, fields: null, note: { parts: null }, after: { title: "", withdrawn: "narrowed" } });
    // A redacted revision has no text to compare; the entry itself is still the curators' to read.
    expect(byPractice(redacted.id)).toMatchObject({ repinned: true, fields: null, before: { withdrawn: "redacted" }, after: { title: "Windhoek kitchen", withdrawn: null } });
    // Hidden while the moderators look at it: curators still see what they are deciding about.
    expect(words(byPractice(hidden.id), "summary")).toContainEqual({ text: "Kinkajou", change: "added" });
    expect(byPractice(hidden.id)).toMatchObject({ after: { title: "Vilnius crèche", withdrawn: "review" }, note: { parts: expect.any(Array) } });
  });

  it("costs the same number of queries however many entries changed", async () => {
    const s = await scene();
    const practices = [];
    for (const title of ["One", "Two", "Three", "Four", "Five", "Six"]) practices.push(await s.practice({ title }));
    for (const p of practices) await s.pin(s.needs, p.id);
    const second = await s.nextEdition();
    const repin = async (p: { id: number; slug: string }) => {
      await s.revise(p.slug, { summary: `${p.slug} revised.` });
      await repinEntry(db, { entryId: (await s.entryOf(second.id, p.id)).entryId });
    };
    for (const p of practices.slice(0, 2)) await repin(p);
    await s.compare(second.slug);
    const few = await s.compare(second.slug);
    for (const p of practices.slice(2)) await repin(p);
    const many = await s.compare(second.slug);
    const entries = ((await many.response.json()) as { comparison: EditionComparison }).comparison.chapters[0]!.entries;
    expect(entries.filter((e) => e.repinned)).toHaveLength(6);
    expect(many.queries).toBe(few.queries);
  });

  it("lists the editions of the same handbook only; another or an unknown one is 404; none is an empty state", async () => {
    const s = await scene();
    const lone = await createHandbook(db, { title: "Unrelated", edition: 1, language: "en", introMd: "", createdBy: s.curator.id });
    const alone = await s.comparison(lone.slug);
    expect(alone).toMatchObject({ other: null, comparison: null, editions: [] });

    const second = await s.nextEdition();
    await setHandbookStatus(db, { id: second.id, status: "published" });
    const third = await createNextEdition(db, { handbookId: second.id, createdBy: s.curator.id });
    // A handbook in another language started from it is a translation, not an edition to compare.
    const french = await createHandbook(db, { title: "Guide", edition: 2, language: "fr", introMd: "", createdBy: s.curator.id, previousEditionId: s.first.id });

    const fromThird = await s.comparison(third.slug);
    expect(fromThird.other).toBe(second.slug);
    expect(fromThird.editions.map((e) => e.slug)).toEqual([second.slug, s.first.slug]);
    // A first edition compares with the nearest by default.
    expect((await s.comparison(s.first.slug)).other).toBe(second.slug);
    expect((await s.comparison(third.slug, `?with=${s.first.slug}`)).from).toBe(1);

    for (const other of [lone.slug, french.slug, third.slug, "no-such-handbook", "x".repeat(300)]) {
      expect((await s.compare(third.slug, `?with=${encodeURIComponent(other)}`)).response.status, other).toBe(404);
    }
  });

  it("is for curators: members get 403 on a published edition and 404 on a draft; the curate page links to it", async () => {
    const s = await scene();
    const second = await s.nextEdition();
    const member = await makeSignedIn(db);
    const coordinator = await makeSignedIn(db, { role: "coordinator" });
    for (const who of [member, coordinator]) {
      expect((await s.compare(s.first.slug, "", who.cookie)).response.status).toBe(403);
      expect((await s.compare(second.slug, "", who.cookie)).response.status).toBe(404);
    }
    const anonymous = await call(compareLoader, { db, params: { slug: second.slug }, path: `/handbooks/${second.slug}/compare` });
    expect(anonymous.status).toBe(302);
    const admin = await makeSignedIn(db, { role: "admin" });
    expect((await s.compare(second.slug, "", admin.cookie)).response.status).toBe(200);

    const curate = async (slug: string) => (await (await call(curateLoader, { db, cookie: s.curator.cookie, params: { slug } })).json()).previousEdition;
    expect(await curate(second.slug)).toEqual({ edition: 1 });
    expect(await curate(s.first.slug)).toBeNull();
  });
});
