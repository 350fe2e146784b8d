/**
 * PDFs: rewritten by pdf-lib without the document information dictionary, XMP streams,
 * application data (PieceInfo), comment authors, embedded files, the metadata of placed
 * JPEG photos, and the actions a viewer runs on opening; then read for their text by pdf.js.
 */
import { inflateSync } from "node:zlib";
import { EncryptedPDFError, PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFStream, type PDFObject } from "pdf-lib";
import type { AttachmentRefusal } from "../../domain/attachment";
import { TEXT_MAX_CHARS } from "./text.server";

export type PdfResult = { ok: true; file: Buffer; text: string } | { ok: false; refusal: AttachmentRefusal };

/** Pages and time the text extraction may take: the privacy check reads the start of a long document. */
export const PDF_TEXT_LIMITS = { pages: 200, milliseconds: 10_000 } as const;

const PDFJS_WORKER = "pdfjs-dist/legacy/build/pdf.worker.mjs";

/**
 * What the Flate streams pdf-lib and pdf.js decode (object, cross-reference, content and font
 * streams) may inflate to in all. pdf-lib's own inflate has no cap, so a 200 KB file could
 * otherwise make it allocate gigabytes.
 */
export const PDF_INFLATE_LIMIT = 200 * 1024 * 1024;

const name = (n: string) => PDFName.of(n);

class PdfRefusal extends Error {
  constructor(readonly reason: AttachmentRefusal) {
    super(reason);
  }
}

/** Inflates at most `limit` bytes; more is a bomb. A stream cut short yields what it has, as pdf-lib reads it. */
function inflateCapped(data: Uint8Array, limit: number): Buffer {
  try {
    return inflateSync(data, { maxOutputLength: Math.max(limit, 1), finishFlush: 2 /* Z_SYNC_FLUSH */ });
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw new PdfRefusal("zipBomb");
    // Not zlib data at all: pdf-lib fails on it as well, or never decodes it.
    return Buffer.alloc(0);
  }
}

/**
 * Inflates every Flate stream of the raw file, before pdf-lib parses it, against one budget.
 * Streams are found by their keywords (`stream` EOL … `endstream`) and their dictionary is
 * the text since the object's `obj`, which is how pdf-lib finds them when /Length is not a
 * direct number. Images are left out: neither pdf-lib nor the text extraction decodes them.
 */
function checkInflatedSize(bytes: Uint8Array): void {
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let left = PDF_INFLATE_LIMIT;
  let at = 0;
  // Each byte is searched a bounded number of times: the dictionary only back to the
  // previous keyword, `endstream` only when /Length is not a number, and never again once found.
  let previous = 0;
  for (;;) {
    const keyword = raw.indexOf("stream", at, "latin1");
    if (keyword < 0) return;
    const from = previous;
    previous = keyword;
    at = keyword + 6;
    if (raw.toString("latin1", keyword - 3, keyword) === "end") continue;
    let start = at;
    if (raw[start] === 0x0d) start++;
    if (raw[start] !== 0x0a) continue;
    start++;
    const objectStart = raw.subarray(from, keyword).lastIndexOf("obj", undefined, "latin1");
    const dict = raw.toString("latin1", objectStart < 0 ? from : from + objectStart, keyword);
    const length = /\/Length\s+(\d{1,10})(\s+\d+\s+R)?/.exec(dict);
    let stop: number;
    if (length && !length[2] && start + Number(length[1]) <= raw.length) stop = start + Number(length[1]);
    else {
      const end = raw.indexOf("endstream", start, "latin1");
      stop = end < 0 ? raw.length : end;
    }
    at = Math.max(at, stop);
    if (!/\/FlateDecode\b/.test(dict) || /\/Subtype\s*\/Image\b/.test(dict)) continue;
    left -= inflateCapped(raw.subarray(start, stop), left + 1).length;
    if (left < 0) throw new PdfRefusal("zipBomb");
  }
}

/** A placed photo's metadata is kept up to 50 MiB of JPEG; no page image is larger. */
const JPEG_MAX_BYTES = 50 * 1024 * 1024;

/**
 * The JPEG without its EXIF (GPS, camera, author), XMP, IPTC/Photoshop, comments and
 * thumbnails: APP1, APP13, every APPn but JFIF (APP0), the ICC profile (APP2) and Adobe's
 * colour transform (APP14), and COM. The frame and scan segments are copied as they are, so
 * the picture, its size and its colours do not change. Anything after the first image's
 * EOI (a second, MPF, picture) is dropped.
 */
export function stripJpegMetadata(jpeg: Uint8Array): Uint8Array {
  const data = Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
  if (data[0] !== 0xff || data[1] !== 0xd8) throw new PdfRefusal("damaged");
  const out: Buffer[] = [data.subarray(0, 2)];
  let at = 2;
  while (at < data.length) {
    if (data[at] !== 0xff) throw new PdfRefusal("damaged");
    let markerAt = at;
    while (data[markerAt + 1] === 0xff) markerAt++; // fill bytes
    const marker = data[markerAt + 1];
    if (marker === undefined) throw new PdfRefusal("damaged");
    if (marker === 0xd9) {
      out.push(data.subarray(markerAt, markerAt + 2));
      break;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      out.push(data.subarray(markerAt, markerAt + 2));
      at = markerAt + 2;
      continue;
    }
    if (markerAt + 4 > data.length) throw new PdfRefusal("damaged");
    const end = markerAt + 2 + data.readUInt16BE(markerAt + 2);
    if (end > data.length) throw new PdfRefusal("damaged");
    const segment = data.subarray(markerAt, end);
    const identifier = data.toString("latin1", markerAt + 4, Math.min(end, markerAt + 16));
    const keep =
      (marker === 0xe0 && identifier.startsWith("JFIF\0")) ||
      (marker === 0xe2 && identifier.startsWith("ICC_PROFILE\0")) ||
      marker === 0xee ||
      (marker < 0xe0 && marker !== 0xfe) ||
      (marker > 0xef && marker !== 0xfe);
    if (keep) out.push(segment);
    at = end;
    if (marker === 0xda) {
      // Entropy-coded data runs to the next marker that is neither a stuffed 0xFF00 nor a restart.
      let scan = at;
      while (scan + 1 < data.length && !(data[scan] === 0xff && data[scan + 1] !== 0x00 && !(data[scan + 1]! >= 0xd0 && data[scan + 1]! <= 0xd7))) scan++;
      if (scan + 1 >= data.length) scan = data.length;
      out.push(data.subarray(at, scan));
      at = scan;
    }
  }
  return Buffer.concat(out);
}

const filterNames = (dict: PDFDict): string[] => {
  const filter = dict.lookup(name("Filter"));
  if (filter instanceof PDFName) return [filter.asString()];
  if (filter instanceof PDFArray) return filter.asArray().map((f) => (f instanceof PDFName ? f.asString() : ""));
  return [];
};

/** Every JPEG image stream, its metadata removed; one behind a Flate filter is stored plain DCT. */
function cleanJpegStreams(doc: PDFDocument): void {
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue;
    const filters = filterNames(object.dict);
    if (filters.at(-1) !== "/DCTDecode") continue;
    let jpeg: Uint8Array = object.contents;
    if (filters.length > 1) {
      // Flate before DCT is what writers use; another filter there is too rare to decode here.
      if (!filters.slice(0, -1).every((f) => f === "/FlateDecode")) throw new PdfRefusal("damaged");
      for (let n = 1; n < filters.length; n++) jpeg = inflateCapped(jpeg, JPEG_MAX_BYTES + 1);
      if (jpeg.length > JPEG_MAX_BYTES) throw new PdfRefusal("zipBomb");
    }
    const stripped = stripJpegMetadata(jpeg);
    const dict = object.dict.clone(doc.context);
    dict.set(name("Filter"), name("DCTDecode"));
    dict.delete(name("DecodeParms"));
    dict.set(name("Length"), PDFNumber.of(stripped.length));
    doc.context.assign(ref, PDFRawStream.of(dict, stripped));
  }
}

const dictOf = (object: PDFObject | undefined): PDFDict | undefined => (object instanceof PDFDict ? object : object instanceof PDFStream ? object.dict : undefined);

/** Every indirect object reachable from the catalog: what a reader of the file can reach. */
function reachable(doc: PDFDocument): Set<string> {
  const seen = new Set<string>();
  const root = doc.context.trailerInfo.Root;
  const stack: PDFObject[] = root ? [root] : [];
  while (stack.length > 0) {
    const object = stack.pop()!;
    if (object instanceof PDFRef) {
      if (seen.has(object.tag)) continue;
      seen.add(object.tag);
      const target = doc.context.lookup(object);
      if (target) stack.push(target);
    } else if (object instanceof PDFArray) {
      for (let i = 0; i < object.size(); i++) stack.push(object.get(i));
    } else {
      const dict = dictOf(object);
      if (dict) for (const value of dict.values()) stack.push(value);
    }
  }
  return seen;
}

function clean(doc: PDFDocument): void {
  const { context } = doc;
  context.trailerInfo.Info = undefined;

  const catalog = doc.catalog;
  for (const key of ["OpenAction", "AA", "PieceInfo", "Metadata"]) catalog.delete(name(key));
  // Files attached to the document (the original Word file, a photo) and a portfolio's layout.
  for (const key of ["AF", "Collection"]) catalog.delete(name(key));
  const names = catalog.lookup(name("Names"));
  if (names instanceof PDFDict) for (const key of ["JavaScript", "EmbeddedFiles"]) names.delete(name(key));

  for (const [, object] of context.enumerateIndirectObjects()) {
    const dict = dictOf(object);
    if (!dict) continue;
    // XMP wherever it is attached: the document, a page, an image, a font.
    dict.delete(name("Metadata"));
    dict.delete(name("PieceInfo"));
    // A file specification's embedded file, and the associated files of pages and annotations.
    dict.delete(name("EF"));
    dict.delete(name("AF"));
    const type = dict.lookup(name("Type"));
    const subtype = dict.lookup(name("Subtype"));
    // A markup annotation's /T is its author; a form field widget's /T is the field's name and stays.
    if (type === name("Annot") && subtype !== name("Widget") && subtype !== name("Link")) dict.delete(name("T"));
    if (type === name("Page")) {
      dict.delete(name("AA"));
      const annots = dict.lookup(name("Annots"));
      if (annots instanceof PDFArray) {
        const kept = annots.asArray().filter((annot) => dictOf(context.lookup(annot))?.lookup(name("Subtype")) !== name("FileAttachment"));
        dict.set(name("Annots"), context.obj(kept));
      }
    }
  }

  // Everything the catalog no longer reaches goes, or the old Info dictionary, XMP streams
  // and the objects of earlier incremental saves would still be written out.
  const keep = reachable(doc);
  for (const [ref] of context.enumerateIndirectObjects()) if (!keep.has(ref.tag)) context.delete(ref);
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  // Loading the worker module in this thread gives pdf.js its in-process ("fake") worker,
  // which works the same under Node and vitest, and no worker file has to be found.
  // (The specifier is a variable because the package ships no types for the worker module.)
  await import(PDFJS_WORKER);
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    useWorkerFetch: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  const started = Date.now();
  const chunks: string[] = [];
  let length = 0;
  try {
    const document = await task.promise;
    const pages = Math.min(document.numPages, PDF_TEXT_LIMITS.pages);
    for (let n = 1; n <= pages && length < TEXT_MAX_CHARS && Date.now() - started < PDF_TEXT_LIMITS.milliseconds; n++) {
      const page = await document.getPage(n);
      const content = await page.getTextContent();
      let text = "";
      for (const item of content.items) if ("str" in item) text += item.str + (item.hasEOL ? "\n" : "");
      page.cleanup();
      chunks.push(text);
      length += text.length + 2;
    }
  } finally {
    await task.destroy();
  }
  return chunks.join("\n\n").slice(0, TEXT_MAX_CHARS);
}

/** The PDF without what names its authors, with its text, or why it is refused. */
export async function preparePdf(bytes: Uint8Array): Promise<PdfResult> {
  let doc: PDFDocument;
  try {
    checkInflatedSize(bytes);
  } catch (error) {
    if (error instanceof PdfRefusal) return { ok: false, refusal: error.reason };
    throw error;
  }
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
  } catch (error) {
    // pdf-lib is compiled to ES5, where a subclass of Error loses its prototype: instanceof alone misses it.
    const encrypted = error instanceof EncryptedPDFError || (error instanceof Error && /\bis encrypted\b/.test(error.message));
    return { ok: false, refusal: encrypted ? "encrypted" : "damaged" };
  }
  if (doc.isEncrypted) return { ok: false, refusal: "encrypted" };
  let file: Buffer;
  try {
    cleanJpegStreams(doc);
    clean(doc);
    file = Buffer.from(await doc.save({ useObjectStreams: true, updateFieldAppearances: false }));
  } catch (error) {
    return { ok: false, refusal: error instanceof PdfRefusal ? error.reason : "damaged" };
  }
  let text: string;
  try {
    text = await pdfText(file);
  } catch {
    // pdf-lib could write it but pdf.js cannot read it: a viewer would not show it either.
    return { ok: false, refusal: "damaged" };
  }
  return { ok: true, file, text };
}
