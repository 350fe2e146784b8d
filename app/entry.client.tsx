import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { loadCatalogue } from "./i18n/client";
import { DEFAULT_LOCALE, isLocale } from "./i18n/locales";
import { I18nProvider } from "./i18n/react";

// The page's language is in <html lang>; its catalogue is one cached chunk, loaded before hydrating.
const lang = document.documentElement.lang;
const locale = isLocale(lang) ? lang : DEFAULT_LOCALE;

loadCatalogue(locale).then((messages) => {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <I18nProvider locale={locale} messages={messages}>
          <RemixBrowser />
        </I18nProvider>
      </StrictMode>,
    );
  });
});
