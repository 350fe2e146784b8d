// Label keys: `<thing>Label(value)` returns the value's catalogue key (see README.md).

/** draft → review → published; a published edition is frozen. */
export const HANDBOOK_STATUSES = ["draft", "review", "published"] as const;
export type HandbookStatus = (typeof HANDBOOK_STATUSES)[number];

const HANDBOOK_STATUS_LABELS = {
  draft: "handbook.statusDraft",
  review: "handbook.statusReview",
  published: "handbook.statusPublished",
} as const satisfies Record<HandbookStatus, string>;
export const handbookStatusLabel = (status: HandbookStatus) => HANDBOOK_STATUS_LABELS[status];

/**
 * Why an entry's text is not shown: its practice is hidden or restricted while moderators
 * look at it, or the revision it is pinned to was redacted (it held personal data).
 */
export type EntryWithdrawal = "review" | "redacted" | null;

/** A nomination of a practice for a handbook, until a curator decides. */
export type NominationStatus = "open" | "accepted" | "declined";
