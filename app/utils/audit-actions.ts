/** What the audit log records; client-safe, for the audit page's filter. */
export const AUDIT_ACTIONS = [
  "setup.completed",
  "auth.signin",
  "auth.signin_failed",
  "auth.signin_refused",
  "auth.signout",
  "invitation.created",
  "invitation.resent",
  "invitation.revoked",
  "invitation.accepted",
  "password.reset_requested",
  "password.reset_issued",
  "password.reset_completed",
  "password.changed",
  "session.revoked",
  "member.role_changed",
  "member.disabled",
  "member.enabled",
  "member.profile_updated",
  "organisation.created",
  "organisation.updated",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
