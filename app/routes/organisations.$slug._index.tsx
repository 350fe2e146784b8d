import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "../ui/link";
import { z } from "zod";
import { requireMember } from "../auth/guards.server";
import { can, notFound } from "../auth/permissions.server";
import { dataTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { getOrganisationBySlug, listOrganisationMembers, parseLanguages } from "../models/organisation.server";
import { listOrganisationPractices } from "../models/practice.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { CountryName, useFormat } from "../ui/format";
import { PracticeList } from "../ui/practice-list";

export const meta = dataTitle((data: { organisation: { name: string } }) => data.organisation.name, "orgs.title");

const Params = /* @__PURE__ */ (() => z.object({ slug: z.string().min(1).max(100) }))();

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  const params = Params.safeParse(args.params);
  if (!params.success) notFound();
  const organisation = await getOrganisationBySlug(args.context.db, { slug: params.data.slug });
  if (!organisation) notFound();
  const [members, practices] = await Promise.all([
    listOrganisationMembers(args.context.db, { organisationId: organisation.id }),
    listOrganisationPractices(args.context.db, { organisationId: organisation.id }),
  ]);
  return json({
    organisation: { ...organisation, languages: parseLanguages(organisation.languages) },
    members,
    practices,
    canEdit: can(member, "administer"),
    canExport: can(member, "manageInvitations", { organisationId: organisation.id }),
  });
}

export default function OrganisationPage() {
  const { organisation, members, practices, canEdit, canExport } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  return (
    <>
      <h1>{organisation.name}</h1>
      <dl className="facts">
        <dt>{t("org.country")}</dt>
        <dd>
          <CountryName code={organisation.country} />
        </dd>
        <dt>{t("org.languages")}</dt>
        <dd>{organisation.languages.length ? organisation.languages.map(format.language).join(", ") : t("org.noLanguages")}</dd>
      </dl>
      {canEdit || canExport ? (
        <p className="button-row">
          {canEdit ? <Link to={`/organisations/${organisation.slug}/edit`}>{t("org.edit")}</Link> : null}
          {canExport ? (
            <a href={`/organisations/${organisation.slug}/export`} download>
              {t("org.export")}
            </a>
          ) : null}
        </p>
      ) : null}
      {organisation.descriptionHtml ? <div className="prose" dangerouslySetInnerHTML={{ __html: organisation.descriptionHtml /* sanitised when saved */ }} /> : null}
      <h2>{t("org.practicesHeading")}</h2>
      {practices.length === 0 ? <p className="muted">{t("org.noPractices")}</p> : <PracticeList items={practices} />}
      <h2>{t("org.membersHeading", { count: members.length })}</h2>
      {members.length === 0 ? (
        <p className="muted">{t("org.noMembers")}</p>
      ) : (
        <ul>
          {members.map((m) => (
            <li key={m.id}>
              <Link to={`/members/${m.id}`}>{m.displayName}</Link> <span className="muted">({format.role(m.role)})</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
