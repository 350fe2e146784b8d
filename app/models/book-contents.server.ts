import { createHash } from "node:crypto";
import { catalogues, DEFAULT_LOCALE, isLocale } from "../i18n";
import { BOOK_RENDERER_VERSION } from "../utils/book/version";
import type { Book } from "../utils/book/book";
import type { Db } from "../../db/client";
import { getHandbookContents, type HandbookRecord } from "./handbook.server";
import { editionGlossary } from "./handbook-glossary.server";

/** What a book file is made from, and the key it is stored under. */
export interface BookContents {
  key: string;
  chapters: Book["chapters"];
  organisations: string[];
  glossary: Book["glossary"];
  /** Image attachment id → the etag of its display copy (the bytes are read only to make the file). */
  images: Map<number, string>;
}

const catalogueHashes = new Map<string, string>();
/** A translation of the book's labels changes the file too. */
function catalogueHash(language: string) {
  const locale = isLocale(language) ? language : DEFAULT_LOCALE;
  let hash = catalogueHashes.get(locale);
  if (!hash) catalogueHashes.set(locale, (hash = createHash("sha256").update(JSON.stringify(catalogues[locale])).digest("hex")));
  return hash;
}

/**
 * The edition as every member reads it (a withdrawn entry without its text), and the key of
 * that content: a change to the edition, its chapters, its entries' pins, their translations,
 * texts, credits or images, its glossary annex, the book's labels or the renderer gives another key.
 */
export async function bookContents(db: Db, { handbook, origin }: { handbook: HandbookRecord; origin: string }): Promise<BookContents> {
  // Only what the book shows: a practice's later revisions, say, change nothing until re-pinned.
  const contents = await getHandbookContents(db, { handbookId: handbook.id });
  const chapters: Book["chapters"] = contents.map((c) => ({
    id: c.id,
    title: c.title,
    introHtml: c.introHtml,
    entries: c.entries.map((e) => ({
      entryId: e.entryId,
      practiceSlug: e.practiceSlug,
      language: e.language,
      revisionNumber: e.revisionNumber,
      revisionDate: e.revisionDate,
      curatorNote: e.curatorNote,
      title: e.title,
      summary: e.summary,
      sectionsHtml: e.sectionsHtml,
      organisationName: e.organisationName,
      organisationCountry: e.organisationCountry,
      authorName: e.authorName,
      endorsingOrganisations: e.endorsingOrganisations,
      attachments: e.attachments,
      withdrawn: e.withdrawn,
    })),
  }));
  // The annex the print page shows: pinned once published, so a later revision of a concept changes no published book.
  const glossary = await editionGlossary(db, { handbook, chapters: contents });
  const collator = new Intl.Collator(handbook.language);
  const organisations = [...new Set(chapters.flatMap((c) => c.entries.map((e) => e.organisationName)))].sort(collator.compare);
  const imageIds = chapters.flatMap((c) => c.entries.flatMap((e) => e.attachments.filter((a) => a.kind === "image").map((a) => a.id)));
  const etags = imageIds.length
    ? await db.selectFrom("attachment_files").select(["attachment_id as id", "etag"]).where("attachment_id", "in", imageIds).where("variant", "=", "display").execute()
    : [];
  const images = new Map(etags.map((r) => [r.id, r.etag]));
  const key = createHash("sha256")
    .update(
      JSON.stringify({
        renderer: BOOK_RENDERER_VERSION,
        labels: catalogueHash(handbook.language),
        origin,
        handbook: [handbook.slug, handbook.title, handbook.edition, handbook.language, handbook.status, handbook.intro_html, handbook.published_at, handbook.licence],
        chapters,
        organisations,
        glossary,
        images: [...images],
      }),
    )
    .digest("hex")
    .slice(0, 32);
  return { key, chapters, organisations, glossary, images };
}

/** The whole book, with its images' bytes: for making the file, outside any request. */
export async function loadBook(db: Db, { handbook, contents, origin }: { handbook: HandbookRecord; contents: BookContents; origin: string }): Promise<Book> {
  const ids = [...contents.images.keys()];
  const rows = ids.length ? await db.selectFrom("attachment_files").select(["attachment_id as id", "mime", "bytes"]).where("attachment_id", "in", ids).where("variant", "=", "display").execute() : [];
  return {
    handbook: {
      slug: handbook.slug,
      title: handbook.title,
      edition: handbook.edition,
      language: handbook.language,
      status: handbook.status,
      introHtml: handbook.intro_html,
      publishedAt: handbook.published_at,
      licence: handbook.licence,
    },
    chapters: contents.chapters,
    organisations: contents.organisations,
    glossary: contents.glossary,
    images: new Map(rows.map((r) => [r.id, { mime: r.mime, bytes: new Uint8Array(r.bytes) }])),
    origin,
  };
}
