import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { recentSignInState, requireMember } from "../auth/guards.server";
import { can, forbidden, notFound } from "../auth/permissions.server";
import { recordAudit } from "../models/audit.server";
import { readAttachmentFile } from "../models/attachment.server";
import { getOrganisationBySlug, listArchiveAttachments, listArchivePractices } from "../models/organisation.server";
import { attachmentManifest, exportZip, zipDownload } from "../utils/export-zip.server";

const Params = /* @__PURE__ */ (() => z.object({ slug: z.string().min(1).max(200) }))();

/** The organisation's archive: everything it published, as Markdown and JSON with the practices' files, for its coordinators and admins. */
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
  const { db } = args.context;
  const practices = await listArchivePractices(db, { organisationId: organisation.id, reader: member });
  const attachments = attachmentManifest(await listArchiveAttachments(db, { practiceIds: practices.map((p) => p.id) }));
  const data = { name: organisation.name, slug: organisation.slug, country: organisation.country, exportedAt: new Date().toISOString(), practices, attachments };
  const zip = exportZip({ jsonName: "organisation.json", data, practices, attachments, readFile: (id, variant) => readAttachmentFile(db, { id, variant }) });
  await recordAudit(args.context.db, { actorId: member.id, action: "organisation.exported", targetType: "organisation", targetId: organisation.id, ip: args.context.clientIp });
  return zipDownload(zip, `${organisation.slug.replace(/[^a-z0-9-]/g, "-")}-archive.zip`);
}
