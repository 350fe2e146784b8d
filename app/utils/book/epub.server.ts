import { createHash } from "node:crypto";
import { strToU8, zipSync, type Zippable } from "fflate";
import type { AttachmentView } from "../../domain/attachment";
import { BOOK_MIME } from "../../domain/book";
import { bookWords, chapterAnchor, chapterBodyMarkup, chapterTitle, closingMarkup, coverMarkup, entryAnchor, esc, glossaryBodyMarkup, langAttrs, xhtml, type Book, type BookWords } from "./book";
import { coverSvg } from "./epub-cover";
import { mendMarkup, xmlText } from "./epub-xml";

/**
 * The handbook edition as an EPUB 3 for phones and e-readers: reflowable, one XHTML file
 * per chapter (and one for the glossary annex), a navigation document, the entries' images as files. The same Book always
 * gives the same bytes (no clock is read): the queue stores it by content, and a reader
 * who downloads it twice gets one book, not two.
 */

/** Image types every EPUB 3 reading system shows; anything else would need a fallback (the display copies are JPEG or PNG). */
const CORE_IMAGE: Record<string, string> = { "image/jpeg": "jpg", "image/png": "png", "image/gif": "gif" };

const CSS = `html { -webkit-text-size-adjust: 100%; }
body { margin: 0 4%; line-height: 1.5; overflow-wrap: break-word; }
h1 { font-size: 1.5em; line-height: 1.25; margin: 1em 0 0.75em; }
h2 { font-size: 1.25em; line-height: 1.3; margin: 1.5em 0 0.5em; }
h3, h4, h5, h6 { font-size: 1.05em; margin: 1.25em 0 0.4em; }
p { margin: 0.5em 0; }
a { color: inherit; }
img { max-width: 100%; height: auto; }
figure { margin: 1em 0; }
figcaption { font-size: 0.9em; font-style: italic; }
table { border-collapse: collapse; max-width: 100%; }
th, td { border: 1px solid #999; padding: 0.2em 0.4em; vertical-align: top; }
pre { white-space: pre-wrap; }
blockquote { margin: 0.5em 0 0.5em 1em; padding-left: 0.75em; border-left: 0.2em solid #999; }
.entry { margin-top: 2em; }
.credit, .muted { font-size: 0.9em; color: #555; }
.curator-note { border-left: 0.2em solid #2e6b5e; padding-left: 0.75em; }
.summary { font-style: italic; }
.cover { text-align: center; margin-top: 20%; }
.book-title { font-size: 1.8em; }
.book-draft { font-weight: bold; }
.contributors { padding-left: 1.2em; }
.glossary-annex dt { font-weight: bold; margin-top: 1em; }
.glossary-annex dd { margin: 0.2em 0 0 1.2em; }
.glossary-terms ul { list-style: none; padding: 0; margin: 0; }
nav ol { padding-left: 1.2em; }
`;

interface Doc {
  /** File name under OEBPS/, and its manifest id. */
  file: string;
  id: string;
  title: string;
  body: string;
  bodyType?: string;
  /** Manifest properties ("nav"). */
  properties?: string;
}

function documentXhtml(book: Book, doc: Doc) {
  const type = doc.bodyType ? ` epub:type="${doc.bodyType}"` : "";
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n` +
    `<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"${langAttrs(book.handbook.language)}>\n` +
    `<head><title>${esc(doc.title)}</title><link rel="stylesheet" type="text/css" href="style.css"/></head>\n` +
    `<body${type}>${doc.body}</body>\n</html>\n`
  );
}

/** The entry's title as the contents list gives it, in the entry's language. */
function entryLink(book: Book, words: BookWords, file: string, entry: Book["chapters"][number]["entries"][number]) {
  const withdrawn = entry.withdrawn !== null && !entry.title;
  const label = withdrawn ? words.t("handbook.entryWithdrawnTitle") : entry.title;
  const lang = !withdrawn && entry.language !== book.handbook.language ? langAttrs(entry.language) : "";
  return `<li><a href="${file}#${entryAnchor(entry)}"${lang}>${esc(label)}</a></li>`;
}

/** When the content last changed, as far as the Book says: its publication, else its latest pinned revision. */
function modifiedAt(book: Book) {
  if (book.handbook.publishedAt) return book.handbook.publishedAt;
  const revisions = book.chapters.flatMap((c) => c.entries.map((e) => e.revisionDate));
  return revisions.length ? Math.max(...revisions) : Date.UTC(2000, 0, 1);
}

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** A UUID made of the content's hash: the same edition with the same content is the same publication. */
function contentUuid(files: [string, Uint8Array][]) {
  const hash = createHash("sha256");
  for (const [name, bytes] of files) hash.update(name).update("\0").update(bytes).update("\0");
  const hex = hash.digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const CONTAINER = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`;

export async function renderEpub(book: Book): Promise<Uint8Array> {
  const words = bookWords(book.handbook.language);
  const { t } = words;
  const { handbook } = book;
  const lang = handbook.language;

  // Only images a reading system can show, each a file the chapters point to.
  const images = new Map([...book.images].filter(([, image]) => CORE_IMAGE[image.mime]));
  const shown = new Set<number>();
  const imageFile = (id: number) => `images/image-${id}.${CORE_IMAGE[images.get(id)!.mime]}`;
  const imageSrc = (image: AttachmentView) => {
    shown.add(image.id);
    return imageFile(image.id);
  };
  const bookForFiles: Book = { ...book, images };

  const coverTitle = t("book.cover");
  const contentsTitle = t("handbook.contents");
  const introTitle = t("handbook.intro");
  const glossaryTitle = t("handbook.glossary");
  const closingTitle = t("book.contributorsTitle");
  const chapterFile = (index: number) => `chapter-${index + 1}.xhtml`;

  const cover: Doc = { file: "cover.xhtml", id: "cover", title: handbook.title, body: `<section class="cover" epub:type="cover">${coverMarkup(book, words)}</section>` };
  const intro: Doc | null = handbook.introHtml.trim()
    ? {
        file: "intro.xhtml",
        id: "intro",
        title: introTitle,
        bodyType: "frontmatter",
        body: `<section id="intro" epub:type="introduction"><h1>${esc(introTitle)}</h1><div class="prose">${xhtml(handbook.introHtml, book.origin)}</div></section>`,
      }
    : null;
  const chapters: Doc[] = book.chapters.map((chapter, index) => ({
    file: chapterFile(index),
    id: `chapter-${index + 1}`,
    title: chapterTitle(words, chapter, index),
    bodyType: "bodymatter",
    body:
      `<section id="${chapterAnchor(chapter)}" epub:type="chapter"><h1>${esc(chapterTitle(words, chapter, index))}</h1>` +
      chapterBodyMarkup(bookForFiles, words, chapter, { imageSrc, level: 2 }) +
      `</section>`,
  }));
  const glossary: Doc | null = book.glossary.length
    ? {
        file: "glossary.xhtml",
        id: "glossary",
        title: glossaryTitle,
        bodyType: "backmatter",
        body: `<section id="glossary" epub:type="glossary"><h1>${esc(glossaryTitle)}</h1>${glossaryBodyMarkup(book, words)}</section>`,
      }
    : null;
  const closing: Doc = {
    file: "closing.xhtml",
    id: "closing",
    title: closingTitle,
    bodyType: "backmatter",
    body: `<section id="closing" epub:type="contributors">${closingMarkup(book, words)}</section>`,
  };

  const firstContent = intro ?? chapters[0] ?? closing;
  const tocItems = [
    intro ? `<li><a href="${intro.file}">${esc(introTitle)}</a></li>` : "",
    ...book.chapters.map((chapter, index) => {
      const file = chapterFile(index);
      const entries = chapter.entries.length ? `<ol>${chapter.entries.map((e) => entryLink(book, words, file, e)).join("")}</ol>` : "";
      return `<li><a href="${file}">${esc(chapterTitle(words, chapter, index))}</a>${entries}</li>`;
    }),
    glossary ? `<li><a href="${glossary.file}">${esc(glossaryTitle)}</a></li>` : "",
    `<li><a href="${closing.file}">${esc(closingTitle)}</a></li>`,
  ].join("");
  const nav: Doc = {
    file: "nav.xhtml",
    id: "nav",
    title: contentsTitle,
    properties: "nav",
    body:
      `<nav epub:type="toc" id="toc"><h1>${esc(contentsTitle)}</h1><ol>${tocItems}</ol></nav>` +
      `<nav epub:type="landmarks" id="landmarks" hidden="hidden"><ol>` +
      `<li><a epub:type="cover" href="${cover.file}">${esc(coverTitle)}</a></li>` +
      `<li><a epub:type="toc" href="nav.xhtml#toc">${esc(contentsTitle)}</a></li>` +
      `<li><a epub:type="bodymatter" href="${firstContent.file}">${esc(firstContent.title)}</a></li>` +
      (glossary ? `<li><a epub:type="glossary" href="${glossary.file}">${esc(glossaryTitle)}</a></li>` : "") +
      `</ol></nav>`,
  };

  const spine = [cover, nav, ...(intro ? [intro] : []), ...chapters, ...(glossary ? [glossary] : []), closing];
  const files: [string, Uint8Array][] = spine.map((doc) => [`OEBPS/${doc.file}`, strToU8(mendMarkup(xmlText(documentXhtml(book, doc))))]);
  files.push(["OEBPS/style.css", strToU8(CSS)]);
  files.push(["OEBPS/images/cover.svg", strToU8(xmlText(coverSvg(book, words)))]);
  const shownIds = [...shown].sort((a, b) => a - b);
  for (const id of shownIds) files.push([`OEBPS/${imageFile(id)}`, images.get(id)!.bytes]);

  const modified = modifiedAt(book);
  const manifest = [
    ...spine.map((doc) => `<item id="${doc.id}" href="${doc.file}" media-type="application/xhtml+xml"${doc.properties ? ` properties="${doc.properties}"` : ""}/>`),
    `<item id="css" href="style.css" media-type="text/css"/>`,
    `<item id="cover-image" href="images/cover.svg" media-type="image/svg+xml" properties="cover-image"/>`,
    ...shownIds.map((id) => `<item id="image-${id}" href="${imageFile(id)}" media-type="${images.get(id)!.mime}"/>`),
  ];
  const network = t("app.name");
  const licence = handbook.licence.trim() || t("book.licenceDefault", { network });
  const metadata = [
    `<dc:identifier id="pub-id">urn:uuid:${contentUuid(files)}</dc:identifier>`,
    `<dc:title>${esc(handbook.title)}</dc:title>`,
    `<dc:language>${esc(lang)}</dc:language>`,
    `<dc:creator id="creator">${esc(network)}</dc:creator>`,
    `<dc:publisher>${esc(network)}</dc:publisher>`,
    ...book.organisations.flatMap((o, i) => [
      `<dc:contributor id="contributor-${i + 1}">${esc(o)}</dc:contributor>`,
      `<meta refines="#contributor-${i + 1}" property="role" scheme="marc:relators">ctb</meta>`,
    ]),
    handbook.publishedAt ? `<dc:date>${new Date(handbook.publishedAt).toISOString().slice(0, 10)}</dc:date>` : "",
    `<dc:rights>${esc(licence)}</dc:rights>`,
    `<dc:source>${esc(`${book.origin}/handbooks/${encodeURIComponent(handbook.slug)}`)}</dc:source>`,
    `<meta property="dcterms:modified">${isoSeconds(modified)}</meta>`,
    // What a reader's assistive technology may expect: text, pictures only beside it, contents to move by, nothing that flashes.
    `<meta property="schema:accessMode">textual</meta>`,
    shownIds.length ? `<meta property="schema:accessMode">visual</meta>` : "",
    `<meta property="schema:accessibilityFeature">tableOfContents</meta>`,
    `<meta property="schema:accessibilityFeature">readingOrder</meta>`,
    `<meta property="schema:accessibilityHazard">none</meta>`,
    `<meta name="cover" content="cover-image"/>`,
  ].filter(Boolean);
  const opf =
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id" xml:lang="${esc(lang)}">\n` +
    `<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n${metadata.join("\n")}\n</metadata>\n` +
    `<manifest>\n${manifest.join("\n")}\n</manifest>\n` +
    `<spine>\n${spine.map((doc) => `<itemref idref="${doc.id}"/>`).join("\n")}\n</spine>\n` +
    `</package>\n`;

  // The entries' local times are the modification date's UTC ones, whatever the server's time zone (fflate writes local DOS times).
  const day = new Date(modified);
  // A ZIP's DOS times reach from 1980 to 2107.
  const mtime = new Date(Math.min(Math.max(day.getUTCFullYear(), 1980), 2099), day.getUTCMonth(), day.getUTCDate(), 12, 0, 0);
  const zippable: Zippable = {
    // First and stored, with no extra field: how a reading system recognises the file.
    mimetype: [strToU8(BOOK_MIME.epub), { level: 0, mtime }],
    "META-INF/container.xml": [strToU8(CONTAINER), { level: 9, mtime }],
    "OEBPS/content.opf": [strToU8(xmlText(opf)), { level: 9, mtime }],
  };
  for (const [name, bytes] of files) zippable[name] = [bytes, { level: name.startsWith("OEBPS/images/image-") ? 0 : 9, mtime }];
  return zipSync(zippable);
}
