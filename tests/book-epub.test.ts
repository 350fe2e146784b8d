import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import type { Kysely } from "kysely";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import { storePendingAttachment } from "../app/models/attachment.server";
import { endorsePractice } from "../app/models/endorsement.server";
import { bookContents, loadBook } from "../app/models/book-contents.server";
import { addChapter, addEntry, createHandbook, getHandbookBySlug, setHandbookStatus } from "../app/models/handbook.server";
import { createPractice, withdrawPractice } from "../app/models/practice.server";
import { entryAnchor, type Book } from "../app/utils/book/book";
import { renderEpub } from "../app/utils/book/epub.server";
import { createTestDb } from "./helpers/db";
import { attaching, storeDocument, storeImage } from "./helpers/attachments";
import { demoBook, demoDatabase } from "./helpers/demo-books";
import { EPUBCHECK, epubcheck } from "./helpers/epubcheck";
import { onPostgres } from "./helpers/postgres";
import { makeMember, makeOrganisation, sampleWriteUp } from "./factories";

// The demo books come from the demo seed, which is SQLite only (tests/helpers/demo-books.ts);
// the book with images, documents and a withdrawn entry is built on the engine the suite runs on.

const run = promisify(execFile);
const ORIGIN = "https://exchange.example";

const ENTRY_WORDS = {
  ne: { title: "खुला सिमानामा निगरानी तथा रोकथाम बिन्दुहरू", words: "नेपाल र भारतबीचको सिमाना खुला छ" },
  bn: { title: "পতিতাবৃত্তি থেকে বেরিয়ে আসা নারীদের চালানো ভ্রাম্যমাণ ক্যাটারিং", words: "দুটি রেড-লাইট এলাকায় আমরা যে নারীদের সঙ্গে কাজ করি" },
  mn: { title: "Бэлгийн мөлжлөгт өртсөн охидод зориулсан тусгай зөвшөөрөлтэй хамгаалах байр", words: "Улаанбаатарт бэлгийн мөлжлөгт өртсөн охидыг" },
} as const;

/** A small PNG display copy, beside the factories' JPEGs. */
async function storePng(db: Kysely<Database>, uploaderId: number) {
  const png = new Uint8Array(
    await sharp({ create: { width: 24, height: 16, channels: 4, background: { r: 0, g: 90, b: 200, alpha: 0.5 } } })
      .png()
      .toBuffer(),
  );
  const id = await storePendingAttachment(db, {
    uploaderId,
    file: { kind: "image", type: "png", name: "map.png", display: { bytes: png, mime: "image/png", width: 24, height: 16 }, thumb: { bytes: png, mime: "image/png", width: 24, height: 16 } },
  });
  return { id, bytes: png };
}

// What members may write, as renderMarkdown stores it: raw HTML escaped, `&nbsp;` kept, links to this site and to nowhere.
const HOSTILE_MARKDOWN = [
  'Before <script>alert("x")</script> after&nbsp;the&nbsp;space, a line<br>break and <b>an unclosed tag',
  "| Step | Cost |\n|:--|--:|\n| Rent | 40 |",
  "See [the form](/practices/intake-form), [below](#nowhere), [a pipe](https://example.org/a|b), [odd](https://example.org/%zz) and [mail](mailto:team@example.org).",
  "1. one\n2. two\n\n> quoted *emphasis* and `code`\n\n---\n\n    indented code",
].join("\n\n");

// HTML as it might arrive from older or foreign data: void elements open, unclosed paragraphs, items and emphasis, entities, a control character.
const HOSTILE_HTML =
  "<p>one&nbsp;two<br>three<p>unclosed <strong>bold</strong><ul><li>a<li>b</ul><hr>" + '<p><a href="#missing" rel="nofollow">dangling</a> <a rel="nofollow">no link</a> &copy; &amp; ok\u0007 <em>open';

/**
 * A book with everything an entry can carry: images (JPEG and PNG), documents, an endorsing
 * organisation, a curator's note, hostile HTML; a withdrawn entry and an empty chapter.
 */
async function richBook(db: Kysely<Database>) {
  const org = await makeOrganisation(db, { name: "Tiyambe Network Malawi", country: "MW" });
  const endorser = await makeOrganisation(db, { name: "Ujjwal Bhor Trust", country: "IN" });
  const other = await makeOrganisation(db, { name: "Nayaa Baato Nepal", country: "NP" });
  const author = await makeMember(db, { organisationId: org.id, displayName: "Chikondi" });
  const otherAuthor = await makeMember(db, { organisationId: other.id });
  const curator = await makeMember(db, { role: "curator" });
  const jpeg = await storeImage(db, { uploaderId: author.id, name: "workshop.jpg" });
  const png = await storePng(db, author.id);
  const document = await storeDocument(db, { uploaderId: author.id, name: "intake-form.txt" });
  const practice = await createPractice(db, {
    authorId: author.id,
    organisationId: org.id,
    writeUp: sampleWriteUp({ title: "Truck stop outreach & <friends>", approach: HOSTILE_MARKDOWN }),
    meta: { language: "en", themes: ["outreach"], countries: ["MW"] },
    publish: true,
    attachments: attaching([jpeg.id, png.id, document.id], { [jpeg.id]: "Women at the workshop table", [png.id]: "" }),
  });
  const endorsingMember = await makeMember(db, { organisationId: endorser.id });
  await endorsePractice(db, { practiceId: practice.id, userId: endorsingMember.id, organisationId: endorser.id, note: "" });
  const gone = await createPractice(db, {
    authorId: otherAuthor.id,
    organisationId: other.id,
    writeUp: sampleWriteUp({ title: "A practice later withdrawn", summary: "Its words must not reach the book." }),
    meta: { language: "en", themes: ["outreach"], countries: ["NP"] },
    publish: true,
  });
  const { slug, id: handbookId } = await createHandbook(db, {
    title: "Good Practice Handbook",
    edition: 2,
    language: "en",
    introMd: "Why this **book**, and [where](/handbooks).",
    createdBy: curator.id,
  });
  const first = await addChapter(db, { handbookId, title: "Meeting primary needs", introMd: "Food, then *shelter*." });
  const empty = await addChapter(db, { handbookId, title: "Economic autonomy", introMd: "" });
  const entryId = await addEntry(db, { chapterId: first, practiceId: practice.id, revisionNumber: 1, note: "A model for the region", addedBy: curator.id });
  const goneEntryId = await addEntry(db, { chapterId: first, practiceId: gone.id, revisionNumber: 1, note: "Read with care", addedBy: curator.id });
  await withdrawPractice(db, { id: gone.id, by: otherAuthor.id, reason: "Outdated" });
  await setHandbookStatus(db, { id: handbookId, status: "published", now: Date.UTC(2026, 10, 5, 9, 30) });
  const handbook = (await getHandbookBySlug(db, { slug }))!;
  const contents = await bookContents(db, { handbook, origin: ORIGIN });
  const book = await loadBook(db, { handbook, contents, origin: ORIGIN });
  // One section as foreign HTML that never went through the sanitiser's serialiser.
  book.chapters[0]!.entries[0]!.sectionsHtml.lessons = HOSTILE_HTML;
  return { book, entryId, goneEntryId, emptyChapterId: empty, jpeg, png, document };
}

const unzip = (bytes: Uint8Array) => unzipSync(bytes);
const text = (files: Record<string, Uint8Array>, name: string) => strFromU8(files[name]!);

/** An EPUB epubcheck must reject: the mimetype compressed, a chapter not well-formed. */
function brokenCopy(bytes: Uint8Array) {
  const files = unzip(bytes);
  const out: Record<string, [Uint8Array, { level: 0 | 6 }]> = {};
  for (const [name, data] of Object.entries(files)) out[name] = [name === "OEBPS/chapter-1.xhtml" ? strToU8(strFromU8(data).replace("</section>", "")) : data, { level: 6 }];
  return zipSync(out);
}

let demo: Record<"en" | "ne" | "bn" | "mn", { book: Book; bytes: Uint8Array }>;
let rich: Awaited<ReturnType<typeof richBook>> & { bytes: Uint8Array };
let check: Awaited<ReturnType<typeof epubcheck>>;

beforeAll(async () => {
  if (onPostgres) return;
  const demoDb = demoDatabase();
  demo = {} as typeof demo;
  for (const language of ["en", "ne", "bn", "mn"] as const) {
    const book = await demoBook(demoDb, language);
    demo[language] = { book, bytes: await renderEpub(book) };
  }
  await demoDb.destroy();
  const db = await createTestDb();
  const built = await richBook(db);
  rich = { ...built, bytes: await renderEpub(built.book) };
  await db.destroy();
  check = await epubcheck({
    "demo-en": demo.en.bytes,
    "demo-ne": demo.ne.bytes,
    "demo-bn": demo.bn.bytes,
    "demo-mn": demo.mn.bytes,
    rich: rich.bytes,
    broken: brokenCopy(demo.en.bytes),
  });
}, 120_000);

afterAll(() => {
  if (check) fs.rmSync(check.dir, { recursive: true, force: true });
});

// The EPUB is made from what loadBook read, the same on either engine (tests/book-files.test.ts
// stores and serves it on both): epubcheck's JVM runs once, on SQLite.
describe.skipIf(onPostgres)("the EPUB of a handbook edition", () => {
  it("passes epubcheck with no errors and no warnings, in English, Nepali, Bengali and Mongolian, and with everything an entry can hold", () => {
    for (const name of ["demo-en", "demo-ne", "demo-bn", "demo-mn", "rich"]) expect(check.results.get(name), `${name}\n${check.output}`).toEqual({ fatals: 0, errors: 0, warnings: 0 });
    // The check can fail: a compressed mimetype and a chapter that is not well-formed are caught.
    expect(check.results.get("broken")!.errors + check.results.get("broken")!.fatals, check.output).toBeGreaterThanOrEqual(2);
    expect(check.output).toMatch(/PKG-007|mimetype/);
  });

  it("passes the epubcheck command line as Debian installs it", async () => {
    const file = path.join(check.dir, "demo-ne.epub");
    const { stdout, stderr } = await run("java", ["-jar", EPUBCHECK, file]);
    expect(stdout + stderr).toContain("No errors or warnings detected.");
  });

  it("is a package: mimetype first and stored, the container, the package document, one XHTML file per chapter", () => {
    const bytes = demo.en.bytes;
    // The local header of the first entry: stored (method 0), no extra field, named mimetype, its content at once.
    const header = Buffer.from(bytes.buffer, bytes.byteOffset, 60);
    expect(header.readUInt32LE(0)).toBe(0x04034b50);
    expect(header.readUInt16LE(8)).toBe(0);
    expect(header.readUInt16LE(26)).toBe("mimetype".length);
    expect(header.readUInt16LE(28)).toBe(0);
    expect(header.toString("latin1", 30, 38 + "application/epub+zip".length)).toBe("mimetypeapplication/epub+zip");

    const files = unzip(bytes);
    expect(Object.keys(files)[0]).toBe("mimetype");
    expect(text(files, "META-INF/container.xml")).toContain('full-path="OEBPS/content.opf"');
    const opf = text(files, "OEBPS/content.opf");
    const { book } = demo.en;
    const chapters = Object.keys(files).filter((n) => /^OEBPS\/chapter-\d+\.xhtml$/.test(n));
    expect(chapters).toHaveLength(book.chapters.length);
    book.chapters.forEach((chapter, i) => {
      const file = text(files, `OEBPS/chapter-${i + 1}.xhtml`);
      expect(file).toContain(`id="chapter-${chapter.id}"`);
      for (const entry of chapter.entries) expect(file).toContain(`id="${entryAnchor(entry)}"`);
      expect(opf).toContain(`<itemref idref="chapter-${i + 1}"/>`);
    });
    expect(opf).toMatch(/<dc:identifier id="pub-id">urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}<\/dc:identifier>/);
    expect(opf).toContain(`<dc:title>${book.handbook.title}</dc:title>`);
    expect(opf).toContain("<dc:language>en</dc:language>");
    expect(opf).toContain('<dc:creator id="creator">Practice Exchange</dc:creator>');
    for (const organisation of book.organisations) expect(opf).toContain(`<dc:contributor id="contributor-${book.organisations.indexOf(organisation) + 1}">${organisation}</dc:contributor>`);
    expect(opf).toContain(`<meta property="dcterms:modified">${new Date(book.handbook.publishedAt!).toISOString().slice(0, 19)}Z</meta>`);
    expect(opf).toContain('properties="cover-image"');
    expect(opf).toMatch(/<dc:rights>Shared with the members of Practice Exchange\./);
    expect(text(files, "OEBPS/cover.xhtml")).toContain(`<h1 class="book-title">${book.handbook.title}</h1>`);
    expect(text(files, "OEBPS/images/cover.svg")).toContain(book.handbook.title.split(" ")[0]);
    expect(text(files, "OEBPS/style.css")).toMatch(/img \{ max-width: 100%; height: auto; \}/);
    expect(text(files, "OEBPS/style.css")).not.toMatch(/\bwidth:\s*\d+(px|pt|cm|mm|in)/);
  });

  it("lists every chapter and entry in its navigation document, with landmarks", () => {
    const files = unzip(demo.ne.bytes);
    const nav = text(files, "OEBPS/nav.xhtml");
    expect(nav).toContain('<nav epub:type="toc" id="toc"><h1>विषयसूची</h1>');
    const { book } = demo.ne;
    book.chapters.forEach((chapter, i) => {
      expect(nav).toContain(`<a href="chapter-${i + 1}.xhtml">${i + 1}. ${chapter.title}</a>`);
      for (const entry of chapter.entries) expect(nav).toContain(`href="chapter-${i + 1}.xhtml#${entryAnchor(entry)}"`);
    });
    expect(nav).toContain(`>${ENTRY_WORDS.ne.title}</a>`);
    expect(nav).toMatch(/<nav epub:type="landmarks"[^>]*>.*epub:type="cover".*epub:type="toc".*epub:type="bodymatter".*epub:type="glossary"/);
    // The demo seed pins the starter glossary: the annex is its own document, after the chapters (tests/book-glossary.test.ts).
    expect(nav).toMatch(new RegExp(`<li><a href="chapter-${book.chapters.length}\\.xhtml">.*</li><li><a href="glossary\\.xhtml">[^<]+</a></li><li><a href="closing\\.xhtml">`));
  });

  it("says the language of every document and of every entry in another language", () => {
    for (const language of ["en", "ne", "bn", "mn"] as const) {
      const files = unzip(demo[language].bytes);
      const documents = Object.keys(files).filter((n) => n.endsWith(".xhtml"));
      expect(documents.length).toBeGreaterThanOrEqual(5);
      for (const name of documents)
        expect(text(files, name), `${language} ${name}`).toContain(`<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="${language}" xml:lang="${language}">`);
      expect(text(files, "OEBPS/content.opf")).toContain(`<dc:language>${language}</dc:language>`);
      expect(text(files, "OEBPS/images/cover.svg")).toContain(`xml:lang="${language}"`);
    }
    // The Nepali edition keeps the practices it has no translation of in English, and says so.
    const ne = unzip(demo.ne.bytes);
    const english = demo.ne.book.chapters.flatMap((c, i) => c.entries.filter((e) => e.language === "en").map((e) => [i, e] as const));
    expect(english.length).toBeGreaterThan(0);
    for (const [i, entry] of english) {
      expect(text(ne, `OEBPS/chapter-${i + 1}.xhtml`)).toContain(`<section class="entry" id="${entryAnchor(entry)}" lang="en" xml:lang="en">`);
      expect(text(ne, "OEBPS/nav.xhtml")).toContain(`href="chapter-${i + 1}.xhtml#${entryAnchor(entry)}" lang="en" xml:lang="en">`);
    }
  });

  it("holds the exact words of the Nepali, Bengali and Mongolian entries in their chapter files", () => {
    for (const language of ["ne", "bn", "mn"] as const) {
      const { book, bytes } = demo[language];
      const files = unzip(bytes);
      const index = book.chapters.findIndex((c) => c.entries.some((e) => e.language === language && e.title === ENTRY_WORDS[language].title));
      expect(index, language).toBeGreaterThanOrEqual(0);
      const chapter = text(files, `OEBPS/chapter-${index + 1}.xhtml`);
      expect(chapter).toContain(`<h2 class="entry-title">${ENTRY_WORDS[language].title}</h2>`);
      expect(chapter).toContain(ENTRY_WORDS[language].words);
      // Characters, not references: a reader's search finds them.
      expect(chapter).not.toMatch(/&#x[0-9a-f]{3,};/i);
      // Its own language: no lang attribute on the entry, the book's is already the entry's.
      const entry = book.chapters[index]!.entries.find((e) => e.title === ENTRY_WORDS[language].title)!;
      expect(chapter).toContain(`<section class="entry" id="${entryAnchor(entry)}">`);
    }
  });

  it("credits each entry and gives the curator's note; the closing page lists every organisation and the licence", () => {
    const files = unzip(rich.bytes);
    const chapter = text(files, "OEBPS/chapter-1.xhtml");
    expect(chapter).toContain('<p class="credit">Tiyambe Network Malawi (Malawi) · Chikondi · revision 1 of');
    expect(chapter).toContain("endorsed by Ujjwal Bhor Trust");
    expect(chapter).toMatch(/<a href="https:\/\/exchange\.example\/practices\/truck-stop-outreach[^"]*">source<\/a>/);
    expect(chapter).toContain('<p class="curator-note" lang="en" xml:lang="en"><strong>Curator’s note:</strong> A model for the region</p>');
    expect(chapter).toContain('<h2 class="entry-title">Truck stop outreach &amp; &lt;friends&gt;</h2>');
    const closing = text(files, "OEBPS/closing.xhtml");
    expect(closing).toContain('<h2 class="closing-title">Contributing organisations</h2>');
    for (const organisation of rich.book.organisations) expect(closing).toContain(`<li>${organisation}</li>`);
    expect(closing).toContain("Nayaa Baato Nepal");
    expect(closing).toContain('<p class="licence">Shared with the members of Practice Exchange.');
    const demoClosing = text(unzip(demo.en.bytes), "OEBPS/closing.xhtml");
    for (const organisation of demo.en.book.organisations) expect(demoClosing).toContain(`<li>${organisation}</li>`);
  });

  it("carries the entry's images as files with their media types, and links its documents on the forum", () => {
    const files = unzip(rich.bytes);
    const opf = text(files, "OEBPS/content.opf");
    const chapter = text(files, "OEBPS/chapter-1.xhtml");
    expect(files[`OEBPS/images/image-${rich.jpeg.id}.jpg`]).toEqual(rich.jpeg.bytes);
    expect(files[`OEBPS/images/image-${rich.png.id}.png`]).toEqual(rich.png.bytes);
    expect(opf).toContain(`<item id="image-${rich.jpeg.id}" href="images/image-${rich.jpeg.id}.jpg" media-type="image/jpeg"/>`);
    expect(opf).toContain(`<item id="image-${rich.png.id}" href="images/image-${rich.png.id}.png" media-type="image/png"/>`);
    expect(chapter).toContain(`<img src="images/image-${rich.jpeg.id}.jpg" alt="Women at the workshop table" width="40" height="30"/><figcaption>Women at the workshop table</figcaption>`);
    expect(chapter).toContain(`<img src="images/image-${rich.png.id}.png" alt=""`);
    expect(chapter).toContain(`<li><a href="${ORIGIN}/attachments/${rich.document.id}">intake-form.txt</a> (`);
    // Links to the forum are absolute: a downloaded book has no page to be relative to.
    expect(chapter).toContain(`href="${ORIGIN}/practices/intake-form"`);
    expect(text(files, "OEBPS/intro.xhtml")).toContain(`href="${ORIGIN}/handbooks"`);
    expect(chapter).not.toMatch(/href="\/(?!\/)/);
  });

  it("shows a withdrawn entry as withdrawn, without its words, and an empty chapter as empty", () => {
    const files = unzip(rich.bytes);
    const chapter = text(files, "OEBPS/chapter-1.xhtml");
    expect(chapter).toContain(`<section class="entry entry-withdrawn" id="entry-${rich.goneEntryId}"><h2>Entry withdrawn</h2>`);
    const everything = Object.values(files)
      .map((f) => Buffer.from(f).toString("utf8"))
      .join("\n");
    expect(everything).not.toContain("A practice later withdrawn");
    expect(everything).not.toContain("Its words must not reach the book.");
    expect(everything).not.toContain("Read with care");
    expect(text(files, "OEBPS/nav.xhtml")).toContain(`<a href="chapter-1.xhtml#entry-${rich.goneEntryId}">Entry withdrawn</a>`);
    const empty = text(files, "OEBPS/chapter-2.xhtml");
    expect(empty).toContain(`id="chapter-${rich.emptyChapterId}"`);
    expect(empty).toContain('<p class="muted">No practice in this chapter yet.</p>');
    expect(text(files, "OEBPS/nav.xhtml")).toContain('<li><a href="chapter-2.xhtml">2. Economic autonomy</a></li>');
  });

  it("turns members' HTML into well-formed XHTML: escaped script, characters for entities, closed tags, no dangling links", () => {
    const files = unzip(rich.bytes);
    const chapter = text(files, "OEBPS/chapter-1.xhtml");
    expect(chapter).toContain("Before &lt;script&gt;alert(");
    expect(chapter).not.toMatch(/<script/i);
    expect(chapter).toContain("after\u00a0the\u00a0space");
    expect(chapter).toContain("one\u00a0two<br/>three</p><p>unclosed <strong>bold</strong></p><ul><li>a</li><li>b</li></ul><hr/>");
    expect(chapter).not.toContain("&nbsp;");
    expect(chapter).toContain("<a>dangling</a> <a>no link</a> © &amp; ok <em>open</em></p>");
    expect(chapter).not.toContain("\u0007");
    // Fragment links to anchors the write-up does not have lose their href; odd URLs are escaped.
    expect(chapter).not.toContain('href="#nowhere"');
    expect(chapter).not.toContain('href="#missing"');
    expect(chapter).toContain('href="https://example.org/a%7Cb"');
    expect(chapter).toContain('href="https://example.org/%25zz"');
    expect(chapter).toContain('href="mailto:team@example.org"');
    expect(chapter).toContain('<th style="text-align: left">Step</th>');
    expect(chapter).not.toMatch(/ align="/);
  });

  it("gives the same bytes for the same book", async () => {
    expect(Buffer.from(await renderEpub(demo.ne.book)).equals(Buffer.from(demo.ne.bytes))).toBe(true);
    expect(Buffer.from(await renderEpub(rich.book)).equals(Buffer.from(rich.bytes))).toBe(true);
    // Whatever the server's time zone (the ZIP's times are local ones).
    const zone = process.env.TZ;
    try {
      process.env.TZ = "Pacific/Kiritimati";
      expect(Buffer.from(await renderEpub(demo.ne.book)).equals(Buffer.from(demo.ne.bytes))).toBe(true);
      process.env.TZ = "America/Los_Angeles";
      expect(Buffer.from(await renderEpub(demo.ne.book)).equals(Buffer.from(demo.ne.bytes))).toBe(true);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    // Another book is another publication.
    const id = (bytes: Uint8Array) => /urn:uuid:[^<]+/.exec(text(unzip(bytes), "OEBPS/content.opf"))![0];
    expect(id(demo.ne.bytes)).not.toBe(id(demo.en.bytes));
    expect(id(await renderEpub({ ...demo.en.book, handbook: { ...demo.en.book.handbook, licence: "CC BY 4.0" } }))).not.toBe(id(demo.en.bytes));
  });
});
