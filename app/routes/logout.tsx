import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { getSession } from "../auth/guards.server";
import { blankSessionCookie, invalidateSession } from "../auth/session.server";
import { recordAudit } from "../models/audit.server";
import { inTransaction } from "../server/database.server";

/** Signing out is a POST only; a GET (a prefetch, a link) changes nothing. */
export async function loader(_: LoaderFunctionArgs) {
  return redirect("/");
}

export async function action(args: ActionFunctionArgs) {
  // Half signed in (password given, code not yet) can sign out too.
  const member = await getSession(args);
  if (member) {
    await inTransaction(args.context.db, async (trx) => {
      await invalidateSession(trx, member.sessionId);
      await recordAudit(trx, { actorId: member.id, action: "auth.signout", targetType: "user", targetId: member.id, ip: args.context.clientIp });
    });
  }
  // The browser forgets the pages it kept and anything stored for this site, so Back after
  // signing out shows nothing of the session (server.js already marks them no-store).
  return redirect("/login", { headers: { "Set-Cookie": blankSessionCookie(args.request), "Clear-Site-Data": '"cache", "storage"' } });
}
