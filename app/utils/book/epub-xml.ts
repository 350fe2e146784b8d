/**
 * The last pass over every text file of the EPUB: what epubcheck (and a strict reading
 * system's XML parser) refuses in members' text is mended here rather than in each fragment.
 */

// XML 1.0 allows tab, newline and carriage return of the C0 controls, and no lone surrogate or U+FFFE/U+FFFF.
// eslint-disable-next-line no-control-regex -- control characters are what no XML document may hold
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Characters no XML document may hold, removed. */
export const xmlText = (text: string) => text.replace(NOT_XML, "");

// What RFC 3986 allows in a URI besides percent-escapes; anything else is escaped (java.net.URI, which epubcheck uses, is strict).
const URI_CHAR = /[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/;

/** A link as a strict URI parser takes it: non-ASCII and stray characters percent-escaped, a bare `%` escaped, one `#`. */
export function strictUri(href: string): string {
  const hash = href.indexOf("#");
  const [main, fragment] = hash === -1 ? [href, null] : [href.slice(0, hash), href.slice(hash + 1)];
  const escape = (part: string) =>
    Array.from(part, (c) => (URI_CHAR.test(c) ? c : encodeURIComponent(c) || ""))
      .join("")
      .replace(/%(?![0-9A-Fa-f]{2})/g, "%25");
  return escape(main) + (fragment === null ? "" : `#${escape(fragment)}`);
}

const HREF = /(<a\b[^>]*?)\shref="([^"]*)"/g;
const ID = /\sid="([^"]*)"/g;

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
/** An attribute's value as written by `esc` or dom-serializer, unescaped. */
const unescape = (value: string) =>
  value.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, name: string) =>
    name[0] === "#" ? String.fromCodePoint(Number(name[1] === "x" || name[1] === "X" ? `0x${name.slice(2)}` : name.slice(1))) : NAMED[name.toLowerCase()]!,
  );

// An `<a>` that keeps its `rel` without an href is invalid in EPUB 3's HTML; an alignment attribute is obsolete HTML.
const REL = /(<a\b(?![^>]*\shref=)[^>]*?)\srel="[^"]*"/g;
const ALIGN = /(<t[hd]\b[^>]*?)\salign="(left|right|center)"/g;

/** Markup of members' that EPUB 3's HTML refuses, in the form it accepts. */
export function mendMarkup(document: string): string {
  return mendLinks(document).replace(REL, "$1").replace(ALIGN, '$1 style="text-align: $2"');
}

/**
 * A document's links made safe for the package: a fragment link to nothing in the same
 * document (a member's `[see](#part)`: the write-up has no such anchor) loses its href, as
 * does an absolute link that is no URL at all; the rest are escaped as strict URIs. Links
 * to other files of the book (`chapter-2.xhtml#entry-5`) are made by the renderer and kept.
 */
export function mendLinks(document: string): string {
  const ids = new Set(Array.from(document.matchAll(ID), (m) => unescape(m[1]!)));
  return document.replace(HREF, (whole, start: string, value: string) => {
    const href = unescape(value);
    if (href.startsWith("#")) return ids.has(href.slice(1)) ? whole : start;
    if (!/^[a-z][a-z0-9+.-]*:/i.test(href)) return whole;
    if (!/^(https?|mailto):/i.test(href)) return start;
    try {
      new URL(href);
    } catch {
      return start;
    }
    return `${start} href="${strictUri(href).replace(/&/g, "&amp;")}"`;
  });
}
