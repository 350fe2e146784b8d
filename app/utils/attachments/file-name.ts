import { ATTACHMENT_LIMITS, DOCUMENT_EXTENSION, isDocumentType, type AttachmentType } from "../../domain/attachment";

// Controls, and the invisible format characters (bidi overrides and isolates among them) that can make "exe.pdf" read as "fdp.exe".
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;
// Characters no file system on the members' machines takes in a name.
const RESERVED = /[<>:"/\\|?*]/g;
const WINDOWS_DEVICE = /^(?:con|prn|aux|nul|com\d|lpt\d)$/i;
const FALLBACK = "attachment";

/**
 * The extension of a stored file of this type. An image is only ever served as its
 * re-encoded copy, so a WebP (re-encoded as JPEG or PNG) is named by that copy's type by
 * the caller; given "webp" alone it is named .jpg.
 */
const extensionOf = (type: AttachmentType): string => (isDocumentType(type) ? DOCUMENT_EXTENSION[type] : type === "png" ? "png" : "jpg");

/**
 * A name safe to show and to offer as a download: the last part of any path, no control or
 * direction-changing characters, no characters a file system refuses, the extension of the
 * type the content turned out to be, at most ATTACHMENT_LIMITS.nameMax characters, never empty.
 */
export function sanitiseFileName(originalName: string, type: AttachmentType): string {
  const extension = extensionOf(type);
  const base = (originalName.normalize("NFC").split(/[/\\]/).pop() ?? "").replace(INVISIBLE, "").replace(RESERVED, "_");
  // The name's own extension goes whatever it was: the content decides the type.
  let stem = base
    .replace(/\.[\p{L}\p{N}]{1,10}$/u, "")
    .replace(/\s+/g, " ")
    .replace(/^[\s.]+|[\s.]+$/g, "");
  if (WINDOWS_DEVICE.test(stem)) stem = `_${stem}`;
  const room = ATTACHMENT_LIMITS.nameMax - extension.length - 1;
  // Counted in UTF-16 units, as the column and the limit are, but cut between whole characters.
  let cut = "";
  for (const character of stem) {
    if (cut.length + character.length > room) break;
    cut += character;
  }
  stem = cut.replace(/[\s.]+$/, "");
  return `${stem || FALLBACK}.${extension}`;
}

/** A name as sent, safe to say back in a refusal: its last path part, without invisible characters, bounded. */
export function shownFileName(originalName: string): string {
  const base = (originalName.normalize("NFC").split(/[/\\]/).pop() ?? "").replace(INVISIBLE, "").trim();
  return [...base].slice(0, ATTACHMENT_LIMITS.nameMax).join("") || FALLBACK;
}
