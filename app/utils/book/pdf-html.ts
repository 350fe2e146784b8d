import type { PaperSize } from "../../domain/book";
import { formatNumber } from "../../i18n/format";
import type { AttachmentView } from "../../domain/attachment";
import { bookWords, chapterAnchor, chapterBodyMarkup, chapterTitle, closingMarkup, coverMarkup, entryAnchor, esc, glossaryBodyMarkup, langAttrs, xhtml, type Book, type BookWords } from "./book";
import { pdfCss } from "./pdf-css";

const INTRO_ANCHOR = "book-intro";
const GLOSSARY_ANCHOR = "book-glossary";
const CLOSING_ANCHOR = "book-closing";

/** The CSS counter style that writes numbers as the book's dates do (Nepali and Bengali in their own digits). */
function digitStyle(locale: string) {
  const zero = formatNumber(0, locale);
  if (zero === "०") return "devanagari";
  if (zero === "০") return "bengali";
  return "decimal";
}

function base64(bytes: Uint8Array) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/** The whole book is one document: each image travels inside it as a data: URL (WeasyPrint fetches nothing else). */
function imageSource(book: Book) {
  return (image: AttachmentView) => {
    const file = book.images.get(image.id);
    return file ? `data:${file.mime};base64,${base64(file.bytes)}` : "";
  };
}

function contentsMarkup(book: Book, words: BookWords) {
  const { t } = words;
  const items: string[] = [];
  if (book.handbook.introHtml) items.push(`<li class="toc-intro"><a href="#${INTRO_ANCHOR}">${esc(t("handbook.intro"))}</a></li>`);
  book.chapters.forEach((chapter, index) => {
    const entries = chapter.entries.map((entry) => {
      const title = entry.withdrawn !== null && !entry.title ? t("handbook.entryWithdrawnTitle") : entry.title;
      const lang = entry.title && entry.language !== book.handbook.language ? langAttrs(entry.language) : "";
      return `<li class="toc-entry"${lang}><a href="#${entryAnchor(entry)}">${esc(title)}</a></li>`;
    });
    items.push(`<li class="toc-chapter"><a href="#${chapterAnchor(chapter)}">${esc(chapterTitle(words, chapter, index))}</a>` + (entries.length ? `<ol>${entries.join("")}</ol>` : "") + `</li>`);
  });
  if (book.glossary.length) items.push(`<li class="toc-glossary"><a href="#${GLOSSARY_ANCHOR}">${esc(t("handbook.glossary"))}</a></li>`);
  items.push(`<li class="toc-closing"><a href="#${CLOSING_ANCHOR}">${esc(t("book.contributorsTitle"))}</a></li>`);
  return `<nav class="contents"><h2 class="contents-title">${esc(t("handbook.contents"))}</h2><ol>${items.join("")}</ol></nav>`;
}

/** The document's metadata as WeasyPrint reads it into the PDF's Info dictionary (and `<html lang>` into /Lang). */
function headMarkup(book: Book, words: BookWords, css: string) {
  const { t } = words;
  const { handbook } = book;
  const network = t("app.name");
  const meta = [
    `<meta charset="utf-8">`,
    `<title>${esc(`${handbook.title} · ${t("handbook.editionN", { edition: handbook.edition })}`)}</title>`,
    `<meta name="author" content="${esc(network)}">`,
    book.organisations.length ? `<meta name="description" content="${esc(t("handbook.contributors", { organisations: book.organisations.join(" · ") }))}">` : "",
    `<meta name="keywords" content="${esc([handbook.title, ...book.chapters.map((c) => c.title)].map((k) => k.replace(/\s*,\s*/g, " ")).join(", "))}">`,
    `<meta name="generator" content="${esc(network)}">`,
    handbook.publishedAt ? `<meta name="dcterms.created" content="${new Date(handbook.publishedAt).toISOString().replace(/\.\d{3}Z$/, "Z")}">` : "",
    `<style>${css}</style>`,
  ];
  return `<head>${meta.join("")}</head>`;
}

/**
 * The book as one HTML document for WeasyPrint: cover, contents with page numbers, the
 * handbook's introduction, a chapter per page run (its entries, their credits, notes, images
 * and resources), the glossary annex when the entries use the glossary's concepts, and the
 * closing page with the contributors and the licence.
 */
export function pdfHtml(book: Book, { paper }: { paper: PaperSize }) {
  const words = bookWords(book.handbook.language);
  const { t } = words;
  const css = pdfCss({ paper, language: book.handbook.language, digits: digitStyle(words.locale) });
  const options = { imageSrc: imageSource(book), level: 3 } as const;
  const body = [
    `<section class="cover">${coverMarkup(book, words)}</section>`,
    contentsMarkup(book, words),
    book.handbook.introHtml
      ? `<section class="intro" id="${INTRO_ANCHOR}"><h2 class="intro-title">${esc(t("handbook.intro"))}</h2><div class="prose">${xhtml(book.handbook.introHtml, book.origin)}</div></section>`
      : "",
    ...book.chapters.map(
      (chapter, index) =>
        `<section class="chapter" id="${chapterAnchor(chapter)}"><h2 class="chapter-title">${esc(chapterTitle(words, chapter, index))}</h2>${chapterBodyMarkup(book, words, chapter, options)}</section>`,
    ),
    book.glossary.length ? `<section class="glossary" id="${GLOSSARY_ANCHOR}"><h2 class="glossary-title">${esc(t("handbook.glossary"))}</h2>${glossaryBodyMarkup(book, words)}</section>` : "",
    `<section class="closing" id="${CLOSING_ANCHOR}">${closingMarkup(book, words)}</section>`,
  ];
  return `<!DOCTYPE html><html${langAttrs(book.handbook.language)}>${headMarkup(book, words, css)}<body>${body.join("")}</body></html>`;
}
