import type { LoaderFunctionArgs } from "@remix-run/node";
import { strToU8, zipSync } from "fflate";
import { z } from "zod";
import { SECTIONS } from "../../db/schema";
import { requireMember } from "../auth/guards.server";
import { can, forbidden, notFound } from "../auth/permissions.server";
import { recordAudit } from "../models/audit.server";
import { getOrganisationBySlug } from "../models/organisation.server";

const Params = /* @__PURE__ */ (() => z.object({ slug: z.string().min(1).max(200) }))();

/** The organisation's archive: everything it published, as Markdown and JSON, for its coordinators and admins. */
export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  const params = Params.safeParse(args.params);
  const organisation = params.success ? await getOrganisationBySlug(args.context.db, { slug: params.data.slug }) : undefined;
  if (!organisation) notFound();
  if (!can(member, "manageInvitations", { organisationId: organisation.id })) forbidden();
  const practices = await args.context.db
    .selectFrom("practices")
    .select(["id", "slug", "title", "summary", "language", "current_revision", "published_at", "updated_at", ...SECTIONS.map((s) => `${s}_md` as const)])
    .where("organisation_id", "=", organisation.id)
    .where("status", "=", "published")
    .orderBy("id")
    .execute();
  const files: Record<string, Uint8Array> = {
    "organisation.json": strToU8(JSON.stringify({ name: organisation.name, slug: organisation.slug, country: organisation.country, exportedAt: new Date().toISOString(), practices }, null, 2)),
  };
  for (const p of practices) {
    const sections = SECTIONS.flatMap((s) => (p[`${s}_md`] ? [`## ${s}`, p[`${s}_md`]] : []));
    files[`practices/${p.id}-${p.slug.replace(/[^\p{L}\p{N}-]+/gu, "-")}.md`] = strToU8([`# ${p.title}`, p.summary, ...sections].join("\n\n") + "\n");
  }
  await recordAudit(args.context.db, { actorId: member.id, action: "organisation.exported", targetType: "organisation", targetId: organisation.id, ip: args.context.clientIp });
  return new Response(Buffer.from(zipSync(files, { level: 6 })), {
    headers: { "Content-Type": "application/zip", "Content-Disposition": `attachment; filename="${organisation.slug.replace(/[^a-z0-9-]/g, "-")}-archive.zip"`, "Cache-Control": "no-store" },
  });
}
