import { en, type Catalogue, type MessageKey } from "./en";
import { fr } from "./fr";

export type { Catalogue, MessageKey };

/** Adding a language is adding its file and one line here. */
export const catalogues = { en, fr } satisfies Record<string, Catalogue>;
export type Locale = keyof typeof catalogues;
export const LOCALES = Object.keys(catalogues) as Locale[];
export const DEFAULT_LOCALE: Locale = "en";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && Object.hasOwn(catalogues, value);
}

/** Picks the best supported locale from an Accept-Language header (q-values honoured). */
export function localeFromAcceptLanguage(header: string | null): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const base = tag.split("-")[0];
    if (isLocale(base)) return base;
  }
  return null;
}

export function resolveLocale({ preferred, acceptLanguage }: { preferred?: string | null; acceptLanguage: string | null }): Locale {
  if (isLocale(preferred)) return preferred;
  return localeFromAcceptLanguage(acceptLanguage) ?? DEFAULT_LOCALE;
}

export type MessageParams = Record<string, string | number>;

/**
 * Fills `{name}` placeholders and ICU-style plurals,
 * `{count, plural, one {# member} other {# members}}`, with Intl.PluralRules.
 */
export function format(template: string, params?: MessageParams, locale: string = DEFAULT_LOCALE): string {
  if (!params) return template;
  let out = "";
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf("{", i);
    if (open === -1) break;
    out += template.slice(i, open);
    const plural = /^\{(\w+), plural,/.exec(template.slice(open));
    if (plural) {
      const end = matchingBrace(template, open);
      out += formatPlural(template.slice(open + plural[0].length, end), params, plural[1]!, locale);
      i = end + 1;
      continue;
    }
    const simple = /^\{(\w+)\}/.exec(template.slice(open));
    const name = simple?.[1];
    out += name !== undefined && Object.hasOwn(params, name) ? String(params[name]) : (simple?.[0] ?? "{");
    i = open + (simple?.[0].length ?? 1);
  }
  return out + template.slice(i);
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    if (text[j] === "{") depth++;
    else if (text[j] === "}" && --depth === 0) return j;
  }
  return text.length - 1;
}

function formatPlural(options: string, params: MessageParams, name: string, locale: string): string {
  const count = Number(params[name] ?? 0);
  const forms = new Map<string, string>();
  let i = 0;
  while (i < options.length) {
    const selector = /^\s*(=\d+|\w+)\s*\{/.exec(options.slice(i));
    if (!selector) break;
    const open = i + selector[0].length - 1;
    const close = matchingBrace(options, open);
    forms.set(selector[1]!, options.slice(open + 1, close));
    i = close + 1;
  }
  const form = forms.get(`=${count}`) ?? forms.get(new Intl.PluralRules(locale).select(count)) ?? forms.get("other") ?? "";
  // A form may hold placeholders of its own: "one {{names} commented}".
  return format(form.replace(/#/g, new Intl.NumberFormat(locale).format(count)), params, locale);
}

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function translator(messages: Catalogue, locale: string = DEFAULT_LOCALE): Translate {
  return (key, params) => format(messages[key] ?? en[key] ?? key, params, locale);
}

/** For text made on the server in someone else's language (e-mails). */
export function translatorFor(locale: string | null | undefined): Translate {
  const chosen = isLocale(locale) ? locale : DEFAULT_LOCALE;
  return translator(catalogues[chosen], chosen);
}
