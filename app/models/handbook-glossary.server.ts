import type { Db } from "../../db/client";
import type { AnnexConcept } from "../domain/glossary";
import { SECTIONS, type Section } from "../domain/practice";
import type { EntryWithdrawal } from "../domain/handbook";
import { glossaryAnnex, pinGlossaryAnnex } from "./glossary.server";
import { getHandbookContents, type HandbookRecord } from "./handbook.server";

// An edition's glossary annex (issue 23): the concepts its texts use, pinned when it is
// published. Which texts: what every reader of the edition reads, in Markdown (HTML would
// let a term match inside a link's address).

interface EditionText {
  handbook: Pick<HandbookRecord, "intro_md">;
  chapters: {
    introMd: string;
    entries: { withdrawn: EntryWithdrawal; title: string; summary: string; sectionsMd: Record<Section, string> }[];
  }[];
}

/**
 * The handbook's and the chapters' introductions, and every entry's title, summary and
 * sections. A withdrawn entry counts for nothing, even in a curator's view that still shows
 * its text: readers see none of it.
 */
export function editionTexts({ handbook, chapters }: EditionText): string[] {
  const texts = [handbook.intro_md];
  for (const chapter of chapters) {
    texts.push(chapter.introMd);
    for (const entry of chapter.entries) {
      if (entry.withdrawn !== null) continue;
      texts.push(entry.title, entry.summary, ...SECTIONS.map((s) => entry.sectionsMd[s]));
    }
  }
  return texts.filter((t) => t.trim() !== "");
}

/** The edition's annex in its language: pinned once published, the glossary as it is now before. */
export async function editionGlossary(db: Db, { handbook, chapters }: EditionText & { handbook: Pick<HandbookRecord, "id" | "language"> }): Promise<AnnexConcept[]> {
  return glossaryAnnex(db, { handbookId: handbook.id, language: handbook.language, texts: () => editionTexts({ handbook, chapters }) });
}

/** Pins the annex to the glossary as it is now: when the edition is published, in that transaction. */
export async function pinEditionGlossary(db: Db, { handbook }: { handbook: Pick<HandbookRecord, "id" | "intro_md"> }) {
  const chapters = await getHandbookContents(db, { handbookId: handbook.id });
  return pinGlossaryAnnex(db, { handbookId: handbook.id, texts: editionTexts({ handbook, chapters }) });
}
