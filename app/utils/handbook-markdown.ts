import { SECTIONS } from "../../db/schema";
import type { Translate } from "../i18n";
import type { HandbookChapter, HandbookRecord } from "../models/handbook.server";

const SECTION_KEYS = {
  context: "practice.context",
  approach: "practice.approach",
  resources: "practice.resources",
  outcomes: "practice.outcomes",
  lessons: "practice.lessons",
  adapt: "practice.adapt",
} as const;

const yaml = (value: string | number | null) => (value === null ? "null" : typeof value === "number" ? String(value) : JSON.stringify(value));

/** Front matter with the edition's metadata, then chapters and entries with their credits, from the pinned revisions. */
export function handbookMarkdown({
  handbook,
  chapters,
  t,
  locale,
}: {
  handbook: HandbookRecord;
  chapters: HandbookChapter[];
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
    `# ${handbook.title}`,
    "",
  ];
  if (handbook.intro_md.trim()) lines.push(handbook.intro_md.trim(), "");
  chapters.forEach((chapter, i) => {
    lines.push(`## ${t("handbook.chapterN", { number: i + 1 })} ${chapter.title}`, "");
    if (chapter.introMd.trim()) lines.push(chapter.introMd.trim(), "");
    for (const entry of chapter.entries) {
      lines.push(`### ${entry.title}`, "");
      const credit = [
        `${entry.organisationName} (${regions.of(entry.organisationCountry) ?? entry.organisationCountry})`,
        entry.authorName,
        t("handbook.revisionOf", { number: entry.revisionNumber, date: date(entry.revisionDate) }),
        entry.endorsingOrganisations.length ? t("handbook.endorsedBy", { organisations: entry.endorsingOrganisations.join(", ") }) : null,
      ].filter(Boolean);
      lines.push(`*${credit.join(" · ")}*`, "");
      if (entry.curatorNote) lines.push(`> **${t("handbook.curatorNote")}** ${entry.curatorNote}`, "");
      if (entry.summary) lines.push(entry.summary, "");
      for (const s of SECTIONS) {
        if (!entry.sectionsMd[s].trim()) continue;
        lines.push(`#### ${t(SECTION_KEYS[s])}`, "", entry.sectionsMd[s].trim(), "");
      }
    }
  });
  return `${lines.join("\n").trimEnd()}\n`;
}
