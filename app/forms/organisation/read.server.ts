import { json, type AppLoadContext } from "@remix-run/node";
import type { Audience } from "../../domain/practice";
import { groupsForPicker } from "../../models/organisation-group.server";
import { isOrganisationSlugTaken } from "../../models/organisation.server";
import { formValues, parseForm } from "../../utils/forms";
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
  /** Preselected when its authors publish; a group audience names one of the organisation's own groups. */
  defaultAudience: Audience;
  defaultGroupId: number | null;
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
  const formData = await request.formData();
  const parsed = parseForm(OrganisationSchema, formData, { arrays: ["languages"] });
  if (!parsed.ok) return { ok: false, response: json({ errors: parsed.errors, values: parsed.values }, { status: 400 }) };
  const input = parsed.data;
  const slug = input.slug || current?.slug || "";
  if (slug && (await isOrganisationSlugTaken(db, { slug, exceptId: current?.id }))) {
    return { ok: false, response: json({ errors: { slug: { key: "validation.slugTaken" } }, values: formValues(formData) }, { status: 400 }) };
  }
  const defaultGroupId = input.defaultAudience === "group" ? input.defaultGroupId : null;
  if (defaultGroupId !== null) {
    // A new organisation belongs to no group yet, so only an existing one can choose one.
    const own = current ? await groupsForPicker(db, { organisationId: current.id }) : [];
    if (!own.some((g) => g.id === defaultGroupId)) {
      return { ok: false, response: json({ errors: { defaultGroupId: { key: "validation.defaultGroup" } }, values: formValues(formData) }, { status: 400 }) };
    }
  }
  return {
    ok: true,
    fields: {
      name: input.name,
      slug,
      country: input.country,
      descriptionMd: input.description,
      descriptionHtml: renderMarkdown(input.description),
      languages: input.languages,
      defaultAudience: input.defaultAudience,
      defaultGroupId,
    },
  };
}
