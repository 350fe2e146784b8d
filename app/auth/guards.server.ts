import type { Db } from "../../db/client";
import { ATTACHMENT_LIMITS } from "../domain/attachment";
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
import { combinedRateLimitState, recordRateLimitFailure, signInLimits } from "../models/rate-limit.server";
import { markSessionConfirmed, verifySecondFactor } from "../models/two-factor.server";
import { getPasswordHash, hasAnyUser, normaliseEmail } from "../models/user.server";
import type { FieldErrors } from "../utils/forms";
import { verifyPassword } from "./password.server";
import { blankSessionCookie, createSession, generateSessionToken, readSessionToken, sessionCookie, validateSessionToken, type SessionMember } from "./session.server";

interface Args {
  request: Request;
  context: AppLoadContext;
}

/** Where an administrator or curator without a second factor is sent, and where a member sets one up. */
export const ENROLMENT_PATH = "/settings/two-factor";
/** The code step of sign-in. */
export const SECOND_FACTOR_PATH = "/login/two-factor";
/** All an administrator or curator may reach before enrolling (the health check asks nobody). */
const OPEN_BEFORE_ENROLMENT = new Set([ENROLMENT_PATH, "/logout", "/language", "/healthz"]);
/** Those who can read everything may not rely on a password alone. */
const MUST_ENROL: ReadonlySet<string> = new Set(["admin", "curator"]);

export function mustEnrol(member: Pick<SessionMember, "role" | "twoFactorEnrolled">): boolean {
  return MUST_ENROL.has(member.role) && !member.twoFactorEnrolled;
}

/**
 * The signed-in member, or null. A session that has given the password but not yet the
 * code is not signed in (getSession sees it). An administrator or curator without a
 * second factor reaches only OPEN_BEFORE_ENROLMENT: any other page redirects to
 * enrolment, any other submission is refused. Checked here, so no route can forget it.
 */
export async function getMember(args: Args): Promise<SessionMember | null> {
  const session = await getSession(args);
  if (!session?.secondFactorVerified) return null;
  if (mustEnrol(session) && !OPEN_BEFORE_ENROLMENT.has(new URL(args.request.url).pathname)) {
    if (args.request.method === "GET" || args.request.method === "HEAD") throw redirect(ENROLMENT_PATH);
    throw new Response("Forbidden", { status: 403, statusText: "Forbidden" });
  }
  return session;
}

/** The session behind the cookie, whether or not its second factor was given. Validated once per request. */
export function getSession({ request, context }: Args): Promise<SessionMember | null> {
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
  // Half signed in (the password, not yet the code): the code page, which goes on to the same place.
  const to = (await getSession(args)) ? SECOND_FACTOR_PATH : "/login";
  throw redirect(`${to}${search}`, stashed ? { headers: { "Set-Cookie": stashed } } : undefined);
}

/** Never kept: a form that asks for a password (or a sign-in code) is typed again. */
const SECRET_FIELD = /password|^(confirmCode|code)$/i;

/**
 * A form sent after the session ended is kept for sign-in to give back (pending-submission
 * model). Only form bodies within the body limit; of a form with files (the practice form
 * sent without JavaScript) the text is kept and the files are not. Returns the cookie that
 * carries the token, or null when nothing was kept.
 */
async function stashSubmission({ request, context }: Args): Promise<string | null> {
  if (request.method !== "POST") return null;
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) return null;
  // A form with files may be larger (up to what a practice form keeps); its text is still bounded below.
  const largest = /^multipart\//i.test(type) ? ATTACHMENT_LIMITS.formBytes + PENDING_MAX_BYTES : PENDING_MAX_BYTES;
  if (Number(request.headers.get("Content-Length") ?? 0) > largest) return null;
  let form: FormData;
  try {
    form = await request.clone().formData();
  } catch {
    return null; // already read, or not a form after all
  }
  const fields: PendingFields = {};
  let size = 0;
  for (const [name, value] of form) {
    if (typeof value !== "string" || SECRET_FIELD.test(name)) continue;
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
export async function startSession({ request, context }: Args, userId: number, db: Db = context.db, { secondFactorVerified = true }: { secondFactorVerified?: boolean } = {}): Promise<string> {
  const token = generateSessionToken();
  const session = await createSession(db, {
    token,
    userId,
    userAgent: request.headers.get("User-Agent") ?? "",
    ip: context.clientIp,
    secondFactorVerified,
  });
  return sessionCookie(request, token, session.expires_at);
}

/** How long a typed password counts as recent for sensitive actions (recent sign-in). */
export const RECENT_SIGN_IN_MS = 10 * 60 * 1000;

/** For a sensitive form's loader: whether its action will ask for the password (and code) again. */
export function recentSignInState(member: SessionMember, now = Date.now()): { needed: boolean; code: boolean } {
  return { needed: now - member.confirmedAt > RECENT_SIGN_IN_MS, code: member.twoFactorEnrolled };
}

export type RecentSignInResult = { ok: true } | { ok: false; status: 400 | 429; errors: FieldErrors };

/**
 * The member's own password typed again (to change it, to erase the account): counted against
 * the sign-in limits like any sign-in, so a session someone else holds cannot guess it here.
 */
export async function checkCurrentPassword(args: Args, member: SessionMember, password: string, field = "password"): Promise<RecentSignInResult> {
  const { context } = args;
  const limits = signInLimits({ email: normaliseEmail(member.email), ip: context.clientIp });
  const { lockedForMs } = await combinedRateLimitState(context.db, limits);
  if (lockedForMs > 0) return { ok: false, status: 429, errors: { [field]: { key: "login.locked", params: { minutes: Math.ceil(lockedForMs / 60_000) } } } };
  const hash = await getPasswordHash(context.db, { id: member.id });
  if (hash && (await verifyPassword(hash, password))) return { ok: true };
  for (const limit of limits) await recordRateLimitFailure(context.db, limit);
  return { ok: false, status: 400, errors: { [field]: { key: "settings.wrongPassword" } } };
}

/**
 * Recent sign-in for a sensitive action (changing e-mail, password or a role, turning off
 * the second factor, exports, erasure): when the session's password is older than
 * RECENT_SIGN_IN_MS, the form carries `confirmPassword` (and `confirmCode` when enrolled),
 * checked here under the same rate limits as sign-in; success renews confirmed_at. An
 * action that has just checked the password itself passes `passwordChecked`, and only
 * the code is asked. On failure the action answers 400 with what was typed and these errors.
 */
export async function requireRecentSignIn(args: Args, member: SessionMember, form: FormData, { passwordChecked = false }: { passwordChecked?: boolean } = {}): Promise<RecentSignInResult> {
  const { context } = args;
  if (!recentSignInState(member).needed) return { ok: true };
  const password = String(form.get("confirmPassword") ?? "").slice(0, 200);
  const code = String(form.get("confirmCode") ?? "").slice(0, 40);
  const errors: FieldErrors = {};
  if (!passwordChecked && !password) errors.confirmPassword = { key: "recent.passwordNeeded" };
  if (member.twoFactorEnrolled && !code.trim()) errors.confirmCode = { key: "recent.codeNeeded" };
  if (Object.keys(errors).length) return { ok: false, status: 400, errors };
  const limits = signInLimits({ email: normaliseEmail(member.email), ip: context.clientIp });
  const { lockedForMs } = await combinedRateLimitState(context.db, limits);
  if (lockedForMs > 0) {
    const locked = { key: "login.locked" as const, params: { minutes: Math.ceil(lockedForMs / 60_000) } };
    return { ok: false, status: 429, errors: passwordChecked ? { confirmCode: locked } : { confirmPassword: locked } };
  }
  if (!passwordChecked) {
    const hash = await getPasswordHash(context.db, { id: member.id });
    if (!hash || !(await verifyPassword(hash, password))) errors.confirmPassword = { key: "recent.wrongPassword" };
  }
  if (member.twoFactorEnrolled && !errors.confirmPassword && !(await verifySecondFactor(context.db, { userId: member.id, code }))) errors.confirmCode = { key: "recent.wrongCode" };
  if (Object.keys(errors).length) {
    for (const limit of limits) await recordRateLimitFailure(context.db, limit);
    return { ok: false, status: 400, errors };
  }
  await markSessionConfirmed(context.db, { sessionId: member.sessionId });
  return { ok: true };
}
