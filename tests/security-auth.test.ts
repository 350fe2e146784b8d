// Regression tests for the sign-in, invitation and account findings of the penetration
// test (issue 15: #4, #5, #6, #10 and the low-severity items about accounts).
import type { AddressInfo } from "node:net";
import type { Kysely } from "kysely";
import { strFromU8, unzipSync } from "fflate";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Database } from "../db/schema";
import { createRequestContext } from "../app/server/context";
import { safeRedirect } from "../app/auth/guards.server";
import { createSession, generateSessionToken, SESSION_ABSOLUTE_TTL, SESSION_TTL, validateSessionToken } from "../app/auth/session.server";
import { createInvitation } from "../app/models/invitation.server";
import { createPasswordReset, findUsablePasswordReset } from "../app/models/password-reset.server";
import { rateLimitState, recordRateLimitFailure, SIGN_IN_ACCOUNT_ANYWHERE, SIGN_IN_SUBNET, signInLimits, subnetOf } from "../app/models/rate-limit.server";
import { action as adminMemberAction, loader as adminMemberLoader } from "../app/routes/admin.members.$id";
import { action as forgotAction } from "../app/routes/forgot-password";
import { action as invitationsAction, loader as invitationsLoader } from "../app/routes/invitations";
import { action as languageAction } from "../app/routes/language";
import { action as loginAction } from "../app/routes/login";
import { action as resetAction, loader as resetLoader } from "../app/routes/reset-password.$token";
import { action as settingsAction } from "../app/routes/settings";
import { action as eraseAction } from "../app/routes/settings_.erase";
import { loader as exportLoader } from "../app/routes/settings.export";
import { backgroundSettled } from "../app/server/background.server";
import { MailConfigurationError, sendMail } from "../app/utils/mail.server";
import { createTestDb } from "./helpers/db";
import { enrolTwoFactor, makeMember, makeOrganisation, makeSession, makeSignedIn, TEST_PASSWORD } from "./factories";

let db: Kysely<Database>;
const savedEnv = { SMTP_URL: process.env.SMTP_URL, APP_ORIGIN: process.env.APP_ORIGIN };
beforeEach(async () => {
  db = await createTestDb();
  delete process.env.SMTP_URL;
  delete process.env.APP_ORIGIN;
});
afterEach(async () => {
  await backgroundSettled();
  vi.useRealTimers();
  vi.restoreAllMocks();
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await Promise.all(mailboxes.splice(0).map((m) => m.close()));
});

type RouteFn = (args: { request: Request; params: Record<string, string>; context: ReturnType<typeof createRequestContext> }) => unknown;

/** Like helpers/remix's `call`, but the URL (so the Host a browser or attacker sent) and the client address are the test's. */
async function send(
  fn: RouteFn,
  {
    url = "http://localhost/",
    ip = "127.0.0.1",
    cookie,
    form,
    params = {},
    headers = {},
  }: { url?: string; ip?: string; cookie?: string; form?: Record<string, string>; params?: Record<string, string>; headers?: Record<string, string> },
): Promise<Response> {
  const request = new Request(url, {
    method: form ? "POST" : "GET",
    headers: { ...headers, ...(cookie ? { Cookie: cookie } : {}) },
    body: form ? new URLSearchParams(form) : undefined,
  });
  try {
    const result = await fn({ request, params, context: createRequestContext(db, { clientIp: ip }) });
    return result instanceof Response ? result : Response.json(result);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

interface Received {
  to: string[];
  subject: string;
  text: string;
}

/** A real SMTP server on a free port, pointed at by SMTP_URL; `hold` delays each answer, `refuse` rejects some messages. */
const mailboxes: { close: () => Promise<void> }[] = [];
async function mailbox({ hold = 0, refuse }: { hold?: number; refuse?: (mail: Received) => boolean } = {}) {
  const messages: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (parsed) => {
          const mail = { to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), subject: parsed.subject ?? "", text: parsed.text ?? "" };
          if (hold) await new Promise((resolve) => setTimeout(resolve, hold));
          if (refuse?.(mail)) return callback(new Error("refused by the test"));
          messages.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  const box = { messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  mailboxes.push(box);
  return box;
}

const linkIn = (text: string) => text.match(/https?:\/\/\S+/)?.[0] ?? "";

describe("#4 links in e-mails are never built from request headers", () => {
  const forged = { url: "http://evil.example/forgot-password", headers: { Host: "evil.example", "X-Forwarded-Host": "evil.example" } };

  it("with SMTP but without APP_ORIGIN nothing is e-mailed: a forged Host never reaches a reset e-mail", async () => {
    const box = await mailbox();
    const member = await makeMember(db);
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await send(forgotAction, { ...forged, form: { email: member.email } });
    expect(response.status).toBe(200);
    await backgroundSettled();
    expect(box.messages).toEqual([]);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining("password reset e-mail"), expect.any(MailConfigurationError));
    await expect(sendMail({ to: member.email, subject: "x", text: "y" })).rejects.toThrow(/APP_ORIGIN/);
  });

  it("refuses to create an invitation e-mail too, with a clear error", async () => {
    const box = await mailbox();
    const admin = await makeSignedIn(db, { role: "admin" });
    const form = { intent: "create", email: "invitee@example.org", organisationId: String(admin.organisationId), role: "member", locale: "en" };
    await expect(send(invitationsAction, { url: "http://evil.example/invitations", cookie: admin.cookie, form })).rejects.toThrow(MailConfigurationError);
    expect(box.messages).toEqual([]);
  });

  it("with APP_ORIGIN the e-mailed link is on APP_ORIGIN whatever Host and X-Forwarded-Host say", async () => {
    const box = await mailbox();
    process.env.APP_ORIGIN = "https://forum.example.org";
    const member = await makeMember(db);
    await send(forgotAction, { ...forged, form: { email: member.email } });
    await backgroundSettled();
    expect(box.messages).toHaveLength(1);
    const link = linkIn(box.messages[0]!.text);
    expect(link).toMatch(/^https:\/\/forum\.example\.org\/reset-password\/[a-z2-7]{32}$/);
    expect(box.messages[0]!.text).not.toContain("evil.example");
  });
});

describe("#5 invitations follow the rule for creating them", () => {
  async function scene() {
    const org = await makeOrganisation(db);
    const admin = await makeSignedIn(db, { role: "admin" });
    const coordinator = await makeSignedIn(db, { organisationId: org.id, role: "coordinator" });
    const make = (email: string, role: "member" | "coordinator" | "curator" | "admin") => createInvitation(db, { email, organisationId: org.id, role, locale: "en", invitedBy: admin.id });
    const adminInvite = await make("future-admin@example.org", "admin");
    const curatorInvite = await make("future-curator@example.org", "curator");
    const memberInvite = await make("future-member@example.org", "member");
    return { org, admin, coordinator, adminInvite, curatorInvite, memberInvite };
  }
  const invitationRow = async (id: number) => await db.selectFrom("invitations").select(["token_hash", "revoked_at"]).where("id", "=", id).executeTakeFirstOrThrow();

  it("a coordinator cannot re-send or withdraw an admin or curator invitation of their organisation, and gets no link", async () => {
    const { coordinator, adminInvite, curatorInvite } = await scene();
    for (const invitation of [adminInvite, curatorInvite]) {
      const before = await invitationRow(invitation.id);
      for (const intent of ["resend", "revoke"]) {
        const response = await send(invitationsAction, { cookie: coordinator.cookie, form: { intent, id: String(invitation.id) } });
        expect(response.status).toBe(403);
        expect(await response.text()).not.toMatch(/\/invite\//);
      }
      expect(await invitationRow(invitation.id)).toEqual(before);
    }
  });

  it("a coordinator is not even shown invitations of a role above theirs (loader data)", async () => {
    const { coordinator, admin } = await scene();
    const mine = await send(invitationsLoader, { cookie: coordinator.cookie });
    const text = await mine.text();
    expect(JSON.parse(text).invitations.map((i: { email: string }) => i.email)).toEqual(["future-member@example.org"]);
    expect(text).not.toContain("future-admin");
    expect(text).not.toContain("future-curator");
    const all = await (await send(invitationsLoader, { cookie: admin.cookie })).json();
    expect(all.invitations).toHaveLength(3);
  });

  it("a coordinator still re-sends and withdraws member invitations; an admin any", async () => {
    const { coordinator, admin, memberInvite, adminInvite } = await scene();
    const resent = await (await send(invitationsAction, { cookie: coordinator.cookie, form: { intent: "resend", id: String(memberInvite.id) } })).json();
    expect(resent.created.link).toMatch(/\/invite\/[a-z2-7]{32}$/);
    expect((await send(invitationsAction, { cookie: coordinator.cookie, form: { intent: "revoke", id: String(memberInvite.id) } })).status).toBe(200);
    expect((await send(invitationsAction, { cookie: admin.cookie, form: { intent: "resend", id: String(adminInvite.id) } })).status).toBe(200);
  });
});

describe("#5 an administrator's reset of someone's password", () => {
  it("returns no link when the link was e-mailed, and the e-mail says an administrator issued it", async () => {
    const box = await mailbox();
    process.env.APP_ORIGIN = "https://forum.example.org";
    const admin = await makeSignedIn(db, { role: "admin" });
    const target = await makeMember(db);
    const body = await (await send(adminMemberAction, { cookie: admin.cookie, params: { id: String(target.id) }, form: { intent: "reset" } })).json();
    expect(body.reset).toEqual({ link: null, sent: true });
    expect(box.messages).toHaveLength(1);
    expect(box.messages[0]!.to).toEqual([target.email]);
    expect(box.messages[0]!.text).toContain("An administrator");
    expect(await findUsablePasswordReset(db, { token: linkIn(box.messages[0]!.text).split("/").at(-1)! })).toMatchObject({ userId: target.id });
  });

  it("cannot hand one administrator a link to another administrator's account", async () => {
    const admin = await makeSignedIn(db, { role: "admin" });
    const otherAdmin = await makeMember(db, { role: "admin" });
    const params = { id: String(otherAdmin.id) };
    expect((await (await send(adminMemberLoader, { cookie: admin.cookie, params })).json()).reset).toBe("refused");
    const refused = await send(adminMemberAction, { cookie: admin.cookie, params, form: { intent: "reset" } });
    expect(refused.status).toBe(403);
    expect(await refused.text()).not.toMatch(/reset-password/);
    expect(await db.selectFrom("password_resets").select("id").execute()).toHaveLength(0);

    // With e-mail it goes to them, and only to them.
    const box = await mailbox();
    process.env.APP_ORIGIN = "https://forum.example.org";
    expect((await (await send(adminMemberLoader, { cookie: admin.cookie, params })).json()).reset).toBe("mailOnly");
    const mailed = await send(adminMemberAction, { cookie: admin.cookie, params, form: { intent: "reset" } });
    expect(await mailed.json()).toEqual({ reset: { link: null, sent: true } });
    expect(box.messages.map((m) => m.to)).toEqual([[otherAdmin.email]]);
  });

  it("when the reset e-mail fails: another administrator's link is withheld; a member's is shown and the member is told", async () => {
    const box = await mailbox({ refuse: (mail) => mail.subject === "Reset your Practice Exchange password" });
    process.env.APP_ORIGIN = "https://forum.example.org";
    vi.spyOn(console, "error").mockImplementation(() => {});
    const admin = await makeSignedIn(db, { role: "admin" });
    const otherAdmin = await makeMember(db, { role: "admin" });
    const target = await makeMember(db);

    const withheld = await send(adminMemberAction, { cookie: admin.cookie, params: { id: String(otherAdmin.id) }, form: { intent: "reset" } });
    expect(withheld.status).toBe(503);
    expect(await withheld.text()).not.toMatch(/reset-password/);

    const shown = await (await send(adminMemberAction, { cookie: admin.cookie, params: { id: String(target.id) }, form: { intent: "reset" } })).json();
    expect(shown.reset.sent).toBe(false);
    expect(shown.reset.link).toMatch(/^https:\/\/forum\.example\.org\/reset-password\//);
    expect(box.messages).toHaveLength(1);
    expect(box.messages[0]).toMatchObject({ to: [target.email], subject: "A password reset link was issued for your Practice Exchange account" });
    expect(box.messages[0]!.text).not.toMatch(/reset-password/);
    const audit = await db.selectFrom("audit_log").select("detail").where("action", "=", "password.reset_issued").where("target_id", "=", String(target.id)).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail)).toEqual({ emailed: false, linkShown: true, memberTold: true });
  });

  it("an administrator may still reset their own password with a shown link (no e-mail set up)", async () => {
    const admin = await makeSignedIn(db, { role: "admin" });
    const body = await (await send(adminMemberAction, { cookie: admin.cookie, params: { id: String(admin.id) }, form: { intent: "reset" } })).json();
    expect(body.reset.link).toMatch(/\/reset-password\//);
  });
});

describe("#6 safeRedirect keeps only same-origin paths", () => {
  const offSite = [
    "/%09/evil.example",
    "/\t/evil.example",
    "/\tevil.example",
    "/\r/evil.example",
    "/\n/evil.example",
    "/\r\n//evil.example",
    "/\u3000/evil.example",
    "/\u0000/evil.example",
    "//evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "/.//evil.example",
    "https://evil.example",
    "http:/evil.example",
    "javascript:alert(1)",
    " /practices",
    "",
    "x".repeat(3000),
  ];
  for (const target of offSite) {
    it(`falls back for ${JSON.stringify(target.slice(0, 30))}`, () => {
      expect(safeRedirect(target)).toBe("/");
      expect(safeRedirect(target, "/settings")).toBe("/settings");
    });
  }

  it("keeps path, search and hash of a same-site target", () => {
    expect(safeRedirect("/practices/night-creche?tab=history#r2")).toBe("/practices/night-creche?tab=history#r2");
    expect(safeRedirect("/search?q=night%20creche")).toBe("/search?q=night%20creche");
    expect(safeRedirect("/")).toBe("/");
    expect(safeRedirect(undefined)).toBe("/");
  });

  it("sign-in and the language switcher answer every one of them with a redirect home, never a 500", async () => {
    const member = await makeMember(db);
    for (const redirectTo of offSite.slice(0, 8)) {
      const login = await send(loginAction, { url: "http://localhost/login", form: { email: member.email, password: TEST_PASSWORD, redirectTo } });
      expect(login.status).toBe(302);
      expect(login.headers.get("Location")).toBe("/");
      const language = await send(languageAction, { url: "http://localhost/language", form: { locale: "fr", redirectTo } });
      expect(language.status).toBe(302);
      expect(language.headers.get("Location")).toBe("/");
    }
  });
});

describe("#10 sign-in limits per account, address and subnet", () => {
  it("groups IPv4 by /24 and IPv6 by /64", () => {
    expect(subnetOf("203.0.113.7")).toBe("203.0.113.0/24");
    expect(subnetOf("::ffff:203.0.113.200")).toBe("203.0.113.0/24");
    expect(subnetOf("2001:db8:1:2:aaaa::1")).toBe(subnetOf("2001:0db8:0001:0002:bbbb:cccc:dddd:eeee"));
    expect(subnetOf("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(subnetOf("2001:db8:1:3::1")).not.toBe(subnetOf("2001:db8:1:2::1"));
    expect(subnetOf("::1")).toBe("0:0:0:0::/64");
  });

  it("rotating addresses within one /24 does not buy more guesses", async () => {
    const member = await makeMember(db);
    for (let i = 1; i <= SIGN_IN_SUBNET.maxFailures; i++) {
      for (const limit of signInLimits({ email: `guess${i}@example.org`, ip: `198.51.100.${i % 250}` })) await recordRateLimitFailure(db, limit);
    }
    const fromSameNetwork = await send(loginAction, { ip: "198.51.100.251", form: { email: member.email, password: TEST_PASSWORD } });
    expect(fromSameNetwork.status).toBe(429);
    const fromElsewhere = await send(loginAction, { ip: "192.0.2.10", form: { email: member.email, password: TEST_PASSWORD } });
    expect(fromElsewhere.status).toBe(302);
  });

  it("guessing one account from many networks is stopped, and a password reset is the way out", async () => {
    const member = await makeMember(db);
    for (let i = 1; i <= SIGN_IN_ACCOUNT_ANYWHERE.maxFailures; i++) {
      for (const limit of signInLimits({ email: member.email, ip: `10.${i}.0.1` })) await recordRateLimitFailure(db, limit);
    }
    const refused = await send(loginAction, { ip: "192.0.2.10", form: { email: member.email, password: TEST_PASSWORD } });
    expect(refused.status).toBe(429);
    expect((await refused.json()).formError.key).toBe("login.locked");

    const token = await createPasswordReset(db, { userId: member.id });
    expect((await send(resetAction, { params: { token }, form: { password: "a brand new passphrase" } })).status).toBe(302);
    const after = await send(loginAction, { ip: "192.0.2.10", form: { email: member.email, password: "a brand new passphrase" } });
    expect(after.status).toBe(302);
  });

  it("eight wrong passwords from one address lock that address out of the account, not the owner elsewhere", async () => {
    // clearTimeout too: pg's pool clears its idle timer when it hands a connection out, and a
    // fake timer left running would close that connection mid-query ("Connection terminated").
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const member = await makeMember(db);
    const attempt = async (ip: string, password: string) => {
      const pending = send(loginAction, { ip, form: { email: member.email, password } });
      let done = false;
      void pending.finally(() => (done = true)).catch(() => {});
      // Fast-forwards the growing delays between guesses; argon2 still runs for real.
      while (!done) {
        await vi.advanceTimersByTimeAsync(1_000);
        await new Promise((resolve) => setImmediate(resolve));
      }
      return pending;
    };
    for (let i = 0; i < 8; i++) expect((await attempt("203.0.113.66", "wrong guess")).status).toBe(400);
    const locked = await attempt("203.0.113.66", TEST_PASSWORD);
    expect(locked.status).toBe(429);
    expect((await locked.json()).formError.key).toBe("login.locked");
    expect((await attempt("192.0.2.10", TEST_PASSWORD)).status).toBe(302);
  });
});

describe("forgot password: the answer does not wait for the e-mail", () => {
  it("answers a known address as fast as an unknown one, and sends afterwards", async () => {
    const box = await mailbox({ hold: 1_500 });
    process.env.APP_ORIGIN = "https://forum.example.org";
    const member = await makeMember(db);
    // Not timed (speed is npm run bench's): the mail server holds each message 1.5 s, so a
    // known address answered before any message arrived did not wait for the e-mail.
    const ask = async (email: string, ip: string) => (await send(forgotAction, { ip, form: { email } })).json();
    const unknown = await ask("nobody@example.org", "192.0.2.1");
    const known = await ask(member.email, "192.0.2.2");
    expect(known).toEqual(unknown);
    expect(box.messages).toHaveLength(0);
    await backgroundSettled();
    expect(box.messages.map((m) => m.to)).toEqual([[member.email]]);
  });
});

describe("sessions have an absolute lifetime beside the sliding one", () => {
  const DAY = 24 * 60 * 60 * 1000;

  it("ends a session 90 days after sign-in however often it was used", async () => {
    const member = await makeMember(db);
    const token = generateSessionToken();
    const now = Date.now();
    await createSession(db, { token, userId: member.id, now: now - 91 * DAY });
    await db
      .updateTable("sessions")
      .set({ expires_at: now + 20 * DAY })
      .execute();
    expect(await validateSessionToken(db, token, now)).toBeNull();
    expect(await db.selectFrom("sessions").select("id").execute()).toHaveLength(0);
  });

  it("never slides the expiry past the absolute end", async () => {
    const member = await makeMember(db);
    const token = generateSessionToken();
    const now = Date.now();
    const created = now - 80 * DAY;
    await createSession(db, { token, userId: member.id, now: created });
    await db
      .updateTable("sessions")
      .set({ expires_at: now + DAY })
      .execute();
    const result = await validateSessionToken(db, token, now);
    expect(result?.member.sessionExpiresAt).toBe(created + SESSION_ABSOLUTE_TTL);
    expect(SESSION_ABSOLUTE_TTL).toBeGreaterThan(SESSION_TTL);
  });
});

describe("a password change voids outstanding reset links", () => {
  it("in settings: an earlier reset link stops working, other sessions still end", async () => {
    const member = await makeMember(db);
    const here = await makeSession(db, member.id);
    const elsewhere = await makeSession(db, member.id);
    const token = await createPasswordReset(db, { userId: member.id });
    const changed = await send(settingsAction, { cookie: here.cookie, form: { intent: "password", currentPassword: TEST_PASSWORD, newPassword: "another long passphrase" } });
    expect(changed.status).toBe(302);
    expect((await send(resetLoader, { params: { token } })).status).toBe(410);
    expect(await validateSessionToken(db, elsewhere.token)).toBeNull();
    expect(await validateSessionToken(db, here.token)).not.toBeNull();
  });

  it("through a reset link: every other open link stops working", async () => {
    const member = await makeMember(db);
    const first = await createPasswordReset(db, { userId: member.id });
    const second = await createPasswordReset(db, { userId: member.id });
    expect((await send(resetAction, { params: { token: second }, form: { password: "a brand new passphrase" } })).status).toBe(302);
    expect((await send(resetLoader, { params: { token: first } })).status).toBe(410);
  });
});

describe("erasure and export", () => {
  it("erasing leaves the address nowhere: not in invitations, rate-limit keys or audit details", async () => {
    const email = `erase-me-${Date.now()}@example.org`;
    const admin = await makeSignedIn(db, { role: "admin" });
    const inviteForm = { intent: "create", email, organisationId: String(admin.organisationId), role: "member", locale: "en" };
    expect((await send(invitationsAction, { cookie: admin.cookie, form: inviteForm })).status).toBe(200);
    const member = await makeMember(db, { email, organisationId: admin.organisationId });
    await db.updateTable("invitations").set({ accepted_at: Date.now(), accepted_user_id: member.id }).execute();
    await send(loginAction, { ip: "203.0.113.9", form: { email, password: "wrong guess" } });
    await send(forgotAction, { ip: "203.0.113.9", form: { email } });
    await backgroundSettled();
    const { cookie } = await makeSession(db, member.id);

    expect((await send(eraseAction, { cookie, form: { password: TEST_PASSWORD, confirm: "yes" } })).status).toBe(302);
    const rows = [
      ...(await db.selectFrom("invitations").selectAll().execute()),
      ...(await db.selectFrom("rate_limits").selectAll().execute()),
      ...(await db.selectFrom("audit_log").selectAll().execute()),
      ...(await db.selectFrom("users").selectAll().execute()),
    ];
    expect(JSON.stringify(rows)).not.toContain(email);
    expect(JSON.stringify(rows)).not.toContain("erase-me");
    const { hashToken } = await import("../app/utils/tokens.server");
    expect(JSON.stringify(rows)).not.toContain(hashToken(email));
    // What happened stays on record.
    const actions = (await db.selectFrom("audit_log").select("action").execute()).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["invitation.created", "auth.signin_failed", "member.erased"]));
  });

  it("export shows the member's own addresses, not those of people who acted on their account", async () => {
    const admin = await makeSignedIn(db, { role: "admin" });
    const member = await makeMember(db);
    await send(loginAction, { ip: "198.51.100.23", form: { email: member.email, password: TEST_PASSWORD } });
    await send(adminMemberAction, { ip: "203.0.113.77", cookie: admin.cookie, params: { id: String(member.id) }, form: { intent: "role", role: "curator" } });
    // A curator reaches nothing before enrolling in two-factor sign-in.
    await enrolTwoFactor(db, member.id);
    const { cookie } = await makeSession(db, member.id);
    const response = await send(exportLoader, { cookie, ip: "198.51.100.23" });
    const data = JSON.parse(strFromU8(unzipSync(new Uint8Array(await response.arrayBuffer()))["data.json"]!));
    expect(JSON.stringify(data)).not.toContain("203.0.113.77");
    const byAction = Object.fromEntries(data.audit.map((row: { action: string; ip: string | null }) => [row.action, row.ip]));
    expect(byAction["member.role_changed"]).toBeNull();
    expect(byAction["auth.signin"]).toBe("198.51.100.23");
  });
});

describe("rate-limit state of the subnet key", () => {
  it("locks the /24 after its limit", async () => {
    const now = 1_800_000_000_000;
    for (let i = 0; i < SIGN_IN_SUBNET.maxFailures; i++) {
      await recordRateLimitFailure(db, { key: `signin:subnet:${subnetOf(`192.0.2.${i % 200}`)}`, policy: SIGN_IN_SUBNET, now });
    }
    expect((await rateLimitState(db, { key: "signin:subnet:192.0.2.0/24", policy: SIGN_IN_SUBNET, now })).lockedForMs).toBe(SIGN_IN_SUBNET.lockMs);
  });
});
