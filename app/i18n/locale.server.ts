import type { AppLoadContext } from "@remix-run/node";
import { getMember } from "../auth/guards.server";
import { catalogues } from "./index";
import { LOCALES, resolveLocale, type Locale } from "./locales";
import { TITLE_KEYS, type TitleKey } from "./meta";

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
/** Each language named in itself ("Français", "नेपाली", "Монгол"), for the switcher. */
export function nativeLanguageNames() {
  nativeNames ??= LOCALES.map((code) => {
    const name = new Intl.DisplayNames([code], { type: "language" }).of(code) ?? code;
    return { code, name: name.charAt(0).toLocaleUpperCase(code) + name.slice(1) };
  });
  return nativeNames;
}
