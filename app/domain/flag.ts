// Label keys: `<thing>Label(value)` returns the value's catalogue key (see README.md).

export const FLAG_REASONS = ["personal_data", "harmful", "off_topic", "other"] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];

const FLAG_REASON_LABELS = {
  personal_data: "flag.personalData",
  harmful: "flag.harmful",
  off_topic: "flag.offTopic",
  other: "flag.other",
} as const satisfies Record<FlagReason, string>;
export const flagReasonLabel = (reason: FlagReason) => FLAG_REASON_LABELS[reason];

/** What can be flagged. */
export type FlagSubjectType = "comment" | "practice" | "attachment";

/** How a moderator resolved a flag: hid the content, edited personal data out, or dismissed it. */
export type FlagOutcome = "hidden" | "edited" | "dismissed";
