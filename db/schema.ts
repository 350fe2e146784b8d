import type { Generated, Insertable, Selectable, Updateable } from "kysely";

/** Times are stored as Unix epoch milliseconds (INTEGER). */
export type EpochMs = number;

export const ROLES = ["member", "coordinator", "curator", "admin"] as const;
export type Role = (typeof ROLES)[number];

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
}

export interface UserTable {
  id: Generated<number>;
  /** Stored lower-cased; unique. */
  email: string;
  display_name: string;
  organisation_id: number;
  role: Role;
  locale: string | null;
  password_hash: string;
  disabled_at: EpochMs | null;
  created_at: EpochMs;
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

export interface Database {
  organisations: OrganisationTable;
  users: UserTable;
  sessions: SessionTable;
  audit_log: AuditLogTable;
  invitations: InvitationTable;
  password_resets: PasswordResetTable;
  rate_limits: RateLimitTable;
}

export type Organisation = Selectable<OrganisationTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
export type OrganisationUpdate = Updateable<OrganisationTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type Session = Selectable<SessionTable>;
export type AuditEntry = Selectable<AuditLogTable>;
