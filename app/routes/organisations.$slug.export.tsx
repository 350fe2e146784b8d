import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { recentSignInState, requireMember } from "../auth/guards.server";
import { can, forbidden, notFound } from "../auth/permissions.server";
import { recordAudit } from "../models/audit.server";
import { getOrganisationBySlug, listArchivePractices } from "../models/organisation.server";
import { exportZip, zipDownload } from "../utils/export-zip.server";

const Params = /* @__PURE__ */ (() => z.object({ slug: z.string().min(1).max(200) }))();

/** The organisation's archive: everything it published, as Markdown and JSON, for its coordinators and admins. */
export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  const params = Params.safeParse(args.params);
  const organisation = params.success ? await getOrganisationBySlug(args.context.db, { slug: params.data.slug }) : undefined;
  if (!organisation) notFound();
  if (!can(member, "manageInvitations", { organisationId: organisation.id })) forbidden();
  // Recent sign-in: a download of this much needs the password typed within ten minutes.
  if (recentSignInState(member).needed) {
    const url = new URL(args.request.url);
    throw redirect(`/settings/confirm?${new URLSearchParams({ redirectTo: url.pathname })}`);
  }
  const practices = await listArchivePractices(args.context.db, { organisationId: organisation.id, reader: member });
  const data = { name: organisation.name, slug: organisation.slug, country: organisation.country, exportedAt: new Date().toISOString(), practices };
  const zip = exportZip({ jsonName: "organisation.json", data, practices });
  await recordAudit(args.context.db, { actorId: member.id, action: "organisation.exported", targetType: "organisation", targetId: organisation.id, ip: args.context.clientIp });
  return zipDownload(zip, `${organisation.slug.replace(/[^a-z0-9-]/g, "-")}-archive.zip`);
}
