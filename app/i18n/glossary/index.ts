import type { Locale } from "../locales";
import { bn } from "./bn";
import { de } from "./de";
import { en, type GlossaryCatalogue } from "./en";
import { es } from "./es";
import { fr } from "./fr";
import { mn } from "./mn";
import { ne } from "./ne";
import { ny } from "./ny";
import { pt } from "./pt";

/** Server side: the glossary section in every language (the browser loads its own, client.ts). */
export const glossary: Record<Locale, GlossaryCatalogue> = { en, fr, es, de, pt, ne, bn, mn, ny };
