import { createTOTPKeyURI, generateHOTP } from "@oslojs/otp";
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import type { Db } from "../../db/client";
import { hashToken } from "../utils/tokens.server";

// Time-based one-time codes (RFC 6238): 30-second steps, six digits, the step before and
// after accepted for a phone whose clock drifts, and no code accepted twice (the last
// accepted step is kept, and only later steps are accepted after it).
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
const STEP_MS = TOTP_PERIOD_SECONDS * 1000;
export const RECOVERY_CODE_COUNT = 10;
const ISSUER = "Practice Exchange";

/** A fresh 160-bit secret, base32 as authenticator apps expect it. */
export function generateTotpSecret(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32UpperCaseNoPadding(bytes);
}

/** The otpauth:// URI the QR code carries. */
export function totpUri({ secret, accountName }: { secret: string; accountName: string }): string {
  return createTOTPKeyURI(ISSUER, accountName, decodeBase32IgnorePadding(secret), TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}

/** "ABCD EFGH …": easier to type into an app from the screen. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, "$1 ");
}

/** The code for a moment (tests and the e2e journey compute the same). */
export function totpAt(secret: string, now = Date.now()): string {
  return generateHOTP(decodeBase32IgnorePadding(secret), BigInt(Math.floor(now / STEP_MS)), TOTP_DIGITS);
}

/** What a person types: spaces and dashes are forgiven. */
export function normaliseCode(code: string): string {
  return code.replace(/[\s-]/g, "").toLowerCase();
}

function equalStrings(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * The step the code belongs to (now, one before or one after), or null. Steps at or
 * before `lastUsedStep` are not accepted: a code seen once, or an older one, is spent.
 */
export function matchingStep(secret: string, code: string, { now = Date.now(), lastUsedStep = 0 }: { now?: number; lastUsedStep?: number } = {}): number | null {
  const typed = normaliseCode(code);
  if (!/^\d{6}$/.test(typed)) return null;
  const key = decodeBase32IgnorePadding(secret);
  const current = Math.floor(now / STEP_MS);
  let found: number | null = null;
  for (const step of [current - 1, current, current + 1]) {
    // Every candidate is computed and compared, so the time taken does not tell which matched.
    if (equalStrings(generateHOTP(key, BigInt(step), TOTP_DIGITS), typed) && step > lastUsedStep) found = step;
  }
  return found;
}

export async function getTwoFactor(db: Db, { userId }: { userId: number }) {
  return db.selectFrom("two_factor_secrets").select(["secret", "enrolled_at as enrolledAt", "last_used_step as lastUsedStep"]).where("user_id", "=", userId).executeTakeFirst();
}

export async function isEnrolled(db: Db, { userId }: { userId: number }): Promise<boolean> {
  const row = await db.selectFrom("two_factor_secrets").select("user_id").where("user_id", "=", userId).where("enrolled_at", "is not", null).executeTakeFirst();
  return Boolean(row);
}

/**
 * The secret being set up (not yet confirmed), made on first visit and kept until a code
 * confirms it, so reloading the page shows the same QR code. An enrolled member gets null.
 */
export async function pendingEnrolmentSecret(db: Db, { userId, now = Date.now() }: { userId: number; now?: number }): Promise<string | null> {
  const row = await getTwoFactor(db, { userId });
  if (row?.enrolledAt) return null;
  if (row) return row.secret;
  const secret = generateTotpSecret();
  await db
    .insertInto("two_factor_secrets")
    .values({ user_id: userId, secret, enrolled_at: null, created_at: now })
    .onConflict((oc) => oc.column("user_id").doNothing())
    .execute();
  return (await getTwoFactor(db, { userId }))?.secret ?? secret;
}

/** Checks a code against the pending secret and, when it matches, marks the member enrolled. */
export async function confirmEnrolment(db: Db, { userId, code, now = Date.now() }: { userId: number; code: string; now?: number }): Promise<boolean> {
  const row = await getTwoFactor(db, { userId });
  if (!row || row.enrolledAt) return false;
  const step = matchingStep(row.secret, code, { now });
  if (step === null) return false;
  const result = await db.updateTable("two_factor_secrets").set({ enrolled_at: now, last_used_step: step }).where("user_id", "=", userId).where("enrolled_at", "is", null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Checks a code of an enrolled member and spends its step. The update only succeeds when
 * no later or equal step was spent meanwhile, so two requests racing with one code
 * cannot both pass.
 */
export async function verifyTotp(db: Db, { userId, code, now = Date.now() }: { userId: number; code: string; now?: number }): Promise<boolean> {
  const row = await getTwoFactor(db, { userId });
  if (!row?.enrolledAt) return false;
  const step = matchingStep(row.secret, code, { now, lastUsedStep: row.lastUsedStep });
  if (step === null) return false;
  const result = await db.updateTable("two_factor_secrets").set({ last_used_step: step }).where("user_id", "=", userId).where("last_used_step", "<", step).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ten codes like "k3m9-x2pq-7hza": 60 bits each, lower-case base32 without look-alikes' trouble (typed case-insensitively). */
function generateRecoveryCode(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  const text = encodeBase32UpperCaseNoPadding(bytes).slice(0, 12).toLowerCase();
  return `${text.slice(0, 4)}-${text.slice(4, 8)}-${text.slice(8, 12)}`;
}

const recoveryDigest = (code: string) => hashToken(`recovery:${normaliseCode(code)}`);

/** Replaces the member's recovery codes with ten new ones and returns them, the only time they are shown. */
export async function replaceRecoveryCodes(db: Db, { userId, now = Date.now() }: { userId: number; now?: number }): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, generateRecoveryCode);
  await db.deleteFrom("two_factor_recovery_codes").where("user_id", "=", userId).execute();
  await db
    .insertInto("two_factor_recovery_codes")
    .values(codes.map((code) => ({ user_id: userId, code_hash: recoveryDigest(code), created_at: now, used_at: null })))
    .execute();
  return codes;
}

/** Spends one recovery code; true only the first time it is used. */
export async function useRecoveryCode(db: Db, { userId, code, now = Date.now() }: { userId: number; code: string; now?: number }): Promise<boolean> {
  const typed = normaliseCode(code);
  if (!/^[a-z2-7]{12}$/.test(typed)) return false;
  const result = await db
    .updateTable("two_factor_recovery_codes")
    .set({ used_at: now })
    .where("user_id", "=", userId)
    .where("code_hash", "=", recoveryDigest(typed))
    .where("used_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(db: Db, { userId }: { userId: number }): Promise<number> {
  const row = await db
    .selectFrom("two_factor_recovery_codes")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A code from the app or a recovery code, whichever it looks like. */
export async function verifySecondFactor(db: Db, { userId, code, now = Date.now() }: { userId: number; code: string; now?: number }): Promise<"totp" | "recovery" | null> {
  const typed = normaliseCode(code);
  if (/^\d{6}$/.test(typed)) return (await verifyTotp(db, { userId, code: typed, now })) ? "totp" : null;
  return (await useRecoveryCode(db, { userId, code: typed, now })) ? "recovery" : null;
}

/** Turning it off, or an administrator's reset: the secret and every recovery code go. */
export async function removeTwoFactor(db: Db, { userId }: { userId: number }) {
  await db.deleteFrom("two_factor_recovery_codes").where("user_id", "=", userId).execute();
  const result = await db.deleteFrom("two_factor_secrets").where("user_id", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The session has given its second factor (the code step of sign-in). */
export async function markSessionVerified(db: Db, { sessionId, now = Date.now() }: { sessionId: string; now?: number }) {
  await db.updateTable("sessions").set({ second_factor_verified: 1, confirmed_at: now }).where("id", "=", sessionId).execute();
}

/** The password (and code) were typed again in this session. */
export async function markSessionConfirmed(db: Db, { sessionId, now = Date.now() }: { sessionId: string; now?: number }) {
  await db.updateTable("sessions").set({ confirmed_at: now }).where("id", "=", sessionId).execute();
}
