import { strFromU8, unzipSync } from "fflate";
import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import { hideAttachment, purgeAttachments } from "../app/models/attachment.server";
import { createPractice, setPracticeAudience, updatePractice, withdrawPractice } from "../app/models/practice.server";
import { loader as fileLoader } from "../app/routes/attachments.$id.($variant)";
import { loader as archiveLoader } from "../app/routes/organisations.$slug.export";
import { action as eraseAction } from "../app/routes/settings_.erase";
import { loader as exportLoader } from "../app/routes/settings.export";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { attaching, sha256, storeDocument, storeImage } from "./helpers/attachments";
import { makeOrganisation, makeSignedIn, sampleWriteUp, TEST_PASSWORD } from "./factories";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

const META = { language: "en", themes: ["children-families"], countries: ["NP"] };

/** A published practice of `authorId`'s carrying these waiting uploads of theirs. */
async function practiceWith(author: { id: number; organisationId: number }, title: string, ids: number[], images: Record<number, string> = {}) {
  return createPractice(db, { authorId: author.id, organisationId: author.organisationId, writeUp: sampleWriteUp({ title }), meta: META, publish: true, attachments: attaching(ids, images) });
}

/** `editorId`'s waiting uploads added to a published practice, as a save of the edit form does. */
async function addTo(practiceId: number, editorId: number, title: string, ids: number[]) {
  await updatePractice(db, { id: practiceId, editorId, writeUp: sampleWriteUp({ title }), meta: META, publish: true, attachments: attaching(ids) });
}

/** What /attachments/<id> serves to this reader. */
async function served(cookie: string, id: number) {
  const response = await call(fileLoader, { db, cookie, params: { id: String(id) } });
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

async function download(loader: typeof exportLoader, cookie: string, params: Record<string, string> = {}) {
  const response = await call(loader, { db, cookie, params });
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("application/zip");
  return unzipSync(new Uint8Array(await response.arrayBuffer()));
}

const attachmentPaths = (files: Record<string, Uint8Array>) =>
  Object.keys(files)
    .filter((f) => f.startsWith("attachments/"))
    .sort();

describe("export my data", () => {
  it("carries the member's files, byte for byte as served, and none of a practice they may no longer read", async () => {
    // A curator: their files are on their own practice and on other organisations' practices they edited.
    const member = await makeSignedIn(db, { role: "curator" });
    const colleague = await makeSignedIn(db, { organisationId: member.organisationId });
    const other = await makeSignedIn(db);

    const photo = await storeImage(db, { uploaderId: member.id, name: "Workshop photo.JPG" });
    const form = await storeDocument(db, { uploaderId: member.id, name: "intake-form.txt" });
    const own = await practiceWith(member, "Evening sewing course", [photo.id, form.id], { [photo.id]: "Two women at sewing machines" });
    const colleaguesFile = await storeDocument(db, { uploaderId: colleague.id, name: "colleagues-budget.txt" });
    await addTo(own.id, colleague.id, "Evening sewing course", [colleaguesFile.id]);

    const open = await practiceWith(other, "Savings groups", []);
    const onOpen = await storeDocument(db, { uploaderId: member.id, name: "savings-ledger.txt" });
    await addTo(open.id, member.id, "Savings groups", [onOpen.id]);
    const narrowed = await practiceWith(other, "Shelter intake", []);
    const onNarrowed = await storeDocument(db, { uploaderId: member.id, name: "shelter-intake.txt" });
    await addTo(narrowed.id, member.id, "Shelter intake", [onNarrowed.id]);
    await setPracticeAudience(db, { id: narrowed.id, audience: { audience: "organisation", groupId: null } });
    const withdrawn = await practiceWith(other, "Withdrawn course", []);
    const onWithdrawn = await storeDocument(db, { uploaderId: member.id, name: "withdrawn-plan.txt" });
    await addTo(withdrawn.id, member.id, "Withdrawn course", [onWithdrawn.id]);
    await withdrawPractice(db, { id: withdrawn.id, by: other.id, reason: "Outdated" });

    const waiting = await storeDocument(db, { uploaderId: member.id, name: "draft notes.txt" });

    const files = await download(exportLoader, member.cookie);
    expect(attachmentPaths(files)).toEqual(
      [
        `attachments/${own.slug}/${photo.id}-Workshop-photo.jpg`,
        `attachments/${own.slug}/${form.id}-intake-form.txt`,
        `attachments/${open.slug}/${onOpen.id}-savings-ledger.txt`,
        `attachments/_waiting/${waiting.id}-draft-notes.txt`,
      ].sort(),
    );
    expect(files[`attachments/${own.slug}/${photo.id}-Workshop-photo.jpg`]).toEqual(await served(member.cookie, photo.id));
    expect(files[`attachments/${own.slug}/${form.id}-intake-form.txt`]).toEqual(await served(member.cookie, form.id));
    expect(files[`attachments/${open.slug}/${onOpen.id}-savings-ledger.txt`]).toEqual(await served(member.cookie, onOpen.id));
    expect(sha256(files[`attachments/_waiting/${waiting.id}-draft-notes.txt`]!)).toBe(sha256(waiting.bytes));

    const data = JSON.parse(strFromU8(files["data.json"]!));
    expect(data.attachments).toHaveLength(4);
    expect(data.attachments).toContainEqual(
      expect.objectContaining({
        id: photo.id,
        name: "Workshop photo.JPG",
        type: "jpeg",
        size: photo.bytes.byteLength,
        practice: own.slug,
        practiceTitle: "Evening sewing course",
        alt: "Two women at sewing machines",
        waiting: false,
        file: `attachments/${own.slug}/${photo.id}-Workshop-photo.jpg`,
      }),
    );
    expect(data.attachments).toContainEqual(expect.objectContaining({ id: waiting.id, name: "draft notes.txt", type: "txt", practice: null, waiting: true }));
    const json = strFromU8(files["data.json"]!);
    for (const gone of ["shelter-intake", "withdrawn-plan", "colleagues-budget", "Shelter intake", "Withdrawn course"]) expect(json).not.toContain(gone);
  });
});

describe("erasure", () => {
  it("deletes the member's waiting uploads, rows and bytes; files on practices stay with their bytes, credited to nobody", async () => {
    const member = await makeSignedIn(db);
    const reader = await makeSignedIn(db);
    const photo = await storeImage(db, { uploaderId: member.id });
    const form = await storeDocument(db, { uploaderId: member.id });
    const practice = await practiceWith(member, "Evening sewing course", [photo.id, form.id], { [photo.id]: "Sewing machines on a table" });
    const waiting = await storeImage(db, { uploaderId: member.id, name: "waiting.jpg" });
    const waitingDocument = await storeDocument(db, { uploaderId: member.id, name: "waiting.txt" });
    const othersWaiting = await storeDocument(db, { uploaderId: reader.id, name: "someone-elses.txt" });

    // Asking for the comments to go too does not take the practice's files.
    const done = await call(eraseAction, { db, cookie: member.cookie, form: { password: TEST_PASSWORD, confirm: "yes", deleteComments: "on" } });
    expect(done.status).toBe(302);

    for (const id of [waiting.id, waitingDocument.id]) {
      expect(await db.selectFrom("attachments").select("id").where("id", "=", id).execute()).toEqual([]);
      expect(await db.selectFrom("attachment_files").select("variant").where("attachment_id", "=", id).execute()).toEqual([]);
    }
    expect(await db.selectFrom("attachments").select("id").where("uploader_id", "=", member.id).execute()).toEqual([]);
    const kept = await db.selectFrom("attachments").select(["id", "uploader_id", "practice_id", "alt"]).where("id", "in", [photo.id, form.id]).orderBy("id").execute();
    expect(kept).toEqual([
      { id: photo.id, uploader_id: null, practice_id: practice.id, alt: "Sewing machines on a table" },
      { id: form.id, uploader_id: null, practice_id: practice.id, alt: "" },
    ]);
    expect(sha256(await served(reader.cookie, photo.id))).toBe(sha256(photo.bytes));
    expect(sha256(await served(reader.cookie, form.id))).toBe(sha256(form.bytes));
    expect(await db.selectFrom("attachment_files").select("variant").where("attachment_id", "=", othersWaiting.id).execute()).toEqual([{ variant: "file" }]);
  });
});

describe("organisation archive", () => {
  it("carries every file on the archived practices, never one a moderator hid or one removed", async () => {
    const org = await makeOrganisation(db, { name: "Archive Org" });
    const coordinator = await makeSignedIn(db, { organisationId: org.id, role: "coordinator" });
    const member = await makeSignedIn(db, { organisationId: org.id });
    const moderator = await makeSignedIn(db, { role: "admin" });
    const photo = await storeImage(db, { uploaderId: member.id, name: "workshop.png" });
    const form = await storeDocument(db, { uploaderId: member.id, name: "intake-form.txt" });
    const flagged = await storeDocument(db, { uploaderId: member.id, name: "flagged.txt" });
    const purged = await storeDocument(db, { uploaderId: member.id, name: "purged.txt" });
    const practice = await practiceWith(member, "Night crèche", [photo.id, form.id, flagged.id, purged.id], { [photo.id]: "Beds in a rented room" });
    await hideAttachment(db, { id: flagged.id, moderatorId: moderator.id, reason: "A name in it" });
    await purgeAttachments(db, { practiceId: practice.id, ids: [purged.id], by: moderator.id });
    const draftFile = await storeDocument(db, { uploaderId: member.id, name: "draft-only.txt" });
    await createPractice(db, { authorId: member.id, organisationId: org.id, writeUp: sampleWriteUp({ title: "A draft" }), meta: META, publish: false, attachments: attaching([draftFile.id]) });
    await storeDocument(db, { uploaderId: member.id, name: "waiting.txt" });

    const files = await download(archiveLoader, coordinator.cookie, { slug: org.slug });
    const photoPath = `attachments/${practice.slug}/${photo.id}-workshop.jpg`;
    expect(attachmentPaths(files)).toEqual([photoPath, `attachments/${practice.slug}/${form.id}-intake-form.txt`].sort());
    expect(files[photoPath]).toEqual(await served(member.cookie, photo.id));
    expect(sha256(files[`attachments/${practice.slug}/${form.id}-intake-form.txt`]!)).toBe(sha256(form.bytes));

    const data = JSON.parse(strFromU8(files["organisation.json"]!));
    expect(data.attachments).toEqual([
      expect.objectContaining({
        id: photo.id,
        name: "workshop.png",
        type: "jpeg",
        size: photo.bytes.byteLength,
        practice: practice.slug,
        alt: "Beds in a rented room",
        hidden: false,
        file: photoPath,
      }),
      expect.objectContaining({ id: form.id, name: "intake-form.txt", type: "txt", size: form.bytes.byteLength, hidden: false }),
    ]);
    expect(JSON.stringify(data)).not.toContain("flagged.txt");
  });
});
