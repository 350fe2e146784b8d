import { redirect, type AppLoadContext } from "@remix-run/node";
import { hasAnyUser } from "../models/user.server";
import {
  blankSessionCookie,
  createSession,
  generateSessionToken,
  readSessionToken,
  sessionCookie,
  validateSessionToken,
  type SessionMember,
} from "./session.server";

interface Args {
  request: Request;
  context: AppLoadContext;
}

/** The signed-in member, or null. Validated once per request, whichever loader asks first. */
export function getMember({ request, context }: Args): Promise<SessionMember | null> {
  context.memo.member ??= (async () => {
    const token = readSessionToken(request);
    if (!token) return null;
    const result = await validateSessionToken(context.db, token);
    if (!result) {
      context.memo.setCookies.push(blankSessionCookie(request));
      return null;
    }
    if (result.refreshed) {
      context.memo.setCookies.push(sessionCookie(request, token, result.member.sessionExpiresAt));
    }
    return result.member;
  })();
  return context.memo.member;
}

/** Only same-site paths: "/x" yes, "//evil.example" or "https://…" no. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) {
    return fallback;
  }
  return to;
}

/** The member, or a redirect to sign-in that brings them back (to first-run setup while nobody exists). */
export async function requireMember(args: Args): Promise<SessionMember> {
  const member = await getMember(args);
  if (member) return member;
  if (!(await hasAnyUser(args.context.db))) throw redirect("/setup");
  const url = new URL(args.request.url);
  const here = url.pathname + url.search;
  const search = here === "/" ? "" : `?${new URLSearchParams({ redirectTo: here })}`;
  throw redirect(`/login${search}`);
}

/** Opens a session for the user and returns the Set-Cookie header that carries its token. */
export async function startSession({ request, context }: Args, userId: number): Promise<string> {
  const token = generateSessionToken();
  const session = await createSession(context.db, {
    token,
    userId,
    userAgent: request.headers.get("User-Agent") ?? "",
    ip: context.clientIp,
  });
  return sessionCookie(request, token, session.expires_at);
}
