/**
 * One upload, made safe to store: its type decided by its content, refused with a reason
 * or cleaned of what names a person or a place (metadata, authors, GPS), with the text the
 * privacy check reads. The uploaded bytes themselves are never returned.
 */
import { ATTACHMENT_LIMITS, type AttachmentRefusal, type DocumentType, type ImageType } from "../../domain/attachment";
import { detectType } from "./detect.server";
import { prepareImage, type Rendition } from "./images.server";
import { prepareOffice } from "./office.server";
import { preparePdf } from "./pdf.server";
import { sanitiseFileName } from "./file-name";

export type { Rendition } from "./images.server";
export { sanitiseFileName } from "./file-name";

export type PreparedAttachment =
  | { ok: true; kind: "image"; type: ImageType; name: string; display: Rendition; thumb: Rendition }
  | { ok: true; kind: "document"; type: DocumentType; name: string; file: Buffer; text: string }
  | { ok: false; refusal: AttachmentRefusal };

const refused = (refusal: AttachmentRefusal): PreparedAttachment => ({ ok: false, refusal });

export async function prepareAttachment(bytes: Uint8Array, originalName: string): Promise<PreparedAttachment> {
  if (bytes.byteLength === 0) return refused("empty");
  if (bytes.byteLength > ATTACHMENT_LIMITS.fileBytes) return refused("tooLarge");

  const detected = await detectType(bytes, originalName);
  if (!detected.ok) return refused(detected.refusal);
  const { type } = detected;

  switch (type) {
    case "jpeg":
    case "png":
    case "webp": {
      const image = await prepareImage(bytes, type);
      if (!image.ok) return refused(image.refusal);
      const name = sanitiseFileName(originalName, image.display.mime === "image/png" ? "png" : "jpeg");
      return { ok: true, kind: "image", type, name, display: image.display, thumb: image.thumb };
    }
    case "pdf": {
      const pdf = await preparePdf(bytes);
      if (!pdf.ok) return refused(pdf.refusal);
      return { ok: true, kind: "document", type, name: sanitiseFileName(originalName, type), file: pdf.file, text: pdf.text };
    }
    case "txt":
    case "csv":
      // Text carries no metadata; it is stored as sent.
      return { ok: true, kind: "document", type, name: sanitiseFileName(originalName, type), file: Buffer.from(bytes), text: detected.text ?? "" };
    default: {
      const office = await prepareOffice(bytes, type);
      if (!office.ok) return refused(office.refusal);
      return { ok: true, kind: "document", type, name: sanitiseFileName(originalName, type), file: office.file, text: office.text };
    }
  }
}
