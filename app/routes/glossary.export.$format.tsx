import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireMember } from "../auth/guards.server";
import { notFound } from "../auth/permissions.server";
import { translatorFor } from "../i18n";
import { requestLocale } from "../i18n/locale.server";
import { allConcepts, exchangeData } from "../models/glossary.server";
import { toCsv, toTbx } from "../utils/glossary-exchange";
import { siteOrigin } from "../utils/mail.server";

const Params = /* @__PURE__ */ (() => z.object({ format: z.enum(["tbx", "csv"]) }))();

const CONTENT_TYPE = { tbx: "application/x-tbx+xml; charset=utf-8", csv: "text/csv; charset=utf-8" } as const;

/**
 * The whole glossary as a TBX or CSV file, for translators' own tools. Every member reads the
 * glossary on its pages, so the file tells nobody anything new: unlike a handbook edition,
 * a download is not audited.
 */
export async function loader(args: LoaderFunctionArgs) {
  await requireMember(args);
  const params = Params.safeParse(args.params);
  if (!params.success) notFound();
  const { format } = params.data;
  const [concepts, locale] = await Promise.all([allConcepts(args.context.db), requestLocale(args)]);
  const data = exchangeData(concepts);
  const day = new Date().toISOString().slice(0, 10);
  const t = translatorFor(locale);
  const body = format === "tbx" ? toTbx(data, { title: t("glossary.exportTitle"), origin: `${siteOrigin(args.request)}/glossary, ${day}` }) : toCsv(data);
  const filename = `practice-exchange-glossary-${day}.${format}`;
  return new Response(body, {
    headers: {
      "Content-Type": CONTENT_TYPE[format],
      "Content-Disposition": `attachment; filename="${filename}"`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
