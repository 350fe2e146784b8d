import type { AppLoadContext } from "@remix-run/node";
import { getMember } from "../auth/guards.server";
import { resolveLocale, type Locale } from "./index";

/** The interface language of this request: the member's choice, else the browser's. */
export async function requestLocale(args: { request: Request; context: AppLoadContext }): Promise<Locale> {
  const member = await getMember(args);
  return resolveLocale({ preferred: member?.locale, acceptLanguage: args.request.headers.get("Accept-Language") });
}
