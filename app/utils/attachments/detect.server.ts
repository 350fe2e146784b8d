/**
 * What a file is, from its bytes alone (file-type's magic numbers, then a look at text):
 * the name and the browser's Content-Type are never asked.
 */
import { fileTypeFromBuffer } from "file-type";
import type { AttachmentRefusal, AttachmentType } from "../../domain/attachment";
import { decideText } from "./text.server";

export type Detected = { ok: true; type: AttachmentType; text?: string } | { ok: false; refusal: AttachmentRefusal };

/** file-type's extension → the attachment type it is allowed as. */
const ALLOWED: Record<string, AttachmentType> = {
  pdf: "pdf",
  docx: "docx",
  xlsx: "xlsx",
  pptx: "pptx",
  odt: "odt",
  ods: "ods",
  odp: "odp",
  jpg: "jpeg",
  png: "png",
  // An animated PNG is a PNG whose first frame is kept.
  apng: "png",
  webp: "webp",
};

const REFUSED: Record<string, AttachmentRefusal> = {};
const refuse = (reason: AttachmentRefusal, extensions: string) => {
  for (const extension of extensions.split(" ")) REFUSED[extension] = reason;
};
refuse("heic", "heic avif");
// Programs, installers and what a system runs when opened (shortcuts, help files, browser extensions).
refuse("executable", "exe elf macho msi dll class wasm apk deb rpm dex dmg swf lnk chm crx xpi asar pyc");
refuse("archive", "zip rar 7z gz tar bz2 xz cab jar zst lz lz4 lzh lzma ar cpio arj ace Z epub");
// Office files that carry or enable macros.
refuse("macro", "docm dotm xlsm xltm pptm potm ppsm");
// XML is markup a browser renders (SVG most of all); a registry file changes Windows when opened.
refuse("markup", "xml");
refuse("script", "reg");

export async function detectType(bytes: Uint8Array, originalName: string): Promise<Detected> {
  let found: Awaited<ReturnType<typeof fileTypeFromBuffer>>;
  try {
    found = await fileTypeFromBuffer(bytes);
  } catch {
    // file-type gives up on a container that breaks its own bounds (entries, sizes).
    return { ok: false, refusal: "damaged" };
  }
  if (!found) return decideText(bytes, originalName);
  const allowed = ALLOWED[found.ext];
  if (allowed) return { ok: true, type: allowed };
  return { ok: false, refusal: REFUSED[found.ext] ?? "type" };
}
