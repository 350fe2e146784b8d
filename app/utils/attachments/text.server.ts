/**
 * Files file-type does not recognise: plain text and CSV are allowed, markup and scripts are
 * not (a browser or a shell would run them if a member's device ever opened them as such).
 * Also the plain text of XML parts, for the privacy check.
 */
import type { AttachmentRefusal } from "../../domain/attachment";

/** How much extracted text the privacy check reads. */
export const TEXT_MAX_CHARS = 200_000;

export type TextDecision = { ok: true; type: "txt" | "csv"; text: string } | { ok: false; refusal: AttachmentRefusal };

const HEAD = 1024;
/** Markup that a browser renders, at the very start once whitespace and comments are skipped. */
const MARKUP_START = /^(?:<!--[\s\S]*?-->\s*)*<(?:!doctype|html|head|body|svg|\?xml|script|iframe|object|embed|style|meta|link|xsl|xml|math|rdf|form|base|frameset|img|div|table)[\s>/]/i;
/** Elements that carry script wherever they stand near the start. */
const MARKUP_NEAR_START = /<(?:svg|script|html|iframe)[\s>/]/i;
/** The signatures of code an interpreter runs; ordinary prose has none of them. */
const SCRIPT_START = /^(?:#!|<\?php|<\?=|<%|@echo\s+off|\[autorun\]|#requires\s+-|Windows Registry Editor|REGEDIT4)/i;
const SCRIPT_NEAR_START =
  /<\?php|\bWScript\.(?:Shell|CreateObject)|CreateObject\s*\(\s*["'](?:WScript|Shell|Scripting)|\bInvoke-Expression\b|\bSet-ExecutionPolicy\b|\bpowershell(?:\.exe)?\s+-(?:e|enc|encodedcommand|nop|w)\b/i;
/** C0 controls other than tab, line feed, form feed and carriage return, and DEL: what text files do not hold. */
function controlCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) || code === 0x7f) count++;
  }
  return count;
}

/** Text of a file nothing recognised, or why it is refused. */
export function decideText(bytes: Uint8Array, originalName: string): TextDecision {
  let text: string;
  try {
    // The decoder drops a leading byte order mark.
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, refusal: "type" };
  }
  if (text.includes("\u0000")) return { ok: false, refusal: "type" };
  const controls = controlCount(text);
  if (controls > Math.max(2, text.length / 1000)) return { ok: false, refusal: "type" };

  const head = text
    .slice(0, HEAD * 4)
    .replace(/^\uFEFF/, "")
    .trimStart();
  const nearStart = head.slice(0, HEAD);
  if (SCRIPT_START.test(head) || SCRIPT_NEAR_START.test(head)) return { ok: false, refusal: "script" };
  if (MARKUP_START.test(head) || MARKUP_NEAR_START.test(nearStart)) return { ok: false, refusal: "markup" };

  const type = /\.csv$/i.test(originalName.trim()) && isDelimited(text) ? "csv" : "txt";
  return { ok: true, type, text: text.slice(0, TEXT_MAX_CHARS) };
}

/** The fields of each record, quotes honoured (a quoted field may hold the delimiter or a line break). */
function records(text: string, delimiter: string, maxRecords: number): number[] {
  const counts: number[] = [];
  let fields = 1;
  let quoted = false;
  let blank = true;
  for (let i = 0; i < text.length && counts.length < maxRecords; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else quoted = false;
      }
      continue;
    }
    if (c === '"') {
      quoted = true;
      blank = false;
    } else if (c === delimiter) {
      fields++;
      blank = false;
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      if (!blank) counts.push(fields);
      fields = 1;
      blank = true;
    } else if (c !== " " && c !== "\t") blank = false;
  }
  if (quoted) return [];
  if (!blank && counts.length < maxRecords) counts.push(fields);
  return counts;
}

/** Whether the text is rows of delimited fields: one delimiter gives two or more records, most of them the first's two or more fields. */
export function isDelimited(text: string): boolean {
  const sample = text.replace(/^\uFEFF/, "");
  return [",", ";", "\t", "|"].some((delimiter) => {
    const counts = records(sample, delimiter, 1000);
    if (counts.length < 2) return false;
    const first = counts[0]!;
    if (first < 2) return false;
    const same = counts.filter((n) => n === first).length;
    return same / counts.length >= 0.9;
  });
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(amp|lt|gt|quot|apos));/gi, (whole, dec: string, hex: string, name: string) => {
    if (name) return ENTITIES[name.toLowerCase()] ?? whole;
    const code = dec ? Number(dec) : parseInt(hex, 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function trimSpacesEnd(line: string): string {
  let end = line.length;
  while (end > 0 && (line[end - 1] === " " || line[end - 1] === "\t")) end--;
  return line.slice(0, end);
}

/**
 * The plain text of a word-processing XML part: paragraph ends and breaks become line
 * breaks, tabs tabs, every other tag goes, entities are decoded.
 */
export function xmlText(xml: string, { paragraph, lineBreak, tab, space }: { paragraph: RegExp; lineBreak: RegExp; tab: RegExp; space?: RegExp }): string {
  let text = xml.replace(paragraph, "\n").replace(lineBreak, "\n").replace(tab, "\t");
  if (space) text = text.replace(space, (_whole, count?: string) => " ".repeat(Math.min(Number(count ?? 1) || 1, 100)));
  // Linear on any input: a tag never scans past the next "<", and the spaces ending each
  // line are cut by hand, because /[ \t]+\n/ rescans a long run of spaces from each of them.
  return decodeEntities(text.replace(/<[^<>]*>/g, ""))
    .split("\n")
    .map(trimSpacesEnd)
    .join("\n")
    .replace(/\n\n\s*/g, "\n\n")
    .trim();
}
