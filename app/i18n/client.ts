import type { Catalogue } from "./en";
import type { Locale } from "./locales";

// One chunk per language: a reader downloads their own catalogue once, cached for good.
const LOADERS: Record<Locale, () => Promise<Catalogue>> = {
  en: () => import("./en").then((m) => m.en),
  fr: () => import("./fr").then((m) => m.fr),
  es: () => import("./es").then((m) => m.es),
  de: () => import("./de").then((m) => m.de),
  pt: () => import("./pt").then((m) => m.pt),
  ne: () => import("./ne").then((m) => m.ne),
  bn: () => import("./bn").then((m) => m.bn),
  mn: () => import("./mn").then((m) => m.mn),
  ny: () => import("./ny").then((m) => m.ny),
};

export function loadCatalogue(locale: Locale): Promise<Catalogue> {
  return LOADERS[locale]();
}
