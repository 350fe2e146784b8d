// Label keys: `<thing>Label(value)` returns the value's catalogue key (see README.md).

/** The roles a member can hold; permissions.server decides what each may do. */
export const ROLES = ["member", "coordinator", "curator", "admin"] as const;
export type Role = (typeof ROLES)[number];

const ROLE_LABELS = {
  member: "role.member",
  coordinator: "role.coordinator",
  curator: "role.curator",
  admin: "role.admin",
} as const satisfies Record<Role, string>;
export const roleLabel = (role: Role) => ROLE_LABELS[role];

/** Where an invitation stands: accepted and revoked are final; pending turns expired with time. */
export type InvitationState = "pending" | "expired" | "accepted" | "revoked";

/**
 * Who is reading, as far as audiences care: the member, their organisation and the groups of
 * organisations it belongs to (removed groups excluded). A SessionMember is one.
 */
export interface Reader {
  id: number;
  organisationId: number;
  groupIds: readonly number[];
}
