import type { Db } from "../../db/client";
import type { Role } from "../domain/member";
import { groupIdsOf } from "../models/organisation-group.server";
import { generateToken, hashToken } from "../utils/tokens.server";
import { readCookie } from "../utils/cookies";

// Lucia's session model: a random token in the cookie, only its SHA-256 in the table,
// 30-day expiry that slides forward once less than half of it is left, and never past
// 90 days from sign-in: a stolen cookie that is used every day still dies.
export const SESSION_COOKIE = "px_session";
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_TTL = 30 * DAY;
export const SESSION_ABSOLUTE_TTL = 90 * DAY;
const REFRESH_BEFORE = 15 * DAY;
export const HALF_SIGN_IN_TTL = 15 * 60 * 1000;
/** last_seen_at is written at most this often, so reads stay reads. */
const SEEN_GRANULARITY = 5 * 60 * 1000;

export interface SessionMember {
  sessionId: string;
  sessionExpiresAt: number;
  id: number;
  email: string;
  displayName: string;
  role: Role;
  locale: string | null;
  timeZone: string | null;
  organisationId: number;
  organisationCountry: string;
  organisationName: string;
  organisationSlug: string;
  /** Discreet mode: a neutral tab title and icon on every page (settings). */
  discreet: boolean;
  /** The live groups of the member's organisation: audiences narrowed to one of them include this member. */
  groupIds: number[];
  /** A confirmed TOTP secret (app/models/two-factor.server.ts). */
  twoFactorEnrolled: boolean;
  /** False between the password and the code of a two-factor sign-in. */
  secondFactorVerified: boolean;
  /** When the password was last typed in this session (recent sign-in, guards.server.ts). */
  confirmedAt: number;
}

export const generateSessionToken = generateToken;
export const sessionIdFromToken = hashToken;

export async function createSession(
  db: Db,
  {
    token,
    userId,
    userAgent = "",
    ip = "",
    now = Date.now(),
    secondFactorVerified = true,
  }: { token: string; userId: number; userAgent?: string; ip?: string; now?: number; secondFactorVerified?: boolean },
) {
  const session = {
    id: sessionIdFromToken(token),
    user_id: userId,
    expires_at: now + SESSION_TTL,
    created_at: now,
    last_seen_at: now,
    user_agent: userAgent.slice(0, 300),
    ip,
    second_factor_verified: secondFactorVerified ? 1 : 0,
    confirmed_at: now,
  };
  await db.insertInto("sessions").values(session).execute();
  // Seen once signed in: a password alone, before the code, is not a visit.
  if (secondFactorVerified) await db.updateTable("users").set({ last_seen_at: now }).where("id", "=", userId).execute();
  return session;
}

/**
 * Returns the member behind a token, or null when the token is unknown, expired or
 * belongs to a disabled account. `refreshed` is true when the expiry moved forward
 * and the cookie should be sent again.
 */
export async function validateSessionToken(db: Db, token: string, now = Date.now()): Promise<{ member: SessionMember; refreshed: boolean } | null> {
  const id = sessionIdFromToken(token);
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .innerJoin("organisations", "organisations.id", "users.organisation_id")
    .leftJoin("two_factor_secrets", (join) => join.onRef("two_factor_secrets.user_id", "=", "users.id").on("two_factor_secrets.enrolled_at", "is not", null))
    .select([
      "sessions.id as sessionId",
      "sessions.second_factor_verified as secondFactorVerified",
      "sessions.confirmed_at as confirmedAt",
      "two_factor_secrets.user_id as enrolledUserId",
      "sessions.expires_at as expiresAt",
      "sessions.last_seen_at as lastSeenAt",
      "sessions.created_at as createdAt",
      "users.id",
      "users.email",
      "users.display_name as displayName",
      "users.role",
      "users.locale",
      "users.time_zone as timeZone",
      "users.discreet",
      "users.disabled_at as disabledAt",
      "organisations.id as organisationId",
      "organisations.name as organisationName",
      "organisations.slug as organisationSlug",
      "organisations.country as organisationCountry",
    ])
    .where("sessions.id", "=", id)
    .executeTakeFirst();
  if (!row) return null;
  const endOfLife = row.createdAt + SESSION_ABSOLUTE_TTL;
  // Half a two-factor sign-in (the password, not yet the code) is good for a quarter of an hour.
  const halfSignInOver = row.secondFactorVerified === 0 && now - row.createdAt >= HALF_SIGN_IN_TTL;
  if (now >= row.expiresAt || now >= endOfLife || row.disabledAt !== null || halfSignInOver) {
    await invalidateSession(db, id);
    return null;
  }
  let expiresAt = row.expiresAt;
  const refreshed = now >= expiresAt - REFRESH_BEFORE && Math.min(now + SESSION_TTL, endOfLife) > expiresAt;
  if (refreshed) expiresAt = Math.min(now + SESSION_TTL, endOfLife);
  if (refreshed || now - row.lastSeenAt >= SEEN_GRANULARITY) {
    await db.updateTable("sessions").set({ expires_at: expiresAt, last_seen_at: now }).where("id", "=", id).execute();
    if (row.secondFactorVerified) await db.updateTable("users").set({ last_seen_at: now }).where("id", "=", row.id).execute();
  }
  const { disabledAt: _d, lastSeenAt: _l, expiresAt: _e, createdAt: _c, discreet, secondFactorVerified, enrolledUserId, ...member } = row;
  const groupIds = await groupIdsOf(db, { organisationId: row.organisationId });
  return {
    member: { ...member, discreet: discreet === 1, groupIds, sessionExpiresAt: expiresAt, twoFactorEnrolled: enrolledUserId !== null, secondFactorVerified: secondFactorVerified === 1 },
    refreshed,
  };
}

export async function invalidateSession(db: Db, sessionId: string) {
  await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
}

export async function invalidateUserSessions(db: Db, { userId, exceptSessionId }: { userId: number; exceptSessionId?: string }) {
  let query = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (exceptSessionId) query = query.where("id", "!=", exceptSessionId);
  await query.execute();
}

export function readSessionToken(request: Request): string | null {
  return readCookie(request, SESSION_COOKIE);
}

function secureFlag(request: Request) {
  return new URL(request.url).protocol === "https:" ? "; Secure" : "";
}

export function sessionCookie(request: Request, token: string, expiresAt: number): string {
  const maxAge = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
  return `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Lax; Path=/; Max-Age=${maxAge}${secureFlag(request)}`;
}

export function blankSessionCookie(request: Request): string {
  return `${SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0${secureFlag(request)}`;
}
