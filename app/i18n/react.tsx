import { createContext, useContext, useMemo, type ReactNode } from "react";
import type { Catalogue } from "./en";
import { translator, type Translate } from "./format";
import type { Locale } from "./locales";

interface I18nValue {
  locale: Locale;
  messages: Catalogue;
}

const I18nContext = createContext<I18nValue | null>(null);

/**
 * The catalogue is given by entry.server (all are in the server bundle) and by
 * entry.client (the one language, loaded before hydration): it never travels in
 * loader data, so pages stay light.
 */
export function I18nProvider({ locale, messages, children }: I18nValue & { children: ReactNode }) {
  const value = useMemo(() => ({ locale, messages }), [locale, messages]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): { locale: Locale; t: Translate; messages: Catalogue } {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return useMemo(() => ({ locale: value.locale, t: translator(value.messages, value.locale), messages: value.messages }), [value]);
}

export function useT(): Translate {
  return useI18n().t;
}
