import render from "dom-serializer";
import { parseDocument } from "htmlparser2";
import type { ChildNode } from "domhandler";
import { attachmentTypeLabel, type AttachmentView } from "../../domain/attachment";
import type { BookFormat } from "../../domain/book";
import type { AnnexConcept } from "../../domain/glossary";
import { entryWithdrawalLabel, type HandbookChapterView, type HandbookEntryView } from "../../domain/handbook";
import { SECTIONS, sectionLabel } from "../../domain/practice";
import { catalogues, DEFAULT_LOCALE, isLocale, translator, type Locale, type Translate } from "../../i18n";
import { dateFormatter } from "../../i18n/format";
import { COUNTRY_NAME_KEYS, LANGUAGE_NAME_KEYS } from "../../i18n/names";
import { countryName } from "../countries";
import { fileSize } from "../file-size";
import { annexStatusWords } from "../glossary-annex";

/**
 * A handbook edition as its PDF and EPUB are made from: the handbook model's contents
 * (getHandbookContents, for every member: a withdrawn entry has no text) with the display
 * copies of the entries' images. Everything in it is for every reader of the edition.
 */
export type BookEntry = HandbookEntryView;
export type BookChapter = HandbookChapterView;

export interface BookImage {
  mime: string;
  bytes: Uint8Array;
}

export interface Book {
  handbook: {
    slug: string;
    title: string;
    edition: number;
    language: string;
    status: string;
    introHtml: string;
    publishedAt: number | null;
    /** The edition's licence line; "" for the network's default wording. */
    licence: string;
  };
  chapters: BookChapter[];
  /** Every organisation an entry is credited to, in the order the closing page lists them. */
  organisations: string[];
  /**
   * The edition's glossary annex in its language (editionGlossary: pinned when published),
   * in the order it is listed; empty when its texts use no concept of the glossary.
   */
  glossary: AnnexConcept[];
  /** Attachment id → its display copy, for every image an entry shows. */
  images: Map<number, BookImage>;
  /** The forum's origin ("https://exchange.example"): links in the book point there. */
  origin: string;
}

/** The book's own language: its labels, dates, countries and language names (never the reader's). */
export interface BookWords {
  locale: Locale;
  t: Translate;
  date: (ms: number) => string;
  country: (code: string) => string;
  language: (code: string) => string;
}

export function bookWords(language: string): BookWords {
  const locale = isLocale(language) ? language : DEFAULT_LOCALE;
  const messages = catalogues[locale];
  const t = translator(messages, locale);
  const dates = dateFormatter(messages, locale, "UTC");
  return {
    locale,
    t,
    date: dates.date,
    country: (code) => {
      const key = COUNTRY_NAME_KEYS[code];
      return key ? t(key) : countryName(code, locale);
    },
    language: (code) => {
      const key = LANGUAGE_NAME_KEYS[code];
      return key ? t(key) : code;
    },
  };
}

const EXTENSION = { pdf: "pdf", epub: "epub" } as const satisfies Record<BookFormat, string>;

/**
 * `<handbook-slug>-edition-2-ne.pdf`: the handbook's slug, without the "edition 2" a later
 * edition's slug already carries.
 */
export function bookFileName(handbook: Pick<Book["handbook"], "slug" | "edition" | "language">, format: BookFormat) {
  const base = handbook.slug.replace(new RegExp(`-edition-${handbook.edition}(?=-\\d+$|$)`), "") || "handbook";
  return `${base}-edition-${handbook.edition}-${handbook.language}.${EXTENSION[format]}`;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
/** Text or an attribute value, escaped for HTML and XHTML alike. */
export const esc = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** `lang` for HTML and `xml:lang` for XHTML, so one fragment serves the PDF and the EPUB. */
export const langAttrs = (language: string) => ` lang="${esc(language)}" xml:lang="${esc(language)}"`;

export const chapterAnchor = (chapter: Pick<BookChapter, "id">) => `chapter-${chapter.id}`;
export const entryAnchor = (entry: Pick<BookEntry, "entryId">) => `entry-${entry.entryId}`;

function absolutise(nodes: ChildNode[], origin: string) {
  for (const node of nodes) {
    if (node.type !== "tag") continue;
    const href = node.attribs.href;
    if (node.name === "a" && href?.startsWith("/") && !href.startsWith("//")) node.attribs.href = origin + href;
    absolutise(node.children, origin);
  }
}

/**
 * Members' sanitised HTML as well-formed XHTML (void elements closed, entities as
 * characters), with links to a path on the forum made absolute: a link in a downloaded
 * book has no page to be relative to.
 */
export function xhtml(html: string, origin: string): string {
  const document = parseDocument(html, { decodeEntities: true });
  absolutise(document.children, origin);
  // In XML mode dom-serializer writes every non-ASCII character as a reference (&#x928;): back to characters, but for the five XML escapes.
  return render(document, { xmlMode: true, decodeEntities: false, encodeEntities: "utf8" }).replace(/&#x([0-9a-f]+);/gi, (ref, hex: string) => {
    const c = String.fromCodePoint(parseInt(hex, 16));
    return /["&'<>]/.test(c) ? ref : c;
  });
}

export interface EntryMarkupOptions {
  /** Where the image's bytes are in this book: a data: URL in the PDF's one document, a file in the EPUB. */
  imageSrc: (image: AttachmentView) => string;
  /** The heading level entries take (their sections take the next). */
  level: 2 | 3;
}

/** Organisation (country) · author · revision and date · endorsing organisations · a link to the practice online. */
export function creditMarkup(book: Book, words: BookWords, entry: BookEntry) {
  const { t } = words;
  const parts = [
    `${esc(entry.organisationName)} (${esc(words.country(entry.organisationCountry))})`,
    entry.authorName ? esc(entry.authorName) : null,
    esc(t("handbook.revisionOf", { number: entry.revisionNumber, date: words.date(entry.revisionDate) })),
    entry.endorsingOrganisations.length ? esc(t("handbook.endorsedBy", { organisations: entry.endorsingOrganisations.join(", ") })) : null,
    entry.practiceSlug ? `<a href="${esc(`${book.origin}/practices/${encodeURIComponent(entry.practiceSlug)}`)}">${esc(t("handbook.source"))}</a>` : null,
  ].filter(Boolean);
  return `<p class="credit">${parts.join(" · ")}</p>`;
}

/** One entry: title, credit, curator's note, summary, sections, images and the list of its resources. */
export function entryMarkup(book: Book, words: BookWords, entry: BookEntry, { imageSrc, level }: EntryMarkupOptions): string {
  const { t } = words;
  const h = `h${level}`;
  const sub = `h${level + 1}`;
  if (entry.withdrawn !== null && !entry.title) {
    return (
      `<section class="entry entry-withdrawn" id="${entryAnchor(entry)}">` +
      `<${h}>${esc(t("handbook.entryWithdrawnTitle"))}</${h}>` +
      `<p class="muted">${esc(t(entryWithdrawalLabel(entry.withdrawn), { organisation: entry.organisationName }))}</p>` +
      `</section>`
    );
  }
  const lang = entry.language !== book.handbook.language ? langAttrs(entry.language) : "";
  const out = [`<section class="entry" id="${entryAnchor(entry)}"${lang}>`, `<${h} class="entry-title">${esc(entry.title)}</${h}>`, creditMarkup(book, words, entry)];
  if (entry.curatorNote) out.push(`<p class="curator-note"${langAttrs(book.handbook.language)}><strong>${esc(t("handbook.curatorNote"))}</strong> ${esc(entry.curatorNote)}</p>`);
  if (entry.summary) out.push(`<p class="summary">${esc(entry.summary)}</p>`);
  for (const s of SECTIONS) {
    if (!entry.sectionsHtml[s]) continue;
    out.push(`<div class="entry-section"><${sub}${langAttrs(book.handbook.language)}>${esc(t(sectionLabel(s)))}</${sub}><div class="prose">${xhtml(entry.sectionsHtml[s], book.origin)}</div></div>`);
  }
  const images = entry.attachments.filter((a) => a.kind === "image" && book.images.has(a.id));
  const documents = entry.attachments.filter((a) => a.kind === "document");
  if (images.length) {
    out.push(`<div class="entry-images"><${sub}${langAttrs(book.handbook.language)}>${esc(t("attachment.images"))}</${sub}>`);
    for (const a of images) {
      const size = a.width && a.height ? ` width="${a.width}" height="${a.height}"` : "";
      out.push(`<figure><img src="${esc(imageSrc(a))}" alt="${esc(a.alt)}"${size}/>${a.alt ? `<figcaption>${esc(a.alt)}</figcaption>` : ""}</figure>`);
    }
    out.push(`</div>`);
  }
  if (documents.length) {
    out.push(`<div class="entry-resources"><${sub}${langAttrs(book.handbook.language)}>${esc(t("attachment.documents"))}</${sub}><ul>`);
    for (const a of documents) {
      const link = `${book.origin}/attachments/${a.id}`;
      out.push(`<li><a href="${esc(link)}">${esc(a.name)}</a> (${esc(t(attachmentTypeLabel(a.type)))}, ${esc(fileSize(a.size, t, words.locale))})</li>`);
    }
    out.push(`</ul></div>`);
  }
  out.push(`</section>`);
  return out.join("");
}

/** "Chapter 2 A safe place…" as the chapter's heading says it. */
export const chapterTitle = (words: BookWords, chapter: BookChapter, index: number) => `${words.t("handbook.chapterN", { number: index + 1 })} ${chapter.title}`;

/** A chapter's intro and entries (its heading is the caller's: the PDF adds running-header strings to it). */
export function chapterBodyMarkup(book: Book, words: BookWords, chapter: BookChapter, options: EntryMarkupOptions) {
  const intro = chapter.introHtml ? `<div class="prose chapter-intro">${xhtml(chapter.introHtml, book.origin)}</div>` : "";
  const empty = chapter.entries.length === 0 ? `<p class="muted">${esc(words.t("handbook.emptyChapter"))}</p>` : "";
  return intro + empty + chapter.entries.map((e) => entryMarkup(book, words, e, options)).join("");
}

/** The cover's lines: network, title, edition and date, language, and "draft" until published. */
export function coverMarkup(book: Book, words: BookWords) {
  const { t } = words;
  const { handbook } = book;
  const edition = t("handbook.editionN", { edition: handbook.edition }) + (handbook.publishedAt ? ` · ${words.date(handbook.publishedAt)}` : "");
  return [
    `<p class="book-network">${esc(t("app.name"))}</p>`,
    `<h1 class="book-title">${esc(handbook.title)}</h1>`,
    `<p class="book-edition">${esc(edition)}</p>`,
    `<p class="book-language">${esc(words.language(handbook.language))}</p>`,
    handbook.status !== "published" ? `<p class="book-draft">${esc(t("handbook.printDraft"))}</p>` : "",
  ].join("");
}

/** The closing page: every contributing organisation, and the edition's licence line. */
export function closingMarkup(book: Book, words: BookWords) {
  const { t } = words;
  const organisations = book.organisations.length ? `<ul class="contributors">${book.organisations.map((o) => `<li>${esc(o)}</li>`).join("")}</ul>` : "";
  const licence = book.handbook.licence.trim() || t("book.licenceDefault", { network: t("app.name") });
  return `<h2 class="closing-title">${esc(t("book.contributorsTitle"))}</h2>${organisations}<p class="licence">${esc(licence)}</p>`;
}

/**
 * The glossary annex (issue 23) under its heading, as the print page shows it: each concept's
 * name linking to its page on the forum, its definition, and the edition language's terms
 * with their status ("to avoid — write … instead"). The heading is the caller's.
 */
export function glossaryBodyMarkup(book: Book, words: BookWords) {
  const { t } = words;
  const language = book.handbook.language;
  const intro = `<p class="muted">${esc(t(book.handbook.status === "published" ? "handbook.glossaryIntro" : "handbook.glossaryIntroDraft"))}</p>`;
  const concepts = book.glossary.map((c) => {
    const head = `<dt${c.headLanguage !== language ? langAttrs(c.headLanguage) : ""}><a href="${esc(`${book.origin}/glossary/${encodeURIComponent(c.slug)}`)}">${esc(c.head)}</a></dt>`;
    const definition = c.definition.trim() ? `<dd class="glossary-definition">${esc(c.definition.trim())}</dd>` : "";
    const terms = c.terms.length
      ? `<dd class="glossary-terms"><ul>${c.terms
          .map((term) => `<li><span${term.language !== language ? langAttrs(term.language) : ""}>${esc(term.text)}</span> (${esc(annexStatusWords(term, t))})</li>`)
          .join("")}</ul></dd>`
      : "";
    // A name from another language with nothing in the edition's says which language it is (a <dt> needs its <dd>).
    const other = !definition && !terms ? `<dd class="muted">${esc(words.language(c.headLanguage))}</dd>` : "";
    return head + definition + terms + other;
  });
  return `${intro}<dl class="glossary-annex">${concepts.join("")}</dl>`;
}
