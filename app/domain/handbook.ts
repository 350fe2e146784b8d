// Label keys: `<thing>Label(value)` returns the value's catalogue key (see README.md).
import type { AttachmentView } from "./attachment";
import type { Section } from "./practice";

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
/**
 * Why an entry pinned to this revision of this practice shows no text, or null: one rule for
 * the handbook, its files and the comparison of editions.
 */
export function entryWithdrawal(p: { withdrawnAt: number | null; audience: string; redactedAt: number | null; hiddenAt: number | null; restrictedAt: number | null }): EntryWithdrawal {
  if (p.withdrawnAt !== null) return "withdrawn";
  if (p.audience !== "all") return "narrowed";
  if (p.redactedAt !== null) return "redacted";
  if (p.hiddenAt !== null || p.restrictedAt !== null) return "review";
  return null;
}
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

/**
 * An entry as the handbook model gives it to a reader (getHandbookContents): plain data, its
 * text already withheld where withdrawn. The online page, the print page and the PDF and EPUB
 * are all made from this.
 */
export interface HandbookEntryView {
  entryId: number;
  practiceSlug: string;
  language: string;
  revisionNumber: number;
  revisionDate: number;
  curatorNote: string;
  title: string;
  summary: string;
  /** Sanitised when saved. */
  sectionsHtml: Record<Section, string>;
  organisationName: string;
  organisationCountry: string;
  authorName: string | null;
  endorsingOrganisations: string[];
  /** The files its pinned revision had. */
  attachments: AttachmentView[];
  withdrawn: EntryWithdrawal;
}

export interface HandbookChapterView {
  id: number;
  title: string;
  introHtml: string;
  entries: HandbookEntryView[];
}
