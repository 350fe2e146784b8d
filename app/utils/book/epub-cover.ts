import { esc, type Book, type BookWords } from "./book";

/** Characters a title line holds at the cover's title size, before it wraps. */
const LINE = 18;
const MAX_LINES = 6;

/** Words into lines of about LINE characters; a word longer than a line has one to itself. */
function wrap(text: string): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && Array.from(`${last} ${word}`).length <= LINE) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  if (lines.length > MAX_LINES) return [...lines.slice(0, MAX_LINES - 1), `${lines[MAX_LINES - 1]} …`];
  return lines;
}

/**
 * The cover image a library shows for the book: shapes and text only, in the reading
 * system's own serif (no font is embedded, so any script the device can show appears).
 */
export function coverSvg(book: Book, words: BookWords): string {
  const { t } = words;
  const { handbook } = book;
  const lines = wrap(handbook.title);
  const size = 44;
  const top = 430 - ((lines.length - 1) * size * 1.25) / 2;
  const title = lines.map((line, i) => `<tspan x="300" y="${Math.round(top + i * size * 1.25)}">${esc(line)}</tspan>`).join("");
  const edition = t("handbook.editionN", { edition: handbook.edition }) + (handbook.publishedAt ? ` · ${words.date(handbook.publishedAt)}` : "");
  const draft = handbook.status !== "published" ? `<text x="300" y="760" text-anchor="middle" font-size="24" fill="#f4d35e">${esc(t("handbook.printDraft"))}</text>` : "";
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="600" height="900" viewBox="0 0 600 900" xml:lang="${esc(handbook.language)}" font-family="serif">` +
    `<title>${esc(handbook.title)}</title>` +
    `<rect width="600" height="900" fill="#1f4d45"/>` +
    `<rect x="40" y="40" width="520" height="820" fill="none" stroke="#e8e2d0" stroke-width="3"/>` +
    `<rect x="40" y="160" width="520" height="6" fill="#f4d35e"/>` +
    `<text x="300" y="120" text-anchor="middle" font-size="28" fill="#e8e2d0">${esc(t("app.name"))}</text>` +
    `<text text-anchor="middle" font-size="${size}" font-weight="bold" fill="#ffffff">${title}</text>` +
    `<rect x="40" y="680" width="520" height="2" fill="#e8e2d0"/>` +
    `<text x="300" y="720" text-anchor="middle" font-size="26" fill="#e8e2d0">${esc(edition)}</text>` +
    draft +
    `<text x="300" y="810" text-anchor="middle" font-size="24" fill="#e8e2d0">${esc(words.language(handbook.language))}</text>` +
    `</svg>\n`
  );
}
