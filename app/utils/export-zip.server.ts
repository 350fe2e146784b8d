import { strToU8, Zip, ZipDeflate, ZipPassThrough } from "fflate";
import { DOCUMENT_EXTENSION, isDocumentType, type AttachmentKind, type AttachmentType, type AttachmentVariant, type AttachmentView } from "../domain/attachment";
import { SECTIONS, type Section } from "../domain/practice";

/** A practice's text as the exports hold it. */
export type ExportedPractice = { id: number; slug: string; title: string; summary: string } & Record<`${Section}_md`, string>;

/** A comment as the member export holds it. */
export type ExportedComment = { id: number; bodyMd: string; createdAt: number; deletedAt: number | null; practiceTitle: string | null };

const safeName = (s: string) => s.replace(/[^\p{L}\p{N}-]+/gu, "-").slice(0, 80) || "untitled";

function practiceMarkdown(p: ExportedPractice): string {
  return [`# ${p.title}`, p.summary, ...SECTIONS.flatMap((s) => (p[`${s}_md`] ? [`## ${s}`, p[`${s}_md`]] : []))].join("\n\n") + "\n";
}

/** What an export says of every file. */
type ExportedFile = Pick<AttachmentView, "id" | "kind" | "type" | "name" | "size" | "alt"> & { practiceTitle: string | null; hidden: boolean };

/** A file as an export lists it: `practiceSlug` null for an upload still waiting for its practice. */
export type ExportedAttachment = ExportedFile & { mime: string; practiceSlug: string | null };

/** A file's entry in the export's JSON, naming where its bytes are in the archive. */
export type AttachmentManifestEntry = ExportedFile & { practice: string | null; waiting: boolean; file: string };

const IMAGE_EXTENSION: Record<string, string> = { "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp" };

/**
 * attachments/<practice-slug>/<id>-<name> (waiting uploads under attachments/_waiting, which
 * no slug can be): a document's cleaned file, an image's display copy, whose extension is
 * that of the copy (it was re-encoded).
 */
export function attachmentPath(a: Pick<ExportedAttachment, "id" | "type" | "name" | "mime" | "practiceSlug">) {
  const extension = isDocumentType(a.type) ? DOCUMENT_EXTENSION[a.type] : (IMAGE_EXTENSION[a.mime] ?? a.type);
  const base = safeName(a.name.replace(/\.[^.]*$/, ""));
  return `attachments/${a.practiceSlug === null ? "_waiting" : safeName(a.practiceSlug)}/${a.id}-${base}.${extension}`;
}

/** What the export's JSON says about each file it carries. */
export function attachmentManifest(list: ExportedAttachment[]): AttachmentManifestEntry[] {
  return list.map((a) => ({
    id: a.id,
    kind: a.kind,
    type: a.type,
    name: a.name,
    size: a.size,
    alt: a.alt,
    practice: a.practiceSlug,
    practiceTitle: a.practiceTitle,
    waiting: a.practiceSlug === null,
    hidden: a.hidden,
    file: attachmentPath(a),
  }));
}

/** The copy an export carries: what /attachments/<id> serves. */
export const exportedVariant = (kind: AttachmentKind): AttachmentVariant => (kind === "image" ? "display" : "file");

/** Reads one stored copy's bytes, when the archive reaches it. */
export type ReadAttachmentBytes = (id: number, variant: AttachmentVariant) => Promise<{ bytes: Uint8Array } | undefined>;

/** Text is worth compressing; images, PDFs and Office files (ZIPs themselves) are stored as they are. */
const compresses = (type: AttachmentType) => type === "txt" || type === "csv";

/**
 * The one archive both exports build: a JSON file with everything, each practice as
 * Markdown (practices/<id>-<slug>.md), each comment not deleted (comments/<id>.md) and each
 * file of `attachments` (attachmentPath). It streams: a file's bytes are read from the
 * database when the download reaches it, so however many files there are, one is in memory
 * at a time. A file removed for good between the listing and its turn is left out.
 */
export function exportZip({
  jsonName,
  data,
  practices,
  comments = [],
  attachments = [],
  readFile,
}: {
  jsonName: string;
  data: unknown;
  practices: ExportedPractice[];
  comments?: ExportedComment[];
  attachments?: AttachmentManifestEntry[];
  readFile?: ReadAttachmentBytes;
}): ReadableStream<Uint8Array> {
  const texts: [string, Uint8Array][] = [[jsonName, strToU8(JSON.stringify(data, null, 2))]];
  for (const p of practices) texts.push([`practices/${p.id}-${safeName(p.slug)}.md`, strToU8(practiceMarkdown(p))]);
  for (const c of comments) {
    if (c.deletedAt) continue;
    texts.push([`comments/${c.id}.md`, strToU8(`<!-- on "${c.practiceTitle}", ${new Date(c.createdAt).toISOString()} -->\n\n${c.bodyMd}\n`)]);
  }
  let zip: Zip;
  let next = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      zip = new Zip((error, chunk, final) => {
        if (error) return controller.error(error);
        controller.enqueue(chunk);
        if (final) controller.close();
      });
      for (const [name, bytes] of texts) add(zip, name, bytes, true);
    },
    async pull() {
      // One file a pull: the stream asks for more only once the reader has taken what came before.
      while (next < attachments.length) {
        const entry = attachments[next++]!;
        const stored = await readFile?.(entry.id, exportedVariant(entry.kind));
        if (!stored) continue;
        add(zip, entry.file, stored.bytes, compresses(entry.type));
        return;
      }
      zip.end();
    },
    cancel() {
      zip.terminate();
    },
  });
}

function add(zip: Zip, name: string, bytes: Uint8Array, compress: boolean) {
  const entry = compress ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name);
  zip.add(entry);
  entry.push(bytes, true);
}

/** "Export my data": data.json with everything, each practice and comment the member wrote as Markdown, and their files. */
export function memberExportZip(data: { practices: ExportedPractice[]; comments: ExportedComment[]; attachments: ExportedAttachment[] }, readFile: ReadAttachmentBytes) {
  const attachments = attachmentManifest(data.attachments);
  return exportZip({ jsonName: "data.json", data: { ...data, attachments }, practices: data.practices, comments: data.comments, attachments, readFile });
}

/** The archive as a download that no cache keeps. */
export function zipDownload(zip: ReadableStream<Uint8Array>, filename: string): Response {
  return new Response(zip, {
    headers: { "Content-Type": "application/zip", "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" },
  });
}
