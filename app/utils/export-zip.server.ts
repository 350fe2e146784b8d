import { strToU8, zipSync } from "fflate";
import { SECTIONS } from "../../db/schema";
import type { collectMemberData } from "../models/account.server";

type MemberData = Awaited<ReturnType<typeof collectMemberData>>;

const safeName = (s: string) => s.replace(/[^\p{L}\p{N}-]+/gu, "-").slice(0, 80) || "untitled";

/** data.json with everything, and each practice and comment the member wrote as Markdown. */
export function memberExportZip(data: MemberData): Uint8Array {
  const files: Record<string, Uint8Array> = { "data.json": strToU8(JSON.stringify(data, null, 2)) };
  for (const p of data.practices) {
    const body = [`# ${p.title}`, "", p.summary, ...SECTIONS.flatMap((s) => (p[`${s}_md`] ? [`## ${s}`, "", p[`${s}_md`]] : []))].join("\n\n");
    files[`practices/${p.id}-${safeName(p.slug)}.md`] = strToU8(`${body}\n`);
  }
  for (const c of data.comments) {
    if (c.deletedAt) continue;
    files[`comments/${c.id}.md`] = strToU8(`<!-- on "${c.practiceTitle}", ${new Date(c.createdAt).toISOString()} -->\n\n${c.bodyMd}\n`);
  }
  return zipSync(files, { level: 6 });
}
