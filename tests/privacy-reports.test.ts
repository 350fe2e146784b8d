import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import { collectMemberData, eraseMember } from "../app/models/account.server";
import { PRIVACY_REPORTS_PER_PAGE } from "../app/models/privacy-report.server";
import { action as editAction } from "../app/routes/practices.$slug.edit";
import { action as newAction } from "../app/routes/practices.new";
import { loader as moderationLoader } from "../app/routes/moderation";
import { action as reportsAction, loader as reportsLoader } from "../app/routes/moderation_.privacy-reports";
import { checkPrivacy } from "../app/utils/privacy-check";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makeOrganisation, makePractice, makeSignedIn, sampleWriteUp } from "./factories";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

const PERSONAL = "We met Grace Mwale, 17, at the border post. The rest of the approach is about the work.";
const form = (overrides: Record<string, string | string[]> = {}) => ({
  ...sampleWriteUp({ approach: PERSONAL }),
  language: "en",
  themes: ["vocational-training"],
  countries: ["MW"],
  ...overrides,
});

const reports = () => db.selectFrom("privacy_reports").selectAll().orderBy("id").execute();

describe("reporting the privacy check from the practice form", () => {
  it("'This warning is wrong' stores the finding's passage only and gives the form back as typed", async () => {
    const author = await signedIn();
    const findings = checkPrivacy({ approach: PERSONAL });
    expect(findings.map((f) => f.kind)).toEqual(["nameAge"]);
    const typed = form({ lessons: "Something the author typed and has not saved yet." });
    const response = await call(newAction, { db, cookie: author.cookie, path: "/practices/new", form: { ...typed, intent: "reportWrong:0" } });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.reported).toBe("wrong");
    for (const [name, value] of Object.entries(typed)) expect([body.values[name]].flat(), name).toEqual([value].flat());
    expect(body.findings).toHaveLength(1);

    const rows = await reports();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "false_warning", finding_kind: "nameAge", field: "approach", language: "en", reporter_id: author.id, resolved_at: null });
    expect(rows[0]!.snippet).toContain("Grace Mwale, 17");
    // The passage, never the write-up.
    expect(rows[0]!.snippet.length).toBeLessThanOrEqual(200);
    expect(rows[0]!.snippet).not.toContain("rest of the approach is about the work");
    // Nothing was saved: the practice is still only in the browser.
    expect(await db.selectFrom("practices").select("id").execute()).toEqual([]);
  });

  it("'This should have been caught' stores the missed passage, bounded, and empties only its own box", async () => {
    const author = await signedIn();
    const org = await db.selectFrom("users").select("organisation_id").where("id", "=", author.id).executeTakeFirstOrThrow();
    const practice = await makePractice(db, { authorId: author.id, organisationId: org.organisation_id, publish: false });
    const typed = form({ approach: "Nothing flagged here.", missedText: "her cousin in Ward 7 of Blantyre" });
    const response = await call(editAction, { db, cookie: author.cookie, params: { slug: practice.slug }, form: { ...typed, intent: "reportMissed" } });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.reported).toBe("missed");
    expect(body.values.approach).toBe("Nothing flagged here.");
    expect(body.values.title).toBe(typed.title);
    expect(body.values.missedText).toBeUndefined();
    expect(await reports()).toMatchObject([{ kind: "missed", finding_kind: null, snippet: "her cousin in Ward 7 of Blantyre", field: null, language: "en" }]);
    // The draft was not changed by the report.
    const row = await db.selectFrom("practices").select("approach_md").where("id", "=", practice.id).executeTakeFirstOrThrow();
    expect(row.approach_md).not.toBe("Nothing flagged here.");
  });

  it("refuses an empty or overlong missed passage (400, everything kept) and a warning that is no longer there", async () => {
    const author = await signedIn();
    const empty = await call(newAction, { db, cookie: author.cookie, form: { ...form(), intent: "reportMissed", missedText: "  " } });
    expect(empty.status).toBe(400);
    const emptyBody = await empty.json();
    expect(emptyBody.errors.missedText.key).toBe("validation.required");
    expect(emptyBody.values.approach).toBe(PERSONAL);

    const long = await call(newAction, { db, cookie: author.cookie, form: { ...form(), intent: "reportMissed", missedText: "x".repeat(201) } });
    expect(long.status).toBe(400);
    expect((await long.json()).values.missedText).toBe("x".repeat(201));

    const gone = await call(newAction, { db, cookie: author.cookie, form: { ...form(), intent: "reportWrong:5" } });
    expect(gone.status).toBe(400);
    expect((await gone.json()).reportError.key).toBe("privacy.reportGone");
    expect(await reports()).toEqual([]);
  });

  it("limits how many reports one member sends in an hour", async () => {
    const author = await signedIn();
    for (let i = 0; i < 30; i++) {
      const response = await call(newAction, { db, cookie: author.cookie, form: { ...form(), intent: "reportWrong:0" } });
      expect(response.status).toBe(200);
    }
    const refused = await call(newAction, { db, cookie: author.cookie, form: { ...form(), intent: "reportWrong:0" } });
    expect(refused.status).toBe(429);
    expect((await refused.json()).values.approach).toBe(PERSONAL);
    expect(await reports()).toHaveLength(30);
  });
});

describe("the curators' page", () => {
  it("shows open reports to curators, with the count on the moderation page; members get 403", async () => {
    const author = await signedIn({ displayName: "Reporting Author" });
    const curator = await signedIn({ role: "curator" });
    const member = await signedIn();

    const empty = await (await call(reportsLoader, { db, cookie: curator.cookie, path: "/moderation/privacy-reports" })).json();
    expect(empty).toMatchObject({ reports: [], total: 0, page: 1, pageCount: 1 });

    await call(newAction, { db, cookie: author.cookie, form: { ...form(), intent: "reportWrong:0" } });
    const page = await (await call(reportsLoader, { db, cookie: curator.cookie, path: "/moderation/privacy-reports" })).json();
    expect(page.total).toBe(1);
    expect(page.reports[0]).toMatchObject({ kind: "false_warning", findingKind: "nameAge", reporterName: "Reporting Author", language: "en", field: "approach" });
    expect(page.reports[0].snippet).toContain("Grace Mwale");
    const moderation = await (await call(moderationLoader, { db, cookie: curator.cookie, path: "/moderation" })).json();
    expect(moderation.privacyReports).toBe(1);

    expect((await call(reportsLoader, { db, cookie: member.cookie, path: "/moderation/privacy-reports" })).status).toBe(403);
    expect((await call(reportsAction, { db, cookie: member.cookie, form: { reportId: "1" } })).status).toBe(403);
    const anonymous = await call(reportsLoader, { db, path: "/moderation/privacy-reports" });
    expect(anonymous.status).toBe(302);
  });

  it("pages through many reports", async () => {
    const author = await signedIn();
    const curator = await signedIn({ role: "curator" });
    const now = Date.now();
    await db
      .insertInto("privacy_reports")
      .values(Array.from({ length: PRIVACY_REPORTS_PER_PAGE + 3 }, (_, i) => ({ kind: "missed" as const, snippet: `passage ${i}`, reporter_id: author.id, created_at: now + i })))
      .execute();
    const first = await (await call(reportsLoader, { db, cookie: curator.cookie, path: "/moderation/privacy-reports" })).json();
    expect(first).toMatchObject({ page: 1, pageCount: 2, total: PRIVACY_REPORTS_PER_PAGE + 3 });
    expect(first.reports[0].snippet).toBe(`passage ${PRIVACY_REPORTS_PER_PAGE + 2}`);
    const second = await (await call(reportsLoader, { db, cookie: curator.cookie, path: "/moderation/privacy-reports?page=2" })).json();
    expect(second.reports.map((r: { snippet: string }) => r.snippet)).toEqual(["passage 2", "passage 1", "passage 0"]);
  });

  it("resolving is audited without the passage, and a resolved report leaves the page", async () => {
    const author = await signedIn();
    const curator = await signedIn({ role: "curator" });
    await call(newAction, { db, cookie: author.cookie, form: { ...form(), intent: "reportWrong:0" } });
    const [report] = await reports();

    const response = await call(reportsAction, { db, cookie: curator.cookie, form: { reportId: String(report!.id) } });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/moderation/privacy-reports?resolved=1");
    const [resolved] = await reports();
    expect(resolved!.resolved_by).toBe(curator.id);
    expect(resolved!.resolved_at).not.toBeNull();
    const audit = await db.selectFrom("audit_log").selectAll().where("action", "=", "privacy_report.resolved").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: curator.id, target_type: "privacy_report", target_id: String(report!.id) });
    expect(JSON.parse(audit[0]!.detail)).toEqual({ kind: "false_warning", findingKind: "nameAge", language: "en" });
    expect(audit[0]!.detail).not.toContain("Grace");

    const page = await (await call(reportsLoader, { db, cookie: curator.cookie, path: "/moderation/privacy-reports?resolved=1" })).json();
    expect(page).toMatchObject({ reports: [], total: 0, resolved: true });
    // Resolving again: there is no open report with that id.
    expect((await call(reportsAction, { db, cookie: curator.cookie, form: { reportId: String(report!.id) } })).status).toBe(404);
    expect((await call(reportsAction, { db, cookie: curator.cookie, form: { reportId: "nope" } })).status).toBe(400);
  });

  it("a member's reports are in their export, and erasing them deletes the passages", async () => {
    const author = await signedIn();
    const other = await signedIn();
    await call(newAction, { db, cookie: author.cookie, form: { ...form(), intent: "reportWrong:0" } });
    await call(newAction, { db, cookie: author.cookie, form: { ...form(), intent: "reportMissed", missedText: "her sister's shop by the market" } });
    await call(newAction, { db, cookie: other.cookie, form: { ...form(), intent: "reportMissed", missedText: "another member's report" } });
    expect(await reports()).toHaveLength(3);
    // Their own reports are part of "export my data".
    const exported = await collectMemberData(db, { userId: author.id });
    expect(exported.privacyReports.map((r) => r.snippet)).toEqual([expect.stringContaining("Grace Mwale"), "her sister's shop by the market"]);
    await eraseMember(db, { userId: author.id, deleteComments: false });
    const left = await reports();
    expect(left.map((r) => r.snippet)).toEqual(["another member's report"]);
    const everywhere = JSON.stringify(await db.selectFrom("privacy_reports").selectAll().execute());
    expect(everywhere).not.toContain("Grace Mwale");
    expect(everywhere).not.toContain("her sister's shop");
  });
});

async function signedIn(options: Parameters<typeof makeSignedIn>[1] = {}) {
  const org = options.organisationId ?? (await makeOrganisation(db)).id;
  return makeSignedIn(db, { organisationId: org, ...options });
}
