// Server side: every catalogue. The browser loads only its own language (client.ts).
import { account } from "./account";
import { bn } from "./bn";
import { de } from "./de";
import { en, type Catalogue, type MessageKey } from "./en";
import { es } from "./es";
import { fr } from "./fr";
import { glossary } from "./glossary";
import { manage } from "./manage";
import { translator, type Translate } from "./format";
import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from "./locales";
import { mn } from "./mn";
import { ne } from "./ne";
import { ny } from "./ny";
import { pt } from "./pt";
import { SECTIONS, type Section } from "./sections";

export type { Catalogue, MessageKey };
export * from "./format";
export * from "./locales";

/** Adding a language is adding its files (the core's and each section's), and a line here, in each section's index.ts and in client.ts. */
const core = { en, fr, es, de, pt, ne, bn, mn, ny };

/** Each section in every language: the browser loads them page by page, the server holds them all. */
export const sectionCatalogues: Record<Section, Record<Locale, Partial<Catalogue>>> = { glossary, manage, account };

/** Each language's whole catalogue: the core and every section. */
const whole = (locale: Locale): Catalogue => Object.assign({}, core[locale], ...SECTIONS.map((section) => sectionCatalogues[section][locale]));
export const catalogues = Object.fromEntries(LOCALES.map((locale) => [locale, whole(locale)])) as Record<Locale, Catalogue>;

/** For text made on the server in someone else's language (e-mails, exports). */
export function translatorFor(locale: string | null | undefined): Translate {
  const chosen = isLocale(locale) ? locale : DEFAULT_LOCALE;
  return translator(catalogues[chosen], chosen);
}
