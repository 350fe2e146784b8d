import type { AppLoadContext } from "@remix-run/node";
import type { Db } from "../../db/client";
import { getMember } from "../auth/guards.server";
import { updateLocale } from "../models/user.server";
import type { Catalogue } from "./en";
import { catalogues } from "./index";
import { DEFAULT_LOCALE, LOCALES, isLocale, resolveLocale, type Locale } from "./locales";
import { TITLE_KEYS, type TitleKey } from "./meta";
import { isTimeZone } from "./format";
import { LANGUAGE_NAME_KEYS } from "./names";
import { COUNTRY_TIME_ZONES, countryOptions as cachedCountryOptions, type CountryOption } from "../utils/countries";

export const LOCALE_COOKIE = "px_locale";

/** The language chosen before signing in, remembered in a cookie. */
export function localeCookieValue(request: Request): string | null {
  const header = request.headers.get("Cookie");
  const match = header?.match(/(?:^|;\s*)px_locale=([a-z]{2,3})(?:;|$)/);
  return match?.[1] ?? null;
}

/** The interface language of this request: the member's choice, else the browser's. */
export async function requestLocale(args: { request: Request; context: AppLoadContext }): Promise<Locale> {
  const member = await getMember(args);
  return resolveLocale({
    preferred: member?.locale,
    cookie: localeCookieValue(args.request),
    acceptLanguage: args.request.headers.get("Accept-Language"),
  });
}

/** The page titles in a language, for meta functions (which run outside React). */
export function pageTitles(locale: Locale): Record<TitleKey, string> {
  const messages = catalogues[locale];
  return Object.fromEntries(TITLE_KEYS.map((key) => [key, messages[key]])) as Record<TitleKey, string>;
}

let nativeNames: { code: Locale; name: string }[] | undefined;
/** Each language named in itself by its own catalogue ("Français", "नेपाली", "Chichewa"), for the switcher. */
export function nativeLanguageNames() {
  nativeNames ??= LOCALES.map((code) => {
    const name = catalogues[code][LANGUAGE_NAME_KEYS[code]!];
    return { code, name: name.charAt(0).toLocaleUpperCase(code) + name.slice(1) };
  });
  return nativeNames;
}

const TIME_ZONE_COOKIE = /(?:^|;\s*)px_tz=([^;]{1,80})/;

/**
 * The zone every time is written in: the member's choice, else the browser's (a cookie set
 * once the page has hydrated), else the organisation's country, else UTC.
 */
export function requestTimeZone({ member, request }: { member: { timeZone: string | null; organisationCountry: string } | null; request: Request }): string {
  if (member?.timeZone && isTimeZone(member.timeZone)) return member.timeZone;
  return browserTimeZone(request) ?? (member ? COUNTRY_TIME_ZONES[member.organisationCountry] : undefined) ?? "UTC";
}

/** The zone the browser reported, if it sent a valid one. */
export function browserTimeZone(request: Request): string | null {
  const raw = request.headers.get("Cookie")?.match(TIME_ZONE_COOKIE)?.[1];
  if (!raw) return null;
  let zone: string;
  try {
    zone = decodeURIComponent(raw);
  } catch {
    return null;
  }
  return isTimeZone(zone) ? zone : null;
}

/** Every country in the reader's language, sorted; the ones named in English where the locale has no names say so. */
export function countryOptions(locale: Locale): CountryOption[] {
  return cachedCountryOptions(locale, catalogues[locale], !Intl.DisplayNames.supportedLocalesOf([locale]).length);
}

/**
 * The printed book's fixed words (contents, chapter, curator's note, dates, countries) in
 * the handbook's language, not the reader's; a language without a catalogue gets English.
 * The print page ships no JavaScript, so these labels never reach a browser as data.
 */
export function bookLabels(language: string): { locale: Locale; labels: Partial<Catalogue> } {
  const locale = isLocale(language) ? language : DEFAULT_LOCALE;
  const labels = Object.fromEntries(Object.entries(catalogues[locale]).filter(([key]) => key === "app.name" || /^(handbook|format|time|country|countries|languageName|comments)\./.test(key)));
  return { locale, labels };
}

/**
 * At sign-in the interface stays in the language the member was reading in: the language
 * chosen on this device before signing in (the cookie, which settings also set) becomes theirs.
 * Without that cookie, the language saved in their settings applies.
 */
export async function keepLanguageAfterSignIn(db: Db, { request, userId }: { request: Request; userId: number }) {
  const reading = localeCookieValue(request);
  if (isLocale(reading)) await updateLocale(db, { id: userId, locale: reading });
}
