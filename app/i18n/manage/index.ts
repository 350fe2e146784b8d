import type { Locale } from "../locales";
import { bn } from "./bn";
import { de } from "./de";
import { en, type ManageCatalogue } from "./en";
import { es } from "./es";
import { fr } from "./fr";
import { mn } from "./mn";
import { ne } from "./ne";
import { ny } from "./ny";
import { pt } from "./pt";

/** Server side: the manage section in every language (the browser loads its own, client.ts). */
export const manage: Record<Locale, ManageCatalogue> = { en, fr, es, de, pt, ne, bn, mn, ny };
