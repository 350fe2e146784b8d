import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { getMember } from "../auth/guards.server";
import { offlineManifest } from "../models/offline.server";
import { siteOrigin } from "../utils/mail.server";

const NO_STORE = { "Cache-Control": "no-store" };

/**
 * What the service worker keeps on this device for the signed-in member (public/sw.js). A
 * 401 (signed out, session ended, account disabled) tells it to delete every offline copy.
 */
export async function loader(args: LoaderFunctionArgs) {
  const member = await getMember(args);
  if (!member) return json({ error: "signedOut" }, { status: 401, headers: NO_STORE });
  // The origin the book files' keys are made with, as the download route asks for them.
  const manifest = await offlineManifest(args.context.db, { member, origin: siteOrigin(args.request) });
  return json(manifest, { headers: NO_STORE });
}
