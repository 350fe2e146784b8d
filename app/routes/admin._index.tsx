import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Link } from "../ui/link";
import { z } from "zod";
import { ROLES } from "../domain/member";
import { requireMember } from "../auth/guards.server";
import { requirePermission } from "../auth/permissions.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { listOrganisationChoices } from "../models/organisation.server";
import { listMembers } from "../models/user.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { Field, SelectField } from "../ui/forms";
import { useFormat } from "../ui/format";
import { Pagination } from "../ui/pagination";
import { pageParam, parseSearchParams } from "../utils/query";

export const meta = pageTitle("admin.title");

const Filters = /* @__PURE__ */ (() =>
  z.object({
    q: z.string().trim().max(200).catch(""),
    organisation: z.coerce.number().int().positive().optional().catch(undefined),
    role: z.enum(ROLES).optional().catch(undefined),
    page: pageParam,
  }))();

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  requirePermission(member, "administer");
  const filters = parseSearchParams(Filters, args.request);
  const [members, organisations] = await Promise.all([
    listMembers(args.context.db, { search: filters.q || undefined, organisationId: filters.organisation, role: filters.role, page: filters.page }),
    listOrganisationChoices(args.context.db),
  ]);
  return json({ members, organisations, filters });
}

export default function AdminPage() {
  const { members, organisations, filters } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  return (
    <>
      <h1>{t("admin.title")}</h1>
      <nav aria-label={t("admin.sections")}>
        <ul className="inline-list">
          <li>
            <Link to="/organisations">{t("orgs.title")}</Link>
          </li>
          <li>
            <Link to="/invitations">{t("invitations.title")}</Link>
          </li>
          <li>
            <Link to="/admin/groups">{t("groups.title")}</Link>
          </li>
          <li>
            <Link to="/admin/audit">{t("audit.title")}</Link>
          </li>
        </ul>
      </nav>
      <h2>{t("admin.members")}</h2>
      <Form method="get" className="filters" role="search">
        <Field label={t("admin.search")} name="q" type="search" defaultValue={filters.q} />
        <SelectField
          label={t("admin.organisation")}
          name="organisation"
          options={[{ value: "", label: t("admin.all") }, ...organisations.map((o) => ({ value: String(o.id), label: o.name }))]}
          defaultValue={filters.organisation ? String(filters.organisation) : ""}
        />
        <SelectField
          label={t("admin.role")}
          name="role"
          options={[{ value: "", label: t("admin.all") }, ...ROLES.map((r) => ({ value: r, label: format.role(r) }))]}
          defaultValue={filters.role ?? ""}
        />
        <button type="submit">{t("admin.filter")}</button>
      </Form>
      <p className="muted" role="status">
        {t("admin.count", { count: members.total })}
      </p>
      {members.rows.length === 0 ? (
        <p>{t("admin.noMembers")}</p>
      ) : (
        <div className="table-wrap">
          <table className="stack">
            <thead>
              <tr>
                <th scope="col">{t("admin.name")}</th>
                <th scope="col">{t("admin.email")}</th>
                <th scope="col">{t("admin.organisation")}</th>
                <th scope="col">{t("admin.role")}</th>
                <th scope="col">{t("admin.status")}</th>
              </tr>
            </thead>
            <tbody>
              {members.rows.map((m) => (
                <tr key={m.id}>
                  <td data-label={t("admin.name")}>
                    <Link to={`/admin/members/${m.id}`}>{m.displayName}</Link>
                  </td>
                  <td data-label={t("admin.email")}>{m.email}</td>
                  <td data-label={t("admin.organisation")}>{m.organisationName}</td>
                  <td data-label={t("admin.role")}>{format.role(m.role)}</td>
                  <td data-label={t("admin.status")}>{m.disabledAt === null ? t("admin.active") : t("admin.disabled")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={members.page} pageCount={members.pageCount} />
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
