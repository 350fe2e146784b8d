import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { loadCatalogue } from "./i18n/client";
import { DEFAULT_LOCALE, isLocale } from "./i18n/locales";
import { I18nProvider } from "./i18n/react";
import { isSection } from "./i18n/sections";

// The page's language is in <html lang>, the catalogue sections its routes read in
// <html data-catalogues>: each is one cached chunk, loaded before hydrating.
const lang = document.documentElement.lang;
const locale = isLocale(lang) ? lang : DEFAULT_LOCALE;
const sections = (document.documentElement.dataset.catalogues ?? "").split(" ").filter(isSection);

loadCatalogue(locale, sections).then((messages) => {
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
  registerServiceWorker();
});

/**
 * The service worker keeps the member's saved items for reading offline (public/sw.js). It
 * hears when the connection comes back, so that copies the member may no longer read are
 * deleted at once, not at the next page.
 */
function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker
    .register("/sw.js", { scope: "/" })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => registration.active?.postMessage({ type: "sync" }))
    .catch(() => undefined);
  window.addEventListener("online", () => navigator.serviceWorker.controller?.postMessage({ type: "sync", force: true }));
}
