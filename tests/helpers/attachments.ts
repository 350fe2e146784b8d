import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import sharp from "sharp";
import { strToU8 } from "fflate";
import type { Database } from "../../db/schema";
import type { ImageConsent } from "../../app/domain/attachment";
import { storePendingAttachment, type AttachmentChanges } from "../../app/models/attachment.server";

/** A small JPEG, as the cleaning step would leave an image's copies. */
export async function tinyJpeg({ width = 40, height = 30, background = "#c00" }: { width?: number; height?: number; background?: string } = {}) {
  return new Uint8Array(
    await sharp({ create: { width, height, channels: 3, background } })
      .jpeg()
      .toBuffer(),
  );
}

/** A member's waiting image upload (display and thumbnail copies); returns its id and the display copy's bytes. */
export async function storeImage(db: Kysely<Database>, { uploaderId, name = "workshop.jpg", background = "#c00" }: { uploaderId: number; name?: string; background?: string }) {
  const display = await tinyJpeg({ width: 40, height: 30, background });
  const thumb = await tinyJpeg({ width: 20, height: 15, background });
  const id = await storePendingAttachment(db, {
    uploaderId,
    file: { kind: "image", type: "jpeg", name, display: { bytes: display, mime: "image/jpeg", width: 40, height: 30 }, thumb: { bytes: thumb, mime: "image/jpeg", width: 20, height: 15 } },
  });
  return { id, bytes: display };
}

/** A member's waiting document upload; returns its id and its bytes. */
export async function storeDocument(db: Kysely<Database>, { uploaderId, name = "intake-form.txt", bytes }: { uploaderId: number; name?: string; bytes?: Uint8Array }) {
  const file = bytes ?? strToU8(`Intake form: ask for the first name only.\n${name}\n`);
  const text = bytes ? "" : new TextDecoder().decode(file);
  const id = await storePendingAttachment(db, { uploaderId, file: { kind: "document", type: "txt", name, file, text } });
  return { id, bytes: file };
}

/** The practice form's changes that attach these waiting uploads; images get alternative text and a consent. */
export function attaching(ids: number[], images: Record<number, string> = {}): AttachmentChanges {
  const consent: ImageConsent = "no_person";
  return { add: ids, remove: [], discard: [], images: new Map(Object.entries(images).map(([id, alt]) => [Number(id), { alt, consent }])) };
}

export const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
