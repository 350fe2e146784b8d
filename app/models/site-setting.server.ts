import type { Db } from "../../db/client";
import { DEFAULT_DIGEST_FREQUENCY, DIGEST_FREQUENCIES, type DigestFrequency } from "../domain/digest";

/** The forum's own settings by key; a key nobody set reads as null. */
export async function getSiteSetting(db: Db, key: string): Promise<string | null> {
  const row = await db.selectFrom("site_settings").select("value").where("key", "=", key).executeTakeFirst();
  return row?.value ?? null;
}

export async function setSiteSetting(db: Db, { key, value, updatedBy, now = Date.now() }: { key: string; value: string; updatedBy: number | null; now?: number }) {
  await db
    .insertInto("site_settings")
    .values({ key, value, updated_at: now, updated_by: updatedBy })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: now, updated_by: updatedBy }))
    .execute();
}

/**
 * Writes the value only if the key is still unset, and returns whatever the key holds after:
 * two processes creating it at once agree on the first one written.
 */
export async function ensureSiteSetting(db: Db, { key, value, now = Date.now() }: { key: string; value: string; now?: number }): Promise<string> {
  await db
    .insertInto("site_settings")
    .values({ key, value, updated_at: now, updated_by: null })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  const stored = await getSiteSetting(db, key);
  if (stored === null) throw new Error(`site setting ${key} could not be stored`);
  return stored;
}

export const DIGEST_DEFAULT_KEY = "digest.default";

const isDigestFrequency = (value: unknown): value is DigestFrequency => typeof value === "string" && (DIGEST_FREQUENCIES as readonly string[]).includes(value);

/** What a member who never chose gets: the administrator's choice, else weekly. */
export async function digestDefault(db: Db): Promise<DigestFrequency> {
  const value = await getSiteSetting(db, DIGEST_DEFAULT_KEY);
  return isDigestFrequency(value) ? value : DEFAULT_DIGEST_FREQUENCY;
}

export async function setDigestDefault(db: Db, { frequency, updatedBy, now }: { frequency: DigestFrequency; updatedBy: number; now?: number }) {
  await setSiteSetting(db, { key: DIGEST_DEFAULT_KEY, value: frequency, updatedBy, now });
}
