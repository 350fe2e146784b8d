import { useEffect, useMemo } from "react";
import { useRouteLoaderData } from "@remix-run/react";
import { roleLabel, type Role } from "../domain/member";
import { useI18n } from "../i18n/react";
import type { MessageKey } from "../i18n";
import { dateFormatter } from "../i18n/format";
import { COUNTRY_NAME_KEYS, LANGUAGE_NAME_KEYS } from "../i18n/names";

// Intl objects are costly to build and immutable: one per language, for the process.
const regionsByLocale = new Map<string, Intl.DisplayNames>();
function regionNames(locale: string) {
  let regions = regionsByLocale.get(locale);
  if (!regions) regionsByLocale.set(locale, (regions = new Intl.DisplayNames([locale], { type: "region" })));
  return regions;
}

/**
 * Times are written relative to the moment the server rendered the page until the page
 * has hydrated, so "3 hours ago" reads the same in the HTML and in the hydrated page;
 * pages rendered later in the browser use the browser's clock.
 */
let hydrated = false;
/**
 * Rendered last inside the root's <Suspense>: React may hydrate that boundary after the
 * root's own effects have run, so the mark must come from inside it, or a page hydrating
 * across a minute's turn would say "1 minute ago" where the server said "just now".
 */
export function HydratedMark() {
  useEffect(() => {
    hydrated = true;
  }, []);
  return null;
}

interface RootTimeData {
  now: number;
  timeZone: string;
}

/**
 * Dates, countries, languages and roles in the reader's language and time zone. Everything
 * but a country outside the catalogue is written from the catalogue and tz data, never
 * from the browser's locale data, so the server's HTML and the hydrated page agree.
 */
export function useFormat() {
  const { locale, t, messages } = useI18n();
  const root = useRouteLoaderData("root") as RootTimeData | undefined;
  const timeZone = root?.timeZone ?? "UTC";
  const renderedAt = root?.now;
  return useMemo(() => {
    const dates = dateFormatter(messages, locale, timeZone);
    return {
      date: dates.date,
      dateTime: dates.dateTime,
      /** "3 hours ago" within a day, else the date and time. */
      ago: (ms: number) => dates.ago(ms, hydrated || renderedAt === undefined ? Date.now() : renderedAt),
      /** Plain text; in markup use <CountryName>, which tolerates the browser naming it differently. */
      country: (code: string) => {
        const key = COUNTRY_NAME_KEYS[code];
        if (key) return t(key);
        try {
          return regionNames(locale).of(code) ?? code;
        } catch {
          return code;
        }
      },
      language: (code: string) => {
        const key = LANGUAGE_NAME_KEYS[code];
        return key ? t(key) : code;
      },
      role: (role: Role) => t(roleLabel(role)),
      theme: (key: string) => t(`theme.${key}` as MessageKey),
    };
  }, [locale, t, messages, timeZone, renderedAt]);
}

/**
 * A country's name. The network's countries are named by the catalogue; any other comes
 * from Intl, which a browser may lack or patch ("Palestine" for "Palestinian
 * Territories"): that text is allowed to differ on hydration and keeps the server's.
 */
export function CountryName({ code }: { code: string }) {
  const format = useFormat();
  return <span suppressHydrationWarning>{format.country(code)}</span>;
}
