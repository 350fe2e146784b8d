import type { Db } from "../../db/client";
import { PRIVACY_REPORT_SNIPPET_MAX, type PrivacyReportKind } from "../domain/privacy-report";
import type { RateLimitPolicy } from "./rate-limit.server";

/** Reports one member may send in an hour: far more than anyone sends in earnest. */
export const PRIVACY_REPORTS_PER_HOUR: RateLimitPolicy = { windowMs: 60 * 60 * 1000, slowAfter: 1_000, maxFailures: 30, lockMs: 60 * 60 * 1000 };
export const PRIVACY_REPORTS_PER_PAGE = 20;

/** Keeps the passage only, whitespace folded, cut to the bound. */
function boundedSnippet(text: string): string {
  const folded = text.replace(/\s+/g, " ").trim();
  return folded.length > PRIVACY_REPORT_SNIPPET_MAX ? `${folded.slice(0, PRIVACY_REPORT_SNIPPET_MAX - 1)}…` : folded;
}

export async function createPrivacyReport(
  db: Db,
  input: { kind: PrivacyReportKind; findingKind: string | null; snippet: string; field: string | null; language: string | null; reporterId: number; now?: number },
) {
  const { id } = await db
    .insertInto("privacy_reports")
    .values({
      kind: input.kind,
      finding_kind: input.findingKind,
      snippet: boundedSnippet(input.snippet),
      field: input.field,
      language: input.language,
      reporter_id: input.reporterId,
      created_at: input.now ?? Date.now(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id };
}

export async function countOpenPrivacyReports(db: Db): Promise<number> {
  const { total } = await db
    .selectFrom("privacy_reports")
    .select((eb) => eb.fn.countAll<number>().as("total"))
    .where("resolved_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(total);
}

/** The open reports, newest first, a page at a time. */
export async function listOpenPrivacyReports(db: Db, { page = 1 }: { page?: number } = {}) {
  const total = await countOpenPrivacyReports(db);
  const pageCount = Math.max(1, Math.ceil(total / PRIVACY_REPORTS_PER_PAGE));
  const current = Math.min(Math.max(1, page), pageCount);
  const reports = await db
    .selectFrom("privacy_reports")
    .leftJoin("users as reporter", "reporter.id", "privacy_reports.reporter_id")
    .select([
      "privacy_reports.id",
      "privacy_reports.kind",
      "privacy_reports.finding_kind as findingKind",
      "privacy_reports.snippet",
      "privacy_reports.field",
      "privacy_reports.language",
      "privacy_reports.created_at as createdAt",
      "reporter.display_name as reporterName",
    ])
    .where("privacy_reports.resolved_at", "is", null)
    .orderBy("privacy_reports.created_at", "desc")
    .orderBy("privacy_reports.id", "desc")
    .limit(PRIVACY_REPORTS_PER_PAGE)
    .offset((current - 1) * PRIVACY_REPORTS_PER_PAGE)
    .execute();
  return { reports, page: current, pageCount, total };
}

/** Marks an open report resolved; null when there is no open report with this id. */
export async function resolvePrivacyReport(db: Db, { id, curatorId, now = Date.now() }: { id: number; curatorId: number; now?: number }) {
  const report = await db.selectFrom("privacy_reports").select(["id", "kind", "finding_kind", "language"]).where("id", "=", id).where("resolved_at", "is", null).executeTakeFirst();
  if (!report) return null;
  await db.updateTable("privacy_reports").set({ resolved_at: now, resolved_by: curatorId }).where("id", "=", id).where("resolved_at", "is", null).execute();
  return report;
}

/** A member's own reports, for "export my data". */
export async function listPrivacyReportsOf(db: Db, { userId }: { userId: number }) {
  return db
    .selectFrom("privacy_reports")
    .select(["kind", "finding_kind as findingKind", "snippet", "language", "created_at as createdAt", "resolved_at as resolvedAt"])
    .where("reporter_id", "=", userId)
    .orderBy("id")
    .execute();
}

/** Erasure: the passages a member reported go with them (rows deleted, not blanked). */
export async function erasePrivacyReportsOf(db: Db, { userId }: { userId: number }) {
  await db.deleteFrom("privacy_reports").where("reporter_id", "=", userId).execute();
}
