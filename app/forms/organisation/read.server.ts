import { json, type AppLoadContext } from "@remix-run/node";
import { isOrganisationSlugTaken } from "../../models/organisation.server";
import { parseForm } from "../../utils/forms";
import { renderMarkdown } from "../../utils/markdown.server";
import { OrganisationSchema } from "./schema";

/** An organisation as the form describes it, ready to store (the slug is "" when it is to be made from the name). */
export interface OrganisationFields {
  name: string;
  slug: string;
  country: string;
  descriptionMd: string;
  descriptionHtml: string;
  languages: string[];
}

/**
 * Reads and checks the organisation form, for creating one or for editing `current`: the
 * fields, or the 400 answer that names what is wrong and keeps everything typed.
 */
export async function readOrganisationForm(
  request: Request,
  db: AppLoadContext["db"],
  { current }: { current?: { id: number; slug: string } } = {},
): Promise<{ ok: true; fields: OrganisationFields } | { ok: false; response: Response }> {
  const parsed = parseForm(OrganisationSchema, await request.formData(), { arrays: ["languages"] });
  if (!parsed.ok) return { ok: false, response: json({ errors: parsed.errors, values: parsed.values }, { status: 400 }) };
  const input = parsed.data;
  const slug = input.slug || current?.slug || "";
  if (slug && (await isOrganisationSlugTaken(db, { slug, exceptId: current?.id }))) {
    return { ok: false, response: json({ errors: { slug: { key: "validation.slugTaken" } }, values: { ...input } }, { status: 400 }) };
  }
  return {
    ok: true,
    fields: { name: input.name, slug, country: input.country, descriptionMd: input.description, descriptionHtml: renderMarkdown(input.description), languages: input.languages },
  };
}
