import { sql, type RawBuilder } from "kysely";
import type { Db } from "../../db/client";
import type { Reader } from "../domain/member";

// The SQL side of who reads a practice. permissions.server's `viewPractice` is the same rule
// for one practice in hand; these are it for lists, counts, search and fan-out, so that a
// query never fetches a row the reader may not see. `p` is the practices table or its alias.

const column = (p: string, name: string) => sql.ref(`${p}.${name}`);

/** The practice is addressed to the reader: every member, the reader's organisation, or one of its groups. */
export function inAudience(reader: Pick<Reader, "organisationId" | "groupIds">, p = "practices"): RawBuilder<boolean> {
  const group = reader.groupIds.length ? sql` or (${column(p, "audience")} = 'group' and ${column(p, "audience_group_id")} in (${sql.join([...reader.groupIds])}))` : sql``;
  return sql<boolean>`(${column(p, "audience")} = 'all' or ${column(p, "audience_organisation_id")} = ${reader.organisationId}${group})`;
}

/** Neither hidden by moderators, restricted while a personal-data flag is open, nor withdrawn. */
export function notHeldBack(p = "practices"): RawBuilder<boolean> {
  return sql<boolean>`(${column(p, "hidden_at")} is null and ${column(p, "restricted_at")} is null and ${column(p, "withdrawn_at")} is null)`;
}

/** What lists, feeds, search and counts show the reader: published, not held back, and addressed to them. */
export function listedFor(reader: Pick<Reader, "organisationId" | "groupIds">, p = "practices"): RawBuilder<boolean> {
  return sql<boolean>`(${column(p, "status")} = 'published' and ${notHeldBack(p)} and ${inAudience(reader, p)})`;
}

/** Addressed to every member: the only practices a handbook may hold. */
export function forAllMembers(p = "practices"): RawBuilder<boolean> {
  return sql<boolean>`(${column(p, "audience")} = 'all' and ${column(p, "withdrawn_at")} is null)`;
}

/**
 * `inAudience` for a member named by a column (`users.id` of a recipient, a mention candidate):
 * their organisation, or a live group of it.
 */
export function inAudienceOfUser(userId: RawBuilder<number> | ReturnType<typeof sql.ref>, p = "practices"): RawBuilder<boolean> {
  const organisation = sql`(select u.organisation_id from users u where u.id = ${userId})`;
  return sql<boolean>`(${column(p, "audience")} = 'all' or ${column(p, "audience_organisation_id")} = ${organisation} or (${column(p, "audience")} = 'group' and exists (select 1 from organisation_group_members gm inner join organisation_groups g on g.id = gm.group_id where gm.group_id = ${column(p, "audience_group_id")} and g.deleted_at is null and gm.organisation_id = ${organisation})))`;
}

/** A practice's access columns on its own row, as app/domain/practice's `PracticeAccess` (for `practiceSubject`). */
export const PRACTICE_ACCESS = ["status", "organisation_id", "author_id", "hidden_at", "restricted_at", "audience", "audience_group_id", "audience_organisation_id", "withdrawn_at"] as const;

/** The access columns of a joined `practices`, named as app/domain/practice's `JoinedPracticeAccess`. */
export const JOINED_PRACTICE_ACCESS = [
  "practices.status as practiceStatus",
  "practices.organisation_id as practiceOrganisationId",
  "practices.author_id as practiceAuthorId",
  "practices.hidden_at as practiceHiddenAt",
  "practices.restricted_at as practiceRestrictedAt",
  "practices.audience as practiceAudience",
  "practices.audience_group_id as practiceAudienceGroupId",
  "practices.audience_organisation_id as practiceAudienceOrganisationId",
  "practices.withdrawn_at as practiceWithdrawnAt",
] as const;

/** Whether any practice is addressed to fewer than all members (by practices_audience). */
export async function anyNarrowed(db: Db) {
  const row = await db.selectFrom("practices").select("id").where("audience", "in", ["organisation", "group"]).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * The member named by `userId` may open the practice: it is their organisation's, or it is
 * out of draft, not held back, and addressed to them. For fan-out (notifications, mentions).
 */
export function userMayRead(userId: ReturnType<typeof sql.ref>, practiceId: number): RawBuilder<boolean> {
  // Its own organisation for a draft, or while it is addressed to them (a hidden one too); anyone else while it is listed.
  return sql<boolean>`exists (select 1 from practices rp where rp.id = ${practiceId} and ((rp.organisation_id = (select u.organisation_id from users u where u.id = ${userId}) and (rp.status = 'draft' or ${inAudienceOfUser(userId, "rp")})) or (rp.status <> 'draft' and ${notHeldBack("rp")} and ${inAudienceOfUser(userId, "rp")})))`;
}
