import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireMember } from "../auth/guards.server";
import { notFound, requirePermission } from "../auth/permissions.server";
import { countryOptions, requestLocale } from "../i18n/locale.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { recordAudit } from "../models/audit.server";
import { getOrganisationBySlug, parseLanguages, updateOrganisation } from "../models/organisation.server";
import { reindexOrganisation } from "../models/search.server";
import { defaultAudienceOf, groupsForPicker, setDefaultAudience } from "../models/organisation-group.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { OrganisationForm } from "../forms/organisation/form";
import { readOrganisationForm } from "../forms/organisation/read.server";
import { inTransaction } from "../server/database.server";
import { sectionHandle, withSection } from "../i18n/sections";

export const meta = pageTitle("org.edit");
// This page's strings are a catalogue section (app/i18n/sections.ts).
export const handle = sectionHandle("manage");
export const clientLoader = withSection("manage");

const Params = /* @__PURE__ */ (() => z.object({ slug: z.string().min(1).max(100) }))();

async function requireEditableOrganisation(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  requirePermission(member, "administer");
  const params = Params.safeParse(args.params);
  const organisation = params.success ? await getOrganisationBySlug(args.context.db, { slug: params.data.slug }) : undefined;
  if (!organisation) notFound();
  return { member, organisation };
}

export async function loader(args: LoaderFunctionArgs) {
  const { organisation } = await requireEditableOrganisation(args);
  const [audience, groups] = await Promise.all([defaultAudienceOf(args.context.db, { organisationId: organisation.id }), groupsForPicker(args.context.db, { organisationId: organisation.id })]);
  return json({
    organisation: {
      name: organisation.name,
      slug: organisation.slug,
      country: organisation.country,
      description: organisation.descriptionMd,
      languages: parseLanguages(organisation.languages),
    },
    audience: { defaultAudience: audience.audience, defaultGroupId: audience.groupId, groups },
    countries: countryOptions(await requestLocale(args)),
  });
}

export async function action(args: ActionFunctionArgs) {
  const { member, organisation } = await requireEditableOrganisation(args);
  const { request, context } = args;
  const read = await readOrganisationForm(request, context.db, { current: organisation });
  if (!read.ok) return read.response;
  const { fields } = read;
  await inTransaction(context.db, async (trx) => {
    await updateOrganisation(trx, { id: organisation.id, ...fields });
    await setDefaultAudience(trx, { organisationId: organisation.id, audience: fields.defaultAudience, groupId: fields.defaultGroupId });
    await reindexOrganisation(trx, { organisationId: organisation.id });
    await recordAudit(trx, {
      actorId: member.id,
      action: "organisation.updated",
      targetType: "organisation",
      targetId: organisation.id,
      detail: { name: fields.name, slug: fields.slug, defaultAudience: fields.defaultAudience, defaultGroupId: fields.defaultGroupId },
      ip: context.clientIp,
    });
  });
  return redirect(`/organisations/${encodeURIComponent(fields.slug)}`);
}

export default function EditOrganisationPage() {
  const { organisation, audience, countries } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="narrow">
      <h1>{t("org.editTitle", { name: organisation.name })}</h1>
      <OrganisationForm defaults={organisation} submitLabel={t("org.save")} countries={countries} audience={audience} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
