import { ROLES, type Role } from "../domain/member";
import type { PracticeSubject } from "../domain/practice";
export type { PracticeSubject };
import type { SessionMember } from "./session.server";

/**
 * The one place that decides who may do what (docs/product.md, Roles). Every loader and action
 * asks here; a refusal is a 403 Response, or a 404 where even existence is private.
 */
export type Actor = Pick<SessionMember, "id" | "role" | "organisationId" | "groupIds">;

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
  /**
   * Editing the glossary: concepts, their terms and revisions, deciding members' proposals,
   * importing. Reading it and proposing are for every member (`requireMember`).
   */
  editGlossary: undefined;
  /** Inviting someone into an organisation with a role. */
  invite: { organisationId: number; role: Role };
  /**
   * Reaching an organisation's invitations page. Seeing, re-sending and withdrawing one
   * invitation needs `invite` for its organisation and role, like creating it.
   */
  manageInvitations: { organisationId: number };
  /** Changing another member's role or disabling them; never oneself. */
  manageMember: { userId: number };
  /**
   * Seeing a practice: a published or archived one is for its audience (every member, its
   * organisation, or one group of organisations); a draft or a withdrawn one is for the
   * author's organisation only. Curators and admins see hidden and restricted ones of their
   * audience, and outside it only while a flag on the practice is open (the audit log says so).
   */
  viewPractice: PracticeSubject;
  /** Which audience an organisation's authors find preselected: its coordinators, and admins. */
  setDefaultAudience: { organisationId: number };
  /** Withdrawing a practice at once, and putting it back: its author and its organisation. */
  withdrawPractice: PracticeSubject;
  /** Editing, publishing and archiving. */
  editPractice: PracticeSubject;
  /** Editing or deleting a comment: its author only, while it is neither deleted nor hidden. */
  editComment: { authorId: number | null; deleted: boolean; hidden: boolean };
  /**
   * Fetching an attachment's file: an upload not yet saved is its uploader's alone; a saved
   * one follows its practice (`viewPractice`), and while hidden it is for its uploader and
   * the moderators. One removed for good is nobody's.
   */
  viewAttachment: { uploaderId: number | null; practice: PracticeSubject | null; hidden: boolean; purged: boolean };
}

/** The practice is addressed to the actor. app/models/audience.server's `inAudience` is its SQL twin. */
export const inAudience = (a: Pick<Actor, "organisationId" | "groupIds">, p: Pick<PracticeSubject, "audience" | "audienceGroupId" | "audienceOrganisationId">) =>
  p.audience === "all" || p.audienceOrganisationId === a.organisationId || (p.audience === "group" && p.audienceGroupId !== null && a.groupIds.includes(p.audienceGroupId));

const ownsPractice = (a: Actor, p: PracticeSubject) => p.authorId === a.id || p.organisationId === a.organisationId;
export type Action = keyof Subjects;

const isAdmin = (a: Actor) => a.role === "admin";
const isModerator = (a: Actor) => a.role === "curator" || a.role === "admin";

const RULES: { [A in Action]: (actor: Actor, subject: Subjects[A]) => boolean } = {
  curate: (a) => isModerator(a),
  editGlossary: (a) => isModerator(a),
  administer: isAdmin,
  invite: (a, s) => isAdmin(a) || (a.role === "coordinator" && s.organisationId === a.organisationId && s.role === "member"),
  manageInvitations: (a, s) => isAdmin(a) || (a.role === "coordinator" && s.organisationId === a.organisationId),
  manageMember: (a, s) => isAdmin(a) && s.userId !== a.id,
  viewPractice: (a, p) => {
    if (p.status === "draft" || p.withdrawn) return ownsPractice(a, p);
    // Its own organisation is always in its audience, but for a translation another organisation
    // made: an original narrowed away from them narrows its translation too.
    if (!inAudience(a, p)) return isModerator(a) && p.openFlag === true;
    return !p.restricted || ownsPractice(a, p) || isModerator(a);
  },
  setDefaultAudience: (a, s) => isAdmin(a) || (a.role === "coordinator" && s.organisationId === a.organisationId),
  withdrawPractice: (a, p) => p.status !== "draft" && ownsPractice(a, p),
  // A draft is private to its organisation (others get 404), curators included.
  editPractice: (a, p) => ownsPractice(a, p) || (p.status !== "draft" && isModerator(a)),
  editComment: (a, c) => c.authorId === a.id && !c.deleted && !c.hidden,
  viewAttachment: (a, f) => {
    if (f.purged) return false;
    if (f.practice === null) return f.uploaderId === a.id;
    return RULES.viewPractice(a, f.practice) && (!f.hidden || f.uploaderId === a.id || isModerator(a));
  },
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
