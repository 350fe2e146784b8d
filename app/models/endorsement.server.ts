import type { Kysely } from "kysely";
import type { Db } from "../../db/client";
import type { Database } from "../../db/schema";
import { notify } from "./notification.server";
import type { Reader } from "../domain/member";
import { listedFor, notHeldBack } from "./audience.server";

/**
 * One endorsement per member per practice: a second submit (even at the same moment)
 * edits the note instead of adding another. The practice's count and the author's
 * notification follow only the first.
 */
export async function endorsePractice(
  db: Db,
  { practiceId, userId, organisationId, note, now = Date.now() }: { practiceId: number; userId: number; organisationId: number; note: string; now?: number },
) {
  const inserted = await db
    .insertInto("endorsements")
    .values({ practice_id: practiceId, user_id: userId, organisation_id: organisationId, note, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(["practice_id", "user_id"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!inserted) {
    await db.updateTable("endorsements").set({ note, updated_at: now }).where("practice_id", "=", practiceId).where("user_id", "=", userId).execute();
    return { created: false };
  }
  await db
    .updateTable("practices")
    .set((eb) => ({ endorsement_count: eb("endorsement_count", "+", 1) }))
    .where("id", "=", practiceId)
    .execute();
  const practice = await db.selectFrom("practices").select("author_id").where("id", "=", practiceId).executeTakeFirstOrThrow();
  if (practice.author_id !== null) {
    await notify(db, { recipients: [practice.author_id], kind: "endorsement", practiceId, actorId: userId, now });
  }
  return { created: true };
}

export async function withdrawEndorsement(db: Db, { practiceId, userId }: { practiceId: number; userId: number }) {
  const deleted = await db.deleteFrom("endorsements").where("practice_id", "=", practiceId).where("user_id", "=", userId).executeTakeFirst();
  if (deleted.numDeletedRows > 0n) {
    await db
      .updateTable("practices")
      .set((eb) => ({ endorsement_count: eb("endorsement_count", "-", 1) }))
      .where("id", "=", practiceId)
      .execute();
  }
}

/**
 * Who endorses a practice: the count, every endorsement with its note, and the reach:
 * organisations other than the author's, and the countries those organisations are in.
 */
export async function endorsementSummary(db: Db, { practiceId, authorOrganisationId }: { practiceId: number; authorOrganisationId: number }) {
  const rows = await db
    .selectFrom("endorsements")
    .innerJoin("organisations", "organisations.id", "endorsements.organisation_id")
    .leftJoin("users", "users.id", "endorsements.user_id")
    .select([
      "endorsements.id",
      "endorsements.note",
      "endorsements.created_at as createdAt",
      "users.id as userId",
      "users.display_name as memberName",
      "organisations.id as organisationId",
      "organisations.name as organisationName",
      "organisations.slug as organisationSlug",
      "organisations.country",
    ])
    .where("endorsements.practice_id", "=", practiceId)
    .orderBy("endorsements.created_at")
    .orderBy("endorsements.id")
    .execute();
  const others = rows.filter((r) => r.organisationId !== authorOrganisationId);
  const organisations = [...new Map(others.map((r) => [r.organisationId, { name: r.organisationName, slug: r.organisationSlug, country: r.country }])).values()];
  return {
    count: rows.length,
    organisations,
    countries: [...new Set(organisations.map((o) => o.country))],
    endorsements: rows.map(({ id, note, createdAt, userId, memberName, organisationName }) => ({ id, note, createdAt, userId, memberName, organisationName })),
  };
}

type MostEndorsed = { slug: string; title: string; language: string; recent: number }[];
type Counted = { id: number; recent: number }[];
const mostEndorsedCache = new WeakMap<Kysely<Database>, { at: number; key: string; value: Counted }>();
const MOST_ENDORSED_TTL = 5 * 60 * 1000;

/**
 * Practices endorsed most since a moment (the home page: last 90 days). It counts every
 * endorsement of the period, so the count is kept for five minutes rather than made again
 * on every page view. Only the count: each practice's title, and whether it may be shown at
 * all, are read afresh, so one hidden or restricted (on this server or another on the same
 * database) leaves the list at once.
 */
export async function mostEndorsedSince(db: Kysely<Database>, { reader, since, limit = 5, now = Date.now() }: { reader: Reader; since: number; limit?: number; now?: number }): Promise<MostEndorsed> {
  // Counted for everyone, then narrowed to what this reader may open: enough are counted that
  // practices addressed to other organisations do not leave the list short.
  const key = `${Math.floor(since / MOST_ENDORSED_TTL)}:${limit * 4}`;
  let cached = mostEndorsedCache.get(db);
  if (!cached || cached.key !== key || now - cached.at >= MOST_ENDORSED_TTL) {
    cached = { at: now, key, value: await countMostEndorsed(db, { since, limit: limit * 4 }) };
    mostEndorsedCache.set(db, cached);
  }
  const counted = cached.value;
  if (!counted.length) return [];
  const ids = counted.map((c) => c.id);
  const shown = await db.selectFrom("practices").select(["id", "slug", "title", "language"]).where("id", "in", ids).where(listedFor(reader)).execute();
  const byId = new Map(shown.map((p) => [p.id, p]));
  return counted
    .flatMap(({ id, recent }) => {
      const practice = byId.get(id);
      return practice ? [{ slug: practice.slug, title: practice.title, language: practice.language, recent }] : [];
    })
    .slice(0, limit);
}

async function countMostEndorsed(db: Db, { since, limit }: { since: number; limit: number }): Promise<Counted> {
  return db
    .selectFrom("endorsements")
    .innerJoin("practices", "practices.id", "endorsements.practice_id")
    .select((eb) => ["practices.id", eb.fn.countAll<number>().as("recent")])
    .where("endorsements.created_at", ">=", since)
    .where("practices.status", "=", "published")
    .where(notHeldBack())
    .groupBy("practices.id")
    .orderBy("recent", "desc")
    .orderBy("practices.id", "desc")
    .limit(limit)
    .execute();
}

export async function listRecentEndorsements(db: Db, { reader, limit }: { reader: Reader; limit: number }) {
  return db
    .selectFrom((eb) =>
      eb
        .selectFrom("endorsements")
        .select(["id", "practice_id", "organisation_id", "created_at"])
        .orderBy("created_at", "desc")
        .limit(limit * 5)
        .as("e"),
    )
    .innerJoin("practices", "practices.id", "e.practice_id")
    .innerJoin("organisations", "organisations.id", "e.organisation_id")
    .select(["e.id", "e.created_at as at", "practices.slug", "practices.title", "organisations.name as actorName"])
    .where(listedFor(reader))
    .orderBy("e.created_at", "desc")
    .limit(limit)
    .execute();
}
