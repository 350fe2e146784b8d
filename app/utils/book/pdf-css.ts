import type { PaperSize } from "../../domain/book";

/**
 * The PDF's style sheet, for WeasyPrint's CSS paged media: named pages (no header on the
 * cover and contents), running headers from named strings, page numbers in the footer and
 * in the contents (`target-counter`), and bookmarks for chapters, entries and the glossary only.
 */

const PAGE_SIZE = { a4: "A4", letter: "letter" } as const satisfies Record<PaperSize, string>;

/**
 * Each script's own Noto family first: Pango would otherwise take the shared characters
 * (digits, punctuation, the danda Devanagari and Bengali share) from whichever font comes
 * first, mixing faces inside a word's neighbourhood. Latin with diacritics and Cyrillic are
 * in Noto Serif and Noto Sans themselves.
 */
const SERIF = {
  latin: `"Noto Serif", "Noto Serif Devanagari", "Noto Serif Bengali", "Noto Sans Devanagari", "Noto Sans Bengali", serif`,
  devanagari: `"Noto Serif Devanagari", "Noto Sans Devanagari", "Noto Serif", "Noto Serif Bengali", serif`,
  bengali: `"Noto Serif Bengali", "Noto Sans Bengali", "Noto Serif", "Noto Serif Devanagari", serif`,
};
const SANS = {
  latin: `"Noto Sans", "Noto Sans Devanagari", "Noto Sans Bengali", sans-serif`,
  devanagari: `"Noto Sans Devanagari", "Noto Sans", "Noto Sans Bengali", sans-serif`,
  bengali: `"Noto Sans Bengali", "Noto Sans", "Noto Sans Devanagari", sans-serif`,
};
type Script = keyof typeof SERIF;

/** Languages written in Devanagari or Bengali among those the network writes in (others are Latin or Cyrillic). */
const SCRIPT_LANGUAGES: Record<Exclude<Script, "latin">, string[]> = {
  devanagari: ["ne", "hi", "mr"],
  bengali: ["bn", "as"],
};

export function scriptOf(language: string): Script {
  const primary = language.toLowerCase().split("-")[0]!;
  if (SCRIPT_LANGUAGES.devanagari.includes(primary)) return "devanagari";
  if (SCRIPT_LANGUAGES.bengali.includes(primary)) return "bengali";
  return "latin";
}

/** Everything else written in Latin or Cyrillic: an English entry in a Nepali book goes back to Noto Serif. */
const LATIN_LANGUAGES = ["en", "fr", "es", "de", "pt", "ny", "mn", "sw", "ru"];

/** Headings, credits and the book's front matter are set in sans. */
const SANS_ELEMENTS = ["h1", "h2", "h3", "h4", "h5", "h6", ".credit", ".contents", ".contents li", ".book-network", ".book-edition", ".book-language", ".book-draft"];

/**
 * The fonts of each script, for the element carrying a `lang` (its descendants inherit them:
 * `[lang|=ne]`, not `:lang(ne)`, which would match every descendant and undo the sans of a
 * heading's children) or, for the sans elements, wherever their nearest `lang` is.
 */
function fontRules(stacks: Record<Script, string>, elements: string[] | null) {
  const languages: Record<Script, string[]> = { latin: LATIN_LANGUAGES, ...SCRIPT_LANGUAGES };
  const selectors = (l: string) => (elements ? elements.map((e) => `${e}:lang(${l})`) : [`[lang|="${l}"]`]);
  return (Object.keys(stacks) as Script[]).map((script) => `${languages[script].flatMap(selectors).join(", ")} { font-family: ${stacks[script]}; }`).join("\n");
}

export interface PdfCssOptions {
  paper: PaperSize;
  /** The book's language: its script's fonts in the page margins, which no `lang` reaches. */
  language: string;
  /** The CSS counter style of the book's digits (`devanagari`, `bengali` or `decimal`), as its dates write them. */
  digits: string;
}

export function pdfCss({ paper, language, digits }: PdfCssOptions) {
  const script = scriptOf(language);
  const pageNumber = `counter(page, ${digits})`;
  return `
@page {
  size: ${PAGE_SIZE[paper]};
  margin: 22mm 20mm 22mm 20mm;
  font-family: ${SANS[script]};
  font-size: 8.5pt;
  color: #444;
  @bottom-center { content: ${pageNumber}; }
}
@page cover { @bottom-center { content: none; } }
@page chapter {
  @top-left { content: string(book-title); width: 48%; text-align: left; }
  @top-right { content: string(chapter-title); width: 48%; text-align: right; }
}
@page intro, glossary, closing {
  @top-left { content: string(book-title); }
}

html { font-family: ${SERIF[script]}; font-size: 10.5pt; line-height: 1.45; color: #111; }
${SANS_ELEMENTS.join(", ")} { font-family: ${SANS[script]}; }
${fontRules(SERIF, null)}
${fontRules(SANS, SANS_ELEMENTS)}
/* Devanagari and Bengali have no italics: WeasyPrint would slant them. */
${[...SCRIPT_LANGUAGES.devanagari, ...SCRIPT_LANGUAGES.bengali].flatMap((l) => ["em", "i", "cite", ".summary", ".licence"].map((e) => `${e}:lang(${l})`)).join(", ")} { font-style: normal; }

/* Bookmarks: chapters, entries and the glossary only. */
h1, h2, h3, h4, h5, h6 { bookmark-level: none; }
h2.chapter-title { bookmark-level: 1; bookmark-label: content(); }
section.entry > h3 { bookmark-level: 2; bookmark-label: content(); }
h2.glossary-title { bookmark-level: 1; bookmark-label: content(); }

body { margin: 0; }
a { color: #0b4f8a; text-decoration: none; }
h1, h2, h3, h4 { line-height: 1.2; break-after: avoid; }
h2 { font-size: 17pt; margin: 0 0 10pt; }
h3 { font-size: 13pt; margin: 18pt 0 4pt; }
h4 { font-size: 10.5pt; margin: 10pt 0 3pt; }
p, li { orphans: 2; widows: 2; }
p { margin: 0 0 6pt; }
ul, ol { margin: 0 0 6pt; padding-left: 16pt; }

.cover { page: cover; text-align: center; padding-top: 60mm; }
.cover .book-network { font-size: 12pt; letter-spacing: 0.05em; color: #555; margin-bottom: 24mm; }
.cover .book-title { string-set: book-title content(); font-size: 26pt; line-height: 1.25; margin: 0 0 10mm; }
.cover .book-edition, .cover .book-language { font-size: 13pt; margin: 0 0 3mm; }
.cover .book-draft { margin-top: 20mm; font-size: 12pt; color: #a40000; }

.contents { page: contents; break-before: page; }
.contents ol { list-style: none; padding: 0; margin: 0; }
.contents li { margin: 0; }
.contents .toc-chapter { margin-top: 6pt; font-weight: bold; }
.contents .toc-entry { font-weight: normal; padding-left: 14pt; }
.contents .toc-entry a { color: #111; }
.contents a { color: #111; }
.contents a::after { content: leader(dotted) " " target-counter(attr(href url), page, ${digits}); }

.intro { page: intro; break-before: page; }
.chapter { page: chapter; break-before: page; }
h2.chapter-title { string-set: chapter-title content(); }
.chapter-intro { margin-bottom: 8pt; }
.glossary { page: glossary; break-before: page; }
.glossary-annex { margin: 8pt 0 0; }
.glossary-annex dt { font-weight: bold; margin-top: 8pt; break-after: avoid; }
.glossary-annex dd { margin: 0 0 2pt 14pt; }
.glossary-annex .glossary-terms ul { list-style: none; padding: 0; margin: 0; font-size: 9.5pt; }
.closing { page: closing; break-before: page; }
.closing .contributors { padding-left: 0; list-style: none; columns: 2; column-gap: 10mm; }
.closing .licence { margin-top: 12pt; font-style: italic; }

.entry { margin-top: 6pt; }
.entry + .entry { border-top: 0.5pt solid #bbb; padding-top: 4pt; }
.credit { font-size: 8.5pt; color: #444; margin-bottom: 6pt; }
.curator-note { background: #f2f2ee; padding: 4pt 6pt; border-left: 2pt solid #888; }
.summary { font-style: italic; }
.muted { color: #555; }
.prose blockquote { margin: 0 0 6pt 10pt; padding-left: 6pt; border-left: 1pt solid #aaa; }
.prose table { border-collapse: collapse; margin-bottom: 6pt; }
.prose td, .prose th { border: 0.5pt solid #999; padding: 2pt 4pt; }
.prose pre, .prose code { font-family: "Noto Sans Mono", "DejaVu Sans Mono", monospace; font-size: 9pt; white-space: pre-wrap; }

/* An image as wide as the text at most, never taller than most of a page, and never split. */
figure { margin: 6pt 0; break-inside: avoid; }
figure img { display: block; max-width: 100%; max-height: 150mm; width: auto; height: auto; }
figcaption { font-size: 8.5pt; color: #444; margin-top: 2pt; }
.entry-resources a { word-break: break-all; }
`;
}
