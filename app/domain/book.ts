// Label keys: `<thing>Label(value)` returns the value's catalogue key (see README.md).

/** A handbook edition as a file to download and keep. */
export const BOOK_FORMATS = ["pdf", "epub"] as const;
export type BookFormat = (typeof BOOK_FORMATS)[number];

/** The PDF's paper; an EPUB has none (stored as "" in handbook_files.paper). */
export const PAPER_SIZES = ["a4", "letter"] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];
export const DEFAULT_PAPER: PaperSize = "a4";

const PAPER_LABELS = {
  a4: "book.paperA4",
  letter: "book.paperLetter",
} as const satisfies Record<PaperSize, string>;
export const paperLabel = (paper: PaperSize) => PAPER_LABELS[paper];

const FORMAT_LABELS = {
  pdf: "book.formatPdf",
  epub: "book.formatEpub",
} as const satisfies Record<BookFormat, string>;
export const bookFormatLabel = (format: BookFormat) => FORMAT_LABELS[format];

export const BOOK_MIME = { pdf: "application/pdf", epub: "application/epub+zip" } as const satisfies Record<BookFormat, string>;

/** queued → preparing → ready, or failed (a curator or reader may ask again). */
export const BOOK_FILE_STATUSES = ["queued", "preparing", "ready", "failed"] as const;
export type BookFileStatus = (typeof BOOK_FILE_STATUSES)[number];

/** How long one file may take to make, and how many tries before it counts as failed. */
export const BOOK_LIMITS = { renderMs: 120_000, attempts: 2 } as const;
