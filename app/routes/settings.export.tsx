import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { recentSignInState, requireMember } from "../auth/guards.server";
import { collectMemberData } from "../models/account.server";
import { readAttachmentFile } from "../models/attachment.server";
import { recordAudit } from "../models/audit.server";
import { memberExportZip, zipDownload } from "../utils/export-zip.server";

/** "Export my data": a ZIP with everything about the member (JSON), what they wrote (Markdown) and the files they uploaded. */
export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  // Recent sign-in: a download of this much needs the password typed within ten minutes.
  if (recentSignInState(member).needed) {
    const url = new URL(args.request.url);
    throw redirect(`/settings/confirm?${new URLSearchParams({ redirectTo: url.pathname })}`);
  }
  const { db } = args.context;
  const zip = memberExportZip(await collectMemberData(db, { userId: member.id }), (id, variant) => readAttachmentFile(db, { id, variant }));
  await recordAudit(args.context.db, { actorId: member.id, action: "member.exported", targetType: "user", targetId: member.id, ip: args.context.clientIp });
  return zipDownload(zip, "practice-exchange-my-data.zip");
}
