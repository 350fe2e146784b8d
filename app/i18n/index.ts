// Server side: every catalogue. The browser loads only its own language (client.ts).
import { bn } from "./bn";
import { de } from "./de";
import { en, type Catalogue, type MessageKey } from "./en";
import { es } from "./es";
import { fr } from "./fr";
import { translator, type Translate } from "./format";
import { DEFAULT_LOCALE, isLocale, type Locale } from "./locales";
import { mn } from "./mn";
import { ne } from "./ne";
import { ny } from "./ny";
import { pt } from "./pt";

export type { Catalogue, MessageKey };
export * from "./format";
export * from "./locales";

/** Adding a language is adding its file, a line here and one in client.ts. */
export const catalogues: Record<Locale, Catalogue> = { en, fr, es, de, pt, ne, bn, mn, ny };

/** For text made on the server in someone else's language (e-mails, exports). */
export function translatorFor(locale: string | null | undefined): Translate {
  const chosen = isLocale(locale) ? locale : DEFAULT_LOCALE;
  return translator(catalogues[chosen], chosen);
}
