import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";

/** Letters and digits of any script survive, so "नेपाल" keeps a readable slug. */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, (marks, offset, whole) => (/\p{Script=Latin}/u.test(whole[offset - 1] ?? "") ? "" : marks))
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .normalize("NFC");
}

export async function uniqueOrganisationSlug(db: Kysely<Database>, name: string): Promise<string> {
  const base = slugify(name) || "organisation";
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    const taken = await db.selectFrom("organisations").select("id").where("slug", "=", slug).executeTakeFirst();
    if (!taken) return slug;
  }
}

export async function createOrganisation(
  db: Kysely<Database>,
  org: { name: string; country: string; slug?: string; descriptionMd?: string; descriptionHtml?: string; languages?: string[] },
) {
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
