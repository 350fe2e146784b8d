import type { Catalogue, MessageKey } from "./en";
import { DEFAULT_LOCALE } from "./locales";

export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

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

const pluralRules = new Map<string, Intl.PluralRules>();
const numberFormats = new Map<string, Intl.NumberFormat>();
function intl<T>(cache: Map<string, T>, locale: string, make: () => T): T {
  let value = cache.get(locale);
  if (!value) cache.set(locale, (value = make()));
  return value;
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
  const rule = intl(pluralRules, locale, () => new Intl.PluralRules(locale)).select(count);
  const form = forms.get(`=${count}`) ?? forms.get(rule) ?? forms.get("other") ?? "";
  // A form may hold placeholders of its own: "one {{names} commented}".
  return format(form.replace(/#/g, intl(numberFormats, locale, () => new Intl.NumberFormat(locale)).format(count)), params, locale);
}

export function translator(messages: Catalogue, locale: string = DEFAULT_LOCALE): Translate {
  return (key, params) => format(messages[key] ?? key, params, locale);
}
