import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import type { Role } from "../app/domain/member";
import { createHandbook, getHandbookContents, addChapter } from "../app/models/handbook.server";
import { getPracticeBySlug, updatePractice, writeUpOf } from "../app/models/practice.server";
import { action as curateAction, loader as curateLoader } from "../app/routes/handbooks.$slug.curate/route";
import { loader as exportLoader } from "../app/routes/handbooks.$slug.export";
import { loader as handbookLoader } from "../app/routes/handbooks.$slug._index";
import { loader as handbooksLoader } from "../app/routes/handbooks._index";
import { action as newHandbookAction } from "../app/routes/handbooks.new";
import { action as nominationsAction, loader as nominationsLoader } from "../app/routes/nominations";
import { action as nominateAction } from "../app/routes/practices.$slug.nominate";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makeMember, makeOrganisation, makePractice, makeSignedIn } from "./factories";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

const signedIn = (options: Parameters<typeof makeMember>[1] = {}) => makeSignedIn(db, options);

/** A curator, a handbook with two chapters, and a nominated published practice. */
async function scene() {
  const org = await makeOrganisation(db, { name: "Lilongwe Outreach", country: "MW" });
  const author = await signedIn({ organisationId: org.id, displayName: "Chikondi" });
  const curator = await signedIn({ role: "curator" });
  const nominator = await signedIn();
  const practice = await makePractice(db, { authorId: author.id, organisationId: org.id, writeUp: { title: "Truck stop outreach", outcomes: "Forty girls reached." } });
  const created = await call(newHandbookAction, { db, cookie: curator.cookie, form: { title: "Good Practice Handbook", edition: "1", language: "en", intro: "Why this **book**." } });
  const slug = decodeURIComponent(created.headers.get("Location")!.split("/")[2]!);
  const handbook = await db.selectFrom("handbooks").selectAll().where("slug", "=", slug).executeTakeFirstOrThrow();
  const curate = (form: Record<string, string>) => call(curateAction, { db, cookie: curator.cookie, params: { slug }, form });
  await curate({ intent: "addChapter", title: "Meeting primary needs" });
  await curate({ intent: "addChapter", title: "Economic autonomy" });
  const chapters = await db.selectFrom("handbook_chapters").select(["id", "title"]).where("handbook_id", "=", handbook.id).orderBy("position").execute();
  expect((await call(nominateAction, { db, cookie: nominator.cookie, params: { slug: practice.slug }, form: { handbook: "next", reason: "It works at scale" } })).status).toBe(302);
  return { org, author, curator, nominator, practice, handbook, slug, chapters, curate };
}

async function entries(handbookId: number) {
  return (await getHandbookContents(db, { handbookId })).map((c) => [c.title, c.entries.map((e) => e.title)]);
}

describe("nominations", () => {
  it("a member nominates; a curator accepts into a chapter pinned to the current revision; both are told", async () => {
    const { author, curator, nominator, practice, handbook, chapters } = await scene();
    const queue = await (await call(nominationsLoader, { db, cookie: curator.cookie })).json();
    expect(queue.nominations).toHaveLength(1);
    expect(queue.nominations[0]).toMatchObject({ reason: "It works at scale", privacyFindings: 0, practice: { title: "Truck stop outreach" } });
    const missingChapter = await call(nominationsAction, { db, cookie: curator.cookie, form: { intent: "accept", nominationId: String(queue.nominations[0].nominationId), chapterId: "" } });
    expect(missingChapter.status).toBe(400);
    await call(nominationsAction, {
      db,
      cookie: curator.cookie,
      form: { intent: "accept", nominationId: String(queue.nominations[0].nominationId), chapterId: String(chapters[0]!.id), note: "A model for the region" },
    });
    const entry = await db.selectFrom("handbook_entries").selectAll().executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ chapter_id: chapters[0]!.id, practice_id: practice.id, revision_number: 1, curator_note: "A model for the region" });
    for (const who of [author, nominator]) {
      const kinds = await db.selectFrom("notifications").select("kind").where("user_id", "=", who.id).execute();
      expect(kinds.map((k) => k.kind)).toContain("nomination_accepted");
    }
    void handbook;
  });

  it("declining needs a note and tells the nominator", async () => {
    const { curator, nominator } = await scene();
    const queue = await (await call(nominationsLoader, { db, cookie: curator.cookie })).json();
    const id = String(queue.nominations[0].nominationId);
    expect((await call(nominationsAction, { db, cookie: curator.cookie, form: { intent: "decline", nominationId: id, note: "" } })).status).toBe(400);
    await call(nominationsAction, { db, cookie: curator.cookie, form: { intent: "decline", nominationId: id, note: "Too early" } });
    const kinds = await db.selectFrom("notifications").select("kind").where("user_id", "=", nominator.id).execute();
    expect(kinds.map((k) => k.kind)).toEqual(["nomination_declined"]);
  });

  it("members nominate; only curators and admins curate", async () => {
    const { slug, practice } = await scene();
    const cases: [Role, number][] = [
      ["member", 403],
      ["coordinator", 403],
      ["curator", 200],
      ["admin", 200],
    ];
    for (const [role, status] of cases) {
      const who = await signedIn({ role });
      expect((await call(nominateAction, { db, cookie: who.cookie, params: { slug: practice.slug }, form: { handbook: "next", reason: "good" } })).status, role).toBe(302);
      expect((await call(nominationsLoader, { db, cookie: who.cookie })).status, role).toBe(status);
      // A draft handbook does not exist for members.
      expect((await call(curateLoader, { db, cookie: who.cookie, params: { slug } })).status, role).toBe(status === 200 ? 200 : 404);
      expect((await call(newHandbookAction, { db, cookie: who.cookie, form: { title: "X", edition: "1", language: "en" } })).status, role).toBe(status === 200 ? 302 : 403);
    }
  });
});

describe("handbooks", () => {
  async function accepted() {
    const s = await scene();
    const queue = await (await call(nominationsLoader, { db, cookie: s.curator.cookie })).json();
    await call(nominationsAction, { db, cookie: s.curator.cookie, form: { intent: "accept", nominationId: String(queue.nominations[0].nominationId), chapterId: String(s.chapters[0]!.id) } });
    const entry = await db.selectFrom("handbook_entries").selectAll().executeTakeFirstOrThrow();
    return { ...s, entryId: entry.id };
  }

  it("keep the pinned text when the practice changes, show the drift and re-pin", async () => {
    const { author, curator, practice, handbook, slug, entryId, curate } = await accepted();
    const source = (await getPracticeBySlug(db, { slug: practice.slug }))!;
    await updatePractice(db, {
      id: source.id,
      editorId: author.id,
      writeUp: { ...writeUpOf(source), outcomes: "Sixty girls reached." },
      meta: { language: "en", themes: source.themes, countries: source.countries },
      publish: true,
    });

    const [chapter] = await getHandbookContents(db, { handbookId: handbook.id });
    expect(chapter!.entries[0]!.sectionsMd.outcomes).toBe("Forty girls reached.");
    const view = await (await call(curateLoader, { db, cookie: curator.cookie, params: { slug } })).json();
    expect(view.drift[entryId].latest).toBe(2);
    const outcomes = view.drift[entryId].fields.find((f: { field: string }) => f.field === "outcomes");
    expect(outcomes.parts).toEqual(
      expect.arrayContaining([
        { text: "Forty", change: "removed" },
        { text: "Sixty", change: "added" },
      ]),
    );

    await curate({ intent: "repin", entryId: String(entryId) });
    const [after] = await getHandbookContents(db, { handbookId: handbook.id });
    expect(after!.entries[0]).toMatchObject({ revisionNumber: 2, sectionsMd: expect.objectContaining({ outcomes: "Sixty girls reached." }) });
    const again = await (await call(curateLoader, { db, cookie: curator.cookie, params: { slug } })).json();
    expect(again.drift).toEqual({});
  });

  it("reorder chapters and entries, move entries between chapters, always in a total order", async () => {
    const { curator, org, author, handbook, chapters, curate, entryId } = await accepted();
    const second = await makePractice(db, { authorId: author.id, organisationId: org.id, writeUp: { title: "Night crèche" } });
    const third = await makePractice(db, { authorId: author.id, organisationId: org.id, writeUp: { title: "Bakery course" } });
    const { addEntry } = await import("../app/models/handbook.server");
    await addEntry(db, { chapterId: chapters[0]!.id, practiceId: second.id, revisionNumber: 1, note: "", addedBy: curator.id });
    const thirdEntry = await addEntry(db, { chapterId: chapters[0]!.id, practiceId: third.id, revisionNumber: 1, note: "", addedBy: curator.id });
    expect(await entries(handbook.id)).toEqual([
      ["Meeting primary needs", ["Truck stop outreach", "Night crèche", "Bakery course"]],
      ["Economic autonomy", []],
    ]);

    await curate({ intent: "moveEntry", entryId: String(thirdEntry), direction: "up" });
    await curate({ intent: "moveEntry", entryId: String(entryId), direction: "up" }); // already first: no change
    expect((await entries(handbook.id))[0]).toEqual(["Meeting primary needs", ["Truck stop outreach", "Bakery course", "Night crèche"]]);
    await curate({ intent: "entryChapter", entryId: String(thirdEntry), chapterId: String(chapters[1]!.id) });
    await curate({ intent: "moveChapter", chapterId: String(chapters[1]!.id), direction: "up" });
    expect(await entries(handbook.id)).toEqual([
      ["Economic autonomy", ["Bakery course"]],
      ["Meeting primary needs", ["Truck stop outreach", "Night crèche"]],
    ]);
    await curate({ intent: "removeEntry", entryId: String(entryId) });
    const positions = await db
      .selectFrom("handbook_entries")
      .innerJoin("handbook_chapters", "handbook_chapters.id", "handbook_entries.chapter_id")
      .select(["handbook_chapters.position as chapter", "handbook_entries.position as entry"])
      .orderBy("chapter")
      .orderBy("entry")
      .execute();
    expect(positions).toEqual([
      { chapter: 1, entry: 1 },
      { chapter: 2, entry: 1 },
    ]);
    // A chapter with entries is not deleted; an empty one is.
    expect((await curate({ intent: "deleteChapter", chapterId: String(chapters[1]!.id) })).status).toBe(409);
    const empty = await addChapter(db, { handbookId: handbook.id, title: "Spare", introMd: "" });
    expect((await curate({ intent: "deleteChapter", chapterId: String(empty) })).status).toBe(302);
  });

  it("are frozen once published; a new edition copies everything", async () => {
    const { curator, handbook, slug, curate } = await accepted();
    const member = await signedIn();
    expect((await call(handbookLoader, { db, cookie: member.cookie, params: { slug } })).status).toBe(404);
    expect((await curate({ intent: "status", status: "published" })).status).toBe(409); // draft → review first
    await curate({ intent: "status", status: "review" });
    await curate({ intent: "status", status: "published" });
    expect((await call(handbookLoader, { db, cookie: member.cookie, params: { slug } })).status).toBe(200);
    const list = await (await call(handbooksLoader, { db, cookie: member.cookie })).json();
    expect(list.handbooks.map((h: { title: string }) => h.title)).toEqual(["Good Practice Handbook"]);

    const frozen = await curate({ intent: "addChapter", title: "Late addition" });
    expect(frozen.status).toBe(409);
    expect((await frozen.json()).formError.key).toBe("handbook.frozen");

    const next = await curate({ intent: "newEdition" });
    const nextSlug = decodeURIComponent(next.headers.get("Location")!.split("/")[2]!);
    const copy = await db.selectFrom("handbooks").selectAll().where("slug", "=", nextSlug).executeTakeFirstOrThrow();
    expect(copy).toMatchObject({ edition: 2, status: "draft", previous_edition_id: handbook.id, title: "Good Practice Handbook" });
    expect(await entries(copy.id)).toEqual(await entries(handbook.id));
    const audit = await db.selectFrom("audit_log").select("action").where("actor_id", "=", curator.id).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["handbook.created", "handbook.chapter_changed", "nomination.accepted", "handbook.status_changed", "handbook.edition_created"]));
  });

  it("offer the translation in the edition's language, and pin it", async () => {
    const { curator, author, org, practice, slug, handbook, entryId } = await accepted();
    const french = await createHandbook(db, { title: "Guide des bonnes pratiques", edition: 1, language: "fr", introMd: "", createdBy: curator.id });
    await call(curateAction, { db, cookie: curator.cookie, params: { slug }, form: { intent: "link", otherId: String(french.id) } });
    const linked = await db.selectFrom("handbooks").select(["id", "language_group_id"]).orderBy("id").execute();
    expect(new Set(linked.map((h) => h.language_group_id)).size).toBe(1);

    const frChapter = await addChapter(db, { handbookId: french.id, title: "Besoins primaires", introMd: "" });
    const { addEntry } = await import("../app/models/handbook.server");
    const frEntry = await addEntry(db, { chapterId: frChapter, practiceId: practice.id, revisionNumber: 1, note: "", addedBy: curator.id });
    let view = await (await call(curateLoader, { db, cookie: curator.cookie, params: { slug: french.slug } })).json();
    expect(view.translations[practice.id]).toBeNull();
    const translation = await makePractice(db, { authorId: author.id, organisationId: org.id, translationOf: practice.id, meta: { language: "fr" }, writeUp: { title: "Aires de camions" } });
    view = await (await call(curateLoader, { db, cookie: curator.cookie, params: { slug: french.slug } })).json();
    expect(view.translations[practice.id]).toMatchObject({ id: translation.id, upToDate: true });
    await call(curateAction, { db, cookie: curator.cookie, params: { slug: french.slug }, form: { intent: "pinTranslation", entryId: String(frEntry), practiceId: String(translation.id) } });
    expect((await entries(french.id))[0]).toEqual(["Besoins primaires", ["Aires de camions"]]);
    void handbook;
    void entryId;
  });

  it("export as Markdown with every entry's credit, and honour 'credit my organisation only'", async () => {
    const { author, curator, slug } = await accepted();
    const endorser = await signedIn({ organisationId: (await makeOrganisation(db, { name: "Kathmandu Shelter" })).id });
    const { endorsePractice } = await import("../app/models/endorsement.server");
    const practiceId = (await db.selectFrom("practices").select("id").executeTakeFirstOrThrow()).id;
    await endorsePractice(db, { practiceId, userId: endorser.id, organisationId: endorser.organisationId, note: "" });
    let markdown = await (await call(exportLoader, { db, cookie: curator.cookie, params: { slug } })).text();
    expect(markdown).toMatch(/^---\ntitle: "Good Practice Handbook"\nedition: 1\nlanguage: "en"\nstatus: "draft"/);
    expect(markdown).toContain("## 1. Meeting primary needs");
    expect(markdown).toContain("### Truck stop outreach");
    expect(markdown).toContain("*Lilongwe Outreach (Malawi) · Chikondi · revision 1 of ");
    expect(markdown).toContain("endorsed by Kathmandu Shelter*");
    expect(markdown).toContain("#### Outcomes\n\nForty girls reached.");
    await db.updateTable("users").set({ credit_by_organisation_only: 1 }).where("id", "=", author.id).execute();
    markdown = await (await call(exportLoader, { db, cookie: curator.cookie, params: { slug } })).text();
    expect(markdown).not.toContain("Chikondi");
    const response = await call(exportLoader, { db, cookie: curator.cookie, params: { slug } });
    expect(response.headers.get("Content-Disposition")).toContain("attachment");
    expect(response.headers.get("Content-Type")).toBe("text/markdown; charset=utf-8");
  });
});
