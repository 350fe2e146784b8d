import os from "node:os";
import type { Kysely } from "kysely";
import { DIGEST_LIMITS, digestPeriod, type DigestPeriod, type DigestSkipReason } from "../domain/digest";
import { composeDigest, digestRecipientIds, type DigestCounts } from "../models/digest.server";
import {
  claimNextDelivery,
  enqueueDigests,
  leaseHolder,
  markFailed,
  markSent,
  markSkipped,
  markStaleUnknown,
  markUnknown,
  releaseLease,
  settledDeliveries,
  takeLease,
  type ClaimedDelivery,
} from "../models/digest-delivery.server";
import { deliverMail, mailConfigured } from "../utils/mail.server";
import { inTransaction } from "../../db/client";
import type { Database } from "../../db/schema";

// Sends the weekly digest: each member's once per period (digest_deliveries), at a bounded
// pace, from one process per database (the lease "digest"). What a digest says is
// app/models/digest.server.ts; the rows' life is app/models/digest-delivery.server.ts.

export const DIGEST_LEASE = "digest";

/** host:pid, so a claimed row says which process is sending it. */
const WORKER = `${os.hostname()}:${process.pid}`;

const WEEK = 7 * 24 * 60 * 60 * 1000;

/** A period by its name in digest_deliveries ("2026-11-23": the Monday it began). */
export function periodOf(key: string): DigestPeriod {
  const start = Date.parse(`${key}T00:00:00Z`);
  return { key, start, end: start + WEEK };
}

/** The wait between two e-mails: DIGEST_PACE_MS when it is a number of milliseconds, else DIGEST_LIMITS.paceMs. */
export function digestPace(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.DIGEST_PACE_MS);
  return env.DIGEST_PACE_MS && Number.isFinite(value) && value >= 0 ? value : DIGEST_LIMITS.paceMs;
}

/** What a dry run says it would send. */
export interface DigestPreview {
  userId: number;
  to: string;
  locale: string;
  subject: string;
  counts: DigestCounts;
  text: string;
}

export interface DigestRunResult {
  period: string;
  /** Rows added for the period this run (0 when the members were queued already). */
  enqueued: number;
  sent: number;
  skipped: Partial<Record<DigestSkipReason, number>>;
  failed: number;
  abandoned: number;
  unknown: number;
  /** Stopped before the queue was empty (SIGTERM, or the lease was lost). */
  stopped: boolean;
  /** A dry run: what would be sent now, and to how many nothing would go; nothing written. */
  previews?: DigestPreview[];
  alreadyDone?: number;
}

export interface DigestRunOptions {
  /** When the run starts (default: now): the period is the last whole week before it. */
  now?: number;
  worker?: string;
  paceMs?: number;
  dryRun?: boolean;
  /** Aborted: the mail in flight is finished and recorded, then the run stops. */
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Off: only what is queued already is sent (the scheduler queues a period once per process). */
  enqueue?: boolean;
  /** The forum's public origin for the links (default APP_ORIGIN). */
  origin?: string;
}

/**
 * Whether a failed conversation with the relay left the message certainly not taken, so that
 * sending it again cannot make a second copy: the relay answered with a refusal (any SMTP
 * reply code, even to the message itself), or the failure came before the message was
 * handed over. Anything else (the connection dropped while or after the message was sent)
 * may have delivered it.
 */
export function certainlyNotSent(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { responseCode, command, code } = error as { responseCode?: unknown; command?: unknown; code?: unknown };
  if (typeof responseCode === "number" && responseCode >= 400) return true;
  if (typeof command === "string" && /^(CONN|connect|EHLO|HELO|LHLO|STARTTLS|AUTH\b.*|MAIL FROM|RCPT TO)$/.test(command)) return true;
  return typeof code === "string" && ["ECONNREFUSED", "EDNS", "ENOTFOUND", "EAUTH", "EENVELOPE"].includes(code);
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Thrown to roll back a dry run's transaction, carrying what was composed in it. */
class RolledBack<T> extends Error {
  constructor(readonly value: T) {
    super("dry run: rolled back");
  }
}

/**
 * Composes in a transaction that is then rolled back: composing may write (the unsubscribe
 * key is created on first use), and a dry run keeps nothing.
 */
async function withoutWriting<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  try {
    await inTransaction(db, async (trx) => {
      throw new RolledBack(await fn(trx));
    });
  } catch (error) {
    if (error instanceof RolledBack) return error.value as T;
    throw error;
  }
  throw new Error("unreachable");
}

function pause(ms: number, signal?: AbortSignal) {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * One run: queues the due period for every member who wants the digest, then claims the
 * rows one by one, composes (deciding again whether to send), hands the mail to the relay and
 * records the outcome, pausing paceMs between mails. Several runs at once, in any processes,
 * send each digest once: a row is claimed by one of them, and a claim left by a process that
 * stopped is never sent again (unknown). A dry run writes nothing and returns what it would send.
 */
export async function runDigests(db: Kysely<Database>, options: DigestRunOptions = {}): Promise<DigestRunResult> {
  const { worker = WORKER, paceMs = digestPace(), dryRun = false, signal, log = () => {}, enqueue = true } = options;
  const startedAt = Date.now();
  const start = options.now ?? startedAt;
  // Time goes on from `now` while the run lasts: a claim is stamped with when it was made.
  const clock = () => start + (Date.now() - startedAt);
  const period = digestPeriod(start);
  const result: DigestRunResult = { period: period.key, enqueued: 0, sent: 0, skipped: {}, failed: 0, abandoned: 0, unknown: 0, stopped: false };
  const origin = options.origin ?? process.env.APP_ORIGIN ?? (dryRun ? "http://localhost:3000" : "");

  if (dryRun) return dryRunDigests(db, { period, origin, now: start, log, result });
  if (!mailConfigured() || !origin) throw new Error("Digests need SMTP_URL (the relay) and APP_ORIGIN (the links' origin).");

  if (enqueue) {
    const userIds = await digestRecipientIds(db);
    result.enqueued = await inTransaction(db, (trx) => enqueueDigests(trx, { period: period.key, userIds, now: clock() }));
    if (result.enqueued > 0) log(`[digest] ${period.key}: ${result.enqueued} queued`);
  }
  const stale = await inTransaction(db, (trx) => markStaleUnknown(trx, { now: clock() }));
  if (stale > 0) log(`[digest] ${stale} left sending by a stopped process: marked unknown, not sent again`);

  while (!signal?.aborted) {
    const delivery = await inTransaction(db, (trx) => claimNextDelivery(trx, { worker, now: clock() }));
    if (!delivery) return result;
    const mailed = await deliverOne(db, { delivery, origin, clock, log, result });
    if (mailed) await pause(paceMs, signal);
  }
  result.stopped = true;
  return result;
}

/** Composes and sends one claimed row and records what happened; true when a mail went to the relay. */
async function deliverOne(
  db: Kysely<Database>,
  { delivery, origin, clock, log, result }: { delivery: ClaimedDelivery; origin: string; clock: () => number; log: (line: string) => void; result: DigestRunResult },
): Promise<boolean> {
  let composed;
  try {
    composed = await composeDigest(db, { userId: delivery.userId, period: periodOf(delivery.period), now: clock(), origin });
  } catch (error) {
    // Nothing left the forum: tried again later.
    log(`[digest] composing member ${delivery.userId}'s digest failed: ${message(error)}`);
    await recordFailure(db, { delivery, error, clock, result });
    return false;
  }
  if ("skip" in composed) {
    await inTransaction(db, (trx) => markSkipped(trx, { delivery, reason: composed.skip }));
    result.skipped[composed.skip] = (result.skipped[composed.skip] ?? 0) + 1;
    return false;
  }
  try {
    await deliverMail(composed.mail);
  } catch (error) {
    if (certainlyNotSent(error)) {
      log(`[digest] the relay refused member ${delivery.userId}'s digest: ${message(error)}`);
      await recordFailure(db, { delivery, error, clock, result });
    } else {
      log(`[digest] member ${delivery.userId}'s digest may or may not have gone (${message(error)}): not sent again`);
      await inTransaction(db, (trx) => markUnknown(trx, { delivery, error: message(error) }));
      result.unknown++;
    }
    return true;
  }
  await inTransaction(db, (trx) => markSent(trx, { delivery, now: clock() }));
  result.sent++;
  return true;
}

async function recordFailure(db: Kysely<Database>, { delivery, error, clock, result }: { delivery: ClaimedDelivery; error: unknown; clock: () => number; result: DigestRunResult }) {
  const status = await inTransaction(db, (trx) => markFailed(trx, { delivery, error: message(error), now: clock() }));
  if (status === "abandoned") result.abandoned++;
  else if (status === "failed") result.failed++;
}

async function dryRunDigests(
  db: Kysely<Database>,
  { period, origin, now, log, result }: { period: DigestPeriod; origin: string; now: number; log: (line: string) => void; result: DigestRunResult },
): Promise<DigestRunResult> {
  const userIds = await digestRecipientIds(db);
  const settled = await settledDeliveries(db, { period: period.key, userIds });
  const previews: DigestPreview[] = [];
  for (const userId of userIds) {
    if (settled.has(userId)) continue;
    const composed = await withoutWriting(db, (trx) => composeDigest(trx, { userId, period, now, origin }));
    if ("skip" in composed) {
      result.skipped[composed.skip] = (result.skipped[composed.skip] ?? 0) + 1;
      continue;
    }
    const preview = { userId, to: composed.mail.to, locale: composed.locale, subject: composed.mail.subject, counts: composed.counts, text: composed.mail.text };
    previews.push(preview);
    log(describePreview(preview));
  }
  return { ...result, previews, alreadyDone: settled.size };
}

/** A dry run's entry as the script prints it. */
export function describePreview(preview: DigestPreview): string {
  const counts = Object.entries(preview.counts)
    .map(([section, n]) => `${section} ${n}`)
    .join(", ");
  const indented = preview.text
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
  return `To: ${preview.to} (member ${preview.userId}, ${preview.locale})\nSubject: ${preview.subject}\nSections: ${counts}\n${indented}\n`;
}

/** Whether process `pid` of this machine is running (EPERM: it is, as another user). */
function running(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes or renews the lease "digest" for `holder` ("host:pid:…"). A holder on this machine whose
 * process is no longer running (killed, crashed) is replaced at once rather than when its lease
 * runs out, so a restart goes on where the last run stopped.
 */
export async function takeDigestLease(db: Kysely<Database>, { holder, now = Date.now(), ms = DIGEST_LIMITS.leaseMs }: { holder: string; now?: number; ms?: number }): Promise<boolean> {
  if (await inTransaction(db, (trx) => takeLease(trx, { name: DIGEST_LEASE, holder, now, ms }))) return true;
  const other = await leaseHolder(db, { name: DIGEST_LEASE, now });
  const [host, pid] = other?.holder.split(":") ?? [];
  if (!other || host !== os.hostname() || !/^\d+$/.test(pid ?? "") || running(Number(pid))) return false;
  return inTransaction(db, (trx) => takeLease(trx, { name: DIGEST_LEASE, holder, now, ms, replacing: other.holder }));
}

export interface DigestScheduler {
  /** Stops looking, lets the mail in flight finish and be recorded, and gives the lease up. */
  stop(): Promise<void>;
}

let offLogged = false;

/**
 * In the server: every tickMs the process takes or renews the lease "digest"; the one that
 * holds it (one per database, across workers and servers) runs the digests, queuing each
 * period once. Off, with one line in the log, unless SMTP_URL and APP_ORIGIN are set, or with
 * DIGEST_SCHEDULER=off (a cron job runs `npm run digest` instead). The timer never keeps the
 * process alive.
 */
export function startDigestScheduler(
  db: Kysely<Database>,
  {
    tickMs = DIGEST_LIMITS.tickMs,
    leaseMs = DIGEST_LIMITS.leaseMs,
    paceMs = digestPace(),
    holder = `${WORKER}:${Math.random().toString(36).slice(2, 8)}`,
    log = console.log,
  }: { tickMs?: number; leaseMs?: number; paceMs?: number; holder?: string; log?: (line: string) => void } = {},
): DigestScheduler {
  const off =
    process.env.DIGEST_SCHEDULER === "off"
      ? "DIGEST_SCHEDULER is off (npm run digest sends them)"
      : !mailConfigured()
        ? "SMTP_URL is not set"
        : !process.env.APP_ORIGIN
          ? "APP_ORIGIN is not set"
          : null;
  if (off) {
    if (!offLogged) {
      offLogged = true;
      log(`[digest] weekly digests are not sent from this server: ${off}.`);
    }
    return { stop: async () => {} };
  }
  let stopped = false;
  let run: { promise: Promise<void>; controller: AbortController } | null = null;
  let queuedPeriod: string | null = null;

  async function tick() {
    if (stopped) return;
    let held = false;
    try {
      held = await takeDigestLease(db, { holder, ms: leaseMs });
    } catch (error) {
      console.error("[digest] could not take the lease:", error);
    }
    // Another process holds it now (this one was too slow to renew): it carries on, this one stops.
    if (!held) return run?.controller.abort();
    if (run || stopped) return;
    const controller = new AbortController();
    const period = digestPeriod(Date.now()).key;
    const promise = runDigests(db, { worker: holder, paceMs, signal: controller.signal, log, enqueue: queuedPeriod !== period })
      .then((result) => {
        queuedPeriod = period;
        if (result.sent || result.failed || result.abandoned || result.unknown) {
          log(`[digest] ${result.period}: ${result.sent} sent, ${result.failed} to try again, ${result.abandoned} abandoned, ${result.unknown} unknown`);
        }
      })
      .catch((error: unknown) => console.error("[digest] run failed:", error))
      .finally(() => {
        run = null;
      });
    run = { promise, controller };
  }

  const timer = setInterval(() => void tick(), tickMs);
  timer.unref();
  void tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      const current = run;
      current?.controller.abort();
      await current?.promise;
      await inTransaction(db, (trx) => releaseLease(trx, { name: DIGEST_LEASE, holder })).catch(() => undefined);
    },
  };
}
