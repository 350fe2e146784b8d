import { execFileSync } from "node:child_process";
import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import { addChapter, addEntry, createHandbook, repinEntry, setHandbookStatus } from "../app/models/handbook.server";
import { BOOK_FORMATS } from "../app/domain/book";
import { claimNextBookFile, failBookFile, finishBookFile, requestBookFile } from "../app/models/handbook-file.server";
import { getPracticeBySlug, setPracticeAudience, updatePractice, withdrawPractice, writeUpOf } from "../app/models/practice.server";
import { createFlag } from "../app/models/flag.server";
import { updateProfile } from "../app/models/user.server";
import { eraseMember } from "../app/models/account.server";
import { backgroundSettled } from "../app/server/background.server";
import { loader as downloadLoader } from "../app/routes/handbooks.$slug.download.$format";
import { action as preparingAction, loader as preparingLoader } from "../app/routes/handbooks.$slug.preparing.$format";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makeOrganisation, makePractice, makeSignedIn } from "./factories";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

/** A published handbook with one chapter and one entry, its curator, and a member who reads it. */
async function scene({ status = "published" as "published" | "draft" } = {}) {
  const org = await makeOrganisation(db, { name: "Lilongwe Outreach", country: "MW" });
  const author = await makeSignedIn(db, { organisationId: org.id, displayName: "Chikondi Banda" });
  const curator = await makeSignedIn(db, { role: "curator" });
  const member = await makeSignedIn(db);
  const practice = await makePractice(db, { authorId: author.id, organisationId: org.id, writeUp: { title: "Truck stop outreach", outcomes: "Forty girls reached in the first year." } });
  const handbook = await createHandbook(db, { title: "Good Practice Handbook", edition: 1, language: "en", introMd: "Why this book.", createdBy: curator.id });
  const chapterId = await addChapter(db, { handbookId: handbook.id, title: "Reaching out", introMd: "" });
  const entryId = await addEntry(db, { chapterId, practiceId: practice.id, revisionNumber: 1, note: "Read the lessons first.", addedBy: curator.id });
  if (status === "published") await setHandbookStatus(db, { id: handbook.id, status: "published" });
  return { org, author, curator, member, practice, handbook, entryId };
}

type Who = { cookie: string };
const download = (who: Who, slug: string, format: string, query = "") =>
  call(downloadLoader, { db, cookie: who.cookie, params: { slug, format }, path: `/handbooks/${encodeURIComponent(slug)}/download/${format}${query}` });
const preparing = (who: Who, slug: string, format: string, query = "") =>
  call(preparingLoader, { db, cookie: who.cookie, params: { slug, format }, path: `/handbooks/${encodeURIComponent(slug)}/preparing/${format}${query}` });

const pdfText = (bytes: Uint8Array) => execFileSync("pdftotext", ["-enc", "UTF-8", "-", "-"], { input: bytes, encoding: "utf8" });
const files = () => db.selectFrom("handbook_files").select(["id", "format", "paper", "status", "content_key", "finished_at"]).orderBy("id").execute();

/** Asks for the file, lets the queue make it, and downloads it. */
async function made(who: Who, slug: string, format: "pdf" | "epub", query = "") {
  const first = await download(who, slug, format, query);
  if (first.status === 303) await backgroundSettled();
  const response = first.status === 303 ? await download(who, slug, format, query) : first;
  expect(response.status).toBe(200);
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

describe("handbook editions as files", () => {
  it("the first download queues the PDF and shows it being prepared; once made it is served from storage, never made again", async () => {
    const { member, handbook } = await scene();
    const first = await download(member, handbook.slug, "pdf");
    expect(first.status).toBe(303);
    expect(first.headers.get("Location")).toBe(`/handbooks/${encodeURIComponent(handbook.slug)}/preparing/pdf`);
    const waiting = await preparing(member, handbook.slug, "pdf");
    expect(waiting.status).toBe(202);
    expect(await waiting.json()).toMatchObject({ state: expect.stringMatching(/^(queued|preparing)$/), format: "pdf", paper: "a4" });
    expect(waiting.headers.get("Cache-Control")).toBe("no-store");

    await backgroundSettled();
    const ready = await download(member, handbook.slug, "pdf");
    expect(ready.status).toBe(200);
    expect(ready.headers.get("Content-Type")).toBe("application/pdf");
    expect(ready.headers.get("Content-Disposition")).toContain("filename*=UTF-8''good-practice-handbook-edition-1-en.pdf");
    expect(ready.headers.get("Cache-Control")).toContain("private");
    const bytes = new Uint8Array(await ready.arrayBuffer());
    expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe("%PDF-");
    const text = pdfText(bytes);
    for (const words of ["Good Practice Handbook", "Truck stop outreach", "Forty girls reached in the first year.", "Read the lessons first.", "Lilongwe Outreach", "Chikondi Banda"])
      expect(text).toContain(words);

    const [stored] = await files();
    expect(stored).toMatchObject({ format: "pdf", paper: "a4", status: "ready" });
    const again = await download(member, handbook.slug, "pdf");
    expect(new Uint8Array(await again.arrayBuffer())).toEqual(bytes);
    // Same row, same moment it was made: served, not made again.
    expect(await files()).toEqual([stored]);
    expect(await (await preparing(member, handbook.slug, "pdf")).json()).toMatchObject({ state: "ready", downloadUrl: `/handbooks/${encodeURIComponent(handbook.slug)}/download/pdf` });
    // Revalidation by its ETag.
    const etag = again.headers.get("ETag")!;
    expect(
      (await call(downloadLoader, { db, cookie: member.cookie, params: { slug: handbook.slug, format: "pdf" }, path: `/handbooks/${handbook.slug}/download/pdf`, headers: { "If-None-Match": etag } }))
        .status,
    ).toBe(304);
    // Each download is audited like the Markdown export; a revalidation is not a download.
    const audited = await db.selectFrom("audit_log").select(["actor_id", "target_id"]).where("action", "=", "handbook.exported").execute();
    expect(audited).toEqual([
      { actor_id: member.id, target_id: String(handbook.id) },
      { actor_id: member.id, target_id: String(handbook.id) },
    ]);
  });

  it("a changed pin makes a new file, and the file made from the old pin is deleted", async () => {
    const { member, author, practice, handbook, entryId } = await scene();
    const { bytes: before } = await made(member, handbook.slug, "pdf");
    const [old] = await files();
    const current = (await getPracticeBySlug(db, { slug: practice.slug }))!;
    await updatePractice(db, {
      id: practice.id,
      editorId: author.id,
      writeUp: { ...writeUpOf(current), outcomes: "Sixty girls reached by the second year." },
      meta: { language: "en", themes: current.themes, countries: current.countries },
      publish: true,
    });
    // A new revision alone changes nothing: the entry is still pinned to the first.
    expect((await download(member, handbook.slug, "pdf")).status).toBe(200);
    await repinEntry(db, { entryId });
    expect((await download(member, handbook.slug, "pdf")).status).toBe(303);
    await backgroundSettled();
    const { bytes: after } = await made(member, handbook.slug, "pdf");
    expect(after).not.toEqual(before);
    expect(pdfText(after)).toContain("Sixty girls reached by the second year.");
    const rows = await files();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).not.toBe(old!.id);
  });

  it("the EPUB and the US Letter PDF are files of their own, named after the edition", async () => {
    const { member, handbook } = await scene();
    const epub = await made(member, handbook.slug, "epub");
    expect(epub.response.headers.get("Content-Type")).toBe("application/epub+zip");
    expect(epub.response.headers.get("Content-Disposition")).toContain("good-practice-handbook-edition-1-en.epub");
    expect(Buffer.from(epub.bytes.slice(30, 58)).toString()).toBe("mimetypeapplication/epub+zip");
    const letter = await made(member, handbook.slug, "pdf", "?paper=letter");
    expect(execFileSync("pdfinfo", ["-"], { input: letter.bytes, encoding: "utf8" })).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
    expect((await files()).map((f) => [f.format, f.paper, f.status])).toEqual([
      ["epub", "", "ready"],
      ["pdf", "letter", "ready"],
    ]);
  });

  it("a draft is for its curators only: members get 404 for its files; bad formats and papers are 404", async () => {
    const { member, curator, handbook } = await scene({ status: "draft" });
    for (const format of ["pdf", "epub"]) {
      expect((await download(member, handbook.slug, format)).status).toBe(404);
      expect((await preparing(member, handbook.slug, format)).status).toBe(404);
    }
    expect((await download(curator, handbook.slug, "pdf")).status).toBe(303);
    await backgroundSettled();
    const { bytes } = await made(curator, handbook.slug, "pdf");
    expect(pdfText(bytes)).toContain("Good Practice Handbook");
    expect((await download(curator, handbook.slug, "docx")).status).toBe(404);
    expect((await download(curator, handbook.slug, "pdf", "?paper=a3")).status).toBe(404);
    expect((await download({ cookie: "" }, handbook.slug, "pdf")).status).toBe(302);
  });

  it("a withdrawn practice's text and an erased author's name leave the stored files at once", async () => {
    const { member, author, practice, handbook, org } = await scene();
    await made(member, handbook.slug, "pdf");
    await made(member, handbook.slug, "epub");
    expect(await files()).toHaveLength(2);
    await eraseMember(db, { userId: author.id, deleteComments: false });
    expect(await files()).toHaveLength(0);
    const { bytes } = await made(member, handbook.slug, "pdf");
    expect(pdfText(bytes)).not.toContain("Chikondi Banda");
    await withdrawPractice(db, { id: practice.id, by: author.id, reason: "Out of date" });
    expect(await files()).toHaveLength(0);
    const { bytes: withdrawn } = await made(member, handbook.slug, "pdf");
    const text = pdfText(withdrawn);
    expect(text).not.toContain("Truck stop outreach");
    expect(text).toContain(org.name);
  });

  it("narrowing the practice, reporting personal data in it, or its author's new name delete the stored files at once", async () => {
    const { member, author, practice, handbook } = await scene();
    const count = async () => (await files()).length;
    await made(member, handbook.slug, "pdf");
    await updateProfile(db, { id: author.id, displayName: "Chikondi Banda", locale: null, creditByOrganisationOnly: false });
    expect(await count()).toBe(1);
    await updateProfile(db, { id: author.id, displayName: "C. Banda", locale: null, creditByOrganisationOnly: false });
    expect(await count()).toBe(0);
    await made(member, handbook.slug, "pdf");
    await createFlag(db, { subjectType: "practice", subjectId: practice.id, reporterId: member.id, reason: "personal_data", note: "A girl's name" });
    expect(await count()).toBe(0);
    await db.updateTable("practices").set({ restricted_at: null }).where("id", "=", practice.id).execute();
    await made(member, handbook.slug, "epub");
    await setPracticeAudience(db, { id: practice.id, audience: { audience: "organisation", groupId: null } });
    expect(await count()).toBe(0);
  });

  it("one file is made at a time; a file that fails is tried again, then shown as failed with a way to try again", async () => {
    const { member, handbook } = await scene();
    const key = { handbookId: handbook.id, paper: "" as const, contentKey: "x" };
    await requestBookFile(db, { ...key, format: "epub", origin: "http://localhost" });
    await requestBookFile(db, { ...key, format: "pdf", paper: "a4", origin: "http://localhost" });
    const first = (await claimNextBookFile(db, { worker: "test:1", formats: BOOK_FORMATS }))!;
    expect(first.format).toBe("epub");
    expect(await claimNextBookFile(db, { worker: "test:2", formats: BOOK_FORMATS })).toBeNull();
    await failBookFile(db, { file: first, error: "boom" });
    // Tried again (the second of BOOK_LIMITS.attempts), then failed.
    const second = (await claimNextBookFile(db, { worker: "test:1", formats: BOOK_FORMATS }))!;
    expect(second.id).toBe(first.id);
    await failBookFile(db, { file: second, error: "boom" });
    const row = await db.selectFrom("handbook_files").select(["status", "error"]).where("id", "=", first.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "failed", error: "boom" });
    // A maker that stopped: its claim is taken back after the time limit.
    const pdf = (await claimNextBookFile(db, { worker: "test:1", formats: BOOK_FORMATS }))!;
    expect(pdf.format).toBe("pdf");
    expect(await claimNextBookFile(db, { worker: "test:2", formats: BOOK_FORMATS, now: Date.now() + 10_000 })).toBeNull();
    const reclaimed = (await claimNextBookFile(db, { worker: "test:2", formats: BOOK_FORMATS, now: Date.now() + 10 * 60_000 }))!;
    expect(reclaimed.id).toBe(pdf.id);
    // The first maker comes back late: its claim was taken back, so what it made is not stored.
    expect(await finishBookFile(db, { file: pdf, bytes: new Uint8Array([1]), pages: 1, renderMs: 1 })).toBe(false);
    expect(await finishBookFile(db, { file: reclaimed, bytes: new Uint8Array([2]), pages: 1, renderMs: 1 })).toBe(true);
    // A server without the PDF engine claims only EPUBs.
    await requestBookFile(db, { ...key, contentKey: "y", format: "pdf", paper: "letter", origin: "http://localhost" });
    expect(await claimNextBookFile(db, { worker: "test:3", formats: ["epub"] })).toBeNull();

    // The real one: fails for good, then "Try again" queues it afresh.
    await db.deleteFrom("handbook_files").execute();
    const real = await download(member, handbook.slug, "epub");
    expect(real.status).toBe(303);
    await backgroundSettled();
    await db.updateTable("handbook_files").set({ status: "failed", bytes: null, error: "boom" }).where("format", "=", "epub").where("content_key", "!=", "x").execute();
    const failed = await preparing(member, handbook.slug, "epub");
    expect(await failed.json()).toMatchObject({ state: "failed" });
    const retried = await call(preparingAction, {
      db,
      cookie: member.cookie,
      params: { slug: handbook.slug, format: "epub" },
      path: `/handbooks/${handbook.slug}/preparing/epub`,
      form: { intent: "retry" },
    });
    expect(retried.status).toBe(303);
    await backgroundSettled();
    expect((await download(member, handbook.slug, "epub")).status).toBe(200);
  });
});
