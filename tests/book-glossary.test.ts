import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { strFromU8, unzipSync } from "fflate";
import type { Kysely } from "kysely";
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import { bookContents, loadBook } from "../app/models/book-contents.server";
import { createConcept, getConcept, reviseConcept } from "../app/models/glossary.server";
import { pinEditionGlossary } from "../app/models/handbook-glossary.server";
import { addChapter, addEntry, createHandbook, getHandbookBySlug, setHandbookStatus } from "../app/models/handbook.server";
import { createPractice } from "../app/models/practice.server";
import { bookWords, type Book } from "../app/utils/book/book";
import { renderEpub } from "../app/utils/book/epub.server";
import { renderPdf } from "../app/utils/book/pdf.server";
import { annexStatusWords } from "../app/utils/glossary-annex";
import { createTestDb } from "./helpers/db";
import { epubcheck } from "./helpers/epubcheck";
import { makeMember, makeOrganisation, sampleWriteUp, glossaryContent as content, glossaryTerm as term } from "./factories";

// The glossary annex of a handbook edition's PDF and EPUB (issue 23): the concepts its
// entries use, in the edition's language, pinned when it was published.

const run = promisify(execFile);
const ORIGIN = "https://exchange.example";

const EXIT_DEFINITION = "Un accompagnement durable pour quitter la prostitution.";

/**
 * A French edition whose English entry says "rescue" (to avoid in English) and whose chapter
 * says "programme de sortie"; a concept only named in English ("drop-in centre") that the
 * entry uses too; a concept no text uses; and an edition whose texts use none.
 */
async function scene(db: Kysely<Database>) {
  const org = await makeOrganisation(db, { name: "Tiyambe Network Malawi", country: "MW" });
  const author = await makeMember(db, { organisationId: org.id });
  const curator = await makeMember(db, { role: "curator" });
  const exit = await createConcept(db, {
    content: content(
      [
        term("en", "exit programme"),
        term("en", "rescue", "avoid", "exit programme"),
        term("fr", "programme de sortie"),
        term("fr", "parcours de sortie", "admitted"),
        term("fr", "sauvetage", "avoid", "programme de sortie"),
      ],
      { en: "Lasting support to leave prostitution.", fr: EXIT_DEFINITION },
    ),
    authorId: curator.id,
  });
  await createConcept(db, { content: content([term("en", "drop-in centre")], { en: "A place to come in without an appointment." }), authorId: curator.id });
  await createConcept(db, { content: content([term("en", "harm reduction"), term("fr", "réduction des risques")], { fr: "Jamais utilisé ici." }), authorId: curator.id });
  const practice = await createPractice(db, {
    authorId: author.id,
    organisationId: org.id,
    writeUp: sampleWriteUp({ title: "Night shelter", summary: "We do not speak of rescue: a drop-in centre opens every night." }),
    meta: { language: "en", themes: ["outreach"], countries: ["MW"] },
    publish: true,
  });
  const plain = await createPractice(db, {
    authorId: author.id,
    organisationId: org.id,
    writeUp: sampleWriteUp({ title: "Evening classes", summary: "Classes in the evening.", context: "", approach: "Teach.", resources: "", outcomes: "", lessons: "" }),
    meta: { language: "en", themes: ["outreach"], countries: ["MW"] },
    publish: true,
  });

  const withAnnex = await createHandbook(db, { title: "Guide des sorties", edition: 1, language: "fr", introMd: "Un guide.", createdBy: curator.id });
  const chapter = await addChapter(db, { handbookId: withAnnex.id, title: "Sortir", introMd: "Le programme de sortie, pas à pas." });
  await addEntry(db, { chapterId: chapter, practiceId: practice.id, revisionNumber: 1, note: "", addedBy: curator.id });
  await setHandbookStatus(db, { id: withAnnex.id, status: "published", now: Date.UTC(2026, 10, 5, 9, 30) });
  await pinEditionGlossary(db, { handbook: (await getHandbookBySlug(db, { slug: withAnnex.slug }))! });

  // The same guide in English: the English names and words.
  const english = await createHandbook(db, { title: "Exit guide", edition: 1, language: "en", introMd: "A guide.", createdBy: curator.id });
  const englishChapter = await addChapter(db, { handbookId: english.id, title: "Leaving", introMd: "" });
  await addEntry(db, { chapterId: englishChapter, practiceId: practice.id, revisionNumber: 1, note: "", addedBy: curator.id });
  await setHandbookStatus(db, { id: english.id, status: "published", now: Date.UTC(2026, 10, 5, 9, 30) });
  await pinEditionGlossary(db, { handbook: (await getHandbookBySlug(db, { slug: english.slug }))! });

  const without = await createHandbook(db, { title: "Plain guide", edition: 1, language: "en", introMd: "A guide.", createdBy: curator.id });
  const plainChapter = await addChapter(db, { handbookId: without.id, title: "Learning", introMd: "" });
  await addEntry(db, { chapterId: plainChapter, practiceId: plain.id, revisionNumber: 1, note: "", addedBy: curator.id });
  await setHandbookStatus(db, { id: without.id, status: "published", now: Date.UTC(2026, 10, 5, 9, 30) });
  await pinEditionGlossary(db, { handbook: (await getHandbookBySlug(db, { slug: without.slug }))! });

  const book = async (slug: string) => {
    const handbook = (await getHandbookBySlug(db, { slug }))!;
    const contents = await bookContents(db, { handbook, origin: ORIGIN });
    return { contents, book: await loadBook(db, { handbook, contents, origin: ORIGIN }) };
  };
  return { curator, exit, withAnnex, english, without, book };
}

describe("the glossary annex of a handbook edition's books", () => {
  let db: Kysely<Database>;
  let s: Awaited<ReturnType<typeof scene>>;
  let annexed: Book;
  let plain: Book;
  let english: Book;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "px-book-glossary-"));
  const fr = bookWords("fr");

  beforeAll(async () => {
    db = await createTestDb();
    s = await scene(db);
    annexed = (await s.book(s.withAnnex.slug)).book;
    plain = (await s.book(s.without.slug)).book;
    english = (await s.book(s.english.slug)).book;
  }, 60_000);

  afterAll(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("reads the pinned annex into the book, in the edition's language, and into the file's key", async () => {
    expect(annexed.glossary.map((c) => [c.head, c.headLanguage])).toEqual([
      ["drop-in centre", "en"],
      ["programme de sortie", "fr"],
    ]);
    const exit = annexed.glossary[1]!;
    expect(exit.definition).toBe(EXIT_DEFINITION);
    expect(exit.terms.map((t) => [t.text, t.status])).toEqual([
      ["programme de sortie", "preferred"],
      ["parcours de sortie", "admitted"],
      ["sauvetage", "avoid"],
    ]);
    expect(plain.glossary).toEqual([]);

    // Pinned: a later revision of the concept leaves the published book (and its file) as it was.
    const before = (await s.book(s.withAnnex.slug)).contents.key;
    const current = (await getConcept(db, { slug: s.exit.slug }))!;
    await reviseConcept(db, { conceptId: s.exit.id, content: { ...current.content, definitions: { ...current.content.definitions, fr: "Une autre définition." } }, authorId: s.curator.id });
    const after = await s.book(s.withAnnex.slug);
    expect(after.contents.key).toBe(before);
    expect(after.book.glossary[1]!.definition).toBe(EXIT_DEFINITION);

    // The annex is part of the key: the same edition without it (as before the annex existed) is another file.
    const pins = await db.selectFrom("handbook_glossary").selectAll().where("handbook_id", "=", s.withAnnex.id).execute();
    await db.deleteFrom("handbook_glossary").where("handbook_id", "=", s.withAnnex.id).execute();
    const bare = await s.book(s.withAnnex.slug);
    expect(bare.book.glossary).toEqual([]);
    expect(bare.contents.key).not.toBe(before);
    await db.insertInto("handbook_glossary").values(pins).execute();
    expect((await s.book(s.withAnnex.slug)).contents.key).toBe(before);
  });

  it("gives the EPUB a glossary document, in the spine, the contents and the landmarks, that epubcheck passes", async () => {
    const annexedBytes = await renderEpub(annexed);
    const plainBytes = await renderEpub(plain);
    const files = unzipSync(annexedBytes);
    const text = (name: string) => strFromU8(files[name]!);
    const glossary = text("OEBPS/glossary.xhtml");
    expect(glossary).toContain(`<section id="glossary" epub:type="glossary"><h1>${fr.t("handbook.glossary")}</h1>`);
    expect(glossary).toContain(`<dt><a href="${ORIGIN}/glossary/${s.exit.slug}">programme de sortie</a></dt>`);
    expect(glossary).toContain(`<dd class="glossary-definition">${EXIT_DEFINITION}</dd>`);
    const [, , avoid] = annexed.glossary[1]!.terms;
    expect(glossary).toContain(`<li><span>sauvetage</span> (${annexStatusWords(avoid!, fr.t)})</li>`);
    // A concept with no French name is named in English, and says so.
    expect(glossary).toContain(`<dt lang="en" xml:lang="en"><a href="${ORIGIN}/glossary/`);
    expect(glossary).toContain(`<dd class="muted">${fr.language("en")}</dd>`);
    expect(glossary).not.toContain("Jamais utilisé ici.");
    expect(glossary).not.toContain("exit programme");

    // The English edition of the same entry: the English terms, the English heading and statuses.
    const englishBytes = await renderEpub(english);
    const englishGlossary = strFromU8(unzipSync(englishBytes)["OEBPS/glossary.xhtml"]!);
    expect(englishGlossary).toContain("<h1>Glossary</h1>");
    expect(englishGlossary).toContain(`<dt><a href="${ORIGIN}/glossary/${s.exit.slug}">exit programme</a></dt><dd class="glossary-definition">Lasting support to leave prostitution.</dd>`);
    expect(englishGlossary).toContain("<li><span>exit programme</span> (preferred)</li><li><span>rescue</span> (to avoid — write exit programme instead)</li>");
    expect(englishGlossary).toContain(`<dt><a href="${ORIGIN}/glossary/drop-in-centre">drop-in centre</a></dt><dd class="glossary-definition">A place to come in without an appointment.</dd>`);
    expect(englishGlossary).not.toContain("sauvetage");

    const opf = text("OEBPS/content.opf");
    expect(opf).toContain('<item id="glossary" href="glossary.xhtml" media-type="application/xhtml+xml"/>');
    // After the chapters, before the closing page.
    expect(opf).toMatch(/<itemref idref="chapter-1"\/>\n<itemref idref="glossary"\/>\n<itemref idref="closing"\/>/);
    const nav = text("OEBPS/nav.xhtml");
    expect(nav).toContain(`<li><a href="glossary.xhtml">${fr.t("handbook.glossary")}</a></li><li><a href="closing.xhtml">`);
    expect(nav).toContain(`<a epub:type="glossary" href="glossary.xhtml">`);

    // An edition whose texts use no concept has no annex at all.
    const bare = unzipSync(plainBytes);
    expect(Object.keys(bare)).not.toContain("OEBPS/glossary.xhtml");
    expect(strFromU8(bare["OEBPS/nav.xhtml"]!)).not.toContain("glossary");
    expect(strFromU8(bare["OEBPS/content.opf"]!)).not.toContain("glossary");

    const check = await epubcheck({ annexed: annexedBytes, english: englishBytes, plain: plainBytes });
    try {
      expect(check.results.get("annexed"), check.output).toEqual({ fatals: 0, errors: 0, warnings: 0 });
      expect(check.results.get("english"), check.output).toEqual({ fatals: 0, errors: 0, warnings: 0 });
      expect(check.results.get("plain"), check.output).toEqual({ fatals: 0, errors: 0, warnings: 0 });
    } finally {
      fs.rmSync(check.dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("gives the PDF a glossary chapter before the closing page, in the contents and the bookmarks", async () => {
    const outlineOf = async (bytes: Uint8Array) => {
      const doc = await PDFDocument.load(bytes, { updateMetadata: false });
      const titles: { level: number; title: string }[] = [];
      const walk = (item: PDFDict | undefined, level: number) => {
        for (; item; item = item.lookupMaybe(PDFName.of("Next"), PDFDict)) {
          titles.push({ level, title: item.lookup(PDFName.of("Title"), PDFString, PDFHexString).decodeText() });
          walk(item.lookupMaybe(PDFName.of("First"), PDFDict), level + 1);
        }
      };
      walk(doc.catalog.lookup(PDFName.of("Outlines"), PDFDict).lookupMaybe(PDFName.of("First"), PDFDict), 1);
      return titles;
    };
    const pdfText = async (file: string, page?: number) => {
      const range = page ? ["-f", String(page), "-l", String(page)] : [];
      return (await run("pdftotext", ["-enc", "UTF-8", ...range, file, "-"])).stdout.replace(/\s+/g, " ");
    };
    const made = await Promise.all(
      [english, plain].map(async (book, i) => {
        const { bytes, pages } = await renderPdf(book, { paper: "a4", timeoutMs: 120_000 });
        const file = path.join(dir, `${i}.pdf`);
        fs.writeFileSync(file, bytes);
        return { bytes, pages, file };
      }),
    );
    const [withGlossary, withoutGlossary] = made as [(typeof made)[number], (typeof made)[number]];

    // The contents list it, with the page it starts on; that page has the heading, the terms and the definitions.
    const contents = await pdfText(withGlossary.file, 2);
    const listed = /Glossary \.{3,} (\d+)/.exec(contents);
    expect(listed, contents).not.toBeNull();
    const page = Number(listed![1]);
    const glossaryPage = await pdfText(withGlossary.file, page);
    expect(glossaryPage).toContain("Glossary The terms this edition uses");
    expect(glossaryPage).toContain("drop-in centre A place to come in without an appointment.");
    expect(glossaryPage).toContain("exit programme Lasting support to leave prostitution. exit programme (preferred) rescue (to avoid — write exit programme instead)");
    // The closing page comes after it, on a page of its own.
    expect(page).toBe(withGlossary.pages - 1);
    expect(await pdfText(withGlossary.file, withGlossary.pages)).toContain("Contributing organisations");
    expect(glossaryPage).not.toContain("Contributing organisations");
    expect(await pdfText(withGlossary.file, page - 1)).not.toContain("The terms this edition uses");

    expect(await outlineOf(withGlossary.bytes)).toEqual([
      { level: 1, title: "1. Leaving" },
      { level: 2, title: "Night shelter" },
      { level: 1, title: "Glossary" },
    ]);

    // No concept used, no annex: not in the text, the contents or the bookmarks.
    expect(await pdfText(withoutGlossary.file)).not.toContain("Glossary");
    expect((await outlineOf(withoutGlossary.bytes)).map((o) => o.title)).toEqual(["1. Learning", "Evening classes"]);
  }, 180_000);
});
