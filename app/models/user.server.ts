import { sql } from "kysely";
import { discardBookFilesOfPractices } from "./handbook-file.server";
import type { Db } from "../../db/client";
import type { Role } from "../domain/member";
import { likePattern } from "../utils/query";
import { createOrganisation } from "./organisation.server";
import { voidPasswordResets } from "./password-reset.server";

export async function hasAnyUser(db: Db): Promise<boolean> {
  const row = await db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  return row !== undefined;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserForSignIn(db: Db, { email }: { email: string }) {
  return db.selectFrom("users").select(["id", "email", "password_hash as passwordHash", "disabled_at as disabledAt"]).where("email", "=", normaliseEmail(email)).executeTakeFirst();
}

export async function createUser(db: Db, user: { email: string; displayName: string; organisationId: number; role: Role; passwordHash: string; locale?: string | null }) {
  const row = await db
    .insertInto("users")
    .values({
      email: normaliseEmail(user.email),
      display_name: user.displayName.trim(),
      organisation_id: user.organisationId,
      role: user.role,
      password_hash: user.passwordHash,
      locale: user.locale ?? null,
      created_at: Date.now(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * First-run setup: the first organisation and its administrator, only while nobody
 * exists. Returns null when someone got there first.
 */
export async function createFirstAdministrator(
  db: Db,
  input: { organisationName: string; country: string; displayName: string; email: string; passwordHash: string; locale: string },
): Promise<{ userId: number; organisationId: number } | null> {
  if (await hasAnyUser(db)) return null;
  const organisation = await createOrganisation(db, { name: input.organisationName, country: input.country });
  const userId = await createUser(db, {
    email: input.email,
    displayName: input.displayName,
    organisationId: organisation.id,
    role: "admin",
    passwordHash: input.passwordHash,
    locale: input.locale,
  });
  return { userId, organisationId: organisation.id };
}

export async function findUserByEmail(db: Db, { email }: { email: string }) {
  return db.selectFrom("users").select(["id", "email", "display_name as displayName", "locale", "disabled_at as disabledAt"]).where("email", "=", normaliseEmail(email)).executeTakeFirst();
}

export async function getUser(db: Db, { id }: { id: number }) {
  return db
    .selectFrom("users")
    .innerJoin("organisations", "organisations.id", "users.organisation_id")
    .select([
      "users.id",
      "users.email",
      "users.display_name as displayName",
      "users.role",
      "users.locale",
      "users.created_at as createdAt",
      "users.disabled_at as disabledAt",
      "organisations.id as organisationId",
      "organisations.name as organisationName",
      "organisations.slug as organisationSlug",
      "organisations.country as organisationCountry",
    ])
    .where("users.id", "=", id)
    .executeTakeFirst();
}

export async function getCreditPreference(db: Db, { id }: { id: number }) {
  const row = await db.selectFrom("users").select("credit_by_organisation_only").where("id", "=", id).executeTakeFirst();
  return row?.credit_by_organisation_only === 1;
}

/** Discreet mode: a neutral tab title and icon for this member on every page. */
export async function setDiscreetMode(db: Db, { id, discreet }: { id: number; discreet: boolean }) {
  await db
    .updateTable("users")
    .set({ discreet: discreet ? 1 : 0 })
    .where("id", "=", id)
    .execute();
}

export async function getPasswordHash(db: Db, { id }: { id: number }) {
  const row = await db.selectFrom("users").select("password_hash").where("id", "=", id).executeTakeFirst();
  return row?.password_hash ?? null;
}

export const MEMBERS_PAGE_SIZE = 50;

/** Members for the admin list: search by name or e-mail, filter by organisation and role, by page. */
export async function listMembers(db: Db, { search, organisationId, role, page = 1 }: { search?: string; organisationId?: number; role?: Role; page?: number }) {
  let query = db.selectFrom("users").innerJoin("organisations", "organisations.id", "users.organisation_id");
  if (search) {
    // Names fold ASCII only, as lower() does; e-mail addresses are stored lower-cased whole.
    const [name, email] = [likePattern(search), likePattern(search.toLowerCase())];
    query = query.where((eb) => eb.or([eb(sql`lower(users.display_name)`, "like", sql<string>`${name} escape '\\'`), eb("users.email", "like", sql<string>`${email} escape '\\'`)]));
  }
  if (organisationId !== undefined) query = query.where("users.organisation_id", "=", organisationId);
  if (role) query = query.where("users.role", "=", role);
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  const rows = await query
    .select([
      "users.id",
      "users.email",
      "users.display_name as displayName",
      "users.role",
      "users.disabled_at as disabledAt",
      "users.created_at as createdAt",
      "organisations.name as organisationName",
      "organisations.slug as organisationSlug",
    ])
    .orderBy("users.display_name")
    .orderBy("users.id")
    .limit(MEMBERS_PAGE_SIZE)
    .offset((page - 1) * MEMBERS_PAGE_SIZE)
    .execute();
  return { rows, total, page, pageCount: Math.max(1, Math.ceil(total / MEMBERS_PAGE_SIZE)) };
}

export async function updateProfile(
  db: Db,
  { id, displayName, locale, timeZone, creditByOrganisationOnly }: { id: number; displayName: string; locale: string | null; timeZone?: string | null; creditByOrganisationOnly: boolean },
) {
  const before = await db.selectFrom("users").select(["display_name", "credit_by_organisation_only"]).where("id", "=", id).executeTakeFirst();
  // Handbook files credit the author by name: a new name, or none, and they are made again.
  if (before && (before.display_name !== displayName.trim() || Boolean(before.credit_by_organisation_only) !== creditByOrganisationOnly)) {
    const authored = await db.selectFrom("practices").select("id").where("author_id", "=", id).execute();
    await discardBookFilesOfPractices(db, { practiceIds: authored.map((p) => p.id) });
  }
  await db
    .updateTable("users")
    .set({ display_name: displayName.trim(), locale, ...(timeZone !== undefined ? { time_zone: timeZone } : {}), credit_by_organisation_only: creditByOrganisationOnly ? 1 : 0 })
    .where("id", "=", id)
    .execute();
}

/**
 * A new password ends every other session of the account and uses up its open reset
 * links. The caller runs it in a transaction with its audit entry.
 */
export async function changePassword(db: Db, { id, passwordHash, keepSessionId, now = Date.now() }: { id: number; passwordHash: string; keepSessionId: string; now?: number }) {
  await db.updateTable("users").set({ password_hash: passwordHash }).where("id", "=", id).execute();
  await db.deleteFrom("sessions").where("user_id", "=", id).where("id", "!=", keepSessionId).execute();
  await voidPasswordResets(db, { userId: id, now });
}

export async function setRole(db: Db, { id, role }: { id: number; role: Role }) {
  await db.updateTable("users").set({ role }).where("id", "=", id).execute();
}

/** Disabling ends the account's sessions at once; enabling lets it sign in again. */
export async function setDisabled(db: Db, { id, disabled }: { id: number; disabled: boolean }) {
  await db
    .updateTable("users")
    .set({ disabled_at: disabled ? Date.now() : null })
    .where("id", "=", id)
    .execute();
  if (disabled) await db.deleteFrom("sessions").where("user_id", "=", id).execute();
}

export async function listUserSessions(db: Db, { userId }: { userId: number }) {
  return db
    .selectFrom("sessions")
    .select(["id", "user_agent as userAgent", "ip", "created_at as createdAt", "last_seen_at as lastSeenAt", "expires_at as expiresAt"])
    .where("user_id", "=", userId)
    .where("expires_at", ">", Date.now())
    .orderBy("last_seen_at", "desc")
    .execute();
}

export async function deleteUserSession(db: Db, { userId, sessionId }: { userId: number; sessionId: string }) {
  const result = await db.deleteFrom("sessions").where("id", "=", sessionId).where("user_id", "=", userId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function updateLocale(db: Db, { id, locale }: { id: number; locale: string }) {
  await db.updateTable("users").set({ locale }).where("id", "=", id).execute();
}

/**
 * A new sign-in address; false when another account already has it. Open reset links
 * go with the old address. The caller runs it in a transaction with its audit entry.
 */
export async function changeEmail(db: Db, { id, email, now = Date.now() }: { id: number; email: string; now?: number }): Promise<boolean> {
  const address = normaliseEmail(email);
  const taken = await db.selectFrom("users").select("id").where("email", "=", address).where("id", "!=", id).executeTakeFirst();
  if (taken) return false;
  await db.updateTable("users").set({ email: address }).where("id", "=", id).execute();
  await voidPasswordResets(db, { userId: id, now });
  return true;
}

/** A member's display name, or null if the account is gone. */
export async function getUserName(db: Db, { id }: { id: number }) {
  const row = await db.selectFrom("users").select("display_name").where("id", "=", id).executeTakeFirst();
  return row?.display_name ?? null;
}
