/// <reference types="vite/client" />
import type { AddressInfo } from "node:net";
import type { Kysely } from "kysely";
import { strFromU8, unzipSync } from "fflate";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import { RECENT_SIGN_IN_MS } from "../app/auth/guards.server";
import { validateSessionToken } from "../app/auth/session.server";
import { matchingStep, RECOVERY_CODE_COUNT, totpAt, verifyTotp } from "../app/models/two-factor.server";
import { recordRateLimitFailure, signInLimits } from "../app/models/rate-limit.server";
import { action as adminMemberAction, loader as adminMemberLoader } from "../app/routes/admin.members.$id";
import { action as languageAction } from "../app/routes/language";
import { action as loginAction } from "../app/routes/login";
import { action as codeAction, loader as codeLoader } from "../app/routes/login_.two-factor";
import { action as logoutAction } from "../app/routes/logout";
import { loader as orgExportLoader } from "../app/routes/organisations.$slug.export";
import { loader as rootLoader } from "../app/root";
import { action as newPracticeAction, loader as newPracticeLoader } from "../app/routes/practices.new";
import { action as confirmAction, loader as confirmLoader } from "../app/routes/settings_.confirm";
import { action as enrolAction, loader as enrolLoader } from "../app/routes/settings_.two-factor";
import { action as eraseAction, loader as eraseLoader } from "../app/routes/settings_.erase";
import { loader as exportLoader } from "../app/routes/settings.export";
import { action as settingsAction, loader as settingsLoader } from "../app/routes/settings";
import { action as setupAction } from "../app/routes/setup";
import { action as resetAction } from "../app/routes/reset-password.$token";
import { createPasswordReset } from "../app/models/password-reset.server";
import { createTestDb } from "./helpers/db";
import { call, setCookieToken } from "./helpers/remix";
import { makeMember, makeOrganisation, makeSession, makeSignedIn, TEST_PASSWORD, TEST_TOTP_SECRET } from "./factories";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

const STEP = 30_000;
const STALE = () => Date.now() - RECENT_SIGN_IN_MS - 60_000;
/** Three codes for three successive steps: each may be used once, in this order, within the ±1 window. */
const threeCodes = (secret = TEST_TOTP_SECRET) => [totpAt(secret, Date.now() - STEP), totpAt(secret), totpAt(secret, Date.now() + STEP)] as const;

async function auditRows(action: string) {
  return db.selectFrom("audit_log").select(["actor_id", "target_id", "detail"]).where("action", "=", action).execute();
}

async function sessionRow(cookieOrToken: string) {
  const token = cookieOrToken.replace(/^px_session=/, "");
  const { sessionIdFromToken } = await import("../app/auth/session.server");
  return db.selectFrom("sessions").select(["second_factor_verified", "confirmed_at"]).where("id", "=", sessionIdFromToken(token)).executeTakeFirst();
}

async function json(response: Response) {
  return (await response.json()) as Record<string, any>;
}

/** Signs in with the password: the half-signed-in cookie of a member with a second factor. */
async function passwordStep(email: string, redirectTo = "") {
  const response = await call(loginAction, { db, path: "/login", form: { email, password: TEST_PASSWORD, redirectTo } });
  const token = setCookieToken(response);
  return { response, cookie: `px_session=${token}` };
}

describe("codes (RFC 6238)", () => {
  it("accept the step before, now and after, nothing further, and each step only once", async () => {
    const now = 1_800_000_000_000;
    const step = Math.floor(now / STEP);
    expect(matchingStep(TEST_TOTP_SECRET, totpAt(TEST_TOTP_SECRET, now), { now })).toBe(step);
    expect(matchingStep(TEST_TOTP_SECRET, totpAt(TEST_TOTP_SECRET, now - STEP), { now })).toBe(step - 1);
    expect(matchingStep(TEST_TOTP_SECRET, totpAt(TEST_TOTP_SECRET, now + STEP), { now })).toBe(step + 1);
    expect(matchingStep(TEST_TOTP_SECRET, totpAt(TEST_TOTP_SECRET, now - 2 * STEP), { now })).toBeNull();
    expect(matchingStep(TEST_TOTP_SECRET, totpAt(TEST_TOTP_SECRET, now + 2 * STEP), { now })).toBeNull();
    // Typed with a space, as apps show it.
    const code = totpAt(TEST_TOTP_SECRET, now);
    expect(matchingStep(TEST_TOTP_SECRET, `${code.slice(0, 3)} ${code.slice(3)}`, { now })).toBe(step);
    expect(matchingStep(TEST_TOTP_SECRET, "12345", { now })).toBeNull();

    const member = await makeMember(db, { twoFactor: true });
    expect(await verifyTotp(db, { userId: member.id, code: totpAt(TEST_TOTP_SECRET, now), now })).toBe(true);
    // The same code again, and the older step's code after it, are refused.
    expect(await verifyTotp(db, { userId: member.id, code: totpAt(TEST_TOTP_SECRET, now), now })).toBe(false);
    expect(await verifyTotp(db, { userId: member.id, code: totpAt(TEST_TOTP_SECRET, now - STEP), now })).toBe(false);
    expect(await verifyTotp(db, { userId: member.id, code: totpAt(TEST_TOTP_SECRET, now + STEP), now })).toBe(true);
  });
});

describe("enrolment", () => {
  it("shows a QR code drawn on the server and the secret, confirms one code, then shows ten recovery codes once", async () => {
    const member = await makeSignedIn(db);
    const page = await json(await call(enrolLoader, { db, path: "/settings/two-factor", cookie: member.cookie }));
    expect(page.enrolled).toBe(false);
    expect(page.setup.qr.size).toBeGreaterThanOrEqual(21);
    expect(page.setup.qr.path).toMatch(/^M\d+ \d+h1v1h-1z/);
    const secret = String(page.setup.secret).replace(/ /g, "");
    expect(page.setup.secret).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{4})+$/);
    // A reload shows the same secret until it is confirmed.
    const again = await json(await call(enrolLoader, { db, path: "/settings/two-factor", cookie: member.cookie }));
    expect(again.setup.secret).toBe(page.setup.secret);

    const wrong = await call(enrolAction, { db, path: "/settings/two-factor", cookie: member.cookie, form: { intent: "enrol", code: "000000" === totpAt(secret) ? "111111" : "000000" } });
    expect(wrong.status).toBe(400);
    expect((await json(wrong)).errors.code.key).toBe("twoFactor.invalidCode");

    const done = await call(enrolAction, { db, path: "/settings/two-factor", cookie: member.cookie, form: { intent: "enrol", code: totpAt(secret) } });
    expect(done.status).toBe(200);
    const { recoveryCodes } = await json(done);
    expect(recoveryCodes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(recoveryCodes).size).toBe(RECOVERY_CODE_COUNT);
    const stored = await db.selectFrom("two_factor_recovery_codes").select(["code_hash", "used_at"]).where("user_id", "=", member.id).execute();
    expect(stored).toHaveLength(RECOVERY_CODE_COUNT);
    // Stored hashed: no plain code in the table.
    for (const code of recoveryCodes) expect(JSON.stringify(stored)).not.toContain(code);
    expect((await db.selectFrom("two_factor_secrets").select("enrolled_at").where("user_id", "=", member.id).executeTakeFirstOrThrow()).enrolled_at).not.toBeNull();
    expect(await auditRows("two_factor.enabled")).toHaveLength(1);

    // Afterwards the page shows the state, never the codes or the secret again.
    const after = await call(enrolLoader, { db, path: "/settings/two-factor", cookie: member.cookie });
    const body = await after.text();
    expect(JSON.parse(body)).toMatchObject({ enrolled: true, unusedRecoveryCodes: 10, setup: null });
    expect(body).not.toContain(recoveryCodes[0]);
    expect(body).not.toContain(secret);
  });

  it("makes new recovery codes only with a current code; the old ones stop working", async () => {
    const member = await makeSignedIn(db, { twoFactor: true });
    const [first, second] = threeCodes();
    const refused = await call(enrolAction, { db, path: "/settings/two-factor", cookie: member.cookie, form: { intent: "regenerate", code: "" } });
    expect(refused.status).toBe(400);
    const one = await json(await call(enrolAction, { db, path: "/settings/two-factor", cookie: member.cookie, form: { intent: "regenerate", code: first } }));
    expect(one.recoveryCodes).toHaveLength(10);
    const two = await json(await call(enrolAction, { db, path: "/settings/two-factor", cookie: member.cookie, form: { intent: "regenerate", code: second } }));
    const { cookie } = await passwordStep(member.email);
    expect((await call(codeAction, { db, path: "/login/two-factor", cookie, form: { code: one.recoveryCodes[0] } })).status).toBe(400);
    expect((await call(codeAction, { db, path: "/login/two-factor", cookie, form: { code: two.recoveryCodes[0] } })).status).toBe(302);
    expect(await auditRows("two_factor.recovery_codes_regenerated")).toHaveLength(2);
  });
});

describe("signing in with a second factor", () => {
  it("opens an unverified session that reaches only the code page and sign-out, then goes on where it was going", async () => {
    const member = await makeMember(db, { twoFactor: true });
    const { response, cookie } = await passwordStep(member.email, "/practices?theme=x");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/login/two-factor?${new URLSearchParams({ redirectTo: "/practices?theme=x" })}`);
    expect((await sessionRow(cookie))?.second_factor_verified).toBe(0);

    // Not signed in yet: the root sees nobody; a page sends to the code step, keeping where it was going.
    const root = await json(await call(rootLoader, { db, path: "/", cookie }));
    expect(root.member).toBeNull();
    const settings = await call(settingsLoader, { db, path: "/settings", cookie });
    expect(settings.status).toBe(302);
    expect(settings.headers.get("Location")).toBe(`/login/two-factor?${new URLSearchParams({ redirectTo: "/settings" })}`);
    const post = await call(settingsAction, { db, path: "/settings", cookie, form: { intent: "revokeOthers" } });
    expect(post.headers.get("Location")).toMatch(/^\/login\/two-factor/);
    expect((await call(codeLoader, { db, path: "/login/two-factor", cookie })).status).toBe(200);

    const wrong = await call(codeAction, { db, path: "/login/two-factor", cookie, form: { code: "12345x", redirectTo: "/practices?theme=x" } });
    expect(wrong.status).toBe(400);
    expect(await json(wrong)).toMatchObject({ errors: { code: { key: "twoFactor.invalidCode" } }, values: { redirectTo: "/practices?theme=x" } });

    const right = await call(codeAction, { db, path: "/login/two-factor", cookie, form: { code: totpAt(TEST_TOTP_SECRET), redirectTo: "/practices?theme=x" } });
    expect(right.status).toBe(302);
    expect(right.headers.get("Location")).toBe("/practices?theme=x");
    expect((await sessionRow(cookie))?.second_factor_verified).toBe(1);
    expect((await json(await call(rootLoader, { db, path: "/", cookie }))).member).toMatchObject({ id: member.id });
    const signIns = await auditRows("auth.signin");
    expect(JSON.parse(signIns.at(-1)!.detail)).toEqual({ secondFactor: "totp" });

    // The same code on another sign-in within its window is refused.
    const other = await passwordStep(member.email);
    expect((await call(codeAction, { db, path: "/login/two-factor", cookie: other.cookie, form: { code: totpAt(TEST_TOTP_SECRET) } })).status).toBe(400);
    // Sign-out works half signed in too.
    const out = await call(logoutAction, { db, path: "/logout", cookie: other.cookie, form: {} });
    expect(out.headers.get("Location")).toBe("/login");
    expect(await sessionRow(other.cookie)).toBeUndefined();
  });

  it("accepts a recovery code once", async () => {
    const member = await makeSignedIn(db, { twoFactor: true });
    const { recoveryCodes } = await json(await call(enrolAction, { db, path: "/settings/two-factor", cookie: member.cookie, form: { intent: "regenerate", code: totpAt(TEST_TOTP_SECRET) } }));
    const first = await passwordStep(member.email);
    const used = await call(codeAction, { db, path: "/login/two-factor", cookie: first.cookie, form: { code: recoveryCodes[3].toUpperCase() } });
    expect(used.status).toBe(302);
    expect(JSON.parse((await auditRows("auth.signin")).at(-1)!.detail)).toEqual({ secondFactor: "recovery" });
    const second = await passwordStep(member.email);
    const again = await call(codeAction, { db, path: "/login/two-factor", cookie: second.cookie, form: { code: recoveryCodes[3] } });
    expect(again.status).toBe(400);
    const enrolled = await json(await call(enrolLoader, { db, path: "/settings/two-factor", cookie: member.cookie }));
    expect(enrolled.unusedRecoveryCodes).toBe(9);
  });

  it("counts wrong codes against the sign-in limits, and locks like the password does", async () => {
    const member = await makeMember(db, { twoFactor: true });
    const { cookie } = await passwordStep(member.email);
    await call(codeAction, { db, path: "/login/two-factor", cookie, form: { code: "999999" === totpAt(TEST_TOTP_SECRET) ? "888888" : "999999" } });
    const [pair] = signInLimits({ email: member.email, ip: "127.0.0.1" });
    const row = await db.selectFrom("rate_limits").select("failures").where("key", "=", pair!.key).executeTakeFirstOrThrow();
    expect(row.failures).toBe(1);
    expect(await auditRows("auth.second_factor_failed")).toHaveLength(1);

    for (let i = 1; i < pair!.policy.maxFailures; i++) await recordRateLimitFailure(db, pair!);
    const locked = await call(codeAction, { db, path: "/login/two-factor", cookie, form: { code: totpAt(TEST_TOTP_SECRET) } });
    expect(locked.status).toBe(429);
    expect((await json(locked)).formError).toEqual({ key: "login.locked", params: { minutes: 15 } });
    expect((await sessionRow(cookie))?.second_factor_verified).toBe(0);
    // The password step is locked by the same count.
    expect((await call(loginAction, { db, path: "/login", form: { email: member.email, password: TEST_PASSWORD } })).status).toBe(429);
  });

  it("gives back a form sent after the session ended only once both steps are done", async () => {
    const member = await makeMember(db, { twoFactor: true });
    const { cookie: old } = await makeSession(db, member.id);
    await db.deleteFrom("sessions").execute();
    const sent = await call(newPracticeAction, { db, path: "/practices/new", cookie: old, form: { intent: "draft", title: "Evening classes", language: "en" } });
    expect(sent.headers.get("Location")).toBe("/login?redirectTo=%2Fpractices%2Fnew");
    const browser = `px_pending=${sent.headers.get("Set-Cookie")!.match(/px_pending=([^;]*)/)![1]}`;

    const password = await call(loginAction, { db, path: "/login", cookie: browser, form: { email: member.email, password: TEST_PASSWORD, redirectTo: "/practices/new" } });
    const half = `px_session=${setCookieToken(password)}`;
    // Not yet this member's: the password alone does not claim it.
    expect((await db.selectFrom("pending_submissions").select("user_id").executeTakeFirstOrThrow()).user_id).toBeNull();
    const code = await call(codeAction, { db, path: "/login/two-factor", cookie: `${half}; ${browser}`, form: { code: totpAt(TEST_TOTP_SECRET), redirectTo: "/practices/new" } });
    expect(code.headers.get("Location")).toBe("/practices/new");
    const page = await json(await call(newPracticeLoader, { db, path: "/practices/new", cookie: `${half}; ${browser}` }));
    expect(page.restored).toBe(true);
    expect(page.defaults.title).toBe("Evening classes");
  });

  it("a member without a second factor signs in with the password alone, as before", async () => {
    const member = await makeMember(db);
    const { response, cookie } = await passwordStep(member.email, "/search");
    expect(response.headers.get("Location")).toBe("/search");
    expect((await sessionRow(cookie))?.second_factor_verified).toBe(1);
  });
});

// Every route module: what an administrator or curator who has not enrolled reaches.
const routeModules = import.meta.glob<{ loader?: (args: never) => unknown; action?: (args: never) => unknown }>(["../app/routes/*.{ts,tsx}", "../app/routes/*/route.tsx"], { eager: true });
/** A path for a route file name: enforcement looks only at the path. */
const pathOf = (file: string) =>
  "/" +
  file
    .replace(/^\.\.\/app\/routes\//, "")
    .replace(/\/route\.tsx$|\.tsx?$/, "")
    .split(".")
    .filter((part) => part !== "_index")
    .map((part) => part.replace(/_$/, "").replace(/^\$.*/, "x"))
    .join("/");
/** Reachable before enrolling, or not about a signed-in member at all (they answer the same to anyone). */
const OPEN = new Set(["/settings/two-factor", "/logout", "/language", "/healthz"]);

describe("administrators and curators must enrol", () => {
  for (const role of ["admin", "curator"] as const) {
    it(`a ${role} without a second factor is sent to enrolment from every other page, and refused every other submission`, async () => {
      const org = await makeOrganisation(db);
      const person = await makeSignedIn(db, { role, organisationId: org.id, twoFactor: false });
      const reached: string[] = [];
      for (const [file, mod] of Object.entries(routeModules)) {
        const path = pathOf(file);
        if (OPEN.has(path)) continue;
        const params = { slug: org.slug, id: String(person.id), token: "x", "*": "x" };
        if (mod.loader) {
          const response = await call(mod.loader as never, { db, path, cookie: person.cookie, params });
          if (!(response.status === 302 && response.headers.get("Location") === "/settings/two-factor")) reached.push(`GET ${path} ${response.status}`);
        }
        if (mod.action) {
          const response = await call(mod.action as never, { db, path, cookie: person.cookie, params, form: { intent: "x" } });
          if (response.status !== 403) reached.push(`POST ${path} ${response.status}`);
        }
      }
      // Left: pages for people without a session (an unknown link is gone, setup is over), and
      // the code step, which sends a fully signed-in session on to "/" (and so to enrolment).
      expect(reached.sort()).toEqual([
        "GET /invite/x 410",
        "GET /login/two-factor 302",
        "GET /reset-password/x 410",
        "GET /setup 404",
        "GET /unsubscribe/x 404",
        "POST /invite/x 410",
        "POST /login/two-factor 302",
        "POST /reset-password/x 410",
        "POST /setup 404",
        "POST /unsubscribe/x 404",
      ]);

      // What stays open: the enrolment page, the language and signing out.
      expect((await call(enrolLoader, { db, path: "/settings/two-factor", cookie: person.cookie })).status).toBe(200);
      expect((await call(languageAction, { db, path: "/language", cookie: person.cookie, form: { locale: "fr", redirectTo: "/settings/two-factor" } })).status).toBe(302);
      // Once enrolled, the forum opens.
      const page = await json(await call(enrolLoader, { db, path: "/settings/two-factor", cookie: person.cookie }));
      const secret = String(page.setup.secret).replace(/ /g, "");
      expect((await call(enrolAction, { db, path: "/settings/two-factor", cookie: person.cookie, form: { intent: "enrol", code: totpAt(secret) } })).status).toBe(200);
      expect((await call(settingsLoader, { db, path: "/settings", cookie: person.cookie })).status).toBe(200);
      expect((await call(logoutAction, { db, path: "/logout", cookie: person.cookie, form: {} })).status).toBe(302);
    });
  }

  it("the sweep above walks every route file, the glossary's among them", () => {
    expect(Object.keys(routeModules).map(pathOf)).toEqual(
      expect.arrayContaining([
        "/glossary",
        "/glossary/x",
        "/glossary/term/x",
        "/glossary/new",
        "/glossary/x/edit",
        "/glossary/x/history",
        "/glossary/proposals",
        "/glossary/proposals/new",
        "/glossary/export/x",
      ]),
    );
  });

  it("a member or coordinator may go without", async () => {
    for (const role of ["member", "coordinator"] as const) {
      const person = await makeSignedIn(db, { role });
      expect((await call(settingsLoader, { db, path: "/settings", cookie: person.cookie })).status).toBe(200);
    }
  });

  it("first-run setup lands the first administrator on enrolment", async () => {
    const response = await call(setupAction, {
      db,
      path: "/setup",
      form: { organisationName: "Kathmandu Exit Network", country: "NP", displayName: "Asha", email: "asha@example.org", password: "twelve chars ok" },
    });
    expect(response.headers.get("Location")).toBe("/settings/two-factor");
    const cookie = `px_session=${setCookieToken(response)}`;
    expect((await call(settingsLoader, { db, path: "/settings", cookie })).headers.get("Location")).toBe("/settings/two-factor");
  });
});

describe("an administrator resets a member's second factor", () => {
  const saved = { SMTP_URL: process.env.SMTP_URL, APP_ORIGIN: process.env.APP_ORIGIN };
  let closeMailbox: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await closeMailbox?.();
    closeMailbox = undefined;
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  async function mailbox() {
    const messages: { to: string[]; subject: string; text: string }[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((parsed) => {
            messages.push({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), subject: parsed.subject ?? "", text: parsed.text ?? "" });
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    process.env.SMTP_URL = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    process.env.APP_ORIGIN = "https://px.example.org";
    closeMailbox = () => new Promise<void>((resolve) => server.close(() => resolve()));
    return messages;
  }

  it("removes it, ends the member's sessions, audits it and tells the member by e-mail", async () => {
    const messages = await mailbox();
    const admin = await makeSignedIn(db, { role: "admin" });
    const member = await makeSignedIn(db, { role: "curator" });
    expect((await json(await call(adminMemberLoader, { db, path: `/admin/members/${member.id}`, cookie: admin.cookie, params: { id: String(member.id) } }))).twoFactorEnrolled).toBe(true);

    const response = await call(adminMemberAction, { db, path: `/admin/members/${member.id}`, cookie: admin.cookie, params: { id: String(member.id) }, form: { intent: "resetTwoFactor" } });
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ twoFactorReset: { done: true, sent: true } });
    expect(await db.selectFrom("two_factor_secrets").select("user_id").where("user_id", "=", member.id).execute()).toEqual([]);
    expect(await db.selectFrom("sessions").select("id").where("user_id", "=", member.id).execute()).toEqual([]);
    const [row] = await auditRows("two_factor.reset");
    expect(row).toMatchObject({ actor_id: admin.id, target_id: String(member.id) });
    expect(JSON.parse(row!.detail)).toEqual({ emailed: true });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ to: [member.email], subject: "Two-factor sign-in was reset on your Practice Exchange account" });
    expect(messages[0]!.text).not.toMatch(/https?:\/\//);

    // Signing in again, the curator is asked to enrol before anything else.
    const { response: signIn, cookie } = await passwordStep(member.email, "/moderation");
    expect(signIn.headers.get("Location")).toBe("/moderation");
    expect((await call(settingsLoader, { db, path: "/settings", cookie })).headers.get("Location")).toBe("/settings/two-factor");
  });

  it("without e-mail the audit says it was not sent; nobody resets their own", async () => {
    delete process.env.SMTP_URL;
    const admin = await makeSignedIn(db, { role: "admin" });
    const member = await makeSignedIn(db, { twoFactor: true });
    const response = await call(adminMemberAction, { db, path: `/admin/members/${member.id}`, cookie: admin.cookie, params: { id: String(member.id) }, form: { intent: "resetTwoFactor" } });
    expect(await json(response)).toEqual({ twoFactorReset: { done: true, sent: false } });
    expect(JSON.parse((await auditRows("two_factor.reset"))[0]!.detail)).toEqual({ emailed: false });
    const own = await call(adminMemberAction, { db, path: `/admin/members/${admin.id}`, cookie: admin.cookie, params: { id: String(admin.id) }, form: { intent: "resetTwoFactor" } });
    expect(own.status).toBe(403);
    expect(await db.selectFrom("two_factor_secrets").select("user_id").where("user_id", "=", admin.id).execute()).toHaveLength(1);
  });

  it("asks the administrator for their password and code again when their last confirmation is stale", async () => {
    const admin = await makeMember(db, { role: "admin" });
    const { cookie } = await makeSession(db, admin.id, { confirmedAt: STALE() });
    const member = await makeSignedIn(db, { twoFactor: true });
    const form = { intent: "resetTwoFactor" };
    const refused = await call(adminMemberAction, { db, path: `/admin/members/${member.id}`, cookie, params: { id: String(member.id) }, form });
    expect(refused.status).toBe(400);
    expect((await json(refused)).errors.confirmPassword.key).toBe("recent.passwordNeeded");
    expect(await db.selectFrom("two_factor_secrets").select("user_id").where("user_id", "=", member.id).execute()).toHaveLength(1);
    const [, now] = threeCodes();
    const done = await call(adminMemberAction, {
      db,
      path: `/admin/members/${member.id}`,
      cookie,
      params: { id: String(member.id) },
      form: { ...form, confirmPassword: TEST_PASSWORD, confirmCode: now },
    });
    expect(done.status).toBe(200);
    expect(await db.selectFrom("two_factor_secrets").select("user_id").where("user_id", "=", member.id).execute()).toHaveLength(0);
  });
});

describe("turning it off", () => {
  it("needs the password and a current code", async () => {
    const member = await makeSignedIn(db, { twoFactor: true });
    const [first, second] = threeCodes();
    const form = (password: string, code: string) => ({ db, path: "/settings/two-factor", cookie: member.cookie, form: { intent: "disable", password, code } });
    const noCode = await call(enrolAction, form(TEST_PASSWORD, ""));
    expect(noCode.status).toBe(400);
    const wrongPassword = await call(enrolAction, form("not my password", first));
    expect(wrongPassword.status).toBe(400);
    expect((await json(wrongPassword)).errors.password.key).toBe("settings.wrongPassword");
    const wrongCode = await call(enrolAction, form(TEST_PASSWORD, "123456" === first ? "654321" : "123456"));
    expect(wrongCode.status).toBe(400);
    expect((await json(wrongCode)).errors.code.key).toBe("twoFactor.invalidCode");
    expect(await db.selectFrom("two_factor_secrets").select("user_id").where("user_id", "=", member.id).execute()).toHaveLength(1);

    const done = await call(enrolAction, form(TEST_PASSWORD, second));
    expect(done.status).toBe(302);
    expect(await db.selectFrom("two_factor_secrets").select("user_id").where("user_id", "=", member.id).execute()).toEqual([]);
    expect(await db.selectFrom("two_factor_recovery_codes").select("id").where("user_id", "=", member.id).execute()).toEqual([]);
    expect(await auditRows("two_factor.disabled")).toHaveLength(1);
  });
});

describe("recent sign-in for sensitive actions", () => {
  /** A member whose password was typed more than ten minutes ago. */
  async function stale(options: Parameters<typeof makeMember>[1] = {}) {
    const member = await makeMember(db, options);
    const session = await makeSession(db, member.id, { confirmedAt: STALE() });
    return { ...member, cookie: session.cookie };
  }
  const confirmedAt = async (cookie: string) => (await sessionRow(cookie))!.confirmed_at;

  it("the loaders tell the forms when the password (and code) will be asked", async () => {
    const fresh = await makeSignedIn(db, { twoFactor: true });
    const old = await stale({ twoFactor: true });
    expect((await json(await call(settingsLoader, { db, path: "/settings", cookie: fresh.cookie }))).recentSignIn).toEqual({ needed: false, code: true });
    expect((await json(await call(settingsLoader, { db, path: "/settings", cookie: old.cookie }))).recentSignIn).toEqual({ needed: true, code: true });
    expect((await json(await call(eraseLoader, { db, path: "/settings/erase", cookie: old.cookie }))).recentSignIn).toEqual({ needed: true, code: true });
  });

  it("changing the e-mail address: stale is refused with what was typed kept; the password renews it; fresh just works", async () => {
    const member = await stale();
    const form = { intent: "email", email: "new-address@example.org" };
    const refused = await call(settingsAction, { db, path: "/settings", cookie: member.cookie, form });
    expect(refused.status).toBe(400);
    expect(await json(refused)).toMatchObject({
      intent: "email",
      formError: { key: "recent.needed" },
      errors: { confirmPassword: { key: "recent.passwordNeeded" } },
      values: { email: "new-address@example.org" },
    });
    const wrong = await call(settingsAction, { db, path: "/settings", cookie: member.cookie, form: { ...form, confirmPassword: "not it" } });
    expect(wrong.status).toBe(400);
    const wrongBody = await json(wrong);
    expect(wrongBody.errors.confirmPassword.key).toBe("recent.wrongPassword");
    expect(JSON.stringify(wrongBody)).not.toContain("not it");
    expect((await db.selectFrom("users").select("email").where("id", "=", member.id).executeTakeFirstOrThrow()).email).toBe(member.email);

    const before = await confirmedAt(member.cookie);
    const done = await call(settingsAction, { db, path: "/settings", cookie: member.cookie, form: { ...form, confirmPassword: TEST_PASSWORD } });
    expect(done.status).toBe(302);
    expect((await db.selectFrom("users").select("email").where("id", "=", member.id).executeTakeFirstOrThrow()).email).toBe("new-address@example.org");
    expect(await confirmedAt(member.cookie)).toBeGreaterThan(before);
    // Now recent: the next change needs nothing more.
    expect((await call(settingsAction, { db, path: "/settings", cookie: member.cookie, form: { intent: "email", email: "third@example.org" } })).status).toBe(302);
  });

  it("changing the password: a stale session with a second factor is asked for a code too", async () => {
    const member = await stale({ twoFactor: true });
    const form = { intent: "password", currentPassword: TEST_PASSWORD, newPassword: "a brand new passphrase" };
    const refused = await call(settingsAction, { db, path: "/settings", cookie: member.cookie, form });
    expect(refused.status).toBe(400);
    expect((await json(refused)).errors).toEqual({ confirmCode: { key: "recent.codeNeeded" } });
    const done = await call(settingsAction, { db, path: "/settings", cookie: member.cookie, form: { ...form, confirmCode: totpAt(TEST_TOTP_SECRET) } });
    expect(done.status).toBe(302);
    const fresh = await makeSignedIn(db, { twoFactor: true });
    expect((await call(settingsAction, { db, path: "/settings", cookie: fresh.cookie, form })).status).toBe(302);
  });

  it("erasing: stale and enrolled needs the code, and the choices stay ticked", async () => {
    const member = await stale({ twoFactor: true });
    const form = { password: TEST_PASSWORD, confirm: "yes", deleteComments: "on" };
    const refused = await call(eraseAction, { db, path: "/settings/erase", cookie: member.cookie, form });
    expect(refused.status).toBe(400);
    expect(await json(refused)).toMatchObject({ errors: { confirmCode: { key: "recent.codeNeeded" } }, values: { deleteComments: "on", confirm: "yes" } });
    expect((await db.selectFrom("users").select("disabled_at").where("id", "=", member.id).executeTakeFirstOrThrow()).disabled_at).toBeNull();
    const done = await call(eraseAction, { db, path: "/settings/erase", cookie: member.cookie, form: { ...form, confirmCode: totpAt(TEST_TOTP_SECRET) } });
    expect(done.status).toBe(302);
    const fresh = await makeSignedIn(db, { twoFactor: true });
    expect((await call(eraseAction, { db, path: "/settings/erase", cookie: fresh.cookie, form })).status).toBe(302);
  });

  it("exporting my data: stale goes to confirm and comes back; fresh downloads", async () => {
    const member = await stale();
    const sent = await call(exportLoader, { db, path: "/settings/export", cookie: member.cookie });
    expect(sent.status).toBe(302);
    expect(sent.headers.get("Location")).toBe(`/settings/confirm?${new URLSearchParams({ redirectTo: "/settings/export" })}`);
    expect((await json(await call(confirmLoader, { db, path: "/settings/confirm?redirectTo=%2Fsettings%2Fexport", cookie: member.cookie }))).redirectTo).toBe("/settings/export");
    const wrong = await call(confirmAction, { db, path: "/settings/confirm", cookie: member.cookie, form: { redirectTo: "/settings/export", confirmPassword: "nope" } });
    expect(wrong.status).toBe(400);
    expect(await json(wrong)).toMatchObject({ errors: { confirmPassword: { key: "recent.wrongPassword" } }, values: { redirectTo: "/settings/export" } });
    const back = await call(confirmAction, { db, path: "/settings/confirm", cookie: member.cookie, form: { redirectTo: "/settings/export", confirmPassword: TEST_PASSWORD } });
    expect(back.headers.get("Location")).toBe("/settings/export");
    const download = await call(exportLoader, { db, path: "/settings/export", cookie: member.cookie });
    expect(download.headers.get("Content-Type")).toBe("application/zip");
    expect(JSON.parse(strFromU8(unzipSync(new Uint8Array(await download.arrayBuffer()))["data.json"]!)).profile.email).toBe(member.email);
  });

  it("exporting the organisation: the same", async () => {
    const org = await makeOrganisation(db);
    const coordinator = await stale({ role: "coordinator", organisationId: org.id, twoFactor: true });
    const sent = await call(orgExportLoader, { db, path: `/organisations/${org.slug}/export`, cookie: coordinator.cookie, params: { slug: org.slug } });
    expect(sent.headers.get("Location")).toBe(`/settings/confirm?${new URLSearchParams({ redirectTo: `/organisations/${org.slug}/export` })}`);
    const noCode = await call(confirmAction, { db, path: "/settings/confirm", cookie: coordinator.cookie, form: { redirectTo: `/organisations/${org.slug}/export`, confirmPassword: TEST_PASSWORD } });
    expect(noCode.status).toBe(400);
    const back = await call(confirmAction, {
      db,
      path: "/settings/confirm",
      cookie: coordinator.cookie,
      form: { redirectTo: `/organisations/${org.slug}/export`, confirmPassword: TEST_PASSWORD, confirmCode: totpAt(TEST_TOTP_SECRET) },
    });
    expect(back.headers.get("Location")).toBe(`/organisations/${org.slug}/export`);
    const download = await call(orgExportLoader, { db, path: `/organisations/${org.slug}/export`, cookie: coordinator.cookie, params: { slug: org.slug } });
    expect(download.headers.get("Content-Type")).toBe("application/zip");
  });

  it("changing a role: stale needs password and code, the chosen role is kept; fresh works", async () => {
    const admin = await stale({ role: "admin" });
    const member = await makeMember(db);
    const args = (form: Record<string, string>) => ({ db, path: `/admin/members/${member.id}`, cookie: admin.cookie, params: { id: String(member.id) }, form: { intent: "role", ...form } });
    const refused = await call(adminMemberAction, args({ role: "coordinator" }));
    expect(refused.status).toBe(400);
    expect(await json(refused)).toMatchObject({
      formError: { key: "recent.needed" },
      errors: { confirmPassword: { key: "recent.passwordNeeded" }, confirmCode: { key: "recent.codeNeeded" } },
      values: { role: "coordinator" },
    });
    const wrongCode = await call(adminMemberAction, args({ role: "coordinator", confirmPassword: TEST_PASSWORD, confirmCode: "000000" === totpAt(TEST_TOTP_SECRET) ? "111111" : "000000" }));
    expect((await json(wrongCode)).errors.confirmCode.key).toBe("recent.wrongCode");
    expect((await db.selectFrom("users").select("role").where("id", "=", member.id).executeTakeFirstOrThrow()).role).toBe("member");
    const done = await call(adminMemberAction, args({ role: "coordinator", confirmPassword: TEST_PASSWORD, confirmCode: totpAt(TEST_TOTP_SECRET) }));
    expect(done.status).toBe(302);
    expect((await db.selectFrom("users").select("role").where("id", "=", member.id).executeTakeFirstOrThrow()).role).toBe("coordinator");
    const freshAdmin = await makeSignedIn(db, { role: "admin" });
    expect((await call(adminMemberAction, { ...args({ role: "member" }), cookie: freshAdmin.cookie })).status).toBe(302);
  });

  it("wrong confirmations count against the sign-in limits", async () => {
    const member = await stale();
    await call(settingsAction, { db, path: "/settings", cookie: member.cookie, form: { intent: "email", email: "x@example.org", confirmPassword: "wrong" } });
    const [pair] = signInLimits({ email: member.email, ip: "127.0.0.1" });
    expect((await db.selectFrom("rate_limits").select("failures").where("key", "=", pair!.key).executeTakeFirstOrThrow()).failures).toBe(1);
  });

  it("a session validates with its state; half a sign-in lasts a quarter of an hour", async () => {
    const member = await makeMember(db, { twoFactor: true });
    const { token } = await makeSession(db, member.id, { secondFactorVerified: false });
    const result = await validateSessionToken(db, token);
    expect(result?.member).toMatchObject({ twoFactorEnrolled: true, secondFactorVerified: false });
    expect(await validateSessionToken(db, token, Date.now() + 16 * 60_000)).toBeNull();
    expect(await sessionRow(token)).toBeUndefined();
  });
});

describe("a password reset does not skip the second factor", () => {
  it("a member with a second factor who resets their password still gives the code before they are signed in", async () => {
    const member = await makeMember(db, { twoFactor: true });
    const token = await createPasswordReset(db, { userId: member.id });
    const response = await call(resetAction, { db, params: { token }, form: { password: "a brand new passphrase" } });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login/two-factor");
    const cookie = `px_session=${setCookieToken(response)}`;
    expect((await call(settingsLoader, { db, cookie })).status).toBe(302);
    const row = await sessionRow(cookie);
    expect(row?.second_factor_verified).toBe(0);
  });
});

describe("the current password typed again counts against the sign-in limits", () => {
  it("wrong guesses at changing the password, or at erasing, lock like wrong sign-ins, and the right password is then refused too", async () => {
    const member = await makeSignedIn(db);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const wrong = await call(settingsAction, {
        db,
        cookie: member.cookie,
        form: { intent: "password", currentPassword: `guess ${i}`, newPassword: "a brand new passphrase", confirmPassword: "a brand new passphrase" },
      });
      statuses.push(wrong.status);
    }
    expect(statuses[0]).toBe(400);
    expect(statuses.at(-1)).toBe(429);
    const erase = await call(eraseAction, { db, cookie: member.cookie, form: { password: TEST_PASSWORD, confirm: "yes" } });
    expect(erase.status).toBe(429);
    expect((await erase.json()).values.confirm).toBe("yes");
  });
});
