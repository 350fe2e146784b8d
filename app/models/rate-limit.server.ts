import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";

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
export const SIGN_IN_ACCOUNT: RateLimitPolicy = { windowMs: 15 * MINUTE, slowAfter: 3, maxFailures: 8, lockMs: 15 * MINUTE };
export const SIGN_IN_ADDRESS: RateLimitPolicy = { windowMs: 15 * MINUTE, slowAfter: 10, maxFailures: 30, lockMs: 15 * MINUTE };
export const RESET_REQUEST: RateLimitPolicy = { windowMs: 60 * MINUTE, slowAfter: 3, maxFailures: 5, lockMs: 60 * MINUTE };

export interface RateLimitState {
  /** Milliseconds until the key may try again; 0 when it may. */
  lockedForMs: number;
  /** How long to hold the answer back, to slow guessing. */
  delayMs: number;
}

export async function rateLimitState(
  db: Kysely<Database>,
  { key, policy, now = Date.now() }: { key: string; policy: RateLimitPolicy; now?: number },
): Promise<RateLimitState> {
  const row = await db.selectFrom("rate_limits").selectAll().where("key", "=", key).executeTakeFirst();
  if (!row) return { lockedForMs: 0, delayMs: 0 };
  if (row.locked_until !== null && row.locked_until > now) return { lockedForMs: row.locked_until - now, delayMs: 0 };
  if (now - row.window_started_at >= policy.windowMs) return { lockedForMs: 0, delayMs: 0 };
  const over = row.failures - policy.slowAfter;
  return { lockedForMs: 0, delayMs: over > 0 ? Math.min(1000 * 2 ** (over - 1), 8000) : 0 };
}

/** Counts one failure (or one request, for limits on how often something may be asked). */
export async function recordRateLimitFailure(
  db: Kysely<Database>,
  { key, policy, now = Date.now() }: { key: string; policy: RateLimitPolicy; now?: number },
) {
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("rate_limits").selectAll().where("key", "=", key).executeTakeFirst();
    const expired = !row || now - row.window_started_at >= policy.windowMs || (row.locked_until !== null && row.locked_until <= now);
    const failures = expired ? 1 : row.failures + 1;
    const windowStartedAt = expired ? now : row.window_started_at;
    const lockedUntil = failures >= policy.maxFailures ? now + policy.lockMs : null;
    await trx
      .insertInto("rate_limits")
      .values({ key, failures, window_started_at: windowStartedAt, locked_until: lockedUntil })
      .onConflict((oc) => oc.column("key").doUpdateSet({ failures, window_started_at: windowStartedAt, locked_until: lockedUntil }))
      .execute();
    // Forget windows and locks that ended a day ago, so the table stays small.
    const stale = now - 24 * 60 * MINUTE;
    await trx
      .deleteFrom("rate_limits")
      .where("window_started_at", "<", stale)
      .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<", stale)]))
      .execute();
  });
}

export async function clearRateLimit(db: Kysely<Database>, { key }: { key: string }) {
  await db.deleteFrom("rate_limits").where("key", "=", key).execute();
}

/** The strictest state over several keys (an account and an address): the longest lock, the longest delay. */
export async function combinedRateLimitState(db: Kysely<Database>, limits: { key: string; policy: RateLimitPolicy }[]): Promise<RateLimitState> {
  const states = await Promise.all(limits.map((l) => rateLimitState(db, l)));
  return { lockedForMs: Math.max(0, ...states.map((s) => s.lockedForMs)), delayMs: Math.max(0, ...states.map((s) => s.delayMs)) };
}
