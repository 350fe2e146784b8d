import { attachmentTypeLabel, type AttachmentView } from "../domain/attachment";
import { entryWithdrawalLabel, type EntryWithdrawal } from "../domain/handbook";
import { SECTIONS, sectionLabel, type Section } from "../domain/practice";
import type { Translate } from "../i18n";
import { fileSize } from "./file-size";
import type { AnnexConcept } from "../domain/glossary";
import { annexStatusWords } from "./glossary-annex";

/** What the file is written from: the handbook model's records fit these shapes. */
interface MarkdownHandbook {
  title: string;
  edition: number;
  language: string;
  status: string;
  published_at: number | null;
  intro_md: string;
}
interface MarkdownEntry {
  withdrawn: EntryWithdrawal;
  title: string;
  summary: string;
  organisationName: string;
  organisationCountry: string;
  authorName: string | null;
  revisionNumber: number;
  revisionDate: number;
  endorsingOrganisations: string[];
  curatorNote: string;
  sectionsMd: Record<Section, string>;
  attachments: AttachmentView[];
}
interface MarkdownChapter {
  title: string;
  introMd: string;
  entries: MarkdownEntry[];
}

// JSON strings are YAML strings; `<` written as \u003c, so a viewer that shows the front matter shows no markup either.
const yaml = (value: string | number | null) => (value === null ? "null" : typeof value === "number" ? String(value) : JSON.stringify(value).replace(/</g, "\\u003c"));

/** Plain text in the file (titles, names, notes): a `<` becomes `&lt;`, which any viewer shows as `<` and none reads as HTML. */
const plain = (text: string) => text.replace(/</g, "&lt;");

/** A file's name or an image's description inside Markdown syntax: one line, read as words, never as links or emphasis. */
const inline = (text: string) => plain(text.replace(/\s+/g, " ").trim()).replace(/[\\`*_[\]()!#|~]/g, "\\$&");

const FENCE_OPEN = /^(`{3,}(?=[^`]*$)|~{3,})/;
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;

/**
 * Members' Markdown as it goes into the file, with its raw HTML made inert: a viewer opening
 * the file would render `<script>` or `<img onerror>` that the forum itself escapes. Every
 * `<` outside a fenced code block becomes `&lt;` (in inline code it then shows as `&lt;`,
 * the price of a simple rule), and a fence left open is closed, so it cannot run on into the
 * entries that follow. Only fences at the margin count: an indented one may belong to a list
 * item that ends earlier than the fence, so its lines are escaped like any others.
 */
export function inertMarkdown(markdown: string): string {
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of markdown.replace(/\r\n?/g, "\n").split("\n")) {
    if (fence === null) {
      const open = FENCE_OPEN.exec(line)?.[1];
      if (open) fence = open;
      out.push(plain(line));
      continue;
    }
    out.push(line);
    const close = FENCE_CLOSE.exec(line)?.[1];
    if (close && close[0] === fence[0] && close.length >= fence.length) fence = null;
  }
  if (fence !== null) out.push(fence);
  return out.join("\n");
}

/** Front matter with the edition's metadata, then chapters and entries with their credits, from the pinned revisions. */
export function handbookMarkdown({
  handbook,
  chapters,
  glossary = [],
  t,
  locale,
}: {
  handbook: MarkdownHandbook;
  chapters: MarkdownChapter[];
  glossary?: AnnexConcept[];
  t: Translate;
  locale: string;
}) {
  const date = (ms: number) => new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(ms);
  const regions = new Intl.DisplayNames([locale], { type: "region" });
  const lines: string[] = [
    "---",
    `title: ${yaml(handbook.title)}`,
    `edition: ${handbook.edition}`,
    `language: ${yaml(handbook.language)}`,
    `status: ${yaml(handbook.status)}`,
    `published: ${yaml(handbook.published_at ? new Date(handbook.published_at).toISOString().slice(0, 10) : null)}`,
    `exported: ${yaml(new Date().toISOString())}`,
    `entries: ${chapters.reduce((n, c) => n + c.entries.length, 0)}`,
    "---",
    "",
    `# ${plain(handbook.title)}`,
    "",
  ];
  if (handbook.intro_md.trim()) lines.push(inertMarkdown(handbook.intro_md.trim()), "");
  chapters.forEach((chapter, i) => {
    lines.push(`## ${t("handbook.chapterN", { number: i + 1 })} ${plain(chapter.title)}`, "");
    if (chapter.introMd.trim()) lines.push(inertMarkdown(chapter.introMd.trim()), "");
    for (const entry of chapter.entries) {
      if (entry.withdrawn !== null && !entry.title) {
        const key = entryWithdrawalLabel(entry.withdrawn);
        lines.push(`### ${t("handbook.entryWithdrawnTitle")}`, "", `*${t(key, { organisation: plain(entry.organisationName) })}*`, "");
        continue;
      }
      lines.push(`### ${plain(entry.title)}`, "");
      const credit = [
        `${entry.organisationName} (${regions.of(entry.organisationCountry) ?? entry.organisationCountry})`,
        entry.authorName,
        t("handbook.revisionOf", { number: entry.revisionNumber, date: date(entry.revisionDate) }),
        entry.endorsingOrganisations.length ? t("handbook.endorsedBy", { organisations: entry.endorsingOrganisations.join(", ") }) : null,
      ].filter(Boolean);
      lines.push(`*${plain(credit.join(" · "))}*`, "");
      if (entry.curatorNote) lines.push(`> **${t("handbook.curatorNote")}** ${plain(entry.curatorNote)}`, "");
      if (entry.summary) lines.push(plain(entry.summary), "");
      for (const s of SECTIONS) {
        if (!entry.sectionsMd[s].trim()) continue;
        lines.push(`#### ${t(sectionLabel(s))}`, "", inertMarkdown(entry.sectionsMd[s].trim()), "");
      }
      // The pinned revision's files, at the addresses the forum serves them from (for a reader signed in).
      const images = entry.attachments.filter((a) => a.kind === "image");
      const documents = entry.attachments.filter((a) => a.kind === "document");
      if (images.length) lines.push(`#### ${t("attachment.images")}`, "", ...images.flatMap((a) => [`![${inline(a.alt)}](/attachments/${a.id})`, ""]));
      if (documents.length) {
        lines.push(`#### ${t("attachment.documents")}`, "");
        for (const a of documents) lines.push(`- [${inline(a.name)}](/attachments/${a.id}) (${t(attachmentTypeLabel(a.type))}, ${fileSize(a.size, t, locale)})`);
        lines.push("");
      }
    }
  });
  // The edition's glossary annex (issue 23): a concept's name links to its page in the forum.
  if (glossary.length) {
    lines.push(`## ${t("handbook.glossary")}`, "");
    for (const c of glossary) {
      lines.push(`**[${inline(c.head)}](/glossary/${encodeURIComponent(c.slug)})**`, "");
      for (const term of c.terms) lines.push(`- ${inline(term.text)} (${plain(annexStatusWords(term, t))})`);
      if (c.terms.length) lines.push("");
      if (c.definition.trim()) lines.push(`: ${plain(c.definition.replace(/\s+/g, " ").trim())}`, "");
    }
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
