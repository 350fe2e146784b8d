import type { Db } from "../../db/client";
import { listPublishedPractices } from "./practice.server";
import type { Reader } from "../domain/member";
import type { Cursor } from "../domain/paging";
import type { Audience } from "../domain/practice";
import { slugify } from "../utils/slug";

/** The live groups an organisation belongs to: what its members read as "one of my groups". */
export async function groupIdsOf(db: Db, { organisationId }: { organisationId: number }): Promise<number[]> {
  const rows = await db
    .selectFrom("organisation_group_members")
    .innerJoin("organisation_groups", "organisation_groups.id", "organisation_group_members.group_id")
    .select("organisation_group_members.group_id as id")
    .where("organisation_group_members.organisation_id", "=", organisationId)
    .where("organisation_groups.deleted_at", "is", null)
    .orderBy("organisation_group_members.group_id")
    .execute();
  return rows.map((r) => r.id);
}

export interface GroupRecord {
  id: number;
  slug: string;
  name: string;
  description: string;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

const GROUP_COLUMNS = [
  "organisation_groups.id",
  "organisation_groups.slug",
  "organisation_groups.name",
  "organisation_groups.description",
  "organisation_groups.created_at as createdAt",
  "organisation_groups.updated_at as updatedAt",
  "organisation_groups.deleted_at as deletedAt",
] as const;

/** Every group with how many organisations it holds, by name; removed ones only when asked (administrators). */
export async function listGroups(db: Db, { includeRemoved = false }: { includeRemoved?: boolean } = {}) {
  let query = db
    .selectFrom("organisation_groups")
    .leftJoin("organisation_group_members", "organisation_group_members.group_id", "organisation_groups.id")
    .select((eb) => [...GROUP_COLUMNS, eb.fn.count<number>("organisation_group_members.organisation_id").as("memberCount")])
    .groupBy([
      "organisation_groups.id",
      "organisation_groups.slug",
      "organisation_groups.name",
      "organisation_groups.description",
      "organisation_groups.created_at",
      "organisation_groups.updated_at",
      "organisation_groups.deleted_at",
    ]);
  if (!includeRemoved) query = query.where("organisation_groups.deleted_at", "is", null);
  const rows = await query.orderBy("organisation_groups.name").orderBy("organisation_groups.id").execute();
  // PostgreSQL counts in bigint, which pg hands over as text.
  return rows.map((r) => ({ ...r, memberCount: Number(r.memberCount) }));
}

/** A group by its address, removed or not: the caller decides who may see a removed one. */
export async function getGroupBySlug(db: Db, { slug }: { slug: string }): Promise<GroupRecord | undefined> {
  return db.selectFrom("organisation_groups").select(GROUP_COLUMNS).where("slug", "=", slug).executeTakeFirst();
}

async function isGroupSlugTaken(db: Db, slug: string) {
  return (await db.selectFrom("organisation_groups").select("id").where("slug", "=", slug).executeTakeFirst()) !== undefined;
}

/** Made from the name; a removed group keeps its slug, so a new group with its name gets "-2". */
async function uniqueGroupSlug(db: Db, name: string) {
  const base = slugify(name) || "group";
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!(await isGroupSlugTaken(db, slug))) return slug;
  }
}

export async function createGroup(db: Db, { name, description, createdBy, now = Date.now() }: { name: string; description: string; createdBy: number; now?: number }) {
  return db
    .insertInto("organisation_groups")
    .values({ slug: await uniqueGroupSlug(db, name), name: name.trim(), description: description.trim(), created_by: createdBy, created_at: now, updated_at: now })
    .returning(["id", "slug"])
    .executeTakeFirstOrThrow();
}

/** A new name or description; the address stays, so links to the group keep working. */
export async function updateGroup(db: Db, { id, name, description, now = Date.now() }: { id: number; name: string; description: string; now?: number }) {
  await db.updateTable("organisation_groups").set({ name: name.trim(), description: description.trim(), updated_at: now }).where("id", "=", id).execute();
}

/** True when the organisation was not in the group and now is. */
export async function addGroupMember(db: Db, { groupId, organisationId, now = Date.now() }: { groupId: number; organisationId: number; now?: number }) {
  const result = await db
    .insertInto("organisation_group_members")
    .values({ group_id: groupId, organisation_id: organisationId, added_at: now })
    .onConflict((oc) => oc.columns(["group_id", "organisation_id"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** True when the organisation was in the group. Its practices narrowed to the group then read as its own organisation's. */
export async function removeGroupMember(db: Db, { groupId, organisationId }: { groupId: number; organisationId: number }) {
  const result = await db.deleteFrom("organisation_group_members").where("group_id", "=", groupId).where("organisation_id", "=", organisationId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Soft: the group and its members stay, so restoring it gives every reader back what they had. */
export async function removeGroup(db: Db, { id, now = Date.now() }: { id: number; now?: number }) {
  await db.updateTable("organisation_groups").set({ deleted_at: now, updated_at: now }).where("id", "=", id).where("deleted_at", "is", null).execute();
}

export async function restoreGroup(db: Db, { id, now = Date.now() }: { id: number; now?: number }) {
  await db.updateTable("organisation_groups").set({ deleted_at: null, updated_at: now }).where("id", "=", id).execute();
}

/** The organisations in a group, by name, with their country. */
export async function listGroupMembers(db: Db, { groupId }: { groupId: number }) {
  return db
    .selectFrom("organisation_group_members")
    .innerJoin("organisations", "organisations.id", "organisation_group_members.organisation_id")
    .select(["organisations.id", "organisations.slug", "organisations.name", "organisations.country", "organisation_group_members.added_at as addedAt"])
    .where("organisation_group_members.group_id", "=", groupId)
    .orderBy("organisations.name")
    .orderBy("organisations.id")
    .execute();
}

/** The organisations that could still join a group: id and name, for the administrator's select. */
export async function listOrganisationsOutsideGroup(db: Db, { groupId }: { groupId: number }) {
  return db
    .selectFrom("organisations")
    .select(["organisations.id", "organisations.name"])
    .where((eb) => eb.not(eb.exists(eb.selectFrom("organisation_group_members").select("organisation_id").whereRef("organisation_id", "=", "organisations.id").where("group_id", "=", groupId))))
    .orderBy("organisations.name")
    .orderBy("organisations.id")
    .execute();
}

export async function isOrganisationInGroup(db: Db, { groupId, organisationId }: { groupId: number; organisationId: number }) {
  const row = await db.selectFrom("organisation_group_members").select("group_id").where("group_id", "=", groupId).where("organisation_id", "=", organisationId).executeTakeFirst();
  return row !== undefined;
}

/** The live groups an organisation belongs to, by name (its profile page). */
export async function listGroupsOfOrganisation(db: Db, { organisationId }: { organisationId: number }) {
  return db
    .selectFrom("organisation_group_members")
    .innerJoin("organisation_groups", "organisation_groups.id", "organisation_group_members.group_id")
    .select(["organisation_groups.id", "organisation_groups.slug", "organisation_groups.name"])
    .where("organisation_group_members.organisation_id", "=", organisationId)
    .where("organisation_groups.deleted_at", "is", null)
    .orderBy("organisation_groups.name")
    .orderBy("organisation_groups.id")
    .execute();
}

/** The groups an author of this organisation may address a practice to: id and name. */
export async function groupsForPicker(db: Db, { organisationId }: { organisationId: number }): Promise<{ id: number; name: string }[]> {
  const rows = await listGroupsOfOrganisation(db, { organisationId });
  return rows.map(({ id, name }) => ({ id, name }));
}

export const GROUP_PRACTICES_PAGE_SIZE = 20;

/**
 * The practices addressed to a group that the reader may see, newest first, a page at a
 * time after `after` (keyset, like listPublishedPractices). A reader outside the group sees
 * none but their own organisation's.
 */
export async function listGroupPractices(
  db: Db,
  { groupId, reader, after, limit = GROUP_PRACTICES_PAGE_SIZE }: { groupId: number; reader: Pick<Reader, "organisationId" | "groupIds">; after?: Cursor; limit?: number },
) {
  return listPublishedPractices(db, { reader, filters: { audienceGroupId: groupId }, after, limit });
}

/**
 * What an organisation's authors see preselected when publishing. A default group the
 * organisation has left, or that was removed, falls back to its own organisation.
 */
export async function defaultAudienceOf(db: Db, { organisationId }: { organisationId: number }): Promise<{ audience: Audience; groupId: number | null }> {
  const row = await db
    .selectFrom("organisations")
    .leftJoin("organisation_groups", (join) => join.onRef("organisation_groups.id", "=", "organisations.default_group_id").on("organisation_groups.deleted_at", "is", null))
    .leftJoin("organisation_group_members", (join) =>
      join.onRef("organisation_group_members.group_id", "=", "organisation_groups.id").onRef("organisation_group_members.organisation_id", "=", "organisations.id"),
    )
    .select(["organisations.default_audience as audience", "organisation_group_members.group_id as groupId"])
    .where("organisations.id", "=", organisationId)
    .executeTakeFirst();
  if (!row) return { audience: "all", groupId: null };
  if (row.audience !== "group") return { audience: row.audience, groupId: null };
  // A group the organisation left, or one removed, falls back to the narrower choice: never wider than meant.
  return row.groupId === null ? { audience: "organisation", groupId: null } : { audience: "group", groupId: row.groupId };
}

/** The choice the organisation's edit form saves; the caller has checked that the group is one of its own. */
export async function setDefaultAudience(db: Db, { organisationId, audience, groupId }: { organisationId: number; audience: Audience; groupId: number | null }) {
  await db
    .updateTable("organisations")
    .set({ default_audience: audience, default_group_id: audience === "group" ? groupId : null })
    .where("id", "=", organisationId)
    .execute();
}

/** A group's name and slug for a practice page, and whether it was removed. */
export async function getGroupName(db: Db, { id }: { id: number }) {
  const row = await db.selectFrom("organisation_groups").select(["name", "slug", "deleted_at"]).where("id", "=", id).executeTakeFirst();
  return row ? { name: row.name, slug: row.slug, removed: row.deleted_at !== null } : null;
}
