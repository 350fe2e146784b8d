import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireMember } from "../auth/guards.server";
import { notFound, requirePermission } from "../auth/permissions.server";
import { SECTIONS, sectionLabel, type Section } from "../domain/practice";
import { isPrivacyKind, privacyKindLabel, privacyReportLabel } from "../domain/privacy-report";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { recordAudit } from "../models/audit.server";
import { listOpenPrivacyReports, resolvePrivacyReport } from "../models/privacy-report.server";
import { inTransaction } from "../server/database.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { useFormat } from "../ui/format";
import { Link } from "../ui/link";
import { Pagination } from "../ui/pagination";
import { parseForm } from "../utils/forms";
import { pageParam, parseSearchParams } from "../utils/query";
import { sectionHandle, withSection } from "../i18n/sections";

export const meta = pageTitle("privacyReports.title");
// This page's strings are a catalogue section (app/i18n/sections.ts).
export const handle = sectionHandle("manage");
export const clientLoader = withSection("manage");

const Query = /* @__PURE__ */ (() => z.object({ page: pageParam, resolved: z.string().optional().catch(undefined) }))();
const Resolve = /* @__PURE__ */ (() => z.object({ reportId: z.coerce.number().int().positive() }))();

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  requirePermission(member, "curate");
  const query = parseSearchParams(Query, args.request);
  return json({ ...(await listOpenPrivacyReports(args.context.db, { page: query.page })), resolved: query.resolved !== undefined });
}

export async function action(args: ActionFunctionArgs) {
  const member = await requireMember(args);
  requirePermission(member, "curate");
  const { request, context } = args;
  const parsed = parseForm(Resolve, await request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors }, { status: 400 });
  const resolved = await inTransaction(context.db, async (trx) => {
    const report = await resolvePrivacyReport(trx, { id: parsed.data.reportId, curatorId: member.id });
    // The audit log says what was resolved, never the passage.
    if (report) {
      await recordAudit(trx, {
        actorId: member.id,
        action: "privacy_report.resolved",
        targetType: "privacy_report",
        targetId: report.id,
        detail: { kind: report.kind, findingKind: report.finding_kind, language: report.language },
        ip: context.clientIp,
      });
    }
    return report;
  });
  if (!resolved) notFound();
  return redirect("/moderation/privacy-reports?resolved=1");
}

function useFieldName() {
  const t = useT();
  return (field: string) =>
    field === "title" ? t("practice.title") : field === "summary" ? t("practice.summary") : (SECTIONS as readonly string[]).includes(field) ? t(sectionLabel(field as Section)) : field;
}

export default function PrivacyReportsPage() {
  const { reports, page, pageCount, total, resolved } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  const busy = useNavigation().state === "submitting";
  const fieldName = useFieldName();
  return (
    <>
      <p>
        <Link to="/moderation">{t("moderation.title")}</Link>
      </p>
      <h1>{t("privacyReports.title")}</h1>
      <p>{t("privacyReports.intro")}</p>
      {resolved ? (
        <p className="notice" role="status">
          {t("privacyReports.resolvedNotice")}
        </p>
      ) : null}
      {total > 0 ? <p className="muted">{t("privacyReports.openCount", { count: total })}</p> : null}
      {reports.length === 0 ? (
        <p className="empty">{t("privacyReports.none")}</p>
      ) : (
        <ol className="flags privacy-reports">
          {reports.map((report) => {
            const kindKey = isPrivacyKind(report.findingKind) ? privacyKindLabel(report.findingKind) : null;
            return (
              <li key={report.id} className="flag">
                <h2>{t(privacyReportLabel(report.kind))}</h2>
                <blockquote className="flagged-content">{report.snippet}</blockquote>
                <p className="muted">
                  {kindKey ? <>{t("privacyReports.findingKind", { kind: t(kindKey) })} · </> : null}
                  {report.language ? <>{t("privacyReports.language", { language: format.language(report.language) })} · </> : null}
                  {report.field ? <>{t("privacyReports.field", { field: fieldName(report.field) })} · </> : null}
                  {t("privacyReports.reportedBy", { name: report.reporterName || t("comments.formerMember"), date: format.dateTime(report.createdAt) })}
                </p>
                <Form method="post">
                  <input type="hidden" name="reportId" value={report.id} />
                  <button type="submit" className="button-secondary" disabled={busy}>
                    {t("privacyReports.resolve")}
                  </button>
                </Form>
              </li>
            );
          })}
        </ol>
      )}
      <Pagination page={page} pageCount={pageCount} />
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
