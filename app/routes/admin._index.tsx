import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
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
import { ErrorSummary, Field, SelectField, useFormState } from "../ui/forms";
import { useFormat } from "../ui/format";
import { Pagination } from "../ui/pagination";
import { pageParam, parseSearchParams } from "../utils/query";
import { DIGEST_FREQUENCIES, digestFrequencyLabel } from "../domain/digest";
import { recordAudit } from "../models/audit.server";
import { digestDefault, setDigestDefault } from "../models/site-setting.server";
import { inTransaction } from "../server/database.server";
import { parseForm } from "../utils/forms";
import { sectionHandle, withSection } from "../i18n/sections";

export const meta = pageTitle("admin.title");
// This page's strings are a catalogue section (app/i18n/sections.ts).
export const handle = sectionHandle("manage");
export const clientLoader = withSection("manage");

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
  return json({ members, organisations, filters, digestDefault: await digestDefault(args.context.db) });
}

const AdminIntent = /* @__PURE__ */ (() => z.object({ intent: z.literal("digestDefault"), frequency: z.enum(DIGEST_FREQUENCIES, { error: "validation.required" }) }))();

export async function action(args: ActionFunctionArgs) {
  const member = await requireMember(args);
  requirePermission(member, "administer");
  const parsed = parseForm(AdminIntent, await args.request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const { frequency } = parsed.data;
  await inTransaction(args.context.db, async (trx) => {
    await setDigestDefault(trx, { frequency, updatedBy: member.id });
    await recordAudit(trx, { actorId: member.id, action: "settings.digest_default", detail: { frequency }, ip: args.context.clientIp });
  });
  return redirect("/admin?saved=digest");
}

export default function AdminPage() {
  const { members, organisations, filters, digestDefault } = useLoaderData<typeof loader>();
  const formState = useFormState();
  const t = useT();
  const format = useFormat();
  const [params] = useSearchParams();
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
      {params.get("saved") === "digest" ? (
        <p className="notice" role="status">
          {t("admin.savedDigestDefault")}
        </p>
      ) : null}
      <section aria-labelledby="digest-default-heading">
        <h2 id="digest-default-heading">{t("admin.digestDefault")}</h2>
        <Form method="post">
          <ErrorSummary state={formState} />
          <input type="hidden" name="intent" value="digestDefault" />
          <fieldset className="field">
            <legend>{t("admin.digestDefaultLabel")}</legend>
            <p className="hint">{t("admin.digestDefaultExplain")}</p>
            <ul className="checkbox-list">
              {DIGEST_FREQUENCIES.map((value) => (
                <li key={value}>
                  <label>
                    <input type="radio" name="frequency" value={value} defaultChecked={value === digestDefault} /> {t(digestFrequencyLabel(value))}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <button type="submit">{t("admin.saveDigestDefault")}</button>
        </Form>
      </section>
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
