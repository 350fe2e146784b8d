import { createHash } from "node:crypto";
import type { Db } from "../../db/client";
import { discardBookFilesOfPractices } from "./handbook-file.server";
import {
  ATTACHMENT_LIMITS,
  ATTACHMENT_MIME,
  type AttachmentKind,
  type AttachmentType,
  type AttachmentVariant,
  type AttachmentView,
  type ImageConsent,
  type PendingAttachmentView,
} from "../domain/attachment";
import { JOINED_PRACTICE_ACCESS } from "./audience.server";

const DAY_MS = 24 * 60 * 60 * 1000;

/** What app/utils/attachments/prepare.server.ts hands over, cleaned: only these bytes are ever stored. */
export type StorableAttachment =
  { kind: "image"; type: AttachmentType; name: string; display: StorableCopy; thumb: StorableCopy } | { kind: "document"; type: AttachmentType; name: string; file: Uint8Array; text: string };
interface StorableCopy {
  bytes: Uint8Array;
  mime: string;
  width: number;
  height: number;
}

/** What every listing of a file names. */
const FILE_COLUMNS = ["attachments.id", "attachments.kind", "attachments.type", "attachments.name", "attachments.size", "attachments.alt"] as const;

const VIEW_COLUMNS = [...FILE_COLUMNS, "attachments.width", "attachments.height", "attachments.thumb_width as thumbWidth", "attachments.thumb_height as thumbHeight"] as const;

const etagOf = (bytes: Uint8Array) => `"${createHash("sha256").update(bytes).digest("base64url").slice(0, 32)}"`;

/**
 * Keeps a cleaned upload, waiting for its practice to be saved (practice_id null): only its
 * uploader can see it until then. `replacesId` names the attachment it takes the place of.
 */
export async function storePendingAttachment(
  db: Db,
  { uploaderId, file, replacesId = null, now = Date.now() }: { uploaderId: number; file: StorableAttachment; replacesId?: number | null; now?: number },
) {
  const served = file.kind === "image" ? file.display.bytes : file.file;
  const { id } = await db
    .insertInto("attachments")
    .values({
      uploader_id: uploaderId,
      kind: file.kind,
      type: file.type,
      name: file.name,
      size: served.byteLength,
      text: file.kind === "document" ? file.text : "",
      width: file.kind === "image" ? file.display.width : null,
      height: file.kind === "image" ? file.display.height : null,
      thumb_width: file.kind === "image" ? file.thumb.width : null,
      thumb_height: file.kind === "image" ? file.thumb.height : null,
      replaces_id: replacesId,
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const copies: { variant: AttachmentVariant; mime: string; bytes: Uint8Array }[] =
    file.kind === "image"
      ? [
          { variant: "display", mime: file.display.mime, bytes: file.display.bytes },
          { variant: "thumb", mime: file.thumb.mime, bytes: file.thumb.bytes },
        ]
      : [{ variant: "file", mime: ATTACHMENT_MIME[file.type], bytes: file.file }];
  await db
    .insertInto("attachment_files")
    .values(copies.map((c) => ({ attachment_id: id, variant: c.variant, mime: c.mime, size: c.bytes.byteLength, etag: etagOf(c.bytes), bytes: Buffer.from(c.bytes) })))
    .execute();
  return id;
}

/**
 * What a member may still upload today (the last 24 hours, uploads discarded before saving
 * included: each one was read and cleaned).
 */
export async function uploadAllowance(db: Db, { uploaderId, now = Date.now() }: { uploaderId: number; now?: number }) {
  const used = await db
    .selectFrom("attachments")
    .select((eb) => [eb.fn.countAll<number>().as("files"), eb.fn.coalesce(eb.fn.sum<number>("size"), eb.lit(0)).as("bytes")])
    .where("uploader_id", "=", uploaderId)
    .where("created_at", ">", now - DAY_MS)
    .executeTakeFirstOrThrow();
  return { files: Math.max(0, ATTACHMENT_LIMITS.dailyFiles - Number(used.files)), bytes: Math.max(0, ATTACHMENT_LIMITS.dailyBytes - Number(used.bytes)) };
}

/** Uploads never saved with a practice, a day on: their bytes go, and so do they. */
export async function deleteStalePendingAttachments(db: Db, { now = Date.now() }: { now?: number } = {}) {
  const stale = db
    .selectFrom("attachments")
    .select("id")
    .where("practice_id", "is", null)
    .where("created_at", "<", now - DAY_MS);
  await db.deleteFrom("attachment_files").where("attachment_id", "in", stale).execute();
  await db
    .deleteFrom("attachments")
    .where("practice_id", "is", null)
    .where("created_at", "<", now - DAY_MS)
    .execute();
}

/** An upload taken back before saving: its bytes go at once; the row counts toward the day's allowance. */
export async function discardPendingAttachment(db: Db, { id, uploaderId, now = Date.now() }: { id: number; uploaderId: number; now?: number }) {
  const row = await db
    .selectFrom("attachments")
    .select("id")
    .where("id", "=", id)
    .where("uploader_id", "=", uploaderId)
    .where("practice_id", "is", null)
    .where("purged_at", "is", null)
    .executeTakeFirst();
  if (!row) return false;
  await db.deleteFrom("attachment_files").where("attachment_id", "=", id).execute();
  await db.updateTable("attachments").set({ purged_at: now, text: "" }).where("id", "=", id).execute();
  return true;
}

/** The member's own waiting uploads among `ids`, in that order. */
export async function listPendingAttachments(db: Db, { uploaderId, ids }: { uploaderId: number; ids: readonly number[] }): Promise<PendingAttachmentView[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("attachments")
    .select([...VIEW_COLUMNS, "attachments.consent", "attachments.replaces_id as replaces"])
    .where("id", "in", [...ids])
    .where("uploader_id", "=", uploaderId)
    .where("practice_id", "is", null)
    .where("purged_at", "is", null)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The attachments a practice carries now, in their order; hidden ones only when `withHidden` (moderators, uploaders). */
export async function listPracticeAttachments(db: Db, { practiceId, withHidden = false }: { practiceId: number; withHidden?: boolean }) {
  let query = db
    .selectFrom("attachments")
    .select([...VIEW_COLUMNS, "attachments.consent", "attachments.uploader_id as uploaderId", "attachments.hidden_at as hiddenAt"])
    .where("practice_id", "=", practiceId)
    .where("removed_at", "is", null)
    .where("purged_at", "is", null);
  if (!withHidden) query = query.where("hidden_at", "is", null);
  return query.orderBy("position").orderBy("id").execute();
}

/** The attachments each revision had (hidden and removed-for-good ones left out), by revision id. */
export async function listRevisionAttachments(db: Db, { revisionIds }: { revisionIds: readonly number[] }): Promise<Map<number, AttachmentView[]>> {
  const result = new Map<number, AttachmentView[]>();
  if (revisionIds.length === 0) return result;
  const rows = await db
    .selectFrom("revision_attachments")
    .innerJoin("attachments", "attachments.id", "revision_attachments.attachment_id")
    .select([...VIEW_COLUMNS, "revision_attachments.revision_id as revisionId"])
    .where("revision_attachments.revision_id", "in", [...revisionIds])
    .where("attachments.hidden_at", "is", null)
    .where("attachments.purged_at", "is", null)
    .orderBy("revision_attachments.position")
    .orderBy("attachments.id")
    .execute();
  for (const { revisionId, ...view } of rows) result.set(revisionId, [...(result.get(revisionId) ?? []), view]);
  return result;
}

/**
 * Names of what each revision added and removed against the one before it, by revision
 * number. A hidden file is left out (as if no revision had it) unless `withHidden` (moderators).
 */
export async function revisionAttachmentChanges(db: Db, { practiceId, withHidden = false }: { practiceId: number; withHidden?: boolean }) {
  let query = db
    .selectFrom("revision_attachments")
    .innerJoin("practice_revisions", "practice_revisions.id", "revision_attachments.revision_id")
    .innerJoin("attachments", "attachments.id", "revision_attachments.attachment_id")
    .select(["practice_revisions.number", "attachments.id", "attachments.name", "attachments.purged_at as purgedAt"])
    .where("practice_revisions.practice_id", "=", practiceId);
  if (!withHidden) query = query.where("attachments.hidden_at", "is", null);
  const rows = await query.execute();
  const numbers = await db.selectFrom("practice_revisions").select("number").where("practice_id", "=", practiceId).orderBy("number").execute();
  const byNumber = new Map<number, Map<number, string | null>>();
  for (const r of rows) {
    const set = byNumber.get(r.number) ?? new Map<number, string | null>();
    set.set(r.id, r.purgedAt === null ? r.name : null);
    byNumber.set(r.number, set);
  }
  const changes = new Map<number, { added: (string | null)[]; removed: (string | null)[] }>();
  let before = new Map<number, string | null>();
  for (const { number } of numbers) {
    const now = byNumber.get(number) ?? new Map<number, string | null>();
    const added = [...now].filter(([id]) => !before.has(id)).map(([, name]) => name);
    const removed = [...before].filter(([id]) => !now.has(id)).map(([, name]) => name);
    if (added.length || removed.length) changes.set(number, { added, removed });
    before = now;
  }
  return changes;
}

/** Records which attachments a new revision has: those on the practice now. */
export async function recordRevisionAttachments(db: Db, { practiceId, revisionId }: { practiceId: number; revisionId: number }) {
  const current = await db
    .selectFrom("attachments")
    .select(["id", "position"])
    .where("practice_id", "=", practiceId)
    .where("removed_at", "is", null)
    .where("purged_at", "is", null)
    .orderBy("position")
    .orderBy("id")
    .execute();
  if (current.length === 0) return;
  await db
    .insertInto("revision_attachments")
    .values(current.map((a, i) => ({ revision_id: revisionId, attachment_id: a.id, position: i })))
    .execute();
}

/** What the practice form asks to change among a practice's attachments, checked by app/forms/practice/attachments.server.ts. */
export interface AttachmentChanges {
  /** Waiting uploads of the editor to add, in order. */
  add: readonly number[];
  /** Attachments of the practice to take off it. */
  remove: readonly number[];
  /** Waiting uploads of the editor's taken back before saving. */
  discard: readonly number[];
  /** An image's alternative text and consent, for images added or already there. */
  images: ReadonlyMap<number, { alt: string; consent: ImageConsent | null }>;
}

/**
 * Applies the form's changes to a practice's attachments, before its revision is written.
 * An attachment no revision has yet (a draft's) is removed for good; one a revision has
 * stays for that revision and leaves the practice.
 */
export async function applyAttachmentChanges(db: Db, { practiceId, editorId, changes, now = Date.now() }: { practiceId: number; editorId: number; changes: AttachmentChanges; now?: number }) {
  const pending = await listPendingAttachments(db, { uploaderId: editorId, ids: changes.add });
  // Positions before anything leaves: a replacement takes the place of what it replaces.
  const current = await db.selectFrom("attachments").select(["id", "position"]).where("practice_id", "=", practiceId).where("removed_at", "is", null).where("purged_at", "is", null).execute();
  const position = new Map(current.map((p) => [p.id, p.position]));
  const replaced = pending.flatMap((p) => (p.replaces !== null && position.has(p.replaces) ? [p.replaces] : []));
  const leaving = [...new Set([...changes.remove, ...replaced])].filter((id) => position.has(id));
  if (leaving.length > 0) {
    const inRevisions = await db.selectFrom("revision_attachments").select("attachment_id").distinct().where("attachment_id", "in", leaving).execute();
    const kept = new Set(inRevisions.map((r) => r.attachment_id));
    const soft = leaving.filter((id) => kept.has(id));
    const gone = leaving.filter((id) => !kept.has(id));
    if (soft.length) await db.updateTable("attachments").set({ removed_at: now, removed_by: editorId }).where("id", "in", soft).where("practice_id", "=", practiceId).execute();
    if (gone.length) await purgeAttachments(db, { practiceId, ids: gone, by: editorId, now });
  }
  let last = Math.max(-1, ...current.map((p) => p.position));
  for (const p of pending) {
    const place = p.replaces !== null && position.has(p.replaces) ? position.get(p.replaces)! : ++last;
    await db.updateTable("attachments").set({ practice_id: practiceId, attached_at: now, position: place, replaces_id: null }).where("id", "=", p.id).where("practice_id", "is", null).execute();
  }
  for (const id of changes.discard) await discardPendingAttachment(db, { id, uploaderId: editorId, now });
  for (const [id, image] of changes.images) {
    await db.updateTable("attachments").set({ alt: image.alt, consent: image.consent }).where("id", "=", id).where("practice_id", "=", practiceId).where("kind", "=", "image").execute();
  }
}

/** Removes attachments of a practice for good: the bytes and the text go; the row stays for what names it. */
export async function purgeAttachments(db: Db, { practiceId, ids, by, now = Date.now() }: { practiceId: number | null; ids: readonly number[]; by: number | null; now?: number }) {
  if (ids.length === 0) return;
  let rows = db
    .selectFrom("attachments")
    .select("id")
    .where("id", "in", [...ids]);
  if (practiceId !== null) rows = rows.where("practice_id", "=", practiceId);
  const found = (await rows.execute()).map((r) => r.id);
  if (found.length === 0) return;
  await db.deleteFrom("attachment_files").where("attachment_id", "in", found).execute();
  // An image printed in a handbook file goes with it.
  const held = await db.selectFrom("attachments").select("practice_id").where("id", "in", found).where("practice_id", "is not", null).distinct().execute();
  await discardBookFilesOfPractices(db, { practiceIds: held.map((r) => r.practice_id!) });
  await db.updateTable("attachments").set({ purged_at: now, purged_by: by, removed_at: now, removed_by: by, text: "", alt: "", name: "", hidden_reason: null }).where("id", "in", found).execute();
}

/** The text of each document among `ids` (the practice's own or the editor's waiting uploads), for the privacy check. */
export async function attachmentTexts(db: Db, { ids, practiceId, uploaderId }: { ids: readonly number[]; practiceId: number | null; uploaderId: number }) {
  if (ids.length === 0) return [];
  return db
    .selectFrom("attachments")
    .select(["id", "name", "text"])
    .where("id", "in", [...ids])
    .where("kind", "=", "document")
    .where("purged_at", "is", null)
    .where((eb) => eb.or([eb.and([eb("practice_id", "is", null), eb("uploader_id", "=", uploaderId)]), ...(practiceId === null ? [] : [eb("practice_id", "=", practiceId)])]))
    .orderBy("id")
    .execute();
}

/** One attachment with what deciding who may fetch it needs: its state and its practice's access columns. */
export async function getAttachment(db: Db, { id }: { id: number }) {
  return db
    .selectFrom("attachments")
    .leftJoin("practices", "practices.id", "attachments.practice_id")
    .select([
      ...VIEW_COLUMNS,
      "attachments.practice_id as practiceId",
      "attachments.uploader_id as uploaderId",
      "attachments.hidden_at as hiddenAt",
      "attachments.removed_at as removedAt",
      "attachments.purged_at as purgedAt",
      "practices.slug as practiceSlug",
      "practices.title as practiceTitle",
      ...JOINED_PRACTICE_ACCESS,
    ])
    .where("attachments.id", "=", id)
    .executeTakeFirst();
}
export type AttachmentRecord = NonNullable<Awaited<ReturnType<typeof getAttachment>>>;

/**
 * Files as an export lists them, with the copy it carries (a document's file, an image's
 * display copy): the member export and the organisation archive add whose and which.
 */
export function exportedAttachments(db: Db) {
  return db
    .selectFrom("attachments")
    .leftJoin("practices", "practices.id", "attachments.practice_id")
    .innerJoin("attachment_files", (join) => join.onRef("attachment_files.attachment_id", "=", "attachments.id").on("attachment_files.variant", "in", ["file", "display"]))
    .select([...FILE_COLUMNS, "attachments.hidden_at as hiddenAt", "attachment_files.mime", "practices.slug as practiceSlug", "practices.title as practiceTitle"])
    .where("attachments.purged_at", "is", null)
    .where("attachments.removed_at", "is", null);
}

/** The stored bytes of one copy. */
export async function readAttachmentFile(db: Db, { id, variant }: { id: number; variant: AttachmentVariant }) {
  return db.selectFrom("attachment_files").select(["mime", "size", "etag", "bytes"]).where("attachment_id", "=", id).where("variant", "=", variant).executeTakeFirst();
}

/** How many attachments a practice carries now. */
export async function countPracticeAttachments(db: Db, { practiceId }: { practiceId: number }) {
  const row = await db
    .selectFrom("attachments")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("practice_id", "=", practiceId)
    .where("removed_at", "is", null)
    .where("purged_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type { AttachmentKind };

/**
 * Hidden by a moderator: gone from the practice page, its handbooks and its history for
 * members; its uploader and the moderators still reach it. False when there was nothing to
 * hide (a waiting upload, one already hidden or removed for good).
 */
export async function hideAttachment(db: Db, { id, moderatorId, reason, now = Date.now() }: { id: number; moderatorId: number; reason: string; now?: number }) {
  const { numUpdatedRows } = await db
    .updateTable("attachments")
    .set({ hidden_at: now, hidden_by: moderatorId, hidden_reason: reason })
    .where("id", "=", id)
    .where("practice_id", "is not", null)
    .where("hidden_at", "is", null)
    .where("purged_at", "is", null)
    .executeTakeFirst();
  if (numUpdatedRows === 0n) return false;
  // A handbook file that printed it keeps it no longer.
  const { practice_id } = await db.selectFrom("attachments").select("practice_id").where("id", "=", id).executeTakeFirstOrThrow();
  await discardBookFilesOfPractices(db, { practiceIds: [practice_id!] });
  return true;
}

/** Shown again as before it was hidden. False when it was not hidden (or is removed for good). */
export async function unhideAttachment(db: Db, { id }: { id: number }) {
  const { numUpdatedRows } = await db
    .updateTable("attachments")
    .set({ hidden_at: null, hidden_by: null, hidden_reason: null })
    .where("id", "=", id)
    .where("hidden_at", "is not", null)
    .where("purged_at", "is", null)
    .executeTakeFirst();
  return numUpdatedRows > 0n;
}
