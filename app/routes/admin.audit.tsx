import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Link } from "../ui/link";
import { z } from "zod";
import { requireMember } from "../auth/guards.server";
import { requirePermission } from "../auth/permissions.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { listAudit } from "../models/audit.server";
import { AUDIT_ACTIONS, auditActionLabel, isAuditAction } from "../domain/audit";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { Field, SelectField } from "../ui/forms";
import { useFormat } from "../ui/format";
import { Pagination } from "../ui/pagination";
import { pageParam, parseSearchParams } from "../utils/query";
import { sectionHandle, withSection } from "../i18n/sections";

export const meta = pageTitle("audit.title");
// This page's strings are a catalogue section (app/i18n/sections.ts).
export const handle = sectionHandle("manage");
export const clientLoader = withSection("manage");

const DAY = 24 * 60 * 60 * 1000;
const isoDate = /* @__PURE__ */ (() =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .refine((s) => !Number.isNaN(Date.parse(s))))();

const Filters = /* @__PURE__ */ (() =>
  z.object({
    actor: z.string().trim().max(254).catch(""),
    action: z.enum(AUDIT_ACTIONS).optional().catch(undefined),
    from: isoDate.optional().catch(undefined),
    to: isoDate.optional().catch(undefined),
    page: pageParam,
  }))();

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  requirePermission(member, "administer");
  const filters = parseSearchParams(Filters, args.request);
  const entries = await listAudit(args.context.db, {
    actor: filters.actor || undefined,
    action: filters.action,
    from: filters.from ? Date.parse(filters.from) : undefined,
    // "to" is a whole day, inclusive.
    to: filters.to ? Date.parse(filters.to) + DAY : undefined,
    page: filters.page,
  });
  return json({ entries, filters });
}

function detailText(detail: string): string {
  try {
    const value = JSON.parse(detail) as Record<string, unknown>;
    return Object.entries(value)
      .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
      .join(", ");
  } catch {
    return "";
  }
}

export default function AuditPage() {
  const { entries, filters } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  return (
    <>
      <h1>{t("audit.title")}</h1>
      <Form method="get" className="filters" role="search">
        <Field label={t("audit.actor")} name="actor" hint={t("audit.actorHint")} defaultValue={filters.actor} />
        <SelectField
          label={t("audit.action")}
          name="action"
          options={[{ value: "", label: t("admin.all") }, ...AUDIT_ACTIONS.map((a) => ({ value: a, label: t(auditActionLabel(a)) }))]}
          defaultValue={filters.action ?? ""}
        />
        <Field label={t("audit.from")} name="from" type="date" defaultValue={filters.from} />
        <Field label={t("audit.to")} name="to" type="date" defaultValue={filters.to} />
        <button type="submit">{t("admin.filter")}</button>
      </Form>
      <p className="muted" role="status">
        {t("audit.count", { count: entries.total })}
      </p>
      {entries.rows.length === 0 ? (
        <p>{t("audit.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="stack">
            <thead>
              <tr>
                <th scope="col">{t("audit.when")}</th>
                <th scope="col">{t("audit.actor")}</th>
                <th scope="col">{t("audit.action")}</th>
                <th scope="col">{t("audit.target")}</th>
                <th scope="col">{t("audit.detail")}</th>
                <th scope="col">{t("audit.ip")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.rows.map((e) => (
                <tr key={e.id}>
                  <td data-label={t("audit.when")}>{format.dateTime(e.createdAt)}</td>
                  <td data-label={t("audit.actor")}>{e.actorId ? <Link to={`/admin/members/${e.actorId}`}>{e.actorName}</Link> : t("audit.anonymous")}</td>
                  <td data-label={t("audit.action")}>{isAuditAction(e.action) ? t(auditActionLabel(e.action)) : e.action}</td>
                  <td data-label={t("audit.target")}>{e.targetName ?? (e.targetType ? `${e.targetType} ${e.targetId ?? ""}` : "")}</td>
                  <td data-label={t("audit.detail")}>{detailText(e.detail)}</td>
                  <td data-label={t("audit.ip")}>{e.ip}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={entries.page} pageCount={entries.pageCount} />
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
