import { DIGEST_LIMITS, type DigestDeliveryStatus, type DigestSkipReason } from "../domain/digest";
import type { Db } from "../../db/client";

// The digest's deliveries (migration 0020): one row per member and period, so each member's
// digest goes out once however many processes, restarts and retries there are. A row moves
// queued → sending (claimed by one process) → sent | skipped | failed (tried again later) →
// abandoned; a claim left by a process that stopped becomes unknown and is never sent again.
// What the e-mail says is digest.server.ts.

const DELIVERY_COLUMNS = [
  "id",
  "user_id as userId",
  "period",
  "status",
  "attempts",
  "next_attempt_at as nextAttemptAt",
  "claimed_by as claimedBy",
  "claimed_at as claimedAt",
  "sent_at as sentAt",
  "skip_reason as skipReason",
  "error",
] as const;

export interface DigestDelivery {
  id: number;
  userId: number;
  period: string;
  status: DigestDeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  claimedBy: string | null;
  claimedAt: number | null;
  sentAt: number | null;
  skipReason: DigestSkipReason | null;
  error: string | null;
}

/** A claimed row: the claim (who, since when) is what the marks below check. */
export type ClaimedDelivery = DigestDelivery & { claimedBy: string; claimedAt: number };

/** Kept short: the reason is for the log and the admin, never a stack. */
const errorText = (error: string) => error.slice(0, 500);

/** Rows per insert: well under SQLite's and PostgreSQL's limits on parameters. */
const ENQUEUE_BATCH = 500;

/**
 * A queued row for each member who has none for the period yet; a member already queued,
 * sent or skipped for it keeps the row they have. Returns how many were added.
 */
export async function enqueueDigests(db: Db, { period, userIds, now = Date.now() }: { period: string; userIds: readonly number[]; now?: number }): Promise<number> {
  let added = 0;
  for (let i = 0; i < userIds.length; i += ENQUEUE_BATCH) {
    const rows = userIds.slice(i, i + ENQUEUE_BATCH).map((userId) => ({ user_id: userId, period, status: "queued" as const, attempts: 0, next_attempt_at: now, created_at: now }));
    const result = await db
      .insertInto("digest_deliveries")
      .values(rows)
      .onConflict((oc) => oc.columns(["user_id", "period"]).doNothing())
      .executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return added;
}

/**
 * Claims the next row that is due (queued, or failed and its wait is over) for `worker`: a
 * conditional update, so of two processes claiming at once one gets it and the other the row
 * after (SQLite: the write lock; PostgreSQL: the loser's transaction is run again). Null when
 * nothing is due.
 */
export async function claimNextDelivery(db: Db, { worker, now = Date.now() }: { worker: string; now?: number }): Promise<ClaimedDelivery | null> {
  for (let tries = 0; tries < 5; tries++) {
    const next = await db
      .selectFrom("digest_deliveries")
      .select(["id", "status"])
      .where((eb) => eb.or([eb("status", "=", "queued"), eb.and([eb("status", "=", "failed"), eb("next_attempt_at", "<=", now)])]))
      .orderBy("next_attempt_at")
      .orderBy("id")
      .limit(1)
      .executeTakeFirst();
    if (!next) return null;
    const { numUpdatedRows } = await db
      .updateTable("digest_deliveries")
      .set({ status: "sending", claimed_by: worker, claimed_at: now })
      .where("id", "=", next.id)
      .where("status", "=", next.status)
      .executeTakeFirst();
    if (numUpdatedRows === 0n) continue;
    const row = await db.selectFrom("digest_deliveries").select(DELIVERY_COLUMNS).where("id", "=", next.id).executeTakeFirstOrThrow();
    return { ...row, claimedBy: worker, claimedAt: now };
  }
  return null;
}

/** Still this claim: not taken back as stale (unknown) by another process since. */
function claimed(delivery: ClaimedDelivery, statuses: DigestDeliveryStatus[] = ["sending"]) {
  return (db: Db) =>
    db.updateTable("digest_deliveries").where("id", "=", delivery.id).where("status", "in", statuses).where("claimed_by", "=", delivery.claimedBy).where("claimed_at", "=", delivery.claimedAt);
}

/**
 * The relay took it. A claim another process marked unknown meanwhile is corrected too: this
 * process knows it went. False when the row is no longer this process's claim.
 */
export async function markSent(db: Db, { delivery, now = Date.now() }: { delivery: ClaimedDelivery; now?: number }): Promise<boolean> {
  const { numUpdatedRows } = await claimed(delivery, ["sending", "unknown"])(db).set({ status: "sent", sent_at: now, error: null }).executeTakeFirst();
  return numUpdatedRows > 0n;
}

/** Nothing to send this period (nothing new, read everything, no longer wanted): decided for good. */
export async function markSkipped(db: Db, { delivery, reason }: { delivery: ClaimedDelivery; reason: DigestSkipReason }): Promise<boolean> {
  const { numUpdatedRows } = await claimed(delivery)(db).set({ status: "skipped", skip_reason: reason, error: null }).executeTakeFirst();
  return numUpdatedRows > 0n;
}

/**
 * It did not go (the relay refused it or could not be reached, or composing failed): tried
 * again after retryMs, doubling with each failure, and abandoned at the limit. Returns the
 * row's new status, or null when it is no longer this process's claim.
 */
export async function markFailed(db: Db, { delivery, error, now = Date.now() }: { delivery: ClaimedDelivery; error: string; now?: number }): Promise<"failed" | "abandoned" | null> {
  const attempts = delivery.attempts + 1;
  const status = attempts >= DIGEST_LIMITS.attempts ? "abandoned" : "failed";
  const { numUpdatedRows } = await claimed(delivery)(db)
    .set({ status, attempts, next_attempt_at: now + DIGEST_LIMITS.retryMs * 2 ** (attempts - 1), error: errorText(error) })
    .executeTakeFirst();
  return numUpdatedRows > 0n ? status : null;
}

/**
 * The conversation with the relay ended in a way that does not say whether the message was
 * taken (the connection dropped after the message was sent): never sent again.
 */
export async function markUnknown(db: Db, { delivery, error }: { delivery: ClaimedDelivery; error: string }): Promise<boolean> {
  const { numUpdatedRows } = await claimed(delivery)(db)
    .set({ status: "unknown", error: errorText(error) })
    .executeTakeFirst();
  return numUpdatedRows > 0n;
}

/**
 * Claims older than staleMs were left by a process that stopped mid-way: it may have handed
 * the message to the relay, so the row becomes unknown and is never sent again (nobody gets
 * a digest twice). Returns how many.
 */
export async function markStaleUnknown(db: Db, { now = Date.now(), staleMs = DIGEST_LIMITS.staleMs }: { now?: number; staleMs?: number } = {}): Promise<number> {
  const { numUpdatedRows } = await db
    .updateTable("digest_deliveries")
    .set({ status: "unknown", error: "stopped while sending" })
    .where("status", "=", "sending")
    .where("claimed_at", "<", now - staleMs)
    .executeTakeFirst();
  return Number(numUpdatedRows);
}

/** The period's rows by status, every status present (0 when none). */
export async function deliveryCounts(db: Db, { period }: { period: string }): Promise<Record<DigestDeliveryStatus, number>> {
  const rows = await db
    .selectFrom("digest_deliveries")
    .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
    .where("period", "=", period)
    .groupBy("status")
    .execute();
  const counts: Record<DigestDeliveryStatus, number> = { queued: 0, sending: 0, sent: 0, skipped: 0, failed: 0, abandoned: 0, unknown: 0 };
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}

/** The period's row for each of these members that is settled (not queued nor waiting to be tried again). */
export async function settledDeliveries(db: Db, { period, userIds }: { period: string; userIds: readonly number[] }): Promise<Map<number, DigestDeliveryStatus>> {
  const settled = new Map<number, DigestDeliveryStatus>();
  for (let i = 0; i < userIds.length; i += ENQUEUE_BATCH) {
    const rows = await db
      .selectFrom("digest_deliveries")
      .select(["user_id", "status"])
      .where("period", "=", period)
      .where("user_id", "in", userIds.slice(i, i + ENQUEUE_BATCH))
      .where("status", "not in", ["queued", "failed"])
      .execute();
    for (const row of rows) settled.set(row.user_id, row.status);
  }
  return settled;
}

/**
 * Takes the lease `name` for `holder` until now + ms, or renews it: when nobody holds it, it
 * has run out, the holder holds it already, or it is held by `replacing` (a holder known to be
 * gone). One holder per database at a time, across processes and servers. Returns whether
 * `holder` holds it now.
 */
export async function takeLease(db: Db, { name, holder, now = Date.now(), ms, replacing }: { name: string; holder: string; now?: number; ms: number; replacing?: string }): Promise<boolean> {
  await db
    .insertInto("scheduler_leases")
    .values({ name, holder, expires_at: now + ms })
    .onConflict((oc) =>
      oc
        .column("name")
        .doUpdateSet({ holder, expires_at: now + ms })
        .where((eb) => eb.or([eb("scheduler_leases.holder", "in", replacing ? [holder, replacing] : [holder]), eb("scheduler_leases.expires_at", "<=", now)])),
    )
    .execute();
  const row = await db.selectFrom("scheduler_leases").select("holder").where("name", "=", name).executeTakeFirst();
  return row?.holder === holder;
}

/** Gives the lease up (a process that stops), so another may take it at once. */
export async function releaseLease(db: Db, { name, holder }: { name: string; holder: string }) {
  await db.deleteFrom("scheduler_leases").where("name", "=", name).where("holder", "=", holder).execute();
}

/** Who holds the lease, until when; null when nobody holds it now. */
export async function leaseHolder(db: Db, { name, now = Date.now() }: { name: string; now?: number }): Promise<{ holder: string; expiresAt: number } | null> {
  const row = await db.selectFrom("scheduler_leases").select(["holder", "expires_at as expiresAt"]).where("name", "=", name).where("expires_at", ">", now).executeTakeFirst();
  return row ?? null;
}

/** For tests and the admin: the period's rows in id order. */
export async function listDeliveries(db: Db, { period }: { period: string }): Promise<DigestDelivery[]> {
  return db.selectFrom("digest_deliveries").select(DELIVERY_COLUMNS).where("period", "=", period).orderBy("id").execute();
}
