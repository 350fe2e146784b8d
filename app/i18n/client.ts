import type { Catalogue, CoreCatalogue } from "./en";
import type { Locale } from "./locales";
import type { Section } from "./sections";

// One chunk per language: a reader downloads their own catalogue once, cached for good.
const CORE: Record<Locale, () => Promise<CoreCatalogue>> = {
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

// And one per section and language, fetched by the first page that reads it (sections.ts).
const SECTIONS: Record<Section, Record<Locale, () => Promise<Partial<Catalogue>>>> = {
  glossary: {
    en: () => import("./glossary/en").then((m) => m.en),
    fr: () => import("./glossary/fr").then((m) => m.fr),
    es: () => import("./glossary/es").then((m) => m.es),
    de: () => import("./glossary/de").then((m) => m.de),
    pt: () => import("./glossary/pt").then((m) => m.pt),
    ne: () => import("./glossary/ne").then((m) => m.ne),
    bn: () => import("./glossary/bn").then((m) => m.bn),
    mn: () => import("./glossary/mn").then((m) => m.mn),
    ny: () => import("./glossary/ny").then((m) => m.ny),
  },
  manage: {
    en: () => import("./manage/en").then((m) => m.en),
    fr: () => import("./manage/fr").then((m) => m.fr),
    es: () => import("./manage/es").then((m) => m.es),
    de: () => import("./manage/de").then((m) => m.de),
    pt: () => import("./manage/pt").then((m) => m.pt),
    ne: () => import("./manage/ne").then((m) => m.ne),
    bn: () => import("./manage/bn").then((m) => m.bn),
    mn: () => import("./manage/mn").then((m) => m.mn),
    ny: () => import("./manage/ny").then((m) => m.ny),
  },
  account: {
    en: () => import("./account/en").then((m) => m.en),
    fr: () => import("./account/fr").then((m) => m.fr),
    es: () => import("./account/es").then((m) => m.es),
    de: () => import("./account/de").then((m) => m.de),
    pt: () => import("./account/pt").then((m) => m.pt),
    ne: () => import("./account/ne").then((m) => m.ne),
    bn: () => import("./account/bn").then((m) => m.bn),
    mn: () => import("./account/mn").then((m) => m.mn),
    ny: () => import("./account/ny").then((m) => m.ny),
  },
};

/** The catalogue React holds (I18nProvider): later sections are merged into this same object. */
let current: { locale: Locale; messages: Partial<Catalogue>; loaded: Set<Section> } | undefined;

/** Before hydrating: the page language's core, and the sections the page names (root.tsx). */
export async function loadCatalogue(locale: Locale, sections: readonly Section[]): Promise<Catalogue> {
  const [core, ...parts] = await Promise.all([CORE[locale](), ...sections.map((section) => SECTIONS[section][locale]())]);
  const messages: Partial<Catalogue> = Object.assign({}, core, ...parts);
  current = { locale, messages, loaded: new Set(sections) };
  // Complete for every page that names its sections; a key read elsewhere shows as itself.
  return messages as Catalogue;
}

/**
 * Before a client-side navigation renders a page of a section not loaded yet. The translator
 * reads the catalogue at each call, so the page renders with the merged keys; nothing already
 * on screen changes, as no core key is in a section.
 */
export async function loadSection(section: Section): Promise<void> {
  if (!current || current.loaded.has(section)) return;
  const state = current;
  Object.assign(state.messages, await SECTIONS[section][state.locale]());
  state.loaded.add(section);
}
