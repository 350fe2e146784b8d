import type { Locale } from "../locales";
import { bn } from "./bn";
import { de } from "./de";
import { en, type AccountCatalogue } from "./en";
import { es } from "./es";
import { fr } from "./fr";
import { mn } from "./mn";
import { ne } from "./ne";
import { ny } from "./ny";
import { pt } from "./pt";

/** Server side: the account section in every language (the browser loads its own, client.ts). */
export const account: Record<Locale, AccountCatalogue> = { en, fr, es, de, pt, ne, bn, mn, ny };
