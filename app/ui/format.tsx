import { useMemo } from "react";
import type { Role } from "../../db/schema";
import { useI18n } from "../i18n/react";
import type { MessageKey } from "../i18n";

const ROLE_KEYS: Record<Role, MessageKey> = {
  member: "role.member",
  coordinator: "role.coordinator",
  curator: "role.curator",
  admin: "role.admin",
};

// Intl objects are costly to build and immutable: one set per language, for the process.
const intlByLocale = new Map<string, { dateTime: Intl.DateTimeFormat; date: Intl.DateTimeFormat; regions: Intl.DisplayNames; languages: Intl.DisplayNames }>();
function intlFor(locale: string) {
  let intl = intlByLocale.get(locale);
  if (!intl) {
    intl = {
      // UTC on both sides, so the server's HTML and the hydrated page agree.
      dateTime: new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }),
      date: new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }),
      regions: new Intl.DisplayNames([locale], { type: "region" }),
      languages: new Intl.DisplayNames([locale], { type: "language" }),
    };
    intlByLocale.set(locale, intl);
  }
  return intl;
}

/** Dates, countries, languages and roles in the reader's language, from Intl where Intl knows. */
export function useFormat() {
  const { locale, t } = useI18n();
  return useMemo(() => {
    const { dateTime, date, regions, languages } = intlFor(locale);
    return {
      dateTime: (ms: number) => `${dateTime.format(ms)} UTC`,
      date: (ms: number) => date.format(ms),
      /** Plain text; in markup use <CountryName>, which tolerates the browser naming it differently. */
      country: (code: string) => regions.of(code) ?? code,
      language: (code: string) => {
        try {
          return languages.of(code) ?? code;
        } catch {
          return code;
        }
      },
      role: (role: Role) => t(ROLE_KEYS[role]),
      theme: (key: string) => t(`theme.${key}` as MessageKey),
    };
  }, [locale, t]);
}

/**
 * A country's name. Chromium patches some of ICU's names ("Palestine" for "Palestinian
 * Territories"), so the browser may name it differently from the server: the text is
 * allowed to differ on hydration instead of re-rendering the whole page.
 */
export function CountryName({ code }: { code: string }) {
  const format = useFormat();
  return <span suppressHydrationWarning>{format.country(code)}</span>;
}
