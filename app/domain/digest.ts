// Label keys: `<thing>Label(value)` returns the value's catalogue key (see README.md).

/** How often a member gets the digest e-mail. A member who never chose has null: the administrator's default. */
export const DIGEST_FREQUENCIES = ["weekly", "never"] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];
export const DEFAULT_DIGEST_FREQUENCY: DigestFrequency = "weekly";

const DIGEST_FREQUENCY_LABELS = {
  weekly: "digest.frequencyWeekly",
  never: "digest.frequencyNever",
} as const satisfies Record<DigestFrequency, string>;
export const digestFrequencyLabel = (frequency: DigestFrequency) => DIGEST_FREQUENCY_LABELS[frequency];

/** What a member follows for "new practices" in the digest. */
export const TOPIC_KINDS = ["theme", "country"] as const;
export type TopicKind = (typeof TOPIC_KINDS)[number];

/**
 * One row per member and period (digest_deliveries): queued → sending → sent, or skipped
 * (nothing new, or read everything), failed (tried again later), abandoned (too many
 * failures), unknown (the process sending it stopped mid-conversation: never sent again,
 * so nobody gets it twice).
 */
export const DIGEST_DELIVERY_STATUSES = ["queued", "sending", "sent", "skipped", "failed", "abandoned", "unknown"] as const;
export type DigestDeliveryStatus = (typeof DIGEST_DELIVERY_STATUSES)[number];

export const DIGEST_SKIP_REASONS = ["nothing_new", "read_everything", "no_longer_wanted"] as const;
export type DigestSkipReason = (typeof DIGEST_SKIP_REASONS)[number];

export const DIGEST_LIMITS = {
  /** Between two e-mails of one run (DIGEST_PACE_MS overrides): a bounded pace for the SMTP relay. */
  paceMs: 1_000,
  /** Tries before a failing delivery is abandoned; the wait doubles from retryMs. */
  attempts: 5,
  retryMs: 5 * 60_000,
  /** A claim older than this was left by a process that stopped. */
  staleMs: 10 * 60_000,
  /** At most this many lines per section; "and N more" after. */
  perSection: 10,
  /** How often a server looks whether a period is due, and how long its lease lasts. */
  tickMs: 60_000,
  leaseMs: 3 * 60_000,
} as const;

const WEEK = 7 * 24 * 60 * 60 * 1000;
/** 1970-01-05 was a Monday: periods are weeks from Monday 00:00 UTC. */
const FIRST_MONDAY = Date.UTC(1970, 0, 5);

export interface DigestPeriod {
  /** "2026-11-23": the Monday the week began (UTC), the period's name in digest_deliveries. */
  key: string;
  start: number;
  end: number;
}

/** The last whole week before `now`: what a digest sent at `now` covers. */
export function digestPeriod(now: number): DigestPeriod {
  const end = FIRST_MONDAY + Math.floor((now - FIRST_MONDAY) / WEEK) * WEEK;
  const start = end - WEEK;
  return { key: new Date(start).toISOString().slice(0, 10), start, end };
}
