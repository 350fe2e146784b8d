import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { en, type Catalogue } from "./en";
import { translator, type Translate } from "./index";

interface RootI18n {
  locale: string;
  messages: Catalogue;
}

/** The catalogue travels once, in the root loader's data; English is the fallback when that failed. */
export function useI18n(): { locale: string; t: Translate } {
  const data = useRouteLoaderData("root") as RootI18n | undefined;
  const messages = data?.messages ?? en;
  const locale = data?.locale ?? "en";
  return useMemo(() => ({ locale, t: translator(messages, locale) }), [locale, messages]);
}

export function useT(): Translate {
  return useI18n().t;
}
