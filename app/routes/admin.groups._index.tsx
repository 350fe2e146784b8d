import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "../ui/link";
import { requireMember } from "../auth/guards.server";
import { requirePermission } from "../auth/permissions.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { recordAudit } from "../models/audit.server";
import { createGroup, listGroups } from "../models/organisation-group.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { useFormState } from "../ui/forms";
import { GroupForm } from "../forms/group/form";
import { GroupSchema } from "../forms/group/schema";
import { parseForm } from "../utils/forms";
import { inTransaction } from "../server/database.server";
import { sectionHandle, withSection } from "../i18n/sections";

export const meta = pageTitle("groups.title");
// This page's strings are a catalogue section (app/i18n/sections.ts).
export const handle = sectionHandle("manage");
export const clientLoader = withSection("manage");

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  requirePermission(member, "administer");
  const groups = await listGroups(args.context.db, { includeRemoved: true });
  return json({ groups });
}

export async function action(args: ActionFunctionArgs) {
  const member = await requireMember(args);
  requirePermission(member, "administer");
  const { request, context } = args;
  const parsed = parseForm(GroupSchema, await request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const input = parsed.data;
  const group = await inTransaction(context.db, async (trx) => {
    const created = await createGroup(trx, { name: input.name, description: input.description, createdBy: member.id });
    await recordAudit(trx, { actorId: member.id, action: "group.created", targetType: "group", targetId: created.id, detail: { name: input.name }, ip: context.clientIp });
    return created;
  });
  return redirect(`/admin/groups/${encodeURIComponent(group.slug)}?done=created`);
}

export default function AdminGroupsPage() {
  const { groups } = useLoaderData<typeof loader>();
  const t = useT();
  const state = useFormState();
  return (
    <>
      <p>
        <Link to="/admin">{t("adminMember.back")}</Link>
      </p>
      <h1>{t("groups.title")}</h1>
      <p>{t("groups.intro")}</p>
      {groups.length === 0 ? (
        <p className="empty">{t("groups.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="stack">
            <thead>
              <tr>
                <th scope="col">{t("groups.colName")}</th>
                <th scope="col">{t("groups.colMembers")}</th>
                <th scope="col">{t("admin.status")}</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.id}>
                  <td data-label={t("groups.colName")}>
                    <Link to={`/admin/groups/${g.slug}`}>{g.name}</Link>
                  </td>
                  <td data-label={t("groups.colMembers")}>{t("groups.memberCount", { count: g.memberCount })}</td>
                  <td data-label={t("admin.status")}>{g.deletedAt === null ? t("groups.live") : t("groups.removedBadge")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section aria-labelledby="new-group-heading" className="narrow">
        <h2 id="new-group-heading">{t("groups.new")}</h2>
        <GroupForm state={state} submitLabel={t("groups.create")} />
      </section>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
