import type { LoaderFunctionArgs } from "@remix-run/node";
import { translatorFor } from "../i18n";
import { requestLocale } from "../i18n/locale.server";
import { recordAudit } from "../models/audit.server";
import { getHandbookContents } from "../models/handbook.server";
import { handbookMarkdown } from "../utils/handbook-markdown";
import { editionGlossary } from "../models/handbook-glossary.server";
import { requireHandbook } from "../auth/handbook-access.server";

/** The handbook as one Markdown file, downloaded. */
export async function loader(args: LoaderFunctionArgs) {
  const { member, handbook } = await requireHandbook(args, "view");
  const [chapters, locale] = await Promise.all([getHandbookContents(args.context.db, { handbookId: handbook.id }), requestLocale(args)]);
  const glossary = await editionGlossary(args.context.db, { handbook, chapters });
  const markdown = handbookMarkdown({ handbook, chapters, glossary, t: translatorFor(locale), locale });
  await recordAudit(args.context.db, { actorId: member.id, action: "handbook.exported", targetType: "handbook", targetId: handbook.id, ip: args.context.clientIp });
  const filename = `${handbook.slug}.md`.replace(/[^\p{L}\p{N}.-]/gu, "-");
  return new Response(markdown, {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="${encodeURIComponent(filename)}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "Cache-Control": "no-store",
    },
  });
}
