import fc from "fast-check";
import { describe, it } from "vitest";
import { createKysely, migrateToLatest, openSqlite } from "../../db/client";
import { parseSearchQuery, searchPractices } from "../../app/models/search.server";
import { renderMarkdown } from "../../app/utils/markdown.server";
import { anyMember } from "../factories";

// `npm run test:fuzz` runs 100,000 cases each (FUZZ_RUNS); the normal suite runs fewer.
const RUNS = Number(process.env.FUZZ_RUNS ?? 2_000);

const ALLOWED_TAGS = new Set(["h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "ul", "ol", "li", "strong", "em", "del", "code", "pre", "a", "table", "thead", "tbody", "tr", "th", "td"]);

// Markdown-ish and HTML-ish fragments, so the generator reaches the interesting corners.
const fragment = fc.oneof(
  fc.string(),
  fc.constantFrom(
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:",
    "data:text/html,",
    "[x](",
    ")",
    "](javascript:alert(1))",
    "![a](",
    "<a href=",
    '"',
    "'",
    "`",
    "**",
    "_",
    "#",
    "\n",
    "> ",
    "- ",
    "| a |",
    "&#106;",
    "&lt;",
    "<svg onload=alert(1)>",
    "<iframe",
    "style=",
    "on",
    "=",
    "<",
    ">",
  ),
);
const hostile = fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join(""));

describe("property: the Markdown sanitiser", () => {
  it(`never outputs a tag off the list, a handler, a style, a source or an unsafe link (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(hostile, (input) => {
        const html = renderMarkdown(input);
        for (const [, tag] of html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)) if (!ALLOWED_TAGS.has(tag!.toLowerCase())) return false;
        if (/<[^>]*\s(on[a-z]+|style|src|srcdoc|action|formaction)\s*=/i.test(html)) return false;
        for (const [, href] of html.matchAll(/<a\s[^>]*href="([^"]*)"/g)) if (!/^(https?:|mailto:|\/(?!\/)|#)/.test(href!)) return false;
        return true;
      }),
      { numRuns: RUNS },
    );
  });
});

describe("property: the search query parser", () => {
  it(`turns any input into a valid FTS5 expression or nothing (${RUNS} cases)`, async () => {
    const db = createKysely(openSqlite(":memory:"));
    await migrateToLatest(db);
    const sqlite = openSqlite(":memory:");
    sqlite.exec("create virtual table t using fts5(body)");
    const match = sqlite.prepare("select count(*) from t where t match ?");
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), hostile, fc.constantFrom('"', "NEAR(", "a OR", "-", "*", "title:x", "((", "AND NOT")), (input) => {
        const { match: expression } = parseSearchQuery(input);
        if (expression === null) return true;
        match.get(expression); // throws on an FTS5 syntax error
        return true;
      }),
      { numRuns: RUNS },
    );
    // And end to end, through the real search, on a sample.
    await fc.assert(
      fc.asyncProperty(hostile, async (input) => {
        const result = await searchPractices(db, { reader: anyMember, query: input });
        return Array.isArray(result.results);
      }),
      { numRuns: Math.min(RUNS, 500) },
    );
    await db.destroy();
  }, 600_000);
});
