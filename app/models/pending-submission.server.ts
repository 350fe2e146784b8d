import { generateToken, hashToken } from "../utils/tokens.server";
import { readCookie } from "../utils/cookies";
import type { Db } from "../../db/client";

// A form sent after the session had ended (expiry, "sign out other devices", a password
// change elsewhere) is kept here for 30 minutes under a single-use token that lives only in
// an HttpOnly cookie, never in a URL. The session is gone, so the row is bound to the browser
// (the cookie) and, at sign-in, to the first member who signs in on that browser: nobody else
// can take it, even on the same browser afterwards.
export const PENDING_COOKIE = "px_pending";
export const PENDING_TTL = 30 * 60 * 1000;
/** Never more than a form body may be (server.js refuses bodies over 1 MiB). */
export const PENDING_MAX_BYTES = 1_000_000;

export type PendingFields = Record<string, string[]>;

function secureFlag(request: Request) {
  return new URL(request.url).protocol === "https:" ? "; Secure" : "";
}

export function pendingCookie(request: Request, token: string): string {
  return `${PENDING_COOKIE}=${token}; HttpOnly; SameSite=Lax; Path=/; Max-Age=${PENDING_TTL / 1000}${secureFlag(request)}`;
}

export function blankPendingCookie(request: Request): string {
  return `${PENDING_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0${secureFlag(request)}`;
}

export function readPendingToken(request: Request): string | null {
  return readCookie(request, PENDING_COOKIE);
}

/** Keeps the fields; returns the token for the cookie. Expired rows go on each write. */
export async function stashPendingSubmission(db: Db, { path, fields, now = Date.now() }: { path: string; fields: PendingFields; now?: number }): Promise<string> {
  await db.deleteFrom("pending_submissions").where("expires_at", "<=", now).execute();
  const token = generateToken();
  await db
    .insertInto("pending_submissions")
    .values({ id: hashToken(token), path, fields: JSON.stringify(fields), user_id: null, created_at: now, expires_at: now + PENDING_TTL })
    .execute();
  return token;
}

/** At sign-in: the browser's row becomes the member's, unless someone signed in first. */
export async function claimPendingSubmission(db: Db, { token, userId, now = Date.now() }: { token: string; userId: number; now?: number }) {
  await db.updateTable("pending_submissions").set({ user_id: userId }).where("id", "=", hashToken(token)).where("user_id", "is", null).where("expires_at", ">", now).execute();
}

/**
 * The fields sent to this path by this browser and member, once: the row is deleted when
 * taken. Returns null (and nothing happens) when there is no cookie or no matching row.
 */
export async function takePendingFields(db: Db, { token, userId, path, now = Date.now() }: { token: string; userId: number; path: string; now?: number }): Promise<PendingFields | null> {
  const id = hashToken(token);
  const row = await db
    .selectFrom("pending_submissions")
    .select(["fields"])
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .where("path", "=", path)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  if (!row) return null;
  const deleted = await db.deleteFrom("pending_submissions").where("id", "=", id).executeTakeFirst();
  if (Number(deleted.numDeletedRows) !== 1) return null;
  return JSON.parse(row.fields) as PendingFields;
}
