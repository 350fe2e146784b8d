import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import { addChapter, addEntry, createHandbook } from "../app/models/handbook.server";
import { getPracticeBySlug, redactEarlierRevisions, updatePractice, writeUpOf } from "../app/models/practice.server";
import type { WriteUp } from "../app/domain/practice";
import { loader as curateLoader } from "../app/routes/handbooks.$slug.curate/route";
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
  const org = await makeOrganisation(db, { name: "Kathmandu Learning Circle", country: "NP" });
  const author = await makeSignedIn(db, { organisationId: org.id });
  const curator = await makeSignedIn(db, { role: "curator" });
  const handbook = await createHandbook(db, { title: "Drift handbook", edition: 1, language: "en", introMd: "", createdBy: curator.id });
  const chapterId = await addChapter(db, { handbookId: handbook.id, title: "Only chapter", introMd: "" });
  /** A published practice, pinned in the handbook at its first revision. */
  const entry = async (title: string) => {
    const practice = await makePractice(db, { authorId: author.id, organisationId: org.id, writeUp: { title } });
    const entryId = await addEntry(db, { chapterId, practiceId: practice.id, revisionNumber: 1, note: "", addedBy: curator.id });
    return { practiceId: practice.id, slug: practice.slug, entryId, title };
  };
  const revise = async (slug: string, change: Partial<WriteUp>) => {
    const source = (await getPracticeBySlug(db, { slug }))!;
    await db.transaction().execute((trx) =>
      updatePractice(trx, {
        id: source.id,
        editorId: author.id,
        writeUp: { ...writeUpOf(source), ...change },
        meta: { language: "en", themes: source.themes, countries: source.countries },
        publish: true,
      }),
    );
  };
  const view = async () => {
    const before = queries;
    const data = await (await call(curateLoader, { db, cookie: curator.cookie, params: { slug: handbook.slug } })).json();
    return { data, queries: queries - before };
  };
  return { author, curator, entry, revise, view };
}

describe("curate drift", () => {
  it("marks exactly the entries whose practice changed since it was pinned, with what changed", async () => {
    const { author, entry, revise, view } = await scene();
    const unchanged = await entry("Evening classes");
    const newSummary = await entry("Night crèche");
    const twiceRetitled = await entry("Bakery course");
    const redacted = await entry("Savings group");
    await revise(newSummary.slug, { outcomes: "Sixty mothers finished training." });
    await revise(twiceRetitled.slug, { title: "Bakery course for young women" });
    await revise(twiceRetitled.slug, { title: "Bakery and pastry course" });
    await revise(redacted.slug, { lessons: "Personal details were removed." });
    // The pinned revision was redacted: there is no text left to compare against.
    await redactEarlierRevisions(db, { practiceId: redacted.practiceId, by: author.id });

    const { data } = await view();
    const marked = [unchanged, newSummary, twiceRetitled, redacted].filter((e) => data.drift[e.entryId]).map((e) => e.title);
    expect(marked).toEqual(["Night crèche", "Bakery course"]);
    expect(data.drift[newSummary.entryId]).toMatchObject({ latest: 2, fields: [{ field: "outcomes" }] });
    expect(data.drift[twiceRetitled.entryId]).toMatchObject({ latest: 3, fields: [{ field: "title" }] });
    const title = data.drift[twiceRetitled.entryId].fields[0].parts;
    // From the pinned revision straight to the latest, not from the one in between.
    expect(title).toEqual([
      { text: "Bakery ", change: "same" },
      { text: "and pastry ", change: "added" },
      { text: "course", change: "same" },
    ]);
  });

  it("costs the same number of queries however many entries have drifted", async () => {
    const { entry, revise, view } = await scene();
    for (const title of ["First", "Second"]) await revise((await entry(title)).slug, { summary: `${title} summary, revised.` });
    await view();
    const few = await view();
    expect(Object.keys(few.data.drift)).toHaveLength(2);

    for (const title of ["Third", "Fourth", "Fifth", "Sixth"]) await revise((await entry(title)).slug, { summary: `${title} summary, revised.` });
    const many = await view();
    expect(Object.keys(many.data.drift)).toHaveLength(6);
    expect(many.queries).toBe(few.queries);
  });
});
