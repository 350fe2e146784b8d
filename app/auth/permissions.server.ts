import type { Role } from "../../db/schema";
import type { SessionMember } from "./session.server";

/**
 * The one place that decides who may do what (DESIGN.md, Roles). Every loader and
 * action asks here; a refusal is a 403 Response, or a 404 where even existence is private.
 */
export type Action =
  | "read" // published content, search, profiles
  | "write" // practices, comments, endorsements, nominations
  | "invite" // into their own organisation (coordinator) or anywhere (admin)
  | "curate" // handbooks, nominations, hiding content
  | "administer"; // organisations, users, roles, audit log

const GRANTS: Record<Role, ReadonlySet<Action>> = {
  member: new Set(["read", "write"]),
  coordinator: new Set(["read", "write", "invite"]),
  curator: new Set(["read", "write", "curate"]),
  admin: new Set(["read", "write", "invite", "curate", "administer"]),
};

export type Actor = Pick<SessionMember, "id" | "role" | "organisationId">;

export function can(actor: Actor | null, action: Action): boolean {
  if (!actor) return false;
  return GRANTS[actor.role].has(action);
}

export function forbidden(): never {
  throw new Response("Forbidden", { status: 403, statusText: "Forbidden" });
}

export function notFound(): never {
  throw new Response("Not Found", { status: 404, statusText: "Not Found" });
}

export function requirePermission(actor: Actor | null, action: Action): asserts actor is Actor {
  if (!can(actor, action)) forbidden();
}
