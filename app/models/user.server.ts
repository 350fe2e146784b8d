import type { Kysely } from "kysely";
import type { Database, Role } from "../../db/schema";
import { createOrganisation } from "./organisation.server";

export async function hasAnyUser(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  return row !== undefined;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserForSignIn(db: Kysely<Database>, { email }: { email: string }) {
  return db
    .selectFrom("users")
    .select(["id", "email", "password_hash as passwordHash", "disabled_at as disabledAt"])
    .where("email", "=", normaliseEmail(email))
    .executeTakeFirst();
}

export async function createUser(
  db: Kysely<Database>,
  user: { email: string; displayName: string; organisationId: number; role: Role; passwordHash: string; locale?: string | null },
) {
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
  db: Kysely<Database>,
  input: { organisationName: string; country: string; displayName: string; email: string; passwordHash: string; locale: string },
): Promise<{ userId: number; organisationId: number } | null> {
  return db.transaction().execute(async (trx) => {
    if (await hasAnyUser(trx)) return null;
    const organisation = await createOrganisation(trx, { name: input.organisationName, country: input.country });
    const userId = await createUser(trx, {
      email: input.email,
      displayName: input.displayName,
      organisationId: organisation.id,
      role: "admin",
      passwordHash: input.passwordHash,
      locale: input.locale,
    });
    return { userId, organisationId: organisation.id };
  });
}
