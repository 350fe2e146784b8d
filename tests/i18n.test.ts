import { describe, expect, it } from "vitest";
import { catalogues, format, localeFromAcceptLanguage, resolveLocale, sectionCatalogues } from "../app/i18n";
import { en as core } from "../app/i18n/en";
import { SECTIONS } from "../app/i18n/sections";
import { AUDIT_ACTIONS } from "../app/domain/audit";

// {name} placeholders and {count, plural, …} variables; a one-word plural branch ("=0 {Discussion}") is text, not a placeholder.
const placeholders = (s: string) => [...s.matchAll(/(?<!(?:=\d+|zero|one|two|few|many|other)\s*)\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]).sort();

const en = catalogues.en;

describe("message catalogues", () => {
  it("keep each key in one place, the core or one section", () => {
    const sectionKeys = SECTIONS.map((section) => Object.keys(sectionCatalogues[section].en).length);
    expect(Object.keys(en).length).toBe(Object.keys(core).length + sectionKeys.reduce((a, b) => a + b, 0));
  });

  for (const [locale, catalogue] of Object.entries(catalogues)) {
    it(`${locale} has exactly the English keys, with the same placeholders`, () => {
      expect(Object.keys(catalogue).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(en)) {
        const translated = (catalogue as Record<string, string>)[key] ?? "";
        expect(translated.trim(), `${locale}:${key} is empty`).not.toBe("");
        expect(placeholders(translated), `${locale}:${key}`).toEqual(placeholders(text));
      }
    });
  }
});

const CATALOGUE_FILE = new RegExp(`app[\\\\/]i18n[\\\\/](?:(?:${SECTIONS.join("|")})[\\\\/])?[a-z]{2}\\.ts$`);

describe("every key is used", () => {
  it("appears in the code, or belongs to a family the code builds (theme.<key>, auditAction.<action>)", async () => {
    const { readFileSync, readdirSync, statSync } = await import("node:fs");
    const path = await import("node:path");
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.(ts|tsx)$/.test(name) && !CATALOGUE_FILE.test(full)) files.push(full);
      }
    };
    walk("app");
    const code = files.map((f) => readFileSync(f, "utf8")).join("\n");
    const built = (key: string) => key.startsWith("theme.") || (key.startsWith("auditAction.") && (AUDIT_ACTIONS as readonly string[]).includes(key.slice("auditAction.".length)));
    const unused = Object.keys(en).filter((key) => !built(key) && !code.includes(`"${key}"`));
    expect(unused).toEqual([]);
  });
});

describe("catalogue sections", () => {
  it("are read only by their pages and what only those pages import, so a page never lacks a word", async () => {
    const { readFileSync, readdirSync, statSync } = await import("node:fs");
    const path = await import("node:path");
    const sources = new Map<string, string>();
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.posix.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.(ts|tsx)$/.test(name) && !CATALOGUE_FILE.test(full)) sources.set(full, readFileSync(full, "utf8"));
      }
    };
    walk("app");
    const importers = new Map<string, Set<string>>();
    for (const [file, code] of sources) {
      for (const [, spec] of code.matchAll(/(?:from|import\()\s*"(\.{1,2}\/[^"]+)"/g)) {
        const base = path.posix.join(path.posix.dirname(file), spec!);
        const target = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/route.tsx`].find((f) => sources.has(f));
        if (target) importers.set(target, (importers.get(target) ?? new Set()).add(file));
      }
    }
    const isRoute = (file: string) => file.startsWith("app/routes/");
    // Never in the browser with the catalogue: server files, resource routes, and the titles,
    // which the root loader sends made (i18n/meta.ts).
    const serverSide = (file: string) =>
      /\.server\.tsx?$/.test(file) || file.startsWith("app/server/") || file === "app/i18n/meta.ts" || (isRoute(file) && !/^export default/m.test(sources.get(file)!));
    for (const section of SECTIONS) {
      const handled = [...sources].filter(([file, code]) => isRoute(file) && code.includes(`sectionHandle("${section}")`)).map(([file]) => file);
      const loading = [...sources].filter(([file, code]) => isRoute(file) && code.includes(`withSection("${section}")`)).map(([file]) => file);
      expect(loading, `${section}: pages with the handle and the client loader`).toEqual(handled);
      expect(handled.length).toBeGreaterThan(0);
      const inside = new Set(handled);
      for (let grew = true; grew;) {
        grew = false;
        for (const [file, from] of importers) {
          const users = [...from].filter((f) => !serverSide(f));
          if (!inside.has(file) && !isRoute(file) && users.length > 0 && users.every((f) => inside.has(f))) grew = Boolean(inside.add(file));
        }
      }
      const strays = Object.keys(sectionCatalogues[section].en).flatMap((key) =>
        [...sources].filter(([file, code]) => !inside.has(file) && !serverSide(file) && code.includes(`"${key}"`)).map(([file]) => `${key} in ${file}`),
      );
      expect(strays, `${section} keys read outside its pages: move them to the core catalogue`).toEqual([]);
    }
  });
});

describe("catalogues awaiting review", () => {
  it("say so in their files", async () => {
    const { readFileSync } = await import("node:fs");
    for (const code of ["ne", "bn", "mn", "ny"]) {
      for (const file of [`app/i18n/${code}.ts`, ...SECTIONS.map((section) => `app/i18n/${section}/${code}.ts`)]) {
        expect(readFileSync(file, "utf8"), file).toMatch(/Awaiting review by a native speaker/);
      }
    }
  });
});

describe("locale", () => {
  it("follows Accept-Language with q-values", () => {
    expect(localeFromAcceptLanguage("fr-FR,fr;q=0.9,en;q=0.8")).toBe("fr");
    expect(localeFromAcceptLanguage("de;q=1, en;q=0.5, fr;q=0.7")).toBe("de");
    expect(localeFromAcceptLanguage("it;q=1, en;q=0.5, fr;q=0.7")).toBe("fr");
    expect(localeFromAcceptLanguage("ne-NP, en;q=0.5")).toBe("ne");
    expect(localeFromAcceptLanguage("zz")).toBeNull();
    expect(resolveLocale({ preferred: null, acceptLanguage: null })).toBe("en");
    expect(resolveLocale({ preferred: "fr", acceptLanguage: "en" })).toBe("fr");
  });

  it("fills placeholders", () => {
    expect(format("Hello {name}, {name}", { name: "Asha" })).toBe("Hello Asha, Asha");
    expect(format("{missing}", {})).toBe("{missing}");
  });
});

describe("plurals", () => {
  it("choose the form the language's rules call for", () => {
    const msg = "{count, plural, one {# member} other {# members}} found";
    expect(format(msg, { count: 1 }, "en")).toBe("1 member found");
    expect(format(msg, { count: 3 }, "en")).toBe("3 members found");
    expect(format(msg, { count: 1200 }, "en")).toBe("1,200 members found");
    expect(format("{count, plural, one {# membre} other {# membres}}", { count: 0 }, "fr")).toBe("0 membre");
    expect(format("{n, plural, =0 {none} other {#}} and {x}", { n: 0, x: "y" }, "en")).toBe("none and y");
    const nested = "{count, plural, one {{names} commented on} other {# new comments on}}";
    expect(format(nested, { count: 1, names: "Sita" }, "en")).toBe("Sita commented on");
    expect(format(nested, { count: 3, names: "Sita" }, "en")).toBe("3 new comments on");
  });
});
