/**
 * The interface languages, and how a request's language is chosen. No catalogue is
 * imported here: this module is in the browser bundle, the catalogues are not.
 */
export const LOCALES = ["en", "fr", "es", "de", "pt", "ne", "bn", "mn", "ny"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Translations made without a native speaker, shown as such in the language switcher. */
export const AWAITING_REVIEW: readonly Locale[] = ["ne", "bn", "mn", "ny"];

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
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

export function resolveLocale({ preferred, cookie, acceptLanguage }: { preferred?: string | null; cookie?: string | null; acceptLanguage: string | null }): Locale {
  if (isLocale(preferred)) return preferred;
  if (isLocale(cookie)) return cookie;
  return localeFromAcceptLanguage(acceptLanguage) ?? DEFAULT_LOCALE;
}
