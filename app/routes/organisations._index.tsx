import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "../ui/link";
import { requireMember } from "../auth/guards.server";
import { can } from "../auth/permissions.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { listOrganisationsWithCounts, parseLanguages } from "../models/organisation.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { CountryName, useFormat } from "../ui/format";

export const meta = pageTitle("orgs.title");

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  const organisations = await listOrganisationsWithCounts(args.context.db);
  return json({
    organisations: organisations.map((o) => ({ ...o, languages: parseLanguages(o.languages) })),
    canCreate: can(member, "administer"),
  });
}

export default function OrganisationsPage() {
  const { organisations, canCreate } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  return (
    <>
      <h1>{t("orgs.title")}</h1>
      {canCreate ? (
        <p>
          <Link to="/organisations/new" className="button">
            {t("orgs.new")}
          </Link>
        </p>
      ) : null}
      {organisations.length === 0 ? (
        <p className="muted">{t("orgs.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="stack">
            <thead>
              <tr>
                <th scope="col">{t("org.name")}</th>
                <th scope="col">{t("org.country")}</th>
                <th scope="col">{t("org.languages")}</th>
                <th scope="col">{t("orgs.members")}</th>
              </tr>
            </thead>
            <tbody>
              {organisations.map((o) => (
                <tr key={o.id}>
                  <td data-label={t("org.name")}>
                    <Link to={`/organisations/${o.slug}`}>{o.name}</Link>
                  </td>
                  <td data-label={t("org.country")}>
                    <CountryName code={o.country} />
                  </td>
                  <td data-label={t("org.languages")}>{o.languages.map(format.language).join(", ")}</td>
                  <td data-label={t("orgs.members")}>{o.memberCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
