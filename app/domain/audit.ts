// Label keys: `<thing>Label(value)` returns the value's catalogue key (see README.md).

/** What the audit log records; client-safe, for the audit page's filter. */
export const AUDIT_ACTIONS = [
  "setup.completed",
  "auth.signin",
  "auth.signin_failed",
  "auth.signin_refused",
  "auth.signout",
  "auth.second_factor_failed",
  "two_factor.enabled",
  "two_factor.disabled",
  "two_factor.reset",
  "two_factor.recovery_codes_regenerated",
  "member.email_changed",
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
  "comment.hidden",
  "comment.version_removed",
  "attachment.hidden",
  "attachment.unhidden",
  "attachment.purged",
  "flag.resolved",
  "privacy_report.resolved",
  "practice.restricted",
  "practice.revisions_redacted",
  "practice.read_for_moderation",
  "practice.audience_changed",
  "practice.withdrawn",
  "practice.withdrawal_undone",
  "nomination.accepted",
  "nomination.declined",
  "handbook.created",
  "handbook.updated",
  "handbook.status_changed",
  "handbook.edition_created",
  "handbook.chapter_changed",
  "handbook.entry_changed",
  "handbook.exported",
  "member.exported",
  "member.erased",
  "organisation.exported",
  "group.created",
  "group.updated",
  "group.member_added",
  "group.member_removed",
  "group.removed",
  "group.restored",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Entries written before an action was listed here keep their code on the page. */
export function isAuditAction(action: string): action is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(action);
}

/** `auditAction.<action>` is a family the catalogue test knows, so its keys are built. */
export const auditActionLabel = (action: AuditAction) => `auditAction.${action}` as const;
