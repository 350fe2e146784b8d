import { Lexer, Marked, type TokensList } from "marked";
import sanitizeHtml from "sanitize-html";
import type { z } from "zod";

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
  // `[[term]]` links to the glossary's concept for that term (issue 23). The HTML is made once,
  // at saving, so the link names the term and /glossary/term/… finds the concept when it is
  // followed: the concept page then opens in the reader's language.
  extensions: [
    {
      name: "glossaryTerm",
      level: "inline",
      start: (src: string) => src.indexOf("[["),
      tokenizer(src: string) {
        const match = /^\[\[([^[\]\n]{1,200})\]\]/.exec(src);
        if (!match || !match[1]!.trim()) return undefined;
        return { type: "glossaryTerm", raw: match[0], text: match[1]!.trim().normalize("NFC") };
      },
      renderer: (token) => `<a href="/glossary/term/${encodeURIComponent(String(token.text))}" class="glossary-link">${escapeHtml(String(token.text))}</a>`,
    },
  ],
});

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ["h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "ul", "ol", "li", "strong", "em", "del", "code", "pre", "a", "table", "thead", "tbody", "tr", "th", "td"],
  allowedAttributes: { a: ["href", "title", "rel", "class"], ol: ["start"], th: ["align"], td: ["align"] },
  // The one class a member's text may carry: the glossary's links.
  allowedClasses: { a: ["glossary-link"] },
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

// marked's time grows with the square of some inputs and its recursion with nesting:
// `_a` 25,000 times took 19 s, 2,000 `>` overflowed the stack. Both are measured before
// marked does the expensive part, in time proportional to the text, and refused above
// bounds no write-up comes near (tests/bounds.test.ts times the worst cases).

/** Quotes and lists inside each other: more than this is refused. */
export const MAX_MARKDOWN_NESTING = 40;
/**
 * marked looks for the closing partner of every `*` or `_` through the rest of the paragraph,
 * so a paragraph costs (its delimiters × its length): 4,000,000 is about 100 ms at worst,
 * and allows, say, 200 marks in one paragraph of 20,000 characters or every word of one of 2,000.
 */
const EMPHASIS_BUDGET = 4_000_000;
/** A run of `*` or `_` this long nests emphasis as deep as the run. */
const MAX_DELIMITER_RUN = 100;

export type MarkdownProblem = "nesting" | "emphasis";

/**
 * An upper bound on how deeply a line nests quotes and lists: the `>` and list markers it
 * starts with, and its indentation besides the space each marker takes (a nested list item
 * is indented by two columns at least).
 * Only a line with a marker opens a container, so indented code and continuation lines do
 * not count.
 */
function nestingDepth(source: string): number {
  let deepest = 0;
  let i = 0;
  const n = source.length;
  while (i < n) {
    let columns = 0;
    let markers = 0;
    for (;;) {
      const c = source.charCodeAt(i);
      if (c === 32) columns += 1;
      else if (c === 9) columns += 4;
      else if (c === 62 /* > */) markers += 1;
      else if ((c === 45 || c === 42 || c === 43) /* - * + */ && isBlank(source.charCodeAt(i + 1))) markers += 1;
      else if (c >= 48 && c <= 57) {
        let j = i;
        while (j < n && j - i < 10 && source.charCodeAt(j) >= 48 && source.charCodeAt(j) <= 57) j++;
        const after = source.charCodeAt(j);
        if ((after === 46 || after === 41) /* . ) */ && isBlank(source.charCodeAt(j + 1))) {
          markers += 1;
          i = j;
        } else break;
      } else break;
      i++;
    }
    // The space after each marker belongs to it; the rest is indentation.
    if (markers > 0) deepest = Math.max(deepest, markers + (Math.max(0, columns - markers) >> 1));
    const end = source.indexOf("\n", i);
    i = end === -1 ? n : end + 1;
  }
  return deepest;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || Number.isNaN(c);
}

/**
 * The work marked's emphasis search does on one run of inline text (a paragraph, a heading,
 * a list item's text, a table cell): its `*` and `_` that could open or close emphasis
 * (those with text on at least one side) times its length. Infinity for a run too long to nest.
 */
function emphasisCost(text: string): number {
  let delimiters = 0;
  for (let i = 0; i < text.length;) {
    const c = text.charCodeAt(i);
    if (c !== 42 && c !== 95) {
      i++;
      continue;
    }
    let j = i;
    while (j < text.length && text.charCodeAt(j) === c) j++;
    const run = j - i;
    if (!isBlank(text.charCodeAt(i - 1)) || !isBlank(text.charCodeAt(j))) {
      if (run > MAX_DELIMITER_RUN) return Infinity;
      delimiters += run;
    }
    i = j;
  }
  return delimiters * text.length;
}

/**
 * Lexer.lex in its two passes, with the cost measured between them: the block structure
 * (linear once nesting is bounded), then the inline runs, only if their cost is within bounds.
 */
function blocks(source: string): { problem: MarkdownProblem } | { lexer: Lexer; tokens: TokensList } {
  if (nestingDepth(source) > MAX_MARKDOWN_NESTING) return { problem: "nesting" };
  const lexer = new Lexer(marked.defaults);
  lexer.blockTokens(source.replace(/\r\n|\r/g, "\n"), lexer.tokens);
  const tokens = lexer.tokens;
  let cost = 0;
  for (const { src } of lexer.inlineQueue) {
    cost += emphasisCost(src);
    if (cost > EMPHASIS_BUDGET) return { problem: "emphasis" };
  }
  return { lexer, tokens };
}

/**
 * Why this Markdown would not be rendered as Markdown, or null. The forms refuse such text
 * with a message; renderMarkdown shows it as plain text.
 */
export function markdownProblem(source: string): MarkdownProblem | null {
  const lexed = blocks(source);
  return "problem" in lexed ? lexed.problem : null;
}

/** The message a form shows for each problem. */
export const MARKDOWN_PROBLEM_KEYS = {
  nesting: "validation.markdownNesting",
  emphasis: "validation.markdownEmphasis",
} as const;

/**
 * For a form's Markdown field: `z.string().max(10_000, …).superRefine(refineMarkdown)`, so
 * the form comes back with the text as typed and a message instead of plain text stored.
 */
export function refineMarkdown(text: string, ctx: z.RefinementCtx) {
  const problem = markdownProblem(text);
  if (problem) ctx.addIssue({ code: "custom", message: MARKDOWN_PROBLEM_KEYS[problem] });
}

/** Text shown as written, in paragraphs, when its Markdown is beyond the bounds. */
function plainText(source: string): string {
  return source
    .replace(/\r\n|\r/g, "\n")
    .split(/\n[ \t]*\n+/)
    .filter((p) => p.trim())
    .map((p) => `<p>${escapeHtml(p.trim()).replace(/\n/g, "<br />")}</p>\n`)
    .join("");
}

/** Markdown source to safe HTML. */
export function renderMarkdown(source: string): string {
  if (!source.trim()) return "";
  const lexed = blocks(source);
  if ("problem" in lexed) return sanitizeHtml(plainText(source), SANITIZE);
  const { lexer, tokens } = lexed;
  for (const { src, tokens: into } of lexer.inlineQueue) {
    lexer.state.inRawBlock = false;
    lexer.inlineTokens(src, into);
  }
  lexer.inlineQueue = [];
  return sanitizeHtml(marked.parser(tokens) as string, SANITIZE);
}
