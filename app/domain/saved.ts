// Label keys: `<thing>Label(value)` returns the value's catalogue key (see README.md).

/** What a member can save for later: a practice, or a handbook edition. */
export const SAVED_KINDS = ["practice", "handbook"] as const;
export type SavedKind = (typeof SAVED_KINDS)[number];

const SAVED_KIND_LABELS = {
  practice: "saved.kindPractice",
  handbook: "saved.kindHandbook",
} as const satisfies Record<SavedKind, string>;
export const savedKindLabel = (kind: SavedKind) => SAVED_KIND_LABELS[kind];

/**
 * What offline copies may take on one device. Items are kept in the member's order until
 * the budget is spent; the rest are listed as "not kept offline". The service worker also
 * stops at it, whatever the server said.
 */
export const OFFLINE_LIMITS = {
  budgetBytes: 50 * 1024 * 1024,
  /** At most this many saved items; the Saved page says so when the list is full. */
  maxItems: 200,
} as const;

/** The service worker's cache names all start with this; one cache per session scope. */
export const OFFLINE_CACHE_PREFIX = "px-offline-";
