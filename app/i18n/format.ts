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
function intl<T>(cache: Map<string, T>, locale: string, make: () => T): T {
  let value = cache.get(locale);
  if (!value) cache.set(locale, (value = make()));
  return value;
}

/**
 * Numbers and dates are written without the browser's locale data, which many phones
 * lack for Nepali, Mongolian and Chichewa: the grouping comes from "en" (every browser
 * has it), the digits and separators from this table, the month names and patterns from
 * the catalogue. The server and the browser then write the same text (decision 0003).
 */
const NUMBER_SYMBOLS: Record<string, { group: string; digits?: string }> = {
  fr: { group: "\u202f" },
  es: { group: "." },
  de: { group: "." },
  pt: { group: "." },
  ne: { group: ",", digits: "०१२३४५६७८९" },
  bn: { group: ",", digits: "০১২৩৪৫৬৭৮৯" },
};
const englishNumbers = new Intl.NumberFormat("en", { maximumFractionDigits: 2 });

export function formatNumber(value: number, locale: string): string {
  const symbols = NUMBER_SYMBOLS[locale];
  const english = englishNumbers.format(value);
  if (!symbols) return english;
  const digits = symbols.digits;
  return english.replace(/[0-9,]/g, (c) => (c === "," ? symbols.group : digits ? digits[Number(c)]! : c));
}

const zoneParts = new Map<string, Intl.DateTimeFormat>();
/** Year, month, day, hour and minute of an instant in a time zone (tz data, which every browser has). */
export function partsInZone(ms: number, timeZone: string) {
  const formatter = intl(
    zoneParts,
    timeZone,
    () => new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", hourCycle: "h23" }),
  );
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(ms)) if (part.type !== "literal") parts[part.type] = Number(part.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute! };
}

const knownZones = new Set<string>();
/** An IANA zone name this runtime knows ("Asia/Kathmandu"); checked once per name, for the process. */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== "string" || value.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(value)) return false;
  if (knownZones.has(value)) return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
  } catch {
    return false;
  }
  if (knownZones.size < 1_000) knownZones.add(value);
  return true;
}

export interface DateFormatter {
  date: (ms: number) => string;
  dateTime: (ms: number) => string;
  /** "3 hours ago" for the last day, the date and time before that. */
  ago: (ms: number, now: number) => string;
}

export function dateFormatter(messages: Catalogue, locale: string, timeZone: string): DateFormatter {
  const t = translator(messages, locale);
  const months = messages["format.months"].split("|");
  const number = (n: number, width = 1) => formatNumber(n, locale).padStart(width, formatNumber(0, locale));
  const date = (ms: number) => {
    const p = partsInZone(ms, timeZone);
    return t("format.date", { day: number(p.day), month: months[p.month - 1] ?? String(p.month), year: String(p.year).replace(/[0-9]/g, (d) => formatNumber(Number(d), locale)) });
  };
  const dateTime = (ms: number) => {
    const p = partsInZone(ms, timeZone);
    return t("format.dateTime", { date: date(ms), time: `${number(p.hour, 2)}:${number(p.minute, 2)}` });
  };
  const ago = (ms: number, now: number) => {
    const minutes = Math.floor((now - ms) / 60_000);
    if (minutes < 1) return t("time.justNow");
    if (minutes < 60) return t("time.minutesAgo", { count: minutes });
    if (minutes < 24 * 60) return t("time.hoursAgo", { count: Math.floor(minutes / 60) });
    return dateTime(ms);
  };
  return { date, dateTime, ago };
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
  // Nepali, Mongolian and Chichewa share English's rule for whole numbers (one: 1), and
  // browsers without their data would fall back to it anyway: use it on both sides.
  const rulesLocale = locale === "ne" || locale === "mn" || locale === "ny" ? "en" : locale;
  const rule = intl(pluralRules, rulesLocale, () => new Intl.PluralRules(rulesLocale)).select(count);
  const form = forms.get(`=${count}`) ?? forms.get(rule) ?? forms.get("other") ?? "";
  // A form may hold placeholders of its own: "one {{names} commented}".
  return format(form.replace(/#/g, formatNumber(count, locale)), params, locale);
}

export function translator(messages: Catalogue, locale: string = DEFAULT_LOCALE): Translate {
  return (key, params) => format(messages[key] ?? key, params, locale);
}
