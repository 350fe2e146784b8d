import type { InvitationState, Role } from "../domain/member";
import { generateToken, hashToken } from "../utils/tokens.server";
import { createUser, normaliseEmail } from "./user.server";
import type { Db } from "../../db/client";

export const INVITATION_TTL = 7 * 24 * 60 * 60 * 1000;

function stateOf(row: { expiresAt: number; acceptedAt: number | null; revokedAt: number | null }, now: number): InvitationState {
  if (row.acceptedAt !== null) return "accepted";
  if (row.revokedAt !== null) return "revoked";
  if (now >= row.expiresAt) return "expired";
  return "pending";
}

/** Creates an invitation and returns the token for the link (only its hash is kept). */
export async function createInvitation(db: Db, input: { email: string; organisationId: number; role: Role; locale: string; invitedBy: number; now?: number }) {
  const now = input.now ?? Date.now();
  const token = generateToken();
  const row = await db
    .insertInto("invitations")
    .values({
      token_hash: hashToken(token),
      email: normaliseEmail(input.email),
      organisation_id: input.organisationId,
      role: input.role,
      locale: input.locale,
      invited_by: input.invitedBy,
      created_at: now,
      expires_at: now + INVITATION_TTL,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, token };
}

const invitationColumns = [
  "invitations.id",
  "invitations.email",
  "invitations.role",
  "invitations.locale",
  "invitations.organisation_id as organisationId",
  "organisations.name as organisationName",
  "invitations.created_at as createdAt",
  "invitations.expires_at as expiresAt",
  "invitations.accepted_at as acceptedAt",
  "invitations.revoked_at as revokedAt",
] as const;

export async function findInvitationByToken(db: Db, { token, now = Date.now() }: { token: string; now?: number }) {
  const row = await db
    .selectFrom("invitations")
    .innerJoin("organisations", "organisations.id", "invitations.organisation_id")
    .select(invitationColumns)
    .where("invitations.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  return row ? { ...row, state: stateOf(row, now) } : null;
}

export async function findInvitation(db: Db, { id }: { id: number }) {
  return db.selectFrom("invitations").innerJoin("organisations", "organisations.id", "invitations.organisation_id").select(invitationColumns).where("invitations.id", "=", id).executeTakeFirst();
}

/**
 * Pending (not accepted, not revoked) invitations, of one organisation or all, of the given
 * roles or all; expired ones included so they can be re-sent.
 */
export async function listOpenInvitations(db: Db, { organisationId, roles }: { organisationId?: number; roles?: readonly Role[] }) {
  let query = db
    .selectFrom("invitations")
    .innerJoin("organisations", "organisations.id", "invitations.organisation_id")
    .innerJoin("users as inviter", "inviter.id", "invitations.invited_by")
    .select([...invitationColumns, "inviter.display_name as invitedByName"])
    .where("invitations.accepted_at", "is", null)
    .where("invitations.revoked_at", "is", null)
    .orderBy("invitations.created_at", "desc")
    .orderBy("invitations.id", "desc")
    .limit(500);
  if (organisationId !== undefined) query = query.where("invitations.organisation_id", "=", organisationId);
  if (roles !== undefined) {
    if (roles.length === 0) return [];
    query = query.where("invitations.role", "in", [...roles]);
  }
  const now = Date.now();
  return (await query.execute()).map((row) => ({ ...row, state: stateOf(row, now) }));
}

export async function hasPendingInvitation(db: Db, { email, now = Date.now() }: { email: string; now?: number }) {
  const row = await db
    .selectFrom("invitations")
    .select("id")
    .where("email", "=", normaliseEmail(email))
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return row !== undefined;
}

export async function revokeInvitation(db: Db, { id }: { id: number }) {
  await db.updateTable("invitations").set({ revoked_at: Date.now() }).where("id", "=", id).where("accepted_at", "is", null).execute();
}

/** Re-sending issues a fresh token and a fresh 7 days; the old link stops working. */
export async function renewInvitation(db: Db, { id, now = Date.now() }: { id: number; now?: number }) {
  const token = generateToken();
  const result = await db
    .updateTable("invitations")
    .set({ token_hash: hashToken(token), expires_at: now + INVITATION_TTL })
    .where("id", "=", id)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n ? token : null;
}

/**
 * Uses the invitation: creates the account and marks the invitation accepted, in the
 * caller's transaction. Returns null when the token is not pending any more (or the address
 * already has an account).
 */
export async function acceptInvitation(db: Db, { token, displayName, passwordHash, now = Date.now() }: { token: string; displayName: string; passwordHash: string; now?: number }) {
  const invitation = await findInvitationByToken(db, { token, now });
  if (!invitation || invitation.state !== "pending") return null;
  const existing = await db.selectFrom("users").select("id").where("email", "=", invitation.email).executeTakeFirst();
  if (existing) return null;
  const userId = await createUser(db, {
    email: invitation.email,
    displayName,
    organisationId: invitation.organisationId,
    role: invitation.role,
    passwordHash,
    locale: invitation.locale,
  });
  await db.updateTable("invitations").set({ accepted_at: now, accepted_user_id: userId }).where("id", "=", invitation.id).execute();
  return { userId, invitationId: invitation.id, organisationId: invitation.organisationId, role: invitation.role };
}
