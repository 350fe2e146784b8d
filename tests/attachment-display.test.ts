import type { Kysely } from "kysely";
import sharp from "sharp";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import { hideAttachment, purgeAttachments, storePendingAttachment, type StorableAttachment } from "../app/models/attachment.server";
import { addChapter, addEntry, createHandbook, setHandbookStatus } from "../app/models/handbook.server";
import { createPractice, getPracticeBySlug, updatePractice, writeUpOf } from "../app/models/practice.server";
import { loader as exportLoader } from "../app/routes/handbooks.$slug.export";
import { loader as handbookLoader } from "../app/routes/handbooks.$slug._index";
import { loader as printLoader } from "../app/routes/handbooks.$slug.print";
import { loader as historyLoader } from "../app/routes/practices.$slug.history";
import { loader as practiceLoader } from "../app/routes/practices.$slug._index/route";
import { translatorFor } from "../app/i18n";
import { fileSize } from "../app/utils/file-size";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makeOrganisation, makeSignedIn, sampleWriteUp } from "./factories";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

const signedIn = (options: Parameters<typeof makeSignedIn>[1] = {}) => makeSignedIn(db, options);
const meta = { language: "en", themes: ["children-families"], countries: ["IN"] };
const noChanges = { add: [], remove: [], discard: [], images: new Map() };

/** A cleaned image as prepare.server.ts hands it over: a display copy and a thumbnail, both real JPEGs. */
async function photo(name: string, color = "#c00"): Promise<StorableAttachment> {
  const display = await sharp({ create: { width: 160, height: 120, channels: 3, background: color } })
    .jpeg()
    .toBuffer();
  const thumb = await sharp(display).resize(48).jpeg().toBuffer();
  return { kind: "image", type: "jpeg", name, display: { bytes: display, mime: "image/jpeg", width: 160, height: 120 }, thumb: { bytes: thumb, mime: "image/jpeg", width: 48, height: 36 } };
}
function textFile(name: string, text: string): StorableAttachment {
  return { kind: "document", type: "txt", name, file: new TextEncoder().encode(text), text };
}

/**
 * Revision 1 of a published practice carries a photo of the workshop, a photo of the room
 * and the intake notes (3 KB); revision 2 takes the notes off and adds a budget sheet.
 */
async function scene() {
  const org = await makeOrganisation(db, { name: "Kathmandu Shelter", country: "NP" });
  const author = await signedIn({ organisationId: org.id });
  const workshopId = await storePendingAttachment(db, { uploaderId: author.id, file: await photo("workshop.jpg") });
  const roomId = await storePendingAttachment(db, { uploaderId: author.id, file: await photo("room.jpg", "#0a0") });
  const notesId = await storePendingAttachment(db, { uploaderId: author.id, file: textFile("intake-notes.txt", "Ask for the first name only.\n".repeat(110)) });
  const practice = await createPractice(db, {
    authorId: author.id,
    organisationId: org.id,
    writeUp: sampleWriteUp({ title: "Night crèche" }),
    meta,
    publish: true,
    attachments: {
      add: [workshopId, roomId, notesId],
      remove: [],
      discard: [],
      images: new Map([
        [workshopId, { alt: "Carers [and] children around a table", consent: "no_person" as const }],
        [roomId, { alt: "The sleeping room with six beds", consent: "no_person" as const }],
      ]),
    },
  });
  const budgetId = await storePendingAttachment(db, { uploaderId: author.id, file: textFile("budget.txt", "Rent 120\nBeds 80\n") });
  const current = (await getPracticeBySlug(db, { slug: practice.slug }))!;
  await updatePractice(db, { id: practice.id, editorId: author.id, writeUp: writeUpOf(current), meta, publish: true, attachments: { ...noChanges, add: [budgetId], remove: [notesId] } });

  const curator = await signedIn({ role: "curator" });
  const handbook = await createHandbook(db, { title: "Good practice", edition: 1, language: "en", introMd: "", createdBy: curator.id });
  const chapter = await addChapter(db, { handbookId: handbook.id, title: "Shelter", introMd: "" });
  await addEntry(db, { chapterId: chapter, practiceId: practice.id, revisionNumber: 1, note: "", addedBy: curator.id });
  await setHandbookStatus(db, { id: handbook.id, status: "published" });
  return { author, curator, practice, handbook, workshopId, roomId, notesId, budgetId };
}

async function loaderData(loader: Parameters<typeof call>[0], cookie: string, params: Record<string, string>) {
  const response = await call(loader, { db, cookie, params });
  expect(response.status).toBe(200);
  return response.json();
}
const practicePage = (cookie: string, slug: string) => loaderData(practiceLoader, cookie, { slug });
const historyPage = (cookie: string, slug: string) => loaderData(historyLoader, cookie, { slug });
async function handbookEntryFiles(loader: Parameters<typeof call>[0], cookie: string, slug: string) {
  const data = await loaderData(loader, cookie, { slug });
  return data.chapters[0].entries[0].attachments as { id: number; name: string }[];
}
async function markdown(cookie: string, slug: string) {
  const response = await call(exportLoader, { db, cookie, params: { slug } });
  expect(response.status).toBe(200);
  return response.text();
}
/** What a revision's row in the history says about files. */
async function historyFiles(cookie: string, slug: string) {
  const data = await historyPage(cookie, slug);
  return Object.fromEntries((data.revisions as { number: number; attachments: unknown }[]).map((r) => [r.number, r.attachments]));
}

describe("a practice page's files", () => {
  it("lists the current images with their sizes and description, then the documents, in their order", async () => {
    const { practice, workshopId, roomId, budgetId } = await scene();
    const reader = await signedIn();
    const data = await practicePage(reader.cookie, practice.slug);
    expect(data.attachments).toEqual([
      {
        id: workshopId,
        kind: "image",
        type: "jpeg",
        name: "workshop.jpg",
        size: expect.any(Number),
        alt: "Carers [and] children around a table",
        width: 160,
        height: 120,
        thumbWidth: 48,
        thumbHeight: 36,
        hidden: false,
      },
      {
        id: roomId,
        kind: "image",
        type: "jpeg",
        name: "room.jpg",
        size: expect.any(Number),
        alt: "The sleeping room with six beds",
        width: 160,
        height: 120,
        thumbWidth: 48,
        thumbHeight: 36,
        hidden: false,
      },
      { id: budgetId, kind: "document", type: "txt", name: "budget.txt", size: 17, alt: "", width: null, height: null, thumbWidth: null, thumbHeight: null, hidden: false },
    ]);
    // Nothing of the uploader's choices or the file's text reaches the page.
    expect(JSON.stringify(data.attachments)).not.toMatch(/consent|uploader|Rent 120/);
    expect(data.moderator).toBe(false);
    expect(data.canPurgeAttachments).toBe(false);
  });

  it("moderators see a hidden file marked so; only an administrator may remove one for good", async () => {
    const { practice, curator, workshopId } = await scene();
    const admin = await signedIn({ role: "admin" });
    await hideAttachment(db, { id: workshopId, moderatorId: curator.id, reason: "A face can be recognised" });
    const forCurator = await practicePage(curator.cookie, practice.slug);
    expect(forCurator.attachments.map((a: { name: string; hidden: boolean }) => [a.name, a.hidden])).toEqual([
      ["workshop.jpg", true],
      ["room.jpg", false],
      ["budget.txt", false],
    ]);
    expect([forCurator.moderator, forCurator.canPurgeAttachments]).toEqual([true, false]);
    const forAdmin = await practicePage(admin.cookie, practice.slug);
    expect([forAdmin.moderator, forAdmin.canPurgeAttachments]).toEqual([true, true]);
  });
});

describe("the history", () => {
  it("says which files each revision added and removed", async () => {
    const { practice } = await scene();
    const reader = await signedIn();
    expect(await historyFiles(reader.cookie, practice.slug)).toEqual({
      1: { added: ["workshop.jpg", "room.jpg", "intake-notes.txt"], removed: [] },
      2: { added: ["budget.txt"], removed: ["intake-notes.txt"] },
    });
  });

  it("does not name a file removed for good, and names a hidden one to moderators only", async () => {
    const { practice, curator, admin, notesId, roomId } = { ...(await scene()), admin: await signedIn({ role: "admin" }) };
    await purgeAttachments(db, { practiceId: practice.id, ids: [notesId], by: admin.id });
    await hideAttachment(db, { id: roomId, moderatorId: curator.id, reason: "The address is on the door" });
    const reader = await signedIn();
    expect(await historyFiles(reader.cookie, practice.slug)).toEqual({
      1: { added: ["workshop.jpg", null], removed: [] },
      2: { added: ["budget.txt"], removed: [null] },
    });
    expect((await historyFiles(curator.cookie, practice.slug))[1]).toEqual({ added: ["workshop.jpg", "room.jpg", null], removed: [] });
  });
});

describe("a handbook entry's files", () => {
  it("are those of its pinned revision: revision 1's notes are still there after revision 2 took them off", async () => {
    const { practice, handbook, workshopId, roomId, notesId } = await scene();
    const reader = await signedIn();
    expect((await practicePage(reader.cookie, practice.slug)).attachments.map((a: { name: string }) => a.name)).toEqual(["workshop.jpg", "room.jpg", "budget.txt"]);
    for (const loader of [handbookLoader, printLoader]) {
      const files = await handbookEntryFiles(loader, reader.cookie, handbook.slug);
      expect(files.map((a) => [a.id, a.name])).toEqual([
        [workshopId, "workshop.jpg"],
        [roomId, "room.jpg"],
        [notesId, "intake-notes.txt"],
      ]);
    }
    // The printed book names them, and the entries' sections, in its own language.
    const print = await loaderData(printLoader, reader.cookie, { slug: handbook.slug });
    expect(print.book.labels).toMatchObject({
      "attachment.documents": "Documents",
      "attachment.images": "Images",
      "attachment.type.txt": "Text file",
      "attachment.sizeKB": "{size} KB",
      "practice.context": "Context",
    });
  });

  it("are in the Markdown export: images by address and description, documents as resources with type and size", async () => {
    const { handbook, workshopId, roomId, notesId } = await scene();
    const reader = await signedIn();
    const text = await markdown(reader.cookie, handbook.slug);
    expect(text).toContain(
      ["#### Images", "", `![Carers \\[and\\] children around a table](/attachments/${workshopId})`, "", `![The sleeping room with six beds](/attachments/${roomId})`, ""].join("\n"),
    );
    expect(text).toContain(["#### Documents", "", `- [intake-notes.txt](/attachments/${notesId}) (Text file, 3 KB)`].join("\n"));
    expect(text).not.toContain("budget.txt");
  });
});

describe("hidden and removed files", () => {
  it("never reach a member through the practice page, the history, the handbook, its print page or its export", async () => {
    const { practice, handbook, curator, workshopId, notesId } = await scene();
    const admin = await signedIn({ role: "admin" });
    await hideAttachment(db, { id: workshopId, moderatorId: curator.id, reason: "A face can be recognised" });
    await purgeAttachments(db, { practiceId: practice.id, ids: [notesId], by: admin.id });
    const reader = await signedIn();
    const pages = [
      await practicePage(reader.cookie, practice.slug),
      await historyPage(reader.cookie, practice.slug),
      await loaderData(handbookLoader, reader.cookie, { slug: handbook.slug }),
      await loaderData(printLoader, reader.cookie, { slug: handbook.slug }),
    ].map((data) => JSON.stringify(data));
    pages.push(await markdown(reader.cookie, handbook.slug));
    for (const page of pages) {
      expect(page).not.toMatch(/workshop\.jpg|Carers|intake-notes/);
      expect(page).not.toMatch(new RegExp(`/attachments/(${workshopId}|${notesId})\\b`));
    }
    expect((await handbookEntryFiles(handbookLoader, reader.cookie, handbook.slug)).map((a) => a.name)).toEqual(["room.jpg"]);
    // Removed for good is for everyone, moderators included; hidden stays out of the handbook for them too.
    expect((await practicePage(admin.cookie, practice.slug)).attachments.map((a: { name: string }) => a.name)).toEqual(["workshop.jpg", "room.jpg", "budget.txt"]);
    expect((await handbookEntryFiles(handbookLoader, admin.cookie, handbook.slug)).map((a) => a.name)).toEqual(["room.jpg"]);
  });
});

describe("a file's size", () => {
  it("reads as a reader weighs it against their data allowance, with their language's decimal sign", () => {
    const t = translatorFor("en");
    expect([fileSize(17, t, "en"), fileSize(340 * 1024, t, "en"), fileSize(1500 * 1024, t, "en"), fileSize(2.44 * 1024 * 1024, t, "en"), fileSize(10 * 1024 * 1024, t, "en")]).toEqual([
      "1 KB",
      "340 KB",
      "1.5 MB",
      "2.4 MB",
      "10 MB",
    ]);
    expect(fileSize(2.44 * 1024 * 1024, t, "fr")).toBe("2,4 MB");
    expect(fileSize(2.44 * 1024 * 1024, t, "ne")).toBe("२.४ MB");
  });
});
