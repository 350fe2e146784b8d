import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getMember, safeRedirect } from "../auth/guards.server";
import { LOCALE_COOKIE } from "../i18n/locale.server";
import { LOCALES } from "../i18n/locales";
import { updateLocale } from "../models/user.server";
import { parseForm } from "../utils/forms";

const LanguageSchema = /* @__PURE__ */ (() => z.object({ locale: z.enum(LOCALES), redirectTo: z.string().max(2_000).optional() }))();

export async function loader(_: LoaderFunctionArgs) {
  return redirect("/");
}

/**
 * The language switcher: open to everyone. A member's choice is saved in their settings;
 * before sign-in it is remembered in a cookie for a year.
 */
export async function action(args: ActionFunctionArgs) {
  const formData = await args.request.formData();
  const parsed = parseForm(LanguageSchema, formData);
  const back = safeRedirect(formData.get("redirectTo"));
  if (!parsed.ok) return redirect(back);
  const member = await getMember(args);
  if (member) await updateLocale(args.context.db, { id: member.id, locale: parsed.data.locale });
  const secure = new URL(args.request.url).protocol === "https:" ? "; Secure" : "";
  return redirect(back, {
    headers: { "Set-Cookie": `${LOCALE_COOKIE}=${parsed.data.locale}; Path=/; Max-Age=31536000; SameSite=Lax${secure}` },
  });
}
