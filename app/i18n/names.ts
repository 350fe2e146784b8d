import type { MessageKey } from "./en";

/**
 * Languages and countries named by the catalogues, not by Intl: CLDR calls Chichewa
 * "Nyanja", has no Chichewa data at all, and many browsers lack Nepali and Mongolian
 * data, so a name from Intl could differ between the server and the browser.
 */
export const LANGUAGE_NAME_KEYS: Record<string, MessageKey> = {
  en: "languageName.en",
  fr: "languageName.fr",
  es: "languageName.es",
  de: "languageName.de",
  pt: "languageName.pt",
  ny: "languageName.ny",
  mn: "languageName.mn",
  bn: "languageName.bn",
  hi: "languageName.hi",
  ne: "languageName.ne",
};

/**
 * The network's 18 countries: the exit programme's four (India, Malawi, Mongolia, Nepal)
 * and those of the network's member organisations.
 */
export const COUNTRY_NAME_KEYS: Record<string, MessageKey> = {
  IN: "country.IN",
  MW: "country.MW",
  MN: "country.MN",
  NP: "country.NP",
  FR: "country.FR",
  ES: "country.ES",
  KE: "country.KE",
  BE: "country.BE",
  DE: "country.DE",
  SE: "country.SE",
  IE: "country.IE",
  GB: "country.GB",
  CA: "country.CA",
  US: "country.US",
  ZA: "country.ZA",
  BR: "country.BR",
  PT: "country.PT",
  AR: "country.AR",
};

export const NETWORK_COUNTRIES = Object.keys(COUNTRY_NAME_KEYS);
