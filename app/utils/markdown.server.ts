import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

// Markdown from members is rendered once, when it is saved, and stored beside its
// source; views never parse it again. Raw HTML in the source is escaped, then the
// output passes a strict allow-list: no images, no scripts, no styles, no event
// handlers, and links only to http(s), mailto and this site.
const marked = new Marked({ gfm: true, breaks: false, async: false });
marked.use({
  renderer: {
    html({ text }) {
      return escapeHtml(text);
    },
    // No images from anywhere: the description stands in for the picture.
    image({ text }) {
      return escapeHtml(text);
    },
  },
});

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote",
    "ul", "ol", "li", "strong", "em", "del", "code", "pre", "a",
    "table", "thead", "tbody", "tr", "th", "td",
  ],
  allowedAttributes: { a: ["href", "title", "rel"], ol: ["start"], th: ["align"], td: ["align"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "escape",
  // A heading inside a write-up sits under the page's own h1.
  transformTags: {
    h1: "h2",
    // Links go to the web, to mail, or to a path on this site; anything else loses its href.
    a: (tagName, attribs) => {
      const { href, ...rest } = attribs;
      const safe = href !== undefined && /^(https?:\/\/|mailto:|\/(?!\/)|#)/i.test(href.trim());
      return { tagName, attribs: { ...rest, ...(safe ? { href } : {}), rel: "noopener noreferrer nofollow" } };
    },
  },
};

/** Markdown source to safe HTML. */
export function renderMarkdown(source: string): string {
  if (!source.trim()) return "";
  const html = marked.parse(source) as string;
  return sanitizeHtml(html, SANITIZE);
}
