// Label keys: `<thing>Label(value)` returns the value's catalogue key (see README.md).

/** What the privacy check (app/utils/privacy-check.ts) finds. */
export const PRIVACY_KINDS = ["email", "phone", "idNumber", "address", "nameAge", "name", "age", "birthDate"] as const;
export type PrivacyKind = (typeof PRIVACY_KINDS)[number];

export const isPrivacyKind = (kind: unknown): kind is PrivacyKind => (PRIVACY_KINDS as readonly unknown[]).includes(kind);

const PRIVACY_KIND_LABELS = {
  email: "privacy.email",
  phone: "privacy.phone",
  idNumber: "privacy.idNumber",
  address: "privacy.address",
  nameAge: "privacy.nameAge",
  name: "privacy.name",
  age: "privacy.age",
  birthDate: "privacy.birthDate",
} as const satisfies Record<PrivacyKind, string>;
export const privacyKindLabel = (kind: PrivacyKind) => PRIVACY_KIND_LABELS[kind];

/**
 * What a member tells the curators about the privacy check from the practice form: a
 * warning that is wrong, or a personal detail it did not catch. Each real one becomes an
 * item of the corpus the tests keep (tests/privacy-corpus/).
 */
export const PRIVACY_REPORT_KINDS = ["false_warning", "missed"] as const;
export type PrivacyReportKind = (typeof PRIVACY_REPORT_KINDS)[number];

const PRIVACY_REPORT_LABELS = {
  false_warning: "privacyReports.falseWarning",
  missed: "privacyReports.missed",
} as const satisfies Record<PrivacyReportKind, string>;
export const privacyReportLabel = (kind: PrivacyReportKind) => PRIVACY_REPORT_LABELS[kind];

/** The passage a report keeps: enough to see the problem, never the whole write-up. */
export const PRIVACY_REPORT_SNIPPET_MAX = 200;
