import type { Db } from "../../db/client";
import { redirect, type AppLoadContext } from "@remix-run/node";
import {
  blankPendingCookie,
  claimPendingSubmission,
  PENDING_MAX_BYTES,
  pendingCookie,
  readPendingToken,
  stashPendingSubmission,
  takePendingFields,
  type PendingFields,
} from "../models/pending-submission.server";
import { hasAnyUser } from "../models/user.server";
import { blankSessionCookie, createSession, generateSessionToken, readSessionToken, sessionCookie, validateSessionToken, type SessionMember } from "./session.server";

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

const REDIRECT_BASE = "http://px.invalid";
/** Raw whitespace or control characters (browsers drop tabs and newlines, so "/\t/x" is "//x"), or their encoded forms. */
// eslint-disable-next-line no-control-regex -- control characters are what a redirect must refuse
const UNSAFE_IN_REDIRECT = /[\s\u0000-\u001f\u007f-\u009f\\]|%(?:[01][0-9a-f]|7f|5c)/i;

/**
 * Only same-site paths: "/x?y#z" yes; "//evil.example", "/\\evil", "/\t/evil", "https://…" no.
 * The target is parsed as a URL against a fixed base and only a same-origin path, search
 * and hash are kept, so whatever a browser would make of it, it stays here. Never throws.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || to.length > 2_000 || !to.startsWith("/") || UNSAFE_IN_REDIRECT.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, REDIRECT_BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== REDIRECT_BASE) return fallback;
  const target = url.pathname + url.search + url.hash;
  // "/.//evil" parses to the path "//evil", which a browser reads as another host.
  if (!target.startsWith("/") || target.startsWith("//")) return fallback;
  return target;
}

/** The member, or a redirect to sign-in that brings them back (to first-run setup while nobody exists). */
export async function requireMember(args: Args): Promise<SessionMember> {
  const member = await getMember(args);
  if (member) return member;
  if (!(await hasAnyUser(args.context.db))) throw redirect("/setup");
  const url = new URL(args.request.url);
  const here = url.pathname + url.search;
  const search = here === "/" ? "" : `?${new URLSearchParams({ redirectTo: here })}`;
  const stashed = await stashSubmission(args);
  throw redirect(`/login${search}`, stashed ? { headers: { "Set-Cookie": stashed } } : undefined);
}

/** Never kept: a form that asks for a password is typed again. */
const SECRET_FIELD = /password/i;

/**
 * A form sent after the session ended is kept for sign-in to give back (pending-submission
 * model). Only plain form bodies within the body limit; a file upload is not kept. Returns
 * the cookie that carries the token, or null when nothing was kept.
 */
async function stashSubmission({ request, context }: Args): Promise<string | null> {
  if (request.method !== "POST") return null;
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) return null;
  if (Number(request.headers.get("Content-Length") ?? 0) > PENDING_MAX_BYTES) return null;
  let form: FormData;
  try {
    form = await request.clone().formData();
  } catch {
    return null; // already read, or not a form after all
  }
  const fields: PendingFields = {};
  let size = 0;
  for (const [name, value] of form) {
    if (typeof value !== "string") return null;
    if (SECRET_FIELD.test(name)) continue;
    size += name.length + value.length;
    (fields[name] ??= []).push(value);
  }
  if (size === 0 || size > PENDING_MAX_BYTES) return null;
  const token = await stashPendingSubmission(context.db, { path: new URL(request.url).pathname, fields });
  return pendingCookie(request, token);
}

/** At sign-in: what this browser sent before becomes the member's (see the model for why). */
export async function claimPendingForMember({ request, context }: Args, userId: number): Promise<void> {
  const token = readPendingToken(request);
  if (token) await claimPendingSubmission(context.db, { token, userId });
}

/**
 * For a form's loader: what this member sent to this page from this browser when their
 * session had ended, once (the row is deleted and the cookie cleared). Costs nothing
 * without the cookie.
 */
export async function takePendingSubmission({ request, context }: Args, member: SessionMember, path = new URL(request.url).pathname): Promise<{ values: PendingFields; restored: true } | null> {
  const token = readPendingToken(request);
  if (!token) return null;
  const values = await takePendingFields(context.db, { token, userId: member.id, path });
  if (!values) return null;
  context.memo.setCookies.push(blankPendingCookie(request));
  return { values, restored: true };
}

/**
 * Opens a session for the user and returns the Set-Cookie header that carries its token;
 * `db` is the caller's transaction when the sign-in is audited with it.
 */
export async function startSession({ request, context }: Args, userId: number, db: Db = context.db): Promise<string> {
  const token = generateSessionToken();
  const session = await createSession(db, {
    token,
    userId,
    userAgent: request.headers.get("User-Agent") ?? "",
    ip: context.clientIp,
  });
  return sessionCookie(request, token, session.expires_at);
}
