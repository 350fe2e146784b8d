import { slugify } from "../utils/slug";
import type { Db } from "../../db/client";
import type { Reader } from "../domain/member";
import { SECTIONS } from "../domain/practice";
import { exportedAttachments } from "./attachment.server";
import { inAudience } from "./audience.server";

export async function uniqueOrganisationSlug(db: Db, name: string): Promise<string> {
  const base = slugify(name) || "organisation";
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!(await isOrganisationSlugTaken(db, { slug }))) return slug;
  }
}

export async function createOrganisation(db: Db, org: { name: string; country: string; slug?: string; descriptionMd?: string; descriptionHtml?: string; languages?: string[] }) {
  const now = Date.now();
  const slug = org.slug ?? (await uniqueOrganisationSlug(db, org.name));
  const row = await db
    .insertInto("organisations")
    .values({
      name: org.name.trim(),
      slug,
      country: org.country.toUpperCase(),
      description_md: org.descriptionMd ?? "",
      description_html: org.descriptionHtml ?? "",
      languages: JSON.stringify(org.languages ?? []),
      created_at: now,
      updated_at: now,
    })
    .returning(["id", "slug"])
    .executeTakeFirstOrThrow();
  return row;
}

export async function listOrganisationsWithCounts(db: Db) {
  return db
    .selectFrom("organisations")
    .leftJoin("users", (join) => join.onRef("users.organisation_id", "=", "organisations.id").on("users.disabled_at", "is", null))
    .select((eb) => ["organisations.id", "organisations.name", "organisations.slug", "organisations.country", "organisations.languages", eb.fn.count<number>("users.id").as("memberCount")])
    .groupBy("organisations.id")
    .orderBy("organisations.name")
    .execute();
}

/** id and name of every organisation, for select boxes. */
export async function listOrganisationChoices(db: Db) {
  return db.selectFrom("organisations").select(["id", "name"]).orderBy("name").execute();
}

export async function getOrganisationBySlug(db: Db, { slug }: { slug: string }) {
  return db
    .selectFrom("organisations")
    .select(["id", "name", "slug", "country", "description_md as descriptionMd", "description_html as descriptionHtml", "languages", "created_at as createdAt"])
    .where("slug", "=", slug)
    .executeTakeFirst();
}

export async function listOrganisationMembers(db: Db, { organisationId }: { organisationId: number }) {
  return db
    .selectFrom("users")
    .select(["id", "display_name as displayName", "role", "created_at as createdAt"])
    .where("organisation_id", "=", organisationId)
    .where("disabled_at", "is", null)
    .orderBy("display_name")
    .execute();
}

export async function isOrganisationSlugTaken(db: Db, { slug, exceptId }: { slug: string; exceptId?: number }) {
  let query = db.selectFrom("organisations").select("id").where("slug", "=", slug);
  if (exceptId !== undefined) query = query.where("id", "!=", exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function updateOrganisation(db: Db, org: { id: number; name: string; slug: string; country: string; descriptionMd: string; descriptionHtml: string; languages: string[] }) {
  await db
    .updateTable("organisations")
    .set({
      name: org.name.trim(),
      slug: org.slug,
      country: org.country.toUpperCase(),
      description_md: org.descriptionMd,
      description_html: org.descriptionHtml,
      languages: JSON.stringify(org.languages),
      updated_at: Date.now(),
    })
    .where("id", "=", org.id)
    .execute();
}

export function parseLanguages(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

/**
 * What goes in the organisation's archive: every practice it published and has not withdrawn,
 * with its text; an administrator of another organisation gets only those addressed to them.
 */
export async function listArchivePractices(db: Db, { organisationId, reader }: { organisationId: number; reader: Reader }) {
  return db
    .selectFrom("practices")
    .select(["id", "slug", "title", "summary", "language", "audience", "current_revision", "published_at", "updated_at", ...SECTIONS.map((s) => `${s}_md` as const)])
    .where("organisation_id", "=", organisationId)
    .where("status", "=", "published")
    .where("withdrawn_at", "is", null)
    .where(inAudience(reader))
    .orderBy("id")
    .execute();
}

/**
 * The files on the archive's practices now (not those taken off them, never those removed
 * for good, nor one a moderator hid: a photo is hidden because someone in it can be
 * recognised, and the archive's readers could not fetch it either). `mime` is that of the
 * copy served.
 */
export async function listArchiveAttachments(db: Db, { practiceIds }: { practiceIds: readonly number[] }) {
  if (practiceIds.length === 0) return [];
  const rows = await exportedAttachments(db)
    .where("attachments.practice_id", "in", [...practiceIds])
    .where("attachments.hidden_at", "is", null)
    .orderBy("attachments.practice_id")
    .orderBy("attachments.position")
    .orderBy("attachments.id")
    .execute();
  return rows.map(({ hiddenAt, ...a }) => ({ ...a, hidden: hiddenAt !== null }));
}
