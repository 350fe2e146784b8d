import { ROLES, type Role } from "../domain/member";
import type { PracticeStatus } from "../domain/practice";
import type { SessionMember } from "./session.server";

/**
 * The one place that decides who may do what (docs/product.md, Roles). Every loader and action
 * asks here; a refusal is a 403 Response, or a 404 where even existence is private.
 */
export type Actor = Pick<SessionMember, "id" | "role" | "organisationId">;

/*
 * Reading what is published and writing (practices, comments, endorsements, nominations,
 * flags) are for every signed-in member, whatever their role: `requireMember` is that
 * rule, and a disabled account never gets that far (its sessions are refused and
 * deleted, session.server). There is no read-only account, so no rule here for either.
 */
interface Subjects {
  /** Handbooks, nominations, hiding content. */
  curate: undefined;
  /** Organisations, members, roles, the audit log. */
  administer: undefined;
  /** Inviting someone into an organisation with a role. */
  invite: { organisationId: number; role: Role };
  /**
   * Reaching an organisation's invitations page. Seeing, re-sending and withdrawing one
   * invitation needs `invite` for its organisation and role, like creating it.
   */
  manageInvitations: { organisationId: number };
  /** Changing another member's role or disabling them; never oneself. */
  manageMember: { userId: number };
  /** Seeing a practice: published and archived ones are for every member; drafts for the author's organisation. */
  viewPractice: PracticeSubject;
  /** Editing, publishing and archiving. */
  editPractice: PracticeSubject;
  /** Editing or deleting a comment: its author only, while it is neither deleted nor hidden. */
  editComment: { authorId: number | null; deleted: boolean; hidden: boolean };
}

export interface PracticeSubject {
  status: PracticeStatus;
  organisationId: number;
  authorId: number | null;
  /** Hidden by moderators, or restricted while a personal-data flag is open. */
  restricted?: boolean;
}

const ownsPractice = (a: Actor, p: PracticeSubject) => p.authorId === a.id || p.organisationId === a.organisationId;
export type Action = keyof Subjects;

const isAdmin = (a: Actor) => a.role === "admin";
const isModerator = (a: Actor) => a.role === "curator" || a.role === "admin";

const RULES: { [A in Action]: (actor: Actor, subject: Subjects[A]) => boolean } = {
  curate: (a) => isModerator(a),
  administer: isAdmin,
  invite: (a, s) => isAdmin(a) || (a.role === "coordinator" && s.organisationId === a.organisationId && s.role === "member"),
  manageInvitations: (a, s) => isAdmin(a) || (a.role === "coordinator" && s.organisationId === a.organisationId),
  manageMember: (a, s) => isAdmin(a) && s.userId !== a.id,
  viewPractice: (a, p) => (p.status === "draft" ? ownsPractice(a, p) : !p.restricted || ownsPractice(a, p) || isModerator(a)),
  // A draft is private to its organisation (others get 404), curators included.
  editPractice: (a, p) => ownsPractice(a, p) || (p.status !== "draft" && isModerator(a)),
  editComment: (a, c) => c.authorId === a.id && !c.deleted && !c.hidden,
};

type SubjectArg<A extends Action> = Subjects[A] extends undefined ? [] : [subject: Subjects[A]];

export function can<A extends Action>(actor: Actor | null, action: A, ...[subject]: SubjectArg<A>): boolean {
  if (!actor) return false;
  return RULES[action](actor, subject as Subjects[A]);
}

export function forbidden(): never {
  throw new Response("Forbidden", { status: 403, statusText: "Forbidden" });
}

export function notFound(): never {
  throw new Response("Not Found", { status: 404, statusText: "Not Found" });
}

export function requirePermission<A extends Action>(actor: Actor | null, action: A, ...subject: SubjectArg<A>): asserts actor is Actor {
  if (!can(actor, action, ...subject)) forbidden();
}

/** The roles an actor may invite into an organisation: the invitations they may see, re-send and withdraw. */
export function invitableRoles(actor: Actor | null, organisationId: number): Role[] {
  return ROLES.filter((role) => can(actor, "invite", { organisationId, role }));
}
