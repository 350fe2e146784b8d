import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import { addChapter, addEntry, createHandbook, setHandbookStatus } from "../app/models/handbook.server";
import { RESTRICTING_FLAGS_PER_MEMBER } from "../app/models/flag.server";
import { getPracticeBySlug, updatePractice, writeUpOf } from "../app/models/practice.server";
import { action as commentAction, loader as commentLoader } from "../app/routes/comments.$id";
import { action as flagAction, loader as flagLoader } from "../app/routes/flag";
import { action as curateAction, loader as curateLoader } from "../app/routes/handbooks.$slug.curate/route";
import { loader as exportLoader } from "../app/routes/handbooks.$slug.export";
import { loader as handbookLoader } from "../app/routes/handbooks.$slug._index";
import { loader as printLoader } from "../app/routes/handbooks.$slug.print";
import { action as moderationAction, loader as moderationLoader } from "../app/routes/moderation";
import { loader as historyLoader } from "../app/routes/practices.$slug.history";
import { action as practiceAction, loader as practiceLoader } from "../app/routes/practices.$slug._index/route";
import { action as nominateAction, loader as nominateLoader } from "../app/routes/practices.$slug.nominate";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makeOrganisation, makePractice, makeSignedIn } from "./factories";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

async function scene() {
  const org = await makeOrganisation(db);
  const owner = await makeSignedIn(db, { organisationId: org.id });
  const member = await makeSignedIn(db);
  const other = await makeSignedIn(db);
  const curator = await makeSignedIn(db, { role: "curator" });
  const practice = await makePractice(db, { authorId: owner.id, organisationId: org.id, writeUp: { context: "Her name is Mira, 14, from Sonagachi." } });
  return { org, owner, member, other, curator, practice };
}

const commentOn = async (slug: string, cookie: string, body: string) => {
  const response = await call(practiceAction, { db, cookie, params: { slug }, form: { intent: "comment", body } });
  return Number(response.headers.get("Location")!.split("comment-")[1]);
};
const practiceData = async (slug: string, cookie: string) => (await call(practiceLoader, { db, cookie, params: { slug } })).json();
const flag = (cookie: string, query: string, reason = "personal_data", note = "") => call(flagAction, { db, cookie, path: `/flag?${query}`, form: { reason, note } });
const openFlagId = async (subjectId: number) => (await db.selectFrom("flags").select("id").where("subject_id", "=", subjectId).where("resolved_at", "is", null).executeTakeFirstOrThrow()).id;

describe("comments that are gone do not travel", () => {
  it("a deleted comment's words leave the database and never reach the page's data", async () => {
    const { member, other, practice } = await scene();
    const id = await commentOn(practice.slug, member.cookie, "Call her on 0999 123 456");
    await call(commentAction, { db, cookie: member.cookie, params: { id: String(id) }, form: { intent: "edit", body: "Call her on 0999 123 457" } });
    await call(commentAction, { db, cookie: member.cookie, params: { id: String(id) }, form: { intent: "delete", confirm: "yes" } });
    const row = await db.selectFrom("comments").select(["body_md", "body_html", "deleted_at"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ body_md: "", body_html: "" });
    expect(row.deleted_at).not.toBeNull();
    expect(await db.selectFrom("comment_versions").select("id").where("comment_id", "=", id).execute()).toEqual([]);
    for (const who of [member, other]) expect(JSON.stringify(await practiceData(practice.slug, who.cookie))).not.toContain("0999");
  });

  it("a hidden comment's words and reason reach only its author and the moderators", async () => {
    const { member, other, curator, owner, practice } = await scene();
    const id = await commentOn(practice.slug, member.cookie, "She is Anjali, 14");
    await call(commentAction, { db, cookie: curator.cookie, params: { id: String(id) }, form: { intent: "hide", reason: "Names a girl called Anjali" } });
    for (const who of [other, owner]) {
      const data = JSON.stringify(await practiceData(practice.slug, who.cookie));
      expect(data).not.toContain("Anjali");
      expect((await call(commentLoader, { db, cookie: who.cookie, params: { id: String(id) } })).status).toBe(404);
    }
    for (const who of [member, curator]) {
      const [thread] = (await practiceData(practice.slug, who.cookie)).discussion.threads;
      expect(thread).toMatchObject({ bodyHtml: "<p>She is Anjali, 14</p>\n", hiddenReason: "Names a girl called Anjali" });
    }
  });
});

describe("handbook entries under review are withdrawn", () => {
  async function publishedBook(practiceId: number, curatorId: number) {
    const book = await createHandbook(db, { title: "Handbook", edition: 1, language: "en", introMd: "", createdBy: curatorId });
    const chapter = await addChapter(db, { handbookId: book.id, title: "Chapter", introMd: "" });
    await addEntry(db, { chapterId: chapter, practiceId, revisionNumber: 1, note: "Mira's story", addedBy: curatorId });
    await setHandbookStatus(db, { id: book.id, status: "published" });
    return book;
  }

  it("restricted by a flag: withdrawn on the page, the print page and the export; curators see it with a warning", async () => {
    const { member, other, curator, practice } = await scene();
    const book = await publishedBook(practice.id, curator.id);
    const sent = await flag(other.cookie, `practice=${practice.slug}`);
    expect(sent.headers.get("Location")).toBe("/flag?sent=1");
    // The reporter may no longer see the practice, but still reads the thanks.
    expect((await call(flagLoader, { db, cookie: other.cookie, path: `/flag?practice=${practice.slug}` })).status).toBe(404);
    expect(await (await call(flagLoader, { db, cookie: other.cookie, path: "/flag?sent=1" })).json()).toEqual({ subject: null });
    const params = { slug: book.slug };
    for (const loader of [handbookLoader, printLoader, exportLoader]) {
      const response = await call(loader, { db, cookie: member.cookie, params });
      expect(response.status).toBe(200);
      const body = await response.text();
      expect(body).not.toContain("Mira");
      expect(body).not.toContain(practice.slug);
    }
    const [chapter] = (await (await call(handbookLoader, { db, cookie: member.cookie, params })).json()).chapters;
    expect(chapter.entries[0]).toMatchObject({ withdrawn: "review", title: "" });
    const curated = await (await call(curateLoader, { db, cookie: curator.cookie, params })).json();
    expect(curated.chapters[0].entries[0]).toMatchObject({ withdrawn: "review", title: "Night crèche for children of mothers in the red-light area" });
    expect(JSON.stringify(curated)).toContain("Mira");
  });

  it("hidden by moderators: withdrawn the same way", async () => {
    const { member, other, curator, practice } = await scene();
    const book = await publishedBook(practice.id, curator.id);
    await flag(other.cookie, `practice=${practice.slug}`, "harmful");
    await call(moderationAction, { db, cookie: curator.cookie, form: { flagId: String(await openFlagId(practice.id)), resolution: "hidden", note: "Identifies a girl" } });
    const markdown = await (await call(exportLoader, { db, cookie: member.cookie, params: { slug: book.slug } })).text();
    expect(markdown).not.toContain("Mira");
    expect(markdown).toContain("### Entry withdrawn");
  });
});

describe("personal data edited out after a flag leaves no trace in history", () => {
  it("a practice: marking it edited needs an edit first; then earlier revisions are redacted from history, diffs and pins", async () => {
    const { owner, member, other, curator, practice } = await scene();
    const book = await createHandbook(db, { title: "Draft book", edition: 1, language: "en", introMd: "", createdBy: curator.id });
    const chapter = await addChapter(db, { handbookId: book.id, title: "Chapter", introMd: "" });
    await addEntry(db, { chapterId: chapter, practiceId: practice.id, revisionNumber: 1, note: "", addedBy: curator.id });
    await flag(other.cookie, `practice=${practice.slug}`, "personal_data", "Names a girl");
    const flagId = String(await openFlagId(practice.id));

    const early = await call(moderationAction, { db, cookie: curator.cookie, form: { flagId, resolution: "edited", note: "Name removed" } });
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ formError: { key: "moderation.editFirst" }, values: { note: "Name removed" } });

    const current = (await getPracticeBySlug(db, { slug: practice.slug }))!;
    await updatePractice(db, {
      id: current.id,
      editorId: owner.id,
      writeUp: { ...writeUpOf(current), context: "A girl from Sonagachi." },
      meta: { language: "en", themes: current.themes, countries: current.countries },
      publish: false,
      now: Date.now() + 1,
    });
    expect((await call(moderationAction, { db, cookie: curator.cookie, form: { flagId, resolution: "edited", note: "Name removed" } })).status).toBe(302);

    const revision1 = await db.selectFrom("practice_revisions").selectAll().where("practice_id", "=", practice.id).where("number", "=", 1).executeTakeFirstOrThrow();
    expect(revision1.context_md).toBe("");
    expect(revision1.redacted_at).not.toBeNull();
    for (const who of [member, curator]) {
      const history = await call(historyLoader, { db, cookie: who.cookie, params: { slug: practice.slug }, path: `/practices/${practice.slug}/history?from=1&to=2` });
      const text = await history.text();
      expect(text).not.toContain("Mira");
      expect(JSON.parse(text).revisions.map((r: { number: number }) => r.number)).toEqual([2]);
    }
    const audit = await db.selectFrom("audit_log").select(["action", "detail"]).where("action", "=", "practice.revisions_redacted").executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail)).toMatchObject({ revisions: 1 });

    // The handbook entry pinned to the redacted revision is withdrawn until re-pinned.
    const curated = await (await call(curateLoader, { db, cookie: curator.cookie, params: { slug: book.slug } })).json();
    expect(curated.chapters[0].entries[0]).toMatchObject({ withdrawn: "redacted", title: "" });
    const entryId = String(curated.chapters[0].entries[0].entryId);
    await call(curateAction, { db, cookie: curator.cookie, params: { slug: book.slug }, form: { intent: "repin", entryId } });
    const repinned = await (await call(curateLoader, { db, cookie: curator.cookie, params: { slug: book.slug } })).json();
    expect(repinned.chapters[0].entries[0]).toMatchObject({ withdrawn: null, revisionNumber: 2 });
  });

  it("a comment: a moderator's personal-data edit keeps no earlier version; another edit keeps it for moderators", async () => {
    const { member, other, curator, practice } = await scene();
    const id = await commentOn(practice.slug, member.cookie, "Mira's phone: 0999 123 456");
    await call(commentAction, { db, cookie: member.cookie, params: { id: String(id) }, form: { intent: "edit", body: "Mira's phone: 0999 123 456 (evenings)" } });
    await flag(other.cookie, `comment=${id}`);
    await call(moderationAction, { db, cookie: curator.cookie, form: { flagId: String(await openFlagId(id)), resolution: "edited", note: "Removed", body: "A phone number was removed." } });
    for (const who of [member, curator]) {
      const data = await (await call(commentLoader, { db, cookie: who.cookie, params: { id: String(id) } })).json();
      expect(data.versions).toEqual([]);
      expect(JSON.stringify(data)).not.toContain("0999");
    }

    const rude = await commentOn(practice.slug, member.cookie, "This is rubbish");
    await flag(other.cookie, `comment=${rude}`, "harmful");
    await call(moderationAction, { db, cookie: curator.cookie, form: { flagId: String(await openFlagId(rude)), resolution: "edited", note: "Tone", body: "I disagree." } });
    const forCurator = await (await call(commentLoader, { db, cookie: curator.cookie, params: { id: String(rude) } })).json();
    expect(forCurator.versions.map((v: { bodyMd: string }) => v.bodyMd)).toEqual(["This is rubbish"]);
  });

  it("an author removes an earlier version of their own comment, and only their own", async () => {
    const { member, other, curator, practice } = await scene();
    const id = await commentOn(practice.slug, member.cookie, "First words");
    const at = { db, params: { id: String(id) } };
    await call(commentAction, { ...at, cookie: member.cookie, form: { intent: "edit", body: "Second words" } });
    const [version] = (await (await call(commentLoader, { ...at, cookie: member.cookie })).json()).versions;
    expect(version).toMatchObject({ bodyMd: "First words", removable: true });
    expect((await call(commentAction, { ...at, cookie: other.cookie, form: { intent: "removeVersion", versionId: String(version.id) } })).status).toBe(403);
    const removed = await call(commentAction, { ...at, cookie: member.cookie, form: { intent: "removeVersion", versionId: String(version.id) } });
    expect(removed.status).toBe(302);
    expect((await (await call(commentLoader, { ...at, cookie: curator.cookie })).json()).versions).toEqual([]);

    // Text a moderator replaced is the moderators' record, not the author's to remove.
    await flag(other.cookie, `comment=${id}`, "harmful");
    await call(moderationAction, { db, cookie: curator.cookie, form: { flagId: String(await openFlagId(id)), resolution: "edited", note: "Tone", body: "Third words" } });
    const [byModerator] = (await (await call(commentLoader, { ...at, cookie: curator.cookie })).json()).versions;
    expect((await call(commentAction, { ...at, cookie: member.cookie, form: { intent: "removeVersion", versionId: String(byModerator.id) } })).status).toBe(404);
  });
});

describe("flags cannot be used to silence", () => {
  it(`one member holds at most ${RESTRICTING_FLAGS_PER_MEMBER} practices restricted; a second flag on the same practice adds nothing`, async () => {
    const { org, owner, member } = await scene();
    const practices = [];
    for (let i = 0; i < RESTRICTING_FLAGS_PER_MEMBER + 2; i++) practices.push(await makePractice(db, { authorId: owner.id, organisationId: org.id, writeUp: { title: `Practice ${i}` } }));
    for (const p of practices) expect((await flag(member.cookie, `practice=${p.slug}`)).status).toBe(302);
    const restricted = await db.selectFrom("practices").select("id").where("restricted_at", "is not", null).execute();
    expect(restricted).toHaveLength(RESTRICTING_FLAGS_PER_MEMBER);
    const open = await db.selectFrom("flags").select("id").where("resolved_at", "is", null).execute();
    expect(open).toHaveLength(practices.length);
    const unrestricted = practices.at(-1)!;
    await flag(member.cookie, `practice=${unrestricted.slug}`);
    expect(await db.selectFrom("flags").select("id").where("subject_id", "=", unrestricted.id).execute()).toHaveLength(1);
  });

  it("an hour's flags are limited: the eleventh is refused with 429 and keeps the note", async () => {
    const { org, owner, member } = await scene();
    for (let i = 0; i < 10; i++) {
      const p = await makePractice(db, { authorId: owner.id, organisationId: org.id, writeUp: { title: `Flagged ${i}` } });
      expect((await flag(member.cookie, `practice=${p.slug}`, "off_topic")).status).toBe(302);
    }
    const last = await makePractice(db, { authorId: owner.id, organisationId: org.id, writeUp: { title: "One more" } });
    const refused = await flag(member.cookie, `practice=${last.slug}`, "off_topic", "It is off topic");
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ formError: { key: "flag.tooMany" }, values: { note: "It is off topic" } });
  });

  it("the moderation queue lists the newest first, a page at a time", async () => {
    const { org, owner, curator } = await scene();
    for (let i = 0; i < 25; i++) {
      const p = await makePractice(db, { authorId: owner.id, organisationId: org.id, writeUp: { title: `Queue ${i}` } });
      const reporter = await makeSignedIn(db);
      await call(flagAction, { db, cookie: reporter.cookie, path: `/flag?practice=${p.slug}`, form: { reason: "off_topic" } });
      await db
        .updateTable("flags")
        .set({ created_at: 1_000_000 + i })
        .where("subject_id", "=", p.id)
        .execute();
    }
    const first = await (await call(moderationLoader, { db, cookie: curator.cookie })).json();
    expect(first).toMatchObject({ page: 1, pageCount: 2, total: 25 });
    expect(first.flags[0].practice.title).toBe("Queue 24");
    const second = await (await call(moderationLoader, { db, cookie: curator.cookie, path: "/moderation?page=2" })).json();
    expect(second.flags.map((f: { practice: { title: string } }) => f.practice.title)).toEqual(["Queue 4", "Queue 3", "Queue 2", "Queue 1", "Queue 0"]);
  });
});

describe("handbooks in preparation stay with the curators", () => {
  it("members nominate for the next handbook; draft titles are neither listed nor accepted from them", async () => {
    const { member, curator, practice } = await scene();
    const draft = await createHandbook(db, { title: "Secret working title", edition: 1, language: "en", introMd: "", createdBy: curator.id });
    const params = { slug: practice.slug };
    expect((await (await call(nominateLoader, { db, cookie: member.cookie, params })).json()).handbooks).toEqual([]);
    expect((await (await call(nominateLoader, { db, cookie: curator.cookie, params })).json()).handbooks).toHaveLength(1);
    const refused = await call(nominateAction, { db, cookie: member.cookie, params, form: { handbook: String(draft.id), reason: "Good" } });
    expect(refused.status).toBe(400);
    expect((await call(nominateAction, { db, cookie: curator.cookie, params, form: { handbook: String(draft.id), reason: "Good" } })).status).toBe(302);
    const page = await practiceData(practice.slug, member.cookie);
    expect(JSON.stringify(page)).not.toContain("Secret working title");
    expect(page.nominations[0]).toMatchObject({ handbookTitle: null, inPreparation: true });
  });
});
