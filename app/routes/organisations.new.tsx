import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireMember } from "../auth/guards.server";
import { requirePermission } from "../auth/permissions.server";
import { countryOptions, requestLocale } from "../i18n/locale.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { recordAudit } from "../models/audit.server";
import { createOrganisation, uniqueOrganisationSlug } from "../models/organisation.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { OrganisationForm } from "../forms/organisation/form";
import { readOrganisationForm } from "../forms/organisation/read.server";
import { inTransaction } from "../server/database.server";
import { sectionHandle, withSection } from "../i18n/sections";

export const meta = pageTitle("orgs.new");
// This page's strings are a catalogue section (app/i18n/sections.ts).
export const handle = sectionHandle("manage");
export const clientLoader = withSection("manage");

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  requirePermission(member, "administer");
  return json({ countries: countryOptions(await requestLocale(args)) });
}

export async function action(args: ActionFunctionArgs) {
  const member = await requireMember(args);
  requirePermission(member, "administer");
  const { request, context } = args;
  const read = await readOrganisationForm(request, context.db);
  if (!read.ok) return read.response;
  const { fields } = read;
  const created = await inTransaction(context.db, async (trx) => {
    const org = await createOrganisation(trx, { ...fields, slug: fields.slug || (await uniqueOrganisationSlug(trx, fields.name)) });
    await recordAudit(trx, { actorId: member.id, action: "organisation.created", targetType: "organisation", targetId: org.id, detail: { name: fields.name }, ip: context.clientIp });
    return org;
  });
  return redirect(`/organisations/${encodeURIComponent(created.slug)}`);
}

export default function NewOrganisationPage() {
  const { countries } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="narrow">
      <h1>{t("orgs.new")}</h1>
      <OrganisationForm submitLabel={t("orgs.create")} countries={countries} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
