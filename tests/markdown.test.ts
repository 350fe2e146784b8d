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
    expect(renderMarkdown("[site](https://example.org)")).toBe(
      '<p><a href="https://example.org" rel="noopener noreferrer nofollow">site</a></p>\n',
    );
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
});
