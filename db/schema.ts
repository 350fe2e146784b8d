import type { Generated, Insertable, Selectable, Updateable } from "kysely";
import type { AttachmentKind, AttachmentType, AttachmentVariant, ImageConsent } from "../app/domain/attachment";
import type { FlagOutcome, FlagReason, FlagSubjectType } from "../app/domain/flag";
import type { BookFileStatus, BookFormat, PaperSize } from "../app/domain/book";
import type { DigestDeliveryStatus, DigestFrequency, DigestSkipReason, TopicKind } from "../app/domain/digest";
import type { HandbookStatus, NominationStatus } from "../app/domain/handbook";
import type { GlossaryLanguage, ProposalKind, ProposalStatus, TermStatus } from "../app/domain/glossary";
import type { Role } from "../app/domain/member";
import type { PrivacyReportKind } from "../app/domain/privacy-report";
import type { NotificationKind } from "../app/domain/notification";
import type { Audience, PracticeStatus, Section, WriteUp } from "../app/domain/practice";

/** Times are stored as Unix epoch milliseconds (INTEGER). */
export type EpochMs = number;

export interface OrganisationTable {
  id: Generated<number>;
  name: string;
  slug: string;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
  description_md: Generated<string>;
  description_html: Generated<string>;
  /** JSON array of BCP 47 language tags. */
  languages: Generated<string>;
  created_at: EpochMs;
  updated_at: EpochMs;
  /** The audience its members see preselected when publishing. */
  default_audience: Generated<Audience>;
  default_group_id: number | null;
}

export interface UserTable {
  id: Generated<number>;
  /** Stored lower-cased; unique. */
  email: string;
  display_name: string;
  organisation_id: number;
  role: Role;
  locale: string | null;
  /** IANA time zone chosen in settings; null: guessed (browser, else organisation country). */
  time_zone: string | null;
  password_hash: string;
  disabled_at: EpochMs | null;
  created_at: EpochMs;
  /** 1: printed handbooks credit the organisation, not the person. */
  credit_by_organisation_only: Generated<number>;
  /** 1: discreet mode, a neutral tab title and icon while signed in. */
  discreet: Generated<number>;
  /** null: the administrator's default (site_settings "digest.default"). */
  digest: DigestFrequency | null;
  /** The last sign-in or session seen (at the session's granularity). */
  last_seen_at: EpochMs | null;
}

export interface SessionTable {
  /** SHA-256 (hex) of the token held in the cookie; the token itself is never stored. */
  id: string;
  user_id: number;
  expires_at: EpochMs;
  created_at: EpochMs;
  last_seen_at: EpochMs;
  user_agent: Generated<string>;
  ip: Generated<string>;
  /** 0 while a member with a second factor has given the password but not yet the code. */
  second_factor_verified: Generated<number>;
  /** When the password (and code) were last typed in this session: recent sign-in. */
  confirmed_at: Generated<EpochMs>;
}

/** A member's TOTP secret (RFC 6238); enrolled_at stays null until one code confirmed it. */
export interface TwoFactorSecretTable {
  user_id: number;
  /** Base32, as the authenticator app holds it. */
  secret: string;
  enrolled_at: EpochMs | null;
  /** The last 30-second step a code was accepted for: a code is never accepted twice. */
  last_used_step: Generated<number>;
  created_at: EpochMs;
}

/** Ten single-use recovery codes; only their SHA-256 is kept. */
export interface TwoFactorRecoveryCodeTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  created_at: EpochMs;
  used_at: EpochMs | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor_id: number | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  /** JSON object with whatever else the entry needs (never a password or token). */
  detail: Generated<string>;
  ip: Generated<string>;
  created_at: EpochMs;
}

export interface InvitationTable {
  id: Generated<number>;
  /** SHA-256 (hex) of the single-use token sent in the link. */
  token_hash: string;
  email: string;
  organisation_id: number;
  role: Role;
  /** The language the invitation e-mail and sign-up page use. */
  locale: Generated<string>;
  invited_by: number;
  created_at: EpochMs;
  expires_at: EpochMs;
  accepted_at: EpochMs | null;
  accepted_user_id: number | null;
  revoked_at: EpochMs | null;
}

export interface PasswordResetTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  /** The administrator who issued it, or null when the member asked. */
  created_by: number | null;
  created_at: EpochMs;
  expires_at: EpochMs;
  used_at: EpochMs | null;
}

export interface RateLimitTable {
  /** e.g. "signin:account:someone@example.org" or "signin:ip:203.0.113.9" */
  key: string;
  failures: number;
  window_started_at: EpochMs;
  locked_until: EpochMs | null;
}

type SectionColumns = {
  [S in Section as `${S}_md` | `${S}_html`]: Generated<string>;
};

export interface ThemeTable {
  key: string;
  position: number;
}

export type PracticeTable = SectionColumns & {
  id: Generated<number>;
  /** Set once from the first title; a renamed practice keeps its URL. */
  slug: string;
  organisation_id: number;
  author_id: number | null;
  status: PracticeStatus;
  /** BCP 47 language tag of the write-up. */
  language: string;
  /** For a translation: the original it translates (always the root of the group). */
  source_practice_id: number | null;
  /** The original's revision number this translation was last brought up to. */
  source_revision: number | null;
  title: string;
  summary: Generated<string>;
  /** 0 until first published; then the number of the latest revision. */
  current_revision: Generated<number>;
  created_at: EpochMs;
  updated_at: EpochMs;
  published_at: EpochMs | null;
  archived_at: EpochMs | null;
  endorsement_count: Generated<number>;
  comment_count: Generated<number>;
  /** Hidden by a moderator: only its organisation and moderators see it. */
  hidden_at: EpochMs | null;
  hidden_reason: string | null;
  /** An open personal-data flag restricts it the same way until resolved. */
  restricted_at: EpochMs | null;
  /** Who may read it once published; a group audience names its group. */
  audience: Generated<Audience>;
  audience_group_id: number | null;
  /** The organisation "its organisation" means: its own, or a translation's original's (always set). */
  audience_organisation_id: number | null;
  /** Withdrawn by its organisation (for example when consent is withdrawn): gone from every path. */
  withdrawn_at: EpochMs | null;
  withdrawn_by: number | null;
  withdrawn_reason: string | null;
};

export interface PracticeThemeTable {
  practice_id: number;
  theme_key: string;
}

export interface PracticeCountryTable {
  practice_id: number;
  country: string;
}

export type PracticeRevisionTable = SectionColumns & {
  id: Generated<number>;
  practice_id: number;
  number: number;
  editor_id: number | null;
  note: Generated<string>;
  title: string;
  summary: Generated<string>;
  source_revision: number | null;
  created_at: EpochMs;
  /** Held personal data: its text was blanked and it shows nowhere (flag resolved as edited). */
  redacted_at: EpochMs | null;
  redacted_by: number | null;
};

export interface CommentTable {
  id: Generated<number>;
  practice_id: number;
  /** One level of replies: a reply's parent is always a top-level comment. */
  parent_id: number | null;
  author_id: number | null;
  body_md: string;
  body_html: string;
  language: Generated<string>;
  created_at: EpochMs;
  edited_at: EpochMs | null;
  deleted_at: EpochMs | null;
  hidden_at: EpochMs | null;
  hidden_by: number | null;
  hidden_reason: string | null;
}

export interface CommentVersionTable {
  id: Generated<number>;
  comment_id: number;
  /** The text as it was before an edit. */
  body_md: string;
  replaced_at: EpochMs;
  replaced_by: number | null;
  note: Generated<string>;
}

export interface EndorsementTable {
  id: Generated<number>;
  practice_id: number;
  user_id: number;
  /** The endorser's organisation when they endorsed. */
  organisation_id: number;
  note: Generated<string>;
  created_at: EpochMs;
  updated_at: EpochMs;
}

export interface FollowTable {
  user_id: number;
  practice_id: number;
  /** 1 following, 0 unfollowed (so commenting again does not re-follow). */
  following: number;
  updated_at: EpochMs;
}

export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  kind: NotificationKind;
  practice_id: number | null;
  comment_id: number | null;
  actor_id: number | null;
  /** The glossary proposal a `glossary_*` notification is about. */
  glossary_proposal_id: number | null;
  created_at: EpochMs;
  read_at: EpochMs | null;
}

export interface FlagTable {
  id: Generated<number>;
  subject_type: FlagSubjectType;
  subject_id: number;
  reporter_id: number | null;
  reason: FlagReason;
  note: Generated<string>;
  created_at: EpochMs;
  resolved_at: EpochMs | null;
  resolved_by: number | null;
  resolution: FlagOutcome | null;
  resolution_note: Generated<string>;
}

/**
 * The search index (app/models/search*.server.ts are the only modules that read it): an
 * FTS5 table on SQLite, a table with a tsvector on PostgreSQL.
 */
export interface SearchIndexTable extends WriteUp {
  /** 10¹² + practice id, or comment id: rows are found by rowid, never by scanning. */
  rowid: Generated<number>;
  kind: "practice" | "comment";
  ref_id: number;
  practice_id: number;
  body: string;
  meta: string;
  /** PostgreSQL only: the tsvector of every field (app/models/search-postgres.server.ts). */
  document?: string;
}

export interface AttachmentTable {
  id: Generated<number>;
  /** Null while the upload waits for its practice to be saved: only its uploader sees it then. */
  practice_id: number | null;
  uploader_id: number | null;
  kind: AttachmentKind;
  type: AttachmentType;
  /** The sanitised name a document downloads as. */
  name: string;
  /** Bytes of what is served: a document's cleaned file, an image's display copy. */
  size: number;
  alt: Generated<string>;
  consent: ImageConsent | null;
  width: number | null;
  height: number | null;
  thumb_width: number | null;
  thumb_height: number | null;
  /** A document's text, read by the privacy check before publishing. */
  text: Generated<string>;
  position: Generated<number>;
  /** A waiting upload that takes the place of this attachment when the practice is saved. */
  replaces_id: number | null;
  created_at: EpochMs;
  attached_at: EpochMs | null;
  /** No longer on the practice; the revisions that had it still name it. */
  removed_at: EpochMs | null;
  removed_by: number | null;
  hidden_at: EpochMs | null;
  hidden_by: number | null;
  hidden_reason: string | null;
  /** Removed for good: the bytes are deleted. */
  purged_at: EpochMs | null;
  purged_by: number | null;
}

export interface AttachmentFileTable {
  attachment_id: number;
  variant: AttachmentVariant;
  mime: string;
  size: number;
  etag: string;
  bytes: Buffer;
}

/** Which attachments each numbered revision had: a pinned handbook entry shows these. */
export interface RevisionAttachmentTable {
  revision_id: number;
  attachment_id: number;
  position: number;
}

export interface OrganisationGroupTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: Generated<string>;
  created_by: number | null;
  created_at: EpochMs;
  updated_at: EpochMs;
  /** Removed groups stay for the practices that name them; those then read as their organisation's. */
  deleted_at: EpochMs | null;
}

export interface OrganisationGroupMemberTable {
  group_id: number;
  organisation_id: number;
  added_at: EpochMs;
}

export interface HandbookTable {
  id: Generated<number>;
  slug: string;
  title: string;
  edition: Generated<number>;
  language: string;
  intro_md: Generated<string>;
  intro_html: Generated<string>;
  /** draft → review → published; a published edition is frozen. */
  status: HandbookStatus;
  /** Editions in other languages share this (the first edition's id). */
  language_group_id: number | null;
  previous_edition_id: number | null;
  created_by: number | null;
  created_at: EpochMs;
  updated_at: EpochMs;
  published_at: EpochMs | null;
  /** The closing page's licence line; "" for the network's default wording. */
  licence: Generated<string>;
}

/** A handbook edition made into a PDF or EPUB, and the queue that makes it (see 0019-handbook-files). */
export interface HandbookFileTable {
  id: Generated<number>;
  handbook_id: number;
  format: BookFormat;
  paper: PaperSize | "";
  content_key: string;
  origin: string;
  status: BookFileStatus;
  attempts: Generated<number>;
  requested_at: EpochMs;
  started_at: EpochMs | null;
  finished_at: EpochMs | null;
  worker: string | null;
  error: string | null;
  size: number | null;
  pages: number | null;
  render_ms: number | null;
  bytes: Buffer | null;
}

export interface HandbookChapterTable {
  id: Generated<number>;
  handbook_id: number;
  /** 1…n within the handbook, always a total order. */
  position: number;
  title: string;
  intro_md: Generated<string>;
  intro_html: Generated<string>;
}

export interface HandbookEntryTable {
  id: Generated<number>;
  chapter_id: number;
  /** 1…n within the chapter. */
  position: number;
  practice_id: number;
  /** The practice revision this entry is pinned to: its text does not move when the practice does. */
  revision_number: number;
  curator_note: Generated<string>;
  added_by: number | null;
  added_at: EpochMs;
}

export interface NominationTable {
  id: Generated<number>;
  practice_id: number;
  /** null: "the next handbook". */
  handbook_id: number | null;
  nominator_id: number | null;
  reason: string;
  status: NominationStatus;
  created_at: EpochMs;
  decided_by: number | null;
  decided_at: EpochMs | null;
  decision_note: Generated<string>;
  entry_id: number | null;
}

/** A form sent after the session ended, given back once after sign-in (30 minutes). */
export interface PendingSubmissionTable {
  /** SHA-256 of the token in the browser's px_pending cookie. */
  id: string;
  path: string;
  /** JSON object: field name → its values. */
  fields: string;
  /** The first member to sign in on that browser; null until then. */
  user_id: number | null;
  created_at: EpochMs;
  expires_at: EpochMs;
}

/** A wrong warning or a miss of the privacy check, reported from the practice form. */
export interface PrivacyReportTable {
  id: Generated<number>;
  kind: PrivacyReportKind;
  /** The finding's kind (privacy-check.ts); for a miss, what the member says it is, if anything. */
  finding_kind: string | null;
  /** The passage only, at most PRIVACY_REPORT_SNIPPET_MAX characters. */
  snippet: string;
  /** The write-up section it was in, when known. */
  field: string | null;
  /** The write-up's language. */
  language: string | null;
  reporter_id: number | null;
  created_at: EpochMs;
  resolved_at: EpochMs | null;
  resolved_by: number | null;
}

/** A practice or a handbook edition a member saved for later (exactly one of the two ids). */
export interface SavedItemTable {
  id: Generated<number>;
  user_id: number;
  practice_id: number | null;
  handbook_id: number | null;
  position: number;
  revision_number: number | null;
  saved_at: EpochMs;
}

export interface TopicFollowTable {
  user_id: number;
  kind: TopicKind;
  value: string;
  created_at: EpochMs;
}

/** The forum's own settings, by key ("digest.default", "digest.key"). */
export interface SiteSettingTable {
  key: string;
  value: string;
  updated_at: EpochMs;
  updated_by: number | null;
}

export interface DigestDeliveryTable {
  id: Generated<number>;
  user_id: number;
  period: string;
  status: DigestDeliveryStatus;
  attempts: Generated<number>;
  next_attempt_at: EpochMs;
  claimed_by: string | null;
  claimed_at: EpochMs | null;
  sent_at: EpochMs | null;
  skip_reason: DigestSkipReason | null;
  error: string | null;
  created_at: EpochMs;
}

/** Who runs a schedule (the digest) for this database, until when. */
export interface SchedulerLeaseTable {
  name: string;
  holder: string;
  expires_at: EpochMs;
}

/** A glossary concept (app/domain/glossary.ts); its content is in its revisions. */
export interface GlossaryConceptTable {
  id: Generated<number>;
  slug: string;
  theme: string | null;
  current_revision: number;
  deleted_at: EpochMs | null;
  created_at: EpochMs;
  updated_at: EpochMs;
}

export interface GlossaryRevisionTable {
  id: Generated<number>;
  concept_id: number;
  number: number;
  /** JSON of GlossaryContent. */
  content: string;
  summary: string;
  author_id: number | null;
  created_at: EpochMs;
}

/** The current revision's terms, for lookups. */
export interface GlossaryTermTable {
  id: Generated<number>;
  concept_id: number;
  language: GlossaryLanguage;
  text: string;
  folded: string;
  status: TermStatus;
  reason: string;
  alternative: string;
}

export interface GlossaryProposalTable {
  id: Generated<number>;
  concept_id: number | null;
  kind: ProposalKind;
  language: GlossaryLanguage;
  term: string;
  status_proposed: TermStatus;
  message: string;
  proposer_id: number | null;
  status: ProposalStatus;
  decided_by: number | null;
  decided_at: EpochMs | null;
  decision_note: Generated<string>;
  created_at: EpochMs;
}

/** The glossary revisions a published edition's annex shows. */
export interface HandbookGlossaryTable {
  handbook_id: number;
  concept_id: number;
  revision_number: number;
}

export interface Database {
  organisations: OrganisationTable;
  users: UserTable;
  sessions: SessionTable;
  audit_log: AuditLogTable;
  invitations: InvitationTable;
  password_resets: PasswordResetTable;
  rate_limits: RateLimitTable;
  themes: ThemeTable;
  practices: PracticeTable;
  practice_themes: PracticeThemeTable;
  practice_countries: PracticeCountryTable;
  practice_revisions: PracticeRevisionTable;
  comments: CommentTable;
  comment_versions: CommentVersionTable;
  endorsements: EndorsementTable;
  follows: FollowTable;
  notifications: NotificationTable;
  flags: FlagTable;
  search_index: SearchIndexTable;
  handbooks: HandbookTable;
  handbook_chapters: HandbookChapterTable;
  handbook_entries: HandbookEntryTable;
  nominations: NominationTable;
  pending_submissions: PendingSubmissionTable;
  privacy_reports: PrivacyReportTable;
  two_factor_secrets: TwoFactorSecretTable;
  two_factor_recovery_codes: TwoFactorRecoveryCodeTable;
  organisation_groups: OrganisationGroupTable;
  organisation_group_members: OrganisationGroupMemberTable;
  attachments: AttachmentTable;
  attachment_files: AttachmentFileTable;
  revision_attachments: RevisionAttachmentTable;
  handbook_files: HandbookFileTable;
  saved_items: SavedItemTable;
  topic_follows: TopicFollowTable;
  site_settings: SiteSettingTable;
  digest_deliveries: DigestDeliveryTable;
  scheduler_leases: SchedulerLeaseTable;
  glossary_concepts: GlossaryConceptTable;
  glossary_revisions: GlossaryRevisionTable;
  glossary_terms: GlossaryTermTable;
  glossary_proposals: GlossaryProposalTable;
  handbook_glossary: HandbookGlossaryTable;
}

export type Organisation = Selectable<OrganisationTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
export type OrganisationUpdate = Updateable<OrganisationTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type Session = Selectable<SessionTable>;
export type AuditEntry = Selectable<AuditLogTable>;
