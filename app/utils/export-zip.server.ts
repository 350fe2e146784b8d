import { strToU8, zipSync } from "fflate";
import { SECTIONS, type Section } from "../domain/practice";

/** A practice's text as the exports hold it. */
export type ExportedPractice = { id: number; slug: string; title: string; summary: string } & Record<`${Section}_md`, string>;

/** A comment as the member export holds it. */
export type ExportedComment = { id: number; bodyMd: string; createdAt: number; deletedAt: number | null; practiceTitle: string | null };

const safeName = (s: string) => s.replace(/[^\p{L}\p{N}-]+/gu, "-").slice(0, 80) || "untitled";

function practiceMarkdown(p: ExportedPractice): string {
  return [`# ${p.title}`, p.summary, ...SECTIONS.flatMap((s) => (p[`${s}_md`] ? [`## ${s}`, p[`${s}_md`]] : []))].join("\n\n") + "\n";
}

/**
 * The one archive both exports build: a JSON file with everything, each practice as
 * Markdown (practices/<id>-<slug>.md) and each comment not deleted (comments/<id>.md).
 */
export function exportZip({ jsonName, data, practices, comments = [] }: { jsonName: string; data: unknown; practices: ExportedPractice[]; comments?: ExportedComment[] }): Uint8Array {
  const files: Record<string, Uint8Array> = { [jsonName]: strToU8(JSON.stringify(data, null, 2)) };
  for (const p of practices) files[`practices/${p.id}-${safeName(p.slug)}.md`] = strToU8(practiceMarkdown(p));
  for (const c of comments) {
    if (c.deletedAt) continue;
    files[`comments/${c.id}.md`] = strToU8(`<!-- on "${c.practiceTitle}", ${new Date(c.createdAt).toISOString()} -->\n\n${c.bodyMd}\n`);
  }
  return zipSync(files, { level: 6 });
}

/** "Export my data": data.json with everything, and each practice and comment the member wrote as Markdown. */
export function memberExportZip(data: { practices: ExportedPractice[]; comments: ExportedComment[] }): Uint8Array {
  return exportZip({ jsonName: "data.json", data, practices: data.practices, comments: data.comments });
}

/** The archive as a download that no cache keeps. */
export function zipDownload(zip: Uint8Array, filename: string): Response {
  return new Response(Buffer.from(zip), {
    headers: { "Content-Type": "application/zip", "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" },
  });
}
