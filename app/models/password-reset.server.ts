import { generateToken, hashToken } from "../utils/tokens.server";
import type { Db } from "../../db/client";

export const RESET_TTL = 60 * 60 * 1000;

export async function createPasswordReset(db: Db, { userId, createdBy = null, now = Date.now() }: { userId: number; createdBy?: number | null; now?: number }) {
  const token = generateToken();
  await db
    .insertInto("password_resets")
    .values({ token_hash: hashToken(token), user_id: userId, created_by: createdBy, created_at: now, expires_at: now + RESET_TTL })
    .execute();
  return token;
}

/** The reset behind a token if it can still be used: unused, unexpired, account enabled. */
export async function findUsablePasswordReset(db: Db, { token, now = Date.now() }: { token: string; now?: number }) {
  return db
    .selectFrom("password_resets")
    .innerJoin("users", "users.id", "password_resets.user_id")
    .select(["password_resets.id", "users.id as userId", "users.email", "users.display_name as displayName"])
    .where("password_resets.token_hash", "=", hashToken(token))
    .where("password_resets.used_at", "is", null)
    .where("password_resets.expires_at", ">", now)
    .where("users.disabled_at", "is", null)
    .executeTakeFirst();
}

/**
 * Sets the new password, uses up this and every other open reset of the account and
 * ends all its sessions. Returns the user id, or null if the token was not usable. The
 * caller runs it in a transaction with its audit entry.
 */
export async function completePasswordReset(db: Db, { token, passwordHash, now = Date.now() }: { token: string; passwordHash: string; now?: number }) {
  const reset = await findUsablePasswordReset(db, { token, now });
  if (!reset) return null;
  await db.updateTable("users").set({ password_hash: passwordHash }).where("id", "=", reset.userId).execute();
  await voidPasswordResets(db, { userId: reset.userId, now });
  await db.deleteFrom("sessions").where("user_id", "=", reset.userId).execute();
  return reset.userId;
}

/** Uses up every open reset link of the account: a new password makes them pointless, and dangerous. */
export async function voidPasswordResets(db: Db, { userId, now = Date.now() }: { userId: number; now?: number }) {
  await db.updateTable("password_resets").set({ used_at: now }).where("user_id", "=", userId).where("used_at", "is", null).execute();
}
