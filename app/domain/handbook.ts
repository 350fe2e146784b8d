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
export type EntryWithdrawal = "review" | "redacted" | "withdrawn" | "narrowed" | null;
/** Withdrawn by its organisation, or no longer addressed to all members: curators do not see its text either. */
export const isClosedToCurators = (w: EntryWithdrawal) => w === "withdrawn" || w === "narrowed";
const ENTRY_WITHDRAWAL_LABELS = {
  review: "handbook.entryWithdrawn",
  redacted: "handbook.entryRedacted",
  withdrawn: "handbook.entryWithdrawnByOrganisation",
  narrowed: "handbook.entryNarrowed",
} as const satisfies Record<NonNullable<EntryWithdrawal>, string>;
export const entryWithdrawalLabel = (w: NonNullable<EntryWithdrawal>) => ENTRY_WITHDRAWAL_LABELS[w];

/** A nomination of a practice for a handbook, until a curator decides. */
export type NominationStatus = "open" | "accepted" | "declined";
