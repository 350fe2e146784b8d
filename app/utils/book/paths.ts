import { DEFAULT_PAPER, type BookFormat, type PaperSize } from "../../domain/book";

/**
 * `/handbooks/<slug>/download/pdf?paper=letter`: the file itself (or a redirect to the page
 * that says it is being made); `/handbooks/<slug>/preparing/pdf`: that page.
 */
export function bookPath(page: "download" | "preparing", handbook: { slug: string }, format: BookFormat, paper: PaperSize = DEFAULT_PAPER) {
  const query = format === "pdf" && paper !== DEFAULT_PAPER ? `?paper=${paper}` : "";
  return `/handbooks/${encodeURIComponent(handbook.slug)}/${page}/${format}${query}`;
}
