import { isIPv4, isIPv6 } from "node:net";
import { hashToken } from "../utils/tokens.server";
import type { Db } from "../../db/client";

export interface RateLimitPolicy {
  /** Failures counted within this window… */
  windowMs: number;
  /** …beyond this many, each further answer is slowed (1 s, 2 s, 4 s… up to 8 s)… */
  slowAfter: number;
  /** …and at this many, the key is refused until lockMs has passed. */
  maxFailures: number;
  lockMs: number;
}

const MINUTE = 60 * 1000;
/**
 * One account from one address: what someone guessing there runs into. It locks that
 * pair only, so wrong passwords typed elsewhere never lock the owner out.
 */
export const SIGN_IN_ACCOUNT: RateLimitPolicy = { windowMs: 15 * MINUTE, slowAfter: 3, maxFailures: 8, lockMs: 15 * MINUTE };
/** One account from anywhere: guessing spread over many addresses is slowed, then stopped far above a person's typos. */
export const SIGN_IN_ACCOUNT_ANYWHERE: RateLimitPolicy = { windowMs: 60 * MINUTE, slowAfter: 10, maxFailures: 40, lockMs: 60 * MINUTE };
export const SIGN_IN_ADDRESS: RateLimitPolicy = { windowMs: 15 * MINUTE, slowAfter: 10, maxFailures: 30, lockMs: 15 * MINUTE };
/** One /24 (IPv4) or /64 (IPv6): addresses rotated within a network count together. */
export const SIGN_IN_SUBNET: RateLimitPolicy = { windowMs: 15 * MINUTE, slowAfter: 30, maxFailures: 100, lockMs: 15 * MINUTE };
export const RESET_REQUEST: RateLimitPolicy = { windowMs: 60 * MINUTE, slowAfter: 3, maxFailures: 5, lockMs: 60 * MINUTE };

export interface RateLimitState {
  /** Milliseconds until the key may try again; 0 when it may. */
  lockedForMs: number;
  /** How long to hold the answer back, to slow guessing. */
  delayMs: number;
}

export async function rateLimitState(db: Db, { key, policy, now = Date.now() }: { key: string; policy: RateLimitPolicy; now?: number }): Promise<RateLimitState> {
  const row = await db.selectFrom("rate_limits").selectAll().where("key", "=", key).executeTakeFirst();
  if (!row) return { lockedForMs: 0, delayMs: 0 };
  if (row.locked_until !== null && row.locked_until > now) return { lockedForMs: row.locked_until - now, delayMs: 0 };
  if (now - row.window_started_at >= policy.windowMs) return { lockedForMs: 0, delayMs: 0 };
  const over = row.failures - policy.slowAfter;
  return { lockedForMs: 0, delayMs: over > 0 ? Math.min(1000 * 2 ** (over - 1), 8000) : 0 };
}

/** Counts one failure (or one request, for limits on how often something may be asked). */
export async function recordRateLimitFailure(db: Db, { key, policy, now = Date.now() }: { key: string; policy: RateLimitPolicy; now?: number }) {
  const row = await db.selectFrom("rate_limits").selectAll().where("key", "=", key).executeTakeFirst();
  const expired = !row || now - row.window_started_at >= policy.windowMs || (row.locked_until !== null && row.locked_until <= now);
  const failures = expired ? 1 : row.failures + 1;
  const windowStartedAt = expired ? now : row.window_started_at;
  const lockedUntil = failures >= policy.maxFailures ? now + policy.lockMs : null;
  await db
    .insertInto("rate_limits")
    .values({ key, failures, window_started_at: windowStartedAt, locked_until: lockedUntil })
    .onConflict((oc) => oc.column("key").doUpdateSet({ failures, window_started_at: windowStartedAt, locked_until: lockedUntil }))
    .execute();
  // Forget windows and locks that ended a day ago, so the table stays small.
  const stale = now - 24 * 60 * MINUTE;
  await db
    .deleteFrom("rate_limits")
    .where("window_started_at", "<", stale)
    .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<", stale)]))
    .execute();
}

export async function clearRateLimit(db: Db, { key }: { key: string }) {
  await db.deleteFrom("rate_limits").where("key", "=", key).execute();
}

/** The strictest state over several keys (an account and an address): the longest lock, the longest delay. */
export async function combinedRateLimitState(db: Db, limits: { key: string; policy: RateLimitPolicy }[]): Promise<RateLimitState> {
  const states = await Promise.all(limits.map((l) => rateLimitState(db, l)));
  return { lockedForMs: Math.max(0, ...states.map((s) => s.lockedForMs)), delayMs: Math.max(0, ...states.map((s) => s.delayMs)) };
}

/**
 * The network an address belongs to: its /24 for IPv4 (and IPv4-mapped IPv6), its /64 for
 * IPv6. Anything else is returned as it is.
 */
export function subnetOf(ip: string): string {
  const address = ip.trim().toLowerCase().replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address)?.[1];
  const v4 = mapped ?? address;
  if (isIPv4(v4)) return `${v4.split(".").slice(0, 3).join(".")}.0/24`;
  if (!isIPv6(address)) return address;
  const [head = "", tail = ""] = address.split("::");
  const groups = (part: string) => (part ? part.split(":") : []).flatMap((g) => (g.includes(".") ? ["0", "0"] : [g]));
  const front = groups(head);
  const back = address.includes("::") ? groups(tail) : [];
  const full = [...front, ...Array(8 - front.length - back.length).fill("0"), ...back];
  return `${full
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

/** Keys that name an account carry a digest of its e-mail address, never the address itself. */
const accountDigest = (email: string) => hashToken(email.trim().toLowerCase());

/** The account-and-address pair: the key a successful sign-in clears. */
export function signInPairKey({ email, ip }: { email: string; ip: string }): string {
  return `signin:pair:${accountDigest(email)}:${ip}`;
}

/** The rate-limit keys of one sign-in attempt, strictest first. */
export function signInLimits({ email, ip }: { email: string; ip: string }): { key: string; policy: RateLimitPolicy }[] {
  const account = accountDigest(email);
  return [
    { key: signInPairKey({ email, ip }), policy: SIGN_IN_ACCOUNT },
    { key: `signin:account:${account}`, policy: SIGN_IN_ACCOUNT_ANYWHERE },
    { key: `signin:address:${ip}`, policy: SIGN_IN_ADDRESS },
    { key: `signin:subnet:${subnetOf(ip)}`, policy: SIGN_IN_SUBNET },
  ];
}

export function resetRequestKeys({ email, ip }: { email: string; ip: string }): string[] {
  return [`reset:account:${accountDigest(email)}`, `reset:address:${ip}`];
}

/** Lifts every sign-in lock on an account (after its password was reset: the way out of a lockout). */
export async function clearSignInLimitsForAccount(db: Db, { email }: { email: string }) {
  const account = accountDigest(email);
  await db
    .deleteFrom("rate_limits")
    .where((eb) => eb.or([eb("key", "=", `signin:account:${account}`), eb("key", "like", `signin:pair:${account}:%`)]))
    .execute();
}

/** Erasure: every key that names the account, including those written before keys carried a digest. */
export async function forgetRateLimitsForAccount(db: Db, { email }: { email: string }) {
  const plain = email.trim().toLowerCase();
  await clearSignInLimitsForAccount(db, { email });
  await db
    .deleteFrom("rate_limits")
    .where("key", "in", [`reset:account:${accountDigest(email)}`, `signin:account:${plain}`, `reset:account:${plain}`])
    .execute();
}
