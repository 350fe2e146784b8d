import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import { OFFLINE_LIMITS } from "../app/domain/saved";
import { invalidateSession } from "../app/auth/session.server";
import { applyAttachmentChanges } from "../app/models/attachment.server";
import { bookContents } from "../app/models/book-contents.server";
import { addChapter, addEntry, createHandbook, getHandbookById, setHandbookStatus } from "../app/models/handbook.server";
import { offlineScope, type OfflineManifest } from "../app/models/offline.server";
import { setPracticeAudience, withdrawPractice } from "../app/models/practice.server";
import { saveItem } from "../app/models/saved.server";
import { loader as manifestLoader } from "../app/routes/offline_.manifest";
import { action as offlineAction, loader as offlineLoader } from "../app/routes/offline";
import { loader as copyLoader } from "../app/routes/practices.$slug.offline";
import { attaching, storeDocument, storeImage } from "./helpers/attachments";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makeMember, makeOrganisation, makePractice, makeSession, makeSignedIn } from "./factories";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

/** The manifest's origin in these tests: the download route makes its files' keys with the request's. */
const ORIGIN = "http://localhost";

async function manifestFor(cookie: string | undefined) {
  const response = await call(manifestLoader, { db, cookie, path: "/offline/manifest" });
  return { response, body: (await response.json()) as OfflineManifest & { error?: string } };
}

/** A reader, a practice of another organisation they saved, and a published handbook edition they saved. */
async function scene() {
  const org = await makeOrganisation(db, { name: "Pokhara Border Watch", country: "NP" });
  const author = await makeSignedIn(db, { organisationId: org.id });
  const reader = await makeSignedIn(db);
  const curator = await makeMember(db, { role: "curator" });
  const practice = await makePractice(db, {
    authorId: author.id,
    organisationId: org.id,
    writeUp: { title: "खुला सिमानामा निगरानी तथा रोकथाम बिन्दुहरू", approach: "सिमानामा निगरानी बिन्दुहरूले किशोरीहरूलाई सुरक्षित राखे।" },
    meta: { language: "ne", countries: ["NP"] },
  });
  const handbook = await createHandbook(db, { title: "Border handbook", edition: 2, language: "en", introMd: "Why.", createdBy: curator.id });
  const chapter = await addChapter(db, { handbookId: handbook.id, title: "Safety", introMd: "" });
  await addEntry(db, { chapterId: chapter, practiceId: practice.id, revisionNumber: 1, note: "", addedBy: curator.id });
  await setHandbookStatus(db, { id: handbook.id, status: "published" });
  await saveItem(db, { userId: reader.id, practiceId: practice.id, revisionNumber: 1 });
  await saveItem(db, { userId: reader.id, handbookId: handbook.id });
  return { org, author, reader, curator, practice, handbook };
}

/** A ready file of the edition as it reads now, as the book queue would have stored it. */
async function readyBookFile(handbookId: number, { format, size }: { format: "pdf" | "epub"; size?: number }) {
  const handbook = (await getHandbookById(db, { id: handbookId }))!;
  const { key } = await bookContents(db, { handbook, origin: ORIGIN });
  const bytes = Buffer.from("%PDF-1.7 offline test");
  await db
    .insertInto("handbook_files")
    .values({
      handbook_id: handbookId,
      format,
      paper: format === "pdf" ? "a4" : "",
      content_key: key,
      origin: ORIGIN,
      status: "ready",
      requested_at: Date.now(),
      finished_at: Date.now(),
      bytes,
      size: size ?? bytes.byteLength,
    })
    .execute();
}

describe("the offline manifest", () => {
  it("lists the member's saved items they may read, in their order, with their copies and aliases", async () => {
    const { reader, practice, handbook } = await scene();
    const { response, body } = await manifestFor(reader.cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(body.scope).toBe(offlineScope(reader.sessionId));
    expect(body.scope).toMatch(/^[0-9a-f]{32}$/);
    expect(body).toMatchObject({ budgetBytes: OFFLINE_LIMITS.budgetBytes, offlinePage: "/offline" });
    expect(body.items).toEqual([
      {
        key: `practice:${practice.id}`,
        kind: "practice",
        title: "खुला सिमानामा निगरानी तथा रोकथाम बिन्दुहरू",
        version: expect.any(String),
        bytes: expect.any(Number),
        kept: true,
        urls: [{ url: `/practices/${encodeURIComponent(practice.slug)}/offline`, as: "page" }],
        aliases: [`/practices/${encodeURIComponent(practice.slug)}`],
      },
      {
        key: `handbook:${handbook.id}`,
        kind: "handbook",
        title: "Border handbook",
        version: expect.any(String),
        bytes: expect.any(Number),
        kept: true,
        urls: [{ url: `/handbooks/${handbook.slug}/print`, as: "page" }],
        aliases: [`/handbooks/${handbook.slug}`],
      },
    ]);
  });

  it("adds an edition's PDF and EPUB once they are ready, and its version changes with them", async () => {
    const { reader, handbook } = await scene();
    const before = (await manifestFor(reader.cookie)).body.items[1]!;
    await readyBookFile(handbook.id, { format: "epub" });
    await readyBookFile(handbook.id, { format: "pdf" });
    const after = (await manifestFor(reader.cookie)).body.items[1]!;
    expect(after.urls).toEqual([
      { url: `/handbooks/${handbook.slug}/print`, as: "page" },
      { url: `/handbooks/${handbook.slug}/download/pdf`, as: "file" },
      { url: `/handbooks/${handbook.slug}/download/epub`, as: "file" },
    ]);
    expect(after.version).not.toBe(before.version);
    expect(after.bytes).toBeGreaterThan(before.bytes);
  });

  it("a new revision of a saved practice changes its version", async () => {
    const { reader, practice } = await scene();
    const before = (await manifestFor(reader.cookie)).body.items[0]!.version;
    await db
      .updateTable("practices")
      .set({ current_revision: 2, updated_at: Date.now() + 1000 })
      .where("id", "=", practice.id)
      .execute();
    expect((await manifestFor(reader.cookie)).body.items[0]!.version).not.toBe(before);
  });

  it("is 401 signed out, for a disabled account and after the session ended", async () => {
    const { reader } = await scene();
    expect((await manifestFor(undefined)).response.status).toBe(401);
    expect((await manifestFor(undefined)).body).toEqual({ error: "signedOut" });
    const other = await makeSession(db, reader.id);
    await invalidateSession(db, reader.sessionId);
    expect((await manifestFor(reader.cookie)).response.status).toBe(401);
    expect((await manifestFor(other.cookie)).response.status).toBe(200);
    await db.updateTable("users").set({ disabled_at: Date.now() }).where("id", "=", reader.id).execute();
    const { response } = await manifestFor(other.cookie);
    expect(response.status).toBe(401);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
  });

  it("gives each session its own scope", async () => {
    const { reader } = await scene();
    const second = await makeSession(db, reader.id);
    const a = (await manifestFor(reader.cookie)).body.scope;
    const b = (await manifestFor(second.cookie)).body.scope;
    expect(a).not.toBe(b);
    expect(b).toBe(offlineScope(second.sessionId));
  });

  for (const [revocation, revoke] of [
    ["withdrawn", (id: number, by: number) => withdrawPractice(db, { id, by, reason: "Consent withdrawn" })],
    ["hidden", (id: number) => db.updateTable("practices").set({ hidden_at: Date.now(), hidden_reason: "spam" }).where("id", "=", id).execute()],
    ["restricted", (id: number) => db.updateTable("practices").set({ restricted_at: Date.now() }).where("id", "=", id).execute()],
    ["narrowed to its organisation", (id: number) => setPracticeAudience(db, { id, audience: { audience: "organisation", groupId: null } })],
  ] as const) {
    it(`drops a practice ${revocation} since it was saved`, async () => {
      const { reader, author, practice, handbook } = await scene();
      await revoke(practice.id, author.id);
      const { body } = await manifestFor(reader.cookie);
      expect(body.items.map((i) => i.key)).toEqual([`handbook:${handbook.id}`]);
      expect(JSON.stringify(body)).not.toContain(practice.slug);
    });
  }

  it("drops an edition taken back to draft", async () => {
    const { reader, handbook } = await scene();
    await setHandbookStatus(db, { id: handbook.id, status: "draft" });
    expect((await manifestFor(reader.cookie)).body.items.map((i) => i.kind)).toEqual(["practice"]);
  });

  it("keeps items in the member's order until the budget is spent; the rest are listed as not kept", async () => {
    const { reader, author, org, handbook } = await scene();
    const later = await makePractice(db, { authorId: author.id, organisationId: org.id, writeUp: { title: "Saved after the big edition" } });
    await saveItem(db, { userId: reader.id, practiceId: later.id, revisionNumber: 1 });
    await readyBookFile(handbook.id, { format: "pdf", size: OFFLINE_LIMITS.budgetBytes });
    const { body } = await manifestFor(reader.cookie);
    expect(body.items.map((i) => [i.kind, i.kept])).toEqual([
      ["practice", true],
      ["handbook", false],
      ["practice", true],
    ]);
    const kept = body.items.filter((i) => i.kept).reduce((sum, i) => sum + i.bytes, 0);
    expect(kept).toBeLessThanOrEqual(OFFLINE_LIMITS.budgetBytes);
  });

  it("keeps a practice's small thumbnails with its copy, never a hidden one's", async () => {
    const { reader, author, practice } = await scene();
    const shown = await storeImage(db, { uploaderId: author.id, name: "workshop.jpg" });
    const hidden = await storeImage(db, { uploaderId: author.id, name: "hidden.jpg", background: "#00c" });
    await applyAttachmentChanges(db, { practiceId: practice.id, editorId: author.id, changes: attaching([shown.id, hidden.id], { [shown.id]: "A workshop", [hidden.id]: "A face" }) });
    await db.updateTable("attachments").set({ hidden_at: Date.now() }).where("id", "=", hidden.id).execute();
    const item = (await manifestFor(reader.cookie)).body.items[0]!;
    expect(item.urls).toEqual([
      { url: `/practices/${encodeURIComponent(practice.slug)}/offline`, as: "page" },
      { url: `/attachments/${shown.id}/thumb`, as: "file" },
    ]);
  });

  it("names nothing of another member's saved items", async () => {
    const { reader } = await scene();
    const other = await makeSignedIn(db);
    const { body } = await manifestFor(other.cookie);
    expect(body.items).toEqual([]);
    expect(body.scope).not.toBe(offlineScope(reader.sessionId));
  });
});

describe("a practice's offline copy", () => {
  const copy = (slug: string, cookie?: string) => call(copyLoader, { db, cookie, params: { slug }, path: `/practices/${slug}/offline` });

  it("is the current published revision, for whoever may read it", async () => {
    const { reader, practice } = await scene();
    const response = await copy(practice.slug, reader.cookie);
    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data.practice).toMatchObject({ title: "खुला सिमानामा निगरानी तथा रोकथाम बिन्दुहरू", language: "ne", currentRevision: 1, organisationName: "Pokhara Border Watch" });
    expect(data.practice.sections.approach).toContain("सिमानामा निगरानी बिन्दुहरूले");
  });

  it("is a 404 for a reader outside its audience, and once it is withdrawn or hidden; sign-in first when signed out", async () => {
    const { reader, author, practice } = await scene();
    expect((await copy(practice.slug)).status).toBe(302);
    expect((await copy("no-such-practice", reader.cookie)).status).toBe(404);
    await setPracticeAudience(db, { id: practice.id, audience: { audience: "organisation", groupId: null } });
    expect((await copy(practice.slug, reader.cookie)).status).toBe(404);
    // Its own organisation still reads it.
    expect((await copy(practice.slug, author.cookie)).status).toBe(200);
    await setPracticeAudience(db, { id: practice.id, audience: { audience: "all", groupId: null } });
    await db.updateTable("practices").set({ hidden_at: Date.now(), hidden_reason: "spam" }).where("id", "=", practice.id).execute();
    expect((await copy(practice.slug, reader.cookie)).status).toBe(404);
    expect((await copy(practice.slug, author.cookie)).status).toBe(404);
    await db.updateTable("practices").set({ hidden_at: null, hidden_reason: null }).where("id", "=", practice.id).execute();
    await withdrawPractice(db, { id: practice.id, by: author.id, reason: "Consent withdrawn" });
    expect((await copy(practice.slug, reader.cookie)).status).toBe(404);
  });

  it("carries no hidden file's name or description", async () => {
    const { reader, author, practice } = await scene();
    const shown = await storeImage(db, { uploaderId: author.id, name: "workshop.jpg" });
    const hidden = await storeImage(db, { uploaderId: author.id, name: "xxhiddenimagexx.jpg" });
    const document = await storeDocument(db, { uploaderId: author.id, name: "xxhiddendocxx.txt" });
    await applyAttachmentChanges(db, {
      practiceId: practice.id,
      editorId: author.id,
      changes: attaching([shown.id, hidden.id, document.id], { [shown.id]: "A workshop", [hidden.id]: "xxhiddenaltxx" }),
    });
    await db.updateTable("attachments").set({ hidden_at: Date.now() }).where("id", "in", [hidden.id, document.id]).execute();
    const text = await (await copy(practice.slug, reader.cookie)).text();
    expect(text).toContain("A workshop");
    for (const marker of ["xxhiddenimagexx", "xxhiddenaltxx", "xxhiddendocxx"]) expect(text).not.toContain(marker);
  });
});

describe("the offline page", () => {
  it("says only that the device is offline to someone signed out", async () => {
    const data = await (await call(offlineLoader, { db, path: "/offline" })).json();
    expect(data).toEqual({ signedIn: false, kept: [], notKept: [] });
  });

  it("lists what is kept, with the items' own addresses, and what is over the budget", async () => {
    const { reader, practice, handbook } = await scene();
    await readyBookFile(handbook.id, { format: "pdf", size: OFFLINE_LIMITS.budgetBytes });
    const data = await (await call(offlineLoader, { db, cookie: reader.cookie, path: "/offline" })).json();
    expect(data.signedIn).toBe(true);
    expect(data.kept).toEqual([
      { key: `practice:${practice.id}`, kind: "practice", title: "खुला सिमानामा निगरानी तथा रोकथाम बिन्दुहरू", href: `/practices/${encodeURIComponent(practice.slug)}`, files: [] },
    ]);
    expect(data.notKept).toEqual([
      { key: `handbook:${handbook.id}`, kind: "handbook", title: "Border handbook", href: `/handbooks/${handbook.slug}`, files: [{ url: `/handbooks/${handbook.slug}/download/pdf`, format: "PDF" }] },
    ]);
  });

  it("sends the member back to settings after the service worker removed or kept the copies", async () => {
    const { reader } = await scene();
    const removed = await call(offlineAction, { db, cookie: reader.cookie, path: "/offline", form: { intent: "remove" } });
    expect(removed.status).toBe(303);
    expect(removed.headers.get("Location")).toBe("/settings#offline");
    expect(removed.headers.get("Clear-Site-Data")).toBe('"cache"');
    const kept = await call(offlineAction, { db, cookie: reader.cookie, path: "/offline", form: { intent: "keep" } });
    expect(kept.status).toBe(303);
    expect(kept.headers.get("Clear-Site-Data")).toBeNull();
    expect((await call(offlineAction, { db, cookie: reader.cookie, path: "/offline", form: { intent: "everything" } })).status).toBe(400);
  });
});
