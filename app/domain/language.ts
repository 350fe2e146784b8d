/**
 * The languages the network works in: what a practice, a handbook or an organisation is
 * written in, offered as choices; names come from Intl. Not the interface languages
 * (app/i18n/locales.ts): a practice may be in a language the forum has no catalogue for.
 */
export const WORKING_LANGUAGES = ["en", "fr", "es", "de", "pt", "ny", "mn", "bn", "hi", "ne"] as const;
export type WorkingLanguage = (typeof WORKING_LANGUAGES)[number];
