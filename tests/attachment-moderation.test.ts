import type { Kysely } from "kysely";
import sharp from "sharp";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import { listRevisionAttachments, revisionAttachmentChanges, storePendingAttachment, type StorableAttachment } from "../app/models/attachment.server";
import { createPractice, getPracticeBySlug, updatePractice, writeUpOf } from "../app/models/practice.server";
import { loader as fileLoader } from "../app/routes/attachments.$id.($variant)";
import { action as moderateAction, loader as moderateLoader } from "../app/routes/attachments.$id.moderate";
import { action as flagAction, loader as flagLoader } from "../app/routes/flag";
import { action as moderationAction, loader as moderationLoader } from "../app/routes/moderation";
import { loader as practiceLoader } from "../app/routes/practices.$slug._index/route";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makeOrganisation, makeSignedIn, sampleWriteUp } from "./factories";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

const signedIn = (options: Parameters<typeof makeSignedIn>[1] = {}) => makeSignedIn(db, options);
const meta = { language: "en", themes: ["children-families"], countries: ["IN"] };

async function photo(name = "workshop.jpg"): Promise<StorableAttachment> {
  const display = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#c00" } })
    .jpeg()
    .toBuffer();
  const thumb = await sharp(display).resize(20).jpeg().toBuffer();
  return { kind: "image", type: "jpeg", name, display: { bytes: display, mime: "image/jpeg", width: 40, height: 30 }, thumb: { bytes: thumb, mime: "image/jpeg", width: 20, height: 15 } };
}
const notes = (): StorableAttachment => ({
  kind: "document",
  type: "txt",
  name: "intake-notes.txt",
  file: new TextEncoder().encode("Intake form: ask for the first name only.\n"),
  text: "Intake form: ask for the first name only.",
});

/** A published practice by an author of a Nepali organisation, with a photo of the workshop and a text file. */
async function scene({ publish = true }: { publish?: boolean } = {}) {
  const org = await makeOrganisation(db, { country: "NP" });
  const author = await signedIn({ organisationId: org.id, displayName: "Sita Gurung" });
  const photoId = await storePendingAttachment(db, { uploaderId: author.id, file: await photo() });
  const notesId = await storePendingAttachment(db, { uploaderId: author.id, file: notes() });
  const practice = await createPractice(db, {
    authorId: author.id,
    organisationId: org.id,
    writeUp: sampleWriteUp(),
    meta,
    publish,
    attachments: { add: [photoId, notesId], remove: [], discard: [], images: new Map([[photoId, { alt: "Carers and children around a table", consent: "no_person" as const }]]) },
  });
  return { org, author, practice, photoId, notesId, params: { slug: practice.slug } };
}

const fetchFile = (cookie: string, id: number) => call(fileLoader, { db, cookie, path: `/attachments/${id}`, params: { id: String(id) } });
const moderate = (cookie: string, id: number, form: Record<string, string>) => call(moderateAction, { db, cookie, path: `/attachments/${id}/moderate`, params: { id: String(id) }, form });
const flag = (cookie: string, id: number, form: Record<string, string> = { reason: "personal_data", note: "a face in the back row" }) =>
  call(flagAction, { db, cookie, path: `/flag?attachment=${id}`, form });
async function pageAttachments(cookie: string, slug: string) {
  const response = await call(practiceLoader, { db, cookie, params: { slug } });
  expect(response.status).toBe(200);
  return ((await response.json()).attachments as { id: number; name: string; hidden: boolean }[]).map((a) => ({ id: a.id, name: a.name, hidden: a.hidden }));
}
const auditOf = (action: string) => db.selectFrom("audit_log").select(["actor_id", "target_type", "target_id", "detail"]).where("action", "=", action).execute();
const filesOf = (id: number) => db.selectFrom("attachment_files").select("variant").where("attachment_id", "=", id).execute();
async function revisionIds(practiceId: number) {
  return (await db.selectFrom("practice_revisions").select(["id", "number"]).where("practice_id", "=", practiceId).orderBy("number").execute()).map((r) => r.id);
}

describe("flagging a file", () => {
  it("a reader flags a photo, the queue names it with its practice, and the thanks lead back to the practice", async () => {
    const { practice, photoId, params } = await scene();
    const reader = await signedIn();
    const curator = await signedIn({ role: "curator" });

    const form = await call(flagLoader, { db, cookie: reader.cookie, path: `/flag?attachment=${photoId}` });
    expect(form.status).toBe(200);
    expect((await form.json()).subject).toMatchObject({ type: "attachment", name: "workshop.jpg", title: sampleWriteUp().title });

    const sent = await flag(reader.cookie, photoId);
    expect(sent.status).toBe(302);
    expect(sent.headers.get("Location")).toBe(`/flag?sent=1&attachment=${photoId}`);
    const thanks = await (await call(flagLoader, { db, cookie: reader.cookie, path: sent.headers.get("Location")! })).json();
    expect(thanks).toEqual({ subject: null, back: `/practices/${practice.slug}#attachments` });
    // A flag on a file restricts nothing: the practice and the file stay as they were.
    expect(await pageAttachments(reader.cookie, practice.slug)).toHaveLength(2);
    expect((await fetchFile(reader.cookie, photoId)).status).toBe(200);

    const flags = await db.selectFrom("flags").select(["subject_type", "subject_id", "reason", "note", "reporter_id"]).execute();
    expect(flags).toEqual([{ subject_type: "attachment", subject_id: photoId, reason: "personal_data", note: "a face in the back row", reporter_id: reader.id }]);

    const queue = await (await call(moderationLoader, { db, cookie: curator.cookie })).json();
    expect(queue.flags).toHaveLength(1);
    expect(queue.flags[0]).toMatchObject({
      subjectType: "attachment",
      note: "a face in the back row",
      attachment: { id: photoId, name: "workshop.jpg", type: "jpeg", title: sampleWriteUp().title, slug: params.slug, narrowed: false, withdrawn: false },
      comment: null,
      practice: null,
    });
  });

  it("a waiting upload, a draft's file, a hidden one and an unknown id cannot be flagged", async () => {
    const { author, photoId } = await scene();
    const draft = await scene({ publish: false });
    const reader = await signedIn();
    const curator = await signedIn({ role: "curator" });
    const waiting = await storePendingAttachment(db, { uploaderId: author.id, file: notes() });
    expect((await call(flagLoader, { db, cookie: author.cookie, path: `/flag?attachment=${waiting}` })).status).toBe(404);
    expect((await flag(author.cookie, waiting)).status).toBe(404);
    expect((await call(flagLoader, { db, cookie: draft.author.cookie, path: `/flag?attachment=${draft.notesId}` })).status).toBe(404);
    expect((await call(flagLoader, { db, cookie: reader.cookie, path: "/flag?attachment=99999" })).status).toBe(404);
    await moderate(curator.cookie, photoId, { intent: "hide", reason: "a child's face" });
    expect((await call(flagLoader, { db, cookie: reader.cookie, path: `/flag?attachment=${photoId}` })).status).toBe(404);
    expect((await flag(reader.cookie, photoId)).status).toBe(404);
    expect(await db.selectFrom("flags").select("id").execute()).toEqual([]);
  });
});

describe("hiding a file", () => {
  it("a curator hides a flagged photo: members lose it everywhere, its uploader and moderators keep it; shown again, it is back", async () => {
    const { author, practice, photoId, notesId, params } = await scene();
    const reader = await signedIn();
    const curator = await signedIn({ role: "curator" });
    await flag(reader.cookie, photoId);
    await flag(reader.cookie, notesId, { reason: "other", note: "" });

    const hidden = await moderate(curator.cookie, photoId, { intent: "hide", reason: "A child can be recognised" });
    expect(hidden.status).toBe(302);
    expect(hidden.headers.get("Location")).toBe(`/practices/${practice.slug}#attachments`);

    expect(await pageAttachments(reader.cookie, practice.slug)).toEqual([{ id: notesId, name: "intake-notes.txt", hidden: false }]);
    expect((await fetchFile(reader.cookie, photoId)).status).toBe(404);
    expect((await call(fileLoader, { db, cookie: reader.cookie, path: `/attachments/${photoId}/thumb`, params: { id: String(photoId), variant: "thumb" } })).status).toBe(404);
    expect((await fetchFile(author.cookie, photoId)).status).toBe(200);
    expect((await fetchFile(curator.cookie, photoId)).status).toBe(200);
    expect(await pageAttachments(curator.cookie, practice.slug)).toEqual([
      { id: photoId, name: "workshop.jpg", hidden: true },
      { id: notesId, name: "intake-notes.txt", hidden: false },
    ]);
    // Handbook entries and the history read the revision's files: the hidden one is left out.
    const [first] = await revisionIds(practice.id);
    expect((await listRevisionAttachments(db, { revisionIds: [first!] })).get(first!)?.map((a) => a.name)).toEqual(["intake-notes.txt"]);

    // Its flags are closed as hidden; the other file's flag waits.
    const flags = await db.selectFrom("flags").select(["subject_id", "resolution", "resolved_by"]).orderBy("id").execute();
    expect(flags).toEqual([
      { subject_id: photoId, resolution: "hidden", resolved_by: curator.id },
      { subject_id: notesId, resolution: null, resolved_by: null },
    ]);
    const queue = await (await call(moderationLoader, { db, cookie: curator.cookie })).json();
    expect(queue.flags.map((f: { subjectId: number }) => f.subjectId)).toEqual([notesId]);

    const [audit] = await auditOf("attachment.hidden");
    expect(audit).toMatchObject({ actor_id: curator.id, target_type: "attachment", target_id: String(photoId) });
    expect(JSON.parse(audit!.detail)).toEqual({ practiceId: practice.id, reason: "A child can be recognised", flagsResolved: 1 });
    expect(audit!.detail).not.toContain("workshop");

    const shown = await moderate(curator.cookie, photoId, { intent: "unhide" });
    expect(shown.status).toBe(302);
    expect(shown.headers.get("Location")).toBe(`/practices/${params.slug}#attachments`);
    expect(await pageAttachments(reader.cookie, practice.slug)).toEqual([
      { id: photoId, name: "workshop.jpg", hidden: false },
      { id: notesId, name: "intake-notes.txt", hidden: false },
    ]);
    expect((await fetchFile(reader.cookie, photoId)).status).toBe(200);
    expect(await auditOf("attachment.unhidden")).toEqual([{ actor_id: curator.id, target_type: "attachment", target_id: String(photoId), detail: JSON.stringify({ practiceId: practice.id }) }]);
  });

  it("hiding from the queue hides the file, not its practice, and is audited; a file cannot be 'edited'", async () => {
    const { practice, photoId, notesId, params } = await scene();
    const reader = await signedIn();
    const admin = await signedIn({ role: "admin" });
    await flag(reader.cookie, photoId);
    await flag(reader.cookie, notesId, { reason: "off_topic", note: "" });
    const queue = await (await call(moderationLoader, { db, cookie: admin.cookie })).json();
    const photoFlag = queue.flags.find((f: { subjectId: number }) => f.subjectId === photoId);
    const notesFlag = queue.flags.find((f: { subjectId: number }) => f.subjectId === notesId);

    const edited = await call(moderationAction, { db, cookie: admin.cookie, form: { flagId: String(notesFlag.id), resolution: "edited", note: "edited out" } });
    expect(edited.status).toBe(409);
    expect((await edited.json()).formError.key).toBe("moderation.fileNotEditable");

    const resolved = await call(moderationAction, { db, cookie: admin.cookie, form: { flagId: String(photoFlag.id), resolution: "hidden", note: "a face" } });
    expect(resolved.status).toBe(302);
    const row = await db.selectFrom("attachments").select(["hidden_at", "hidden_by", "hidden_reason"]).where("id", "=", photoId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ hidden_by: admin.id, hidden_reason: "a face" });
    expect(row.hidden_at).not.toBeNull();
    const practiceRow = await db.selectFrom("practices").select(["hidden_at", "restricted_at"]).where("id", "=", practice.id).executeTakeFirstOrThrow();
    expect(practiceRow).toEqual({ hidden_at: null, restricted_at: null });
    expect(await pageAttachments(reader.cookie, params.slug)).toEqual([{ id: notesId, name: "intake-notes.txt", hidden: false }]);
    const [audit] = await auditOf("attachment.hidden");
    expect(JSON.parse(audit!.detail)).toEqual({ practiceId: practice.id, reason: "a face", flagId: photoFlag.id });

    await call(moderationAction, { db, cookie: admin.cookie, form: { flagId: String(notesFlag.id), resolution: "dismissed", note: "" } });
    expect(await pageAttachments(reader.cookie, params.slug)).toEqual([{ id: notesId, name: "intake-notes.txt", hidden: false }]);
    expect((await (await call(moderationLoader, { db, cookie: admin.cookie })).json()).flags).toEqual([]);
  });

  it("a file of a practice narrowed away from the moderator is named by type only in the queue", async () => {
    const org = await makeOrganisation(db);
    const author = await signedIn({ organisationId: org.id });
    const colleague = await signedIn({ organisationId: org.id });
    const curator = await signedIn({ role: "curator" });
    const id = await storePendingAttachment(db, { uploaderId: author.id, file: notes() });
    await createPractice(db, {
      authorId: author.id,
      organisationId: org.id,
      writeUp: sampleWriteUp({ title: "Safe house rota" }),
      meta,
      publish: true,
      audience: { audience: "organisation", groupId: null },
      attachments: { add: [id], remove: [], discard: [], images: new Map() },
    });
    await flag(colleague.cookie, id, { reason: "other", note: "names the house" });
    const queue = await (await call(moderationLoader, { db, cookie: curator.cookie })).json();
    expect(queue.flags[0]).toMatchObject({ note: "", attachment: { id, name: "", title: "", type: "txt", narrowed: true } });
    expect(JSON.stringify(queue)).not.toContain("intake-notes");
    expect(JSON.stringify(queue)).not.toContain("Safe house rota");
    // While the flag is open the moderator may open it to decide, and the audit log says so.
    expect((await fetchFile(curator.cookie, id)).status).toBe(200);
    expect(await auditOf("practice.read_for_moderation")).toHaveLength(1);
    expect((await moderate(curator.cookie, id, { intent: "hide", reason: "names the house" })).status).toBe(302);
  });
});

describe("removing a file for good", () => {
  it("an admin purges a file an earlier revision still lists: its bytes go, the row and the audit stay, nobody can fetch it", async () => {
    const { author, practice, photoId, notesId } = await scene();
    const reader = await signedIn();
    const curator = await signedIn({ role: "curator" });
    const admin = await signedIn({ role: "admin" });
    const current = (await getPracticeBySlug(db, { slug: practice.slug }))!;
    // Revision 2 takes the photo off the practice; revision 1 keeps listing it.
    await updatePractice(db, { id: practice.id, editorId: author.id, writeUp: writeUpOf(current), meta, publish: true, attachments: { add: [], remove: [photoId], discard: [], images: new Map() } });
    const [first, second] = await revisionIds(practice.id);
    expect((await listRevisionAttachments(db, { revisionIds: [first!] })).get(first!)?.map((a) => a.id)).toEqual([photoId, notesId]);
    expect((await fetchFile(reader.cookie, photoId)).status).toBe(200);
    await flag(reader.cookie, photoId);

    const unconfirmed = await moderate(admin.cookie, photoId, { intent: "purge" });
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.json()).toEqual({ errors: { confirm: { key: "attachment.purgeConfirmNeeded" } }, values: { intent: "purge" } });
    expect(await filesOf(photoId)).toHaveLength(2);

    expect((await moderate(curator.cookie, photoId, { intent: "purge", confirm: "yes" })).status).toBe(403);
    expect(await filesOf(photoId)).toHaveLength(2);

    const purged = await moderate(admin.cookie, photoId, { intent: "purge", confirm: "yes" });
    expect(purged.status).toBe(302);
    expect(purged.headers.get("Location")).toBe(`/practices/${practice.slug}#attachments`);
    expect(await filesOf(photoId)).toEqual([]);
    expect(await filesOf(notesId)).toHaveLength(1);
    const row = await db.selectFrom("attachments").select(["purged_at", "purged_by", "alt"]).where("id", "=", photoId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ purged_by: admin.id, alt: "" });
    expect(row.purged_at).not.toBeNull();
    for (const who of [reader, author, curator, admin]) expect((await fetchFile(who.cookie, photoId)).status).toBe(404);

    const lists = await listRevisionAttachments(db, { revisionIds: [first!, second!] });
    expect(lists.get(first!)?.map((a) => a.id)).toEqual([notesId]);
    expect(lists.get(second!)?.map((a) => a.id)).toEqual([notesId]);
    // The history still says a file left in revision 2, without naming what is gone for good.
    expect((await revisionAttachmentChanges(db, { practiceId: practice.id })).get(2)).toEqual({ added: [], removed: [null] });

    const audit = await auditOf("attachment.purged");
    expect(audit).toEqual([{ actor_id: admin.id, target_type: "attachment", target_id: String(photoId), detail: JSON.stringify({ practiceId: practice.id, flagsResolved: 1 }) }]);
    expect(await db.selectFrom("flags").select("resolution").execute()).toEqual([{ resolution: "hidden" }]);
    // Gone for good: a second purge, or a hide, finds nothing to act on.
    expect((await moderate(admin.cookie, photoId, { intent: "purge", confirm: "yes" })).status).toBe(404);
    expect((await moderate(admin.cookie, photoId, { intent: "hide", reason: "again" })).status).toBe(404);
  });
});

describe("who may moderate a file", () => {
  it("a member gets 403, anyone gets 404 for a file they may not see, and bad input keeps what was typed", async () => {
    const { author, photoId, notesId } = await scene();
    const draft = await scene({ publish: false });
    const reader = await signedIn();
    const curator = await signedIn({ role: "curator" });
    const admin = await signedIn({ role: "admin" });

    expect((await moderate(reader.cookie, photoId, { intent: "hide", reason: "mine to judge" })).status).toBe(403);
    expect((await moderate(author.cookie, photoId, { intent: "unhide" })).status).toBe(403);
    expect((await moderate(reader.cookie, photoId, { intent: "purge", confirm: "yes" })).status).toBe(403);
    // A draft is its organisation's alone; a waiting upload its uploader's.
    expect((await moderate(curator.cookie, draft.notesId, { intent: "hide", reason: "x" })).status).toBe(404);
    const waiting = await storePendingAttachment(db, { uploaderId: admin.id, file: notes() });
    expect((await moderate(admin.cookie, waiting, { intent: "hide", reason: "x" })).status).toBe(404);
    expect((await moderate(admin.cookie, 99999, { intent: "hide", reason: "x" })).status).toBe(404);

    const empty = await moderate(curator.cookie, photoId, { intent: "hide", reason: "   " });
    expect(empty.status).toBe(400);
    expect((await empty.json()).errors.reason.key).toBe("validation.required");
    const long = "A child in the second row can be recognised. ".repeat(12);
    const tooLong = await moderate(curator.cookie, photoId, { intent: "hide", reason: long });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toEqual({ errors: { reason: { key: "validation.tooLong", params: { max: 500 } } }, values: { intent: "hide", reason: long } });
    const unknown = await moderate(curator.cookie, notesId, { intent: "destroy" });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).values).toEqual({ intent: "destroy" });

    const rows = await db.selectFrom("attachments").select(["id", "hidden_at", "purged_at"]).where("id", "in", [photoId, notesId]).orderBy("id").execute();
    expect(rows).toEqual([
      { id: photoId, hidden_at: null, purged_at: null },
      { id: notesId, hidden_at: null, purged_at: null },
    ]);
    expect(await db.selectFrom("audit_log").select("action").where("action", "like", "attachment.%").execute()).toEqual([]);
  });

  it("the address has no page: a GET is refused with 405, a signed-out one goes to sign in", async () => {
    const { photoId } = await scene();
    const curator = await signedIn({ role: "curator" });
    const get = await call(moderateLoader, { db, cookie: curator.cookie, path: `/attachments/${photoId}/moderate`, params: { id: String(photoId) } });
    expect(get.status).toBe(405);
    expect(get.headers.get("Allow")).toBe("POST");
    const signedOut = await call(moderateLoader, { db, path: `/attachments/${photoId}/moderate`, params: { id: String(photoId) } });
    expect(signedOut.status).toBe(302);
    expect(await db.selectFrom("audit_log").select("action").where("action", "like", "attachment.%").execute()).toEqual([]);
  });
});
