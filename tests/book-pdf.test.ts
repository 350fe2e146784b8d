import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFString, PDFHexString } from "pdf-lib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PaperSize } from "../app/domain/book";
import { bookWords, chapterTitle, type Book, type BookEntry } from "../app/utils/book/book";
import { checkPdfEngine, pdfEngine, renderPdf } from "../app/utils/book/pdf.server";
import { DEMO_PRACTICES } from "../scripts/demo-content";
import { demoBook, demoDatabase } from "./helpers/demo-books";
import { onPostgres } from "./helpers/postgres";

/**
 * The PDF renderer on the demo handbook's English, Nepali, Bengali and Mongolian editions,
 * checked with Debian's poppler-utils the way a reader's tools see the file. Each book is
 * rendered once and shared.
 *
 * Rendering reads a `Book` (plain data) and never touches the database, so these tests run
 * under SQLite only: on PostgreSQL they would render the same files again (the demo seed is
 * a SQLite file either way). When WeasyPrint or poppler-utils is missing they fail, never
 * skip: `npm test` installs both (scripts/ensure-book-tools.js).
 */

const run = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "px-book-pdf-"));
const REFERENCES = path.join(__dirname, "fixtures", "books");
/** `UPDATE_BOOK_REFERENCES=1 npx vitest run tests/book-pdf.test.ts` writes the reference images anew (look at them before committing). */
const UPDATE_REFERENCES = process.env.UPDATE_BOOK_REFERENCES === "1";

type Edition = "en" | "ne" | "bn" | "mn";
interface Rendered {
  book: Book;
  file: string;
  bytes: Uint8Array;
  pages: number;
}
const rendered = new Map<string, Rendered>();
const get = (edition: Edition, paper: PaperSize = "a4") => rendered.get(`${edition}-${paper}`)!;

const DIGITS: Record<string, string> = Object.fromEntries([..."०१२३४५६७८९"].map((d, i) => [d, String(i)]).concat([..."০১২৩৪৫৬৭৮৯"].map((d, i) => [d, String(i)])));
const asciiDigits = (text: string) => text.replace(/[०-९০-৯]/g, (d) => DIGITS[d]!);
const squash = (text: string) => text.replace(/\s+/g, " ").trim();

const pageTexts = new Map<string, string>();
/** One page's text as pdftotext extracts it (UTF-8), whitespace squashed. */
async function pageText(file: string, page: number) {
  const key = `${file}#${page}`;
  if (!pageTexts.has(key)) {
    const { stdout } = await run("pdftotext", ["-enc", "UTF-8", "-f", String(page), "-l", String(page), file, "-"]);
    pageTexts.set(key, squash(stdout));
  }
  return pageTexts.get(key)!;
}

/** The contents page's lines as `title → page number`, a title wrapped over two lines joined again. */
async function contents(file: string) {
  const { stdout } = await run("pdftotext", ["-enc", "UTF-8", "-f", "2", "-l", "2", file, "-"]);
  const lines = stdout.split("\n").map((l) => l.trim());
  const items: { title: string; page: number }[] = [];
  let pending = "";
  for (const line of lines.slice(1)) {
    if (!line) continue;
    const match = /^(.*?)\s*\.{3,}\s*([0-9०-९০-৯]+)$/.exec(line);
    if (!match) {
      pending += `${line} `;
      continue;
    }
    items.push({ title: squash(pending + match[1]), page: Number(asciiDigits(match[2]!)) });
    pending = "";
  }
  return items;
}

function pageOf(items: { title: string; page: number }[], title: string) {
  const item = items.find((i) => i.title === squash(title));
  if (!item) throw new Error(`"${title}" is not in the contents: ${JSON.stringify(items.map((i) => i.title))}`);
  return item.page;
}

/** The first sentence of a demo write-up's summary (up to its first full stop or danda). */
function demoPractice(key: string) {
  const practice = DEMO_PRACTICES.find((p) => p.key === key);
  if (!practice) throw new Error(`no demo practice ${key}`);
  const sentence = /^[^.।]+[.।]/.exec(practice.writeUp.summary)![0];
  return { title: practice.writeUp.title, sentence: squash(sentence) };
}

/** Entries in Chichewa, Portuguese and French, with an image and a document, added to the English book. */
function withLatinEntries(book: Book, image: { id: number; bytes: Uint8Array; width: number; height: number }): Book {
  const [first, ...rest] = book.chapters;
  const model = first!.entries[0]!;
  const entry = (entryId: number, language: string, title: string, summary: string, extra: Partial<BookEntry> = {}): BookEntry => ({
    ...model,
    entryId,
    language,
    title,
    summary,
    curatorNote: "",
    ...extra,
  });
  const added = [
    entry(900001, "ny", "Kuŵerenga ndi kulemba kwa atsikana", "Atsikana makumi aŵiri anaphunzira kuŵerenga ndi kulemba m'miyezi isanu ndi umodzi.", {
      attachments: [
        {
          id: image.id,
          kind: "image",
          type: "png",
          name: "workshop.png",
          size: image.bytes.length,
          alt: "Msonkhano wa atsikana",
          width: image.width,
          height: image.height,
          thumbWidth: null,
          thumbHeight: null,
        },
        { id: image.id + 1, kind: "document", type: "txt", name: "intake-form.txt", size: 120, alt: "", width: null, height: null, thumbWidth: null, thumbHeight: null },
      ],
    }),
    // Images from a file and from the network, which a book must never fetch (WeasyPrint's URL fetcher refuses all but data: URLs).
    entry(900002, "pt", "Proteção e educação das raparigas", "A formação em gestão e a certificação profissional garantiram a inserção de vinte mulheres.", {
      sectionsHtml: {
        ...model.sectionsHtml,
        context: `${model.sectionsHtml.context}<p><img src="file://${path.join(__dirname, "fixtures", "attachments", "alpha.png")}" alt=""><img src="http://127.0.0.1:9/tracker.png" alt=""></p>`,
      },
    }),
    entry(900003, "fr", "Éducation et sécurité des jeunes filles", "L'équipe a accompagné quarante-cinq jeunes femmes vers un hébergement sécurisé."),
  ];
  return {
    ...book,
    chapters: [{ ...first!, entries: [...first!.entries, ...added] }, ...rest],
    images: new Map([...book.images, [image.id, { mime: "image/png", bytes: image.bytes }]]),
  };
}

async function pngPixels(file: string) {
  const { data, info } = await sharp(file).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** The share of pixels that differ by more than 64 grey levels (1 when the sizes differ). */
async function pixelDifference(a: string, b: string) {
  const [x, y] = await Promise.all([pngPixels(a), pngPixels(b)]);
  if (x.width !== y.width || x.height !== y.height) return 1;
  let differing = 0;
  for (let i = 0; i < x.data.length; i++) if (Math.abs(x.data[i]! - y.data[i]!) > 64) differing++;
  return differing / x.data.length;
}

/**
 * Measured on the Nepali chapter page at 50 dpi: the same render differs by 0 %; another
 * revision date in the credit (the demo seed dates revisions on the day it runs) by 0.1 %;
 * the Latin text in DejaVu Serif instead of Noto Serif by 11 %, the Devanagari in a font
 * without it by 15 %, Devanagari drawn as tofu boxes by 16 %.
 */
const MAX_DIFFERING_PIXELS = 0.02;

async function renderPage(file: string, page: number, out: string) {
  await run("pdftoppm", ["-r", "50", "-png", "-f", String(page), "-l", String(page), "-singlefile", file, out]);
  return `${out}.png`;
}

describe.skipIf(onPostgres)("handbook PDF", () => {
  beforeAll(async () => {
    const engine = await pdfEngine();
    if (!engine.available) throw new Error(`WeasyPrint is needed for these tests: ${engine.reason}`);
    const db = demoDatabase();
    try {
      const width = 1600;
      const height = 900;
      const image = {
        id: 900100,
        width,
        height,
        bytes: new Uint8Array(
          await sharp({ create: { width, height, channels: 3, background: "#3a6ea5" } })
            .png()
            .toBuffer(),
        ),
      };
      const books: [Edition, Book][] = [
        ["en", withLatinEntries(await demoBook(db, "en"), image)],
        ["ne", await demoBook(db, "ne")],
        ["bn", await demoBook(db, "bn")],
        ["mn", await demoBook(db, "mn")],
      ];
      const jobs: [Edition, Book, PaperSize][] = [...books.map(([e, b]) => [e, b, "a4"] as [Edition, Book, PaperSize]), ["en", books[0]![1], "letter"]];
      await Promise.all(
        jobs.map(async ([edition, book, paper]) => {
          const { bytes, pages } = await renderPdf(book, { paper, timeoutMs: 120_000 });
          const file = path.join(dir, `${edition}-${paper}.pdf`);
          fs.writeFileSync(file, bytes);
          rendered.set(`${edition}-${paper}`, { book, file, bytes, pages });
        }),
      );
    } finally {
      await db.destroy();
    }
  }, 180_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([
    ["ne", "nepal-border-ne"],
    ["bn", "kolkata-catering-bn"],
    ["mn", "mongolia-shelter-mn"],
  ] as const)("the %s edition's text extracts as the exact words of %s", async (edition, key) => {
    const { file } = get(edition);
    const { title, sentence } = demoPractice(key);
    const page = pageOf(await contents(file), title);
    const text = await pageText(file, page);
    expect(text).toContain(squash(title));
    // The summary's first sentence may run onto the next page.
    expect(`${text} ${await pageText(file, page + 1)}`).toContain(sentence);
  });

  it("Latin diacritics extract as written (Chichewa ŵ, Portuguese ção, French é)", async () => {
    const { file } = get("en");
    const items = await contents(file);
    for (const [title, sentence] of [
      ["Kuŵerenga ndi kulemba kwa atsikana", "Atsikana makumi aŵiri anaphunzira kuŵerenga ndi kulemba m'miyezi isanu ndi umodzi."],
      ["Proteção e educação das raparigas", "A formação em gestão e a certificação profissional garantiram a inserção de vinte mulheres."],
      ["Éducation et sécurité des jeunes filles", "L'équipe a accompagné quarante-cinq jeunes femmes vers un hébergement sécurisé."],
    ]) {
      const page = pageOf(items, title!);
      const text = `${await pageText(file, page)} ${await pageText(file, page + 1)}`;
      expect(text).toContain(title);
      expect(text).toContain(sentence);
    }
  });

  it.each(["en", "ne", "bn", "mn"] as const)("the %s contents give the pages the chapters and entries start on", async (edition) => {
    const { file, book, pages } = get(edition);
    const words = bookWords(book.handbook.language);
    const items = await contents(file);
    for (const [index, chapter] of book.chapters.entries()) {
      const heading = squash(chapterTitle(words, chapter, index));
      const page = pageOf(items, heading);
      expect(page).toBeGreaterThan(2);
      expect(page).toBeLessThanOrEqual(pages);
      // The chapter's first page has its heading (and the running header repeats it after): the page before has neither.
      expect(await pageText(file, page)).toContain(heading);
      expect(await pageText(file, page - 1)).not.toContain(heading);
      for (const entry of chapter.entries) {
        const entryPage = pageOf(items, entry.title);
        expect(entryPage).toBeGreaterThanOrEqual(page);
        expect(await pageText(file, entryPage)).toContain(squash(entry.title));
      }
    }
  });

  it("is A4 by default and US Letter on request", async () => {
    const size = async (file: string) => /Page size:\s+(.*)/.exec((await run("pdfinfo", [file])).stdout)![1];
    expect(await size(get("en").file)).toContain("(A4)");
    expect(await size(get("en", "letter").file)).toContain("612 x 792 pts (letter)");
    expect(get("en", "letter").pages).toBeGreaterThan(10);
  });

  it.each(["en", "ne", "bn", "mn"] as const)("the %s edition embeds subsets of its fonts, Noto for every script", async (edition) => {
    const { stdout } = await run("pdffonts", [get(edition).file]);
    const fonts = stdout.split("\n").slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(2);
    for (const line of fonts) {
      expect(line).toMatch(/\+Noto-/);
      // name type encoding emb sub uni object id
      expect(line).toMatch(/\s+yes\s+yes\s+yes\s+\d+\s+\d+$/);
    }
    const script = { en: null, ne: "Devanagari", bn: "Bengali", mn: null }[edition];
    if (script) expect(stdout).toContain(`Noto-Sans-${script}`);
  });

  it.each(["en", "ne", "bn", "mn"] as const)("the %s edition has bookmarks for its chapters, entries and glossary only, and its metadata", async (edition) => {
    const { bytes, book } = get(edition);
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    const outline: { level: number; title: string }[] = [];
    const walk = (item: PDFDict | undefined, level: number) => {
      for (; item; item = item.lookupMaybe(PDFName.of("Next"), PDFDict)) {
        outline.push({ level, title: item.lookup(PDFName.of("Title"), PDFString, PDFHexString).decodeText() });
        walk(item.lookupMaybe(PDFName.of("First"), PDFDict), level + 1);
      }
    };
    walk(doc.catalog.lookup(PDFName.of("Outlines"), PDFDict).lookupMaybe(PDFName.of("First"), PDFDict), 1);
    const words = bookWords(book.handbook.language);
    // The demo seed pins the starter glossary: every demo edition has an annex, after its chapters.
    expect(book.glossary.length).toBeGreaterThan(0);
    expect(outline).toEqual([
      ...book.chapters.flatMap((chapter, index) => [{ level: 1, title: chapterTitle(words, chapter, index) }, ...chapter.entries.map((e) => ({ level: 2, title: e.title }))]),
      { level: 1, title: words.t("handbook.glossary") },
    ]);
    expect(doc.getTitle()).toContain(book.handbook.title);
    expect(doc.getAuthor()).toBe(words.t("app.name"));
    expect(doc.catalog.lookup(PDFName.of("Lang"), PDFString, PDFHexString).decodeText()).toBe(edition);
  });

  it("links work: the contents to the pages of chapters and entries, the credits to the practices online", async () => {
    const { bytes, book } = get("en");
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    const pageRefs = doc.getPages().map((p) => p.ref.toString());
    // WeasyPrint names its destinations: /Names /Dests, a flat [name dest name dest …].
    const names = doc.catalog.lookup(PDFName.of("Names"), PDFDict).lookup(PDFName.of("Dests"), PDFDict).lookup(PDFName.of("Names"), PDFArray);
    const destinations = new Map<string, number>();
    for (let i = 0; i < names.size(); i += 2) {
      const dest = names.lookup(i + 1, PDFArray);
      destinations.set(names.lookup(i, PDFString, PDFHexString).decodeText(), pageRefs.indexOf(dest.get(0).toString()) + 1);
    }
    const items = await contents(get("en").file);
    const annotations = (page: number) => {
      const annots = doc.getPages()[page - 1]!.node.Annots();
      return annots ? Array.from({ length: annots.size() }, (_, i) => annots.lookup(i, PDFDict)) : [];
    };
    const targets = new Set(annotations(2).map((a) => destinations.get(a.lookup(PDFName.of("Dest"), PDFString, PDFHexString).decodeText())));
    // Every line of the contents links to the page it names.
    expect([...targets].sort((a, b) => a! - b!)).toEqual([...new Set(items.map((i) => i.page))].sort((a, b) => a - b));
    const uris = doc.getPages().flatMap((_, i) =>
      annotations(i + 1).flatMap((a) => {
        const action = a.lookupMaybe(PDFName.of("A"), PDFDict);
        return action ? [action.lookup(PDFName.of("URI"), PDFString, PDFHexString).decodeText()] : [];
      }),
    );
    const slug = book.chapters[0]!.entries[0]!.practiceSlug;
    expect(uris).toContain(`https://exchange.example/practices/${slug}`);
    expect(uris).toContain("https://exchange.example/attachments/900101");
  });

  it("draws an entry's image at the width of the text, and no image from elsewhere", async () => {
    const { stdout } = await run("pdfimages", ["-list", get("en").file]);
    const images = stdout.split("\n").slice(2).filter(Boolean);
    expect(images).toHaveLength(1);
    // page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
    const [, , , width, height, , , , , , , , xPpi] = images[0]!.trim().split(/\s+/);
    expect([Number(width), Number(height)]).toEqual([1600, 900]);
    // A4's text is 170 mm wide: 1600 px over 6.69 in ≈ 239 ppi.
    expect(Number(xPpi)).toBeGreaterThan(230);
    expect(Number(xPpi)).toBeLessThan(250);
  });

  it("renders the Nepali edition's first chapter page as the reference image shows it", async () => {
    const { file, book } = get("ne");
    const words = bookWords("ne");
    const page = pageOf(await contents(file), chapterTitle(words, book.chapters[0]!, 0));
    const png = await renderPage(file, page, path.join(dir, "ne-chapter-1"));
    const reference = path.join(REFERENCES, "ne-chapter-1.png");
    if (UPDATE_REFERENCES) {
      fs.mkdirSync(REFERENCES, { recursive: true });
      fs.copyFileSync(png, reference);
    }
    expect(await pixelDifference(png, reference)).toBeLessThanOrEqual(MAX_DIFFERING_PIXELS);
    // The comparison tells pages apart: the next page is far from the reference.
    const next = await renderPage(file, page + 1, path.join(dir, "ne-chapter-1-next"));
    expect(await pixelDifference(next, reference)).toBeGreaterThan(MAX_DIFFERING_PIXELS * 2);
  });

  it("stops WeasyPrint at the time limit, and says why", async () => {
    await expect(renderPdf(get("mn").book, { paper: "a4", timeoutMs: 50 })).rejects.toThrow(/took longer than 50 ms .* was stopped/);
  });

  it("tells the log why there is no engine when WeasyPrint cannot be imported", async () => {
    expect(await checkPdfEngine()).toEqual({ available: true });
    const missing = await checkPdfEngine("/nonexistent/python3");
    expect(missing).toMatchObject({ available: false, reason: expect.stringContaining("/nonexistent/python3 could not be started") });
    const without = await checkPdfEngine(process.execPath); // node: `-c` is not a Python program
    expect(without).toMatchObject({ available: false, reason: expect.stringContaining("cannot import weasyprint") });
  });
});
