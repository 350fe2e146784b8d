import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import { ROLES, type Role } from "../app/domain/member";
import { can } from "../app/auth/permissions.server";
import { validateSessionToken } from "../app/auth/session.server";
import { acceptInvitation, createInvitation, findInvitationByToken, INVITATION_TTL, renewInvitation, revokeInvitation } from "../app/models/invitation.server";
import { completePasswordReset, createPasswordReset, findUsablePasswordReset, RESET_TTL } from "../app/models/password-reset.server";
import { rateLimitState, recordRateLimitFailure, SIGN_IN_ACCOUNT, signInLimits, signInPairKey } from "../app/models/rate-limit.server";
import { backgroundSettled } from "../app/server/background.server";
import { action as adminMemberAction, loader as adminMemberLoader } from "../app/routes/admin.members.$id";
import { loader as adminLoader } from "../app/routes/admin._index";
import { loader as auditLoader } from "../app/routes/admin.audit";
import { action as forgotAction } from "../app/routes/forgot-password";
import { action as acceptAction, loader as acceptLoader } from "../app/routes/invite.$token";
import { action as invitationsAction, loader as invitationsLoader } from "../app/routes/invitations";
import { action as loginAction } from "../app/routes/login";
import { action as newOrgAction } from "../app/routes/organisations.new";
import { loader as orgLoader } from "../app/routes/organisations.$slug._index";
import { action as editOrgAction } from "../app/routes/organisations.$slug.edit";
import { loader as orgsLoader } from "../app/routes/organisations._index";
import { action as resetAction, loader as resetLoader } from "../app/routes/reset-password.$token";
import { action as settingsAction, loader as settingsLoader } from "../app/routes/settings";
import { loader as memberLoader } from "../app/routes/members.$id";
import { action as newPracticeAction } from "../app/routes/practices.new";
import type { PracticeSubject } from "../app/domain/practice";
import { createTestDb } from "./helpers/db";
import { call, setCookieToken } from "./helpers/remix";
import { makeMember, makeOrganisation, makeSession, TEST_PASSWORD } from "./factories";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

async function auditActions() {
  return (await db.selectFrom("audit_log").select("action").orderBy("id").execute()).map((r) => r.action);
}

describe("permission matrix", () => {
  const own = 1;
  const other = 2;
  const actor = (role: Role) => ({ id: 10, role, organisationId: own, groupIds: [] });
  const expected: Record<string, Record<Role, boolean>> = {
    curate: { member: false, coordinator: false, curator: true, admin: true },
    administer: { member: false, coordinator: false, curator: false, admin: true },
    "invite member into own organisation": { member: false, coordinator: true, curator: false, admin: true },
    "invite member into other organisation": { member: false, coordinator: false, curator: false, admin: true },
    "invite coordinator into own organisation": { member: false, coordinator: false, curator: false, admin: true },
    "invite admin into other organisation": { member: false, coordinator: false, curator: false, admin: true },
    "manage own organisation's invitations": { member: false, coordinator: true, curator: false, admin: true },
    "manage other organisation's invitations": { member: false, coordinator: false, curator: false, admin: true },
    "manage another member": { member: false, coordinator: false, curator: false, admin: true },
    "manage oneself": { member: false, coordinator: false, curator: false, admin: false },
  };
  const check = (role: Role, name: string): boolean => {
    const a = actor(role);
    switch (name) {
      case "invite member into own organisation":
        return can(a, "invite", { organisationId: own, role: "member" });
      case "invite member into other organisation":
        return can(a, "invite", { organisationId: other, role: "member" });
      case "invite coordinator into own organisation":
        return can(a, "invite", { organisationId: own, role: "coordinator" });
      case "invite admin into other organisation":
        return can(a, "invite", { organisationId: other, role: "admin" });
      case "manage own organisation's invitations":
        return can(a, "manageInvitations", { organisationId: own });
      case "manage other organisation's invitations":
        return can(a, "manageInvitations", { organisationId: other });
      case "manage another member":
        return can(a, "manageMember", { userId: 99 });
      case "manage oneself":
        return can(a, "manageMember", { userId: a.id });
      default:
        return can(a, name as "curate" | "administer");
    }
  };
  for (const [name, byRole] of Object.entries(expected)) {
    for (const role of ROLES) {
      it(`${role}: ${name} → ${byRole[role] ? "allowed" : "refused"}`, () => {
        expect(check(role, name)).toBe(byRole[role]);
      });
    }
  }
  it("refuses everything to nobody", () => {
    expect(can(null, "curate")).toBe(false);
    expect(
      can(null, "viewPractice", { status: "published", organisationId: own, authorId: null, restricted: false, audience: "all", audienceGroupId: null, audienceOrganisationId: own, withdrawn: false }),
    ).toBe(false);
  });
});

describe("who reads a practice: audience × role × organisation", () => {
  const own = 1;
  const group = 7;
  const practice = (over: Partial<PracticeSubject> = {}): PracticeSubject => ({
    status: "published",
    organisationId: own,
    authorId: 99,
    restricted: false,
    audience: "all",
    audienceGroupId: null,
    audienceOrganisationId: own,
    withdrawn: false,
    ...over,
  });
  const reader = (role: Role, organisationId: number, groupIds: number[] = []) => ({ id: 10, role, organisationId, groupIds });
  const cases: [string, PracticeSubject, Record<"ownMember" | "groupMember" | "outsider" | "outsideCurator" | "outsideAdmin", boolean>][] = [
    ["all members", practice(), { ownMember: true, groupMember: true, outsider: true, outsideCurator: true, outsideAdmin: true }],
    ["my organisation", practice({ audience: "organisation" }), { ownMember: true, groupMember: false, outsider: false, outsideCurator: false, outsideAdmin: false }],
    ["one of my groups", practice({ audience: "group", audienceGroupId: group }), { ownMember: true, groupMember: true, outsider: false, outsideCurator: false, outsideAdmin: false }],
    ["my organisation, flag open", practice({ audience: "organisation", openFlag: true }), { ownMember: true, groupMember: false, outsider: false, outsideCurator: true, outsideAdmin: true }],
    // A translation made by the group member's organisation of an original narrowed to its organisation.
    [
      "translation by another organisation, original narrowed",
      practice({ organisationId: 2, audience: "organisation" }),
      { ownMember: true, groupMember: false, outsider: false, outsideCurator: false, outsideAdmin: false },
    ],
    ["withdrawn", practice({ withdrawn: true }), { ownMember: true, groupMember: false, outsider: false, outsideCurator: false, outsideAdmin: false }],
    ["withdrawn, flag open", practice({ withdrawn: true, openFlag: true }), { ownMember: true, groupMember: false, outsider: false, outsideCurator: false, outsideAdmin: false }],
    ["hidden, all members", practice({ restricted: true }), { ownMember: true, groupMember: false, outsider: false, outsideCurator: true, outsideAdmin: true }],
    ["draft", practice({ status: "draft" }), { ownMember: true, groupMember: false, outsider: false, outsideCurator: false, outsideAdmin: false }],
  ];
  const readers = {
    ownMember: reader("member", own),
    groupMember: reader("member", 2, [group]),
    outsider: reader("member", 3, [8]),
    outsideCurator: reader("curator", 4),
    outsideAdmin: reader("admin", 5),
  };
  for (const [name, subject, expected] of cases) {
    for (const [who, actor] of Object.entries(readers)) {
      it(`${name}: ${who} → ${expected[who as keyof typeof expected] ? "reads" : "does not read"}`, () => {
        expect(can(actor, "viewPractice", subject)).toBe(expected[who as keyof typeof expected]);
      });
    }
  }
});

describe("routes enforce the matrix", () => {
  it("reading and writing are for enabled accounts only: a disabled member's live session reads and writes nothing", async () => {
    const org = await makeOrganisation(db);
    const member = await makeMember(db, { organisationId: org.id });
    const { cookie } = await makeSession(db, member.id);
    const draft = { intent: "draft", title: "Written while enabled", summary: "", approach: "", language: "en" };
    expect((await call(orgsLoader, { db, cookie })).status).toBe(200);
    expect((await call(newPracticeAction, { db, cookie, form: draft })).status).toBe(302);
    // Disabled behind the session's back (no admin action ending it): the session itself must refuse.
    await db.updateTable("users").set({ disabled_at: Date.now() }).where("id", "=", member.id).execute();
    for (const response of [await call(orgsLoader, { db, cookie }), await call(newPracticeAction, { db, cookie, form: { ...draft, title: "Written while disabled" } })]) {
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toMatch(/^\/login/);
    }
    expect((await db.selectFrom("practices").select("author_id").execute()).map((p) => p.author_id)).toEqual([member.id]);
  });

  it("members cannot reach invitations or administration; coordinators reach only invitations", async () => {
    const org = await makeOrganisation(db);
    const member = await makeMember(db, { organisationId: org.id });
    const coordinator = await makeMember(db, { organisationId: org.id, role: "coordinator" });
    const admin = await makeMember(db, { role: "admin" });
    const cookies = {
      member: (await makeSession(db, member.id)).cookie,
      coordinator: (await makeSession(db, coordinator.id)).cookie,
      admin: (await makeSession(db, admin.id)).cookie,
    };
    expect((await call(invitationsLoader, { db, cookie: cookies.member })).status).toBe(403);
    expect((await call(invitationsLoader, { db, cookie: cookies.coordinator })).status).toBe(200);
    for (const cookie of [cookies.member, cookies.coordinator]) {
      expect((await call(adminLoader, { db, cookie })).status).toBe(403);
      expect((await call(auditLoader, { db, cookie })).status).toBe(403);
      expect((await call(adminMemberLoader, { db, cookie, params: { id: String(member.id) } })).status).toBe(403);
      expect((await call(newOrgAction, { db, cookie, form: { name: "X", country: "NP" } })).status).toBe(403);
    }
    expect((await call(adminLoader, { db, cookie: cookies.admin })).status).toBe(200);
    expect((await call(auditLoader, { db, cookie: cookies.admin })).status).toBe(200);
  });

  it("a coordinator cannot invite into another organisation, nor anyone but a member", async () => {
    const org = await makeOrganisation(db);
    const otherOrg = await makeOrganisation(db);
    const coordinator = await makeMember(db, { organisationId: org.id, role: "coordinator" });
    const { cookie } = await makeSession(db, coordinator.id);
    const form = { intent: "create", email: "new@example.org", organisationId: String(otherOrg.id), role: "member", locale: "en" };
    expect((await call(invitationsAction, { db, cookie, form })).status).toBe(403);
    expect((await call(invitationsAction, { db, cookie, form: { ...form, organisationId: String(org.id), role: "admin" } })).status).toBe(403);
    expect(await db.selectFrom("invitations").select("id").execute()).toHaveLength(0);

    const ok = await call(invitationsAction, { db, cookie, form: { ...form, organisationId: String(org.id) } });
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body.created.link).toMatch(/^http:\/\/localhost\/invite\/[a-z2-7]{32}$/);
    const row = await db.selectFrom("invitations").selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ email: "new@example.org", organisation_id: org.id, role: "member", invited_by: coordinator.id });
    expect(row.token_hash).not.toContain(body.created.link.split("/").at(-1));
  });

  it("an unknown organisation or member is a 404", async () => {
    const admin = await makeMember(db, { role: "admin" });
    const { cookie } = await makeSession(db, admin.id);
    expect((await call(orgLoader, { db, cookie, params: { slug: "nope" } })).status).toBe(404);
    expect((await call(memberLoader, { db, cookie, params: { id: "9999" } })).status).toBe(404);
    expect((await call(adminMemberLoader, { db, cookie, params: { id: "abc" } })).status).toBe(404);
  });
});

describe("invitation lifecycle", () => {
  it("is single-use, expires after 7 days and can be revoked or renewed", async () => {
    const org = await makeOrganisation(db);
    const admin = await makeMember(db, { role: "admin" });
    const now = Date.now();
    const first = await createInvitation(db, { email: "A@Example.org", organisationId: org.id, role: "curator", locale: "fr", invitedBy: admin.id, now });
    expect((await findInvitationByToken(db, { token: first.token, now }))?.state).toBe("pending");
    expect((await findInvitationByToken(db, { token: first.token, now: now + INVITATION_TTL }))?.state).toBe("expired");
    expect(await acceptInvitation(db, { token: first.token, displayName: "A", passwordHash: "x", now: now + INVITATION_TTL })).toBeNull();

    const renewed = await renewInvitation(db, { id: first.id, now: now + INVITATION_TTL });
    expect(renewed).toBeTruthy();
    expect(await findInvitationByToken(db, { token: first.token })).toBeNull();
    const accepted = await acceptInvitation(db, { token: renewed!, displayName: "Amina", passwordHash: "x", now: now + INVITATION_TTL + 1 });
    expect(accepted).toMatchObject({ organisationId: org.id, role: "curator" });
    const user = await db.selectFrom("users").selectAll().where("id", "=", accepted!.userId).executeTakeFirstOrThrow();
    expect(user).toMatchObject({ email: "a@example.org", display_name: "Amina", role: "curator", locale: "fr" });
    expect((await findInvitationByToken(db, { token: renewed! }))?.state).toBe("accepted");
    expect(await acceptInvitation(db, { token: renewed!, displayName: "Again", passwordHash: "x" })).toBeNull();

    const second = await createInvitation(db, { email: "b@example.org", organisationId: org.id, role: "member", locale: "en", invitedBy: admin.id });
    await revokeInvitation(db, { id: second.id });
    expect((await findInvitationByToken(db, { token: second.token }))?.state).toBe("revoked");
  });

  it("signs the invited person up through the page, and explains a used link", async () => {
    const org = await makeOrganisation(db, { name: "Lilongwe Outreach" });
    const admin = await makeMember(db, { role: "admin" });
    const { token } = await createInvitation(db, { email: "new@example.org", organisationId: org.id, role: "member", locale: "en", invitedBy: admin.id });
    const page = await call(acceptLoader, { db, params: { token } });
    expect(page.status).toBe(200);
    expect((await page.json()).invitation.organisationName).toBe("Lilongwe Outreach");

    const invalid = await call(acceptAction, { db, params: { token }, form: { displayName: "Chikondi", password: "short" } });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).values).toEqual({ displayName: "Chikondi" });

    const done = await call(acceptAction, { db, params: { token }, form: { displayName: "Chikondi", password: "a long passphrase" } });
    expect(done.status).toBe(302);
    const cookie = `px_session=${setCookieToken(done)}`;
    expect((await call(settingsLoader, { db, cookie })).status).toBe(200);
    expect(await auditActions()).toContain("invitation.accepted");

    const used = await call(acceptLoader, { db, params: { token } });
    expect(used.status).toBe(410);
    expect((await used.json()).state).toBe("accepted");
    expect((await call(acceptLoader, { db, params: { token: "bogus" } })).status).toBe(410);
  });
});

describe("password reset lifecycle", () => {
  it("works once, for one hour, and ends every session", async () => {
    const member = await makeMember(db);
    const { token: sessionToken } = await makeSession(db, member.id);
    const now = Date.now();
    const token = await createPasswordReset(db, { userId: member.id, now });
    expect(await findUsablePasswordReset(db, { token, now: now + RESET_TTL })).toBeUndefined();
    expect(await findUsablePasswordReset(db, { token, now })).toBeTruthy();

    expect((await call(resetLoader, { db, params: { token } })).status).toBe(200);
    const response = await call(resetAction, { db, params: { token }, form: { password: "a brand new passphrase" } });
    expect(response.status).toBe(302);
    expect(await validateSessionToken(db, sessionToken)).toBeNull();
    expect(await auditActions()).toContain("password.reset_completed");
    expect((await call(resetLoader, { db, params: { token } })).status).toBe(410);
    expect(await completePasswordReset(db, { token, passwordHash: "x" })).toBeNull();

    const login = await call(loginAction, { db, form: { email: member.email, password: "a brand new passphrase" } });
    expect(login.status).toBe(302);
  });

  it("answers the same whether or not the address exists", async () => {
    const member = await makeMember(db);
    const known = await call(forgotAction, { db, form: { email: member.email } });
    const unknown = await call(forgotAction, { db, form: { email: "nobody@example.org" } });
    expect(known.status).toBe(200);
    expect(await known.json()).toEqual(await unknown.json());
    await backgroundSettled();
    expect(await db.selectFrom("password_resets").select("user_id").execute()).toEqual([{ user_id: member.id }]);
  });
});

describe("rate limiting", () => {
  it("slows, then refuses, then forgets", async () => {
    const key = "signin:account:x@example.org";
    const now = 1_800_000_000_000;
    for (let i = 0; i < SIGN_IN_ACCOUNT.slowAfter; i++) await recordRateLimitFailure(db, { key, policy: SIGN_IN_ACCOUNT, now });
    expect(await rateLimitState(db, { key, policy: SIGN_IN_ACCOUNT, now })).toEqual({ lockedForMs: 0, delayMs: 0 });
    await recordRateLimitFailure(db, { key, policy: SIGN_IN_ACCOUNT, now });
    expect((await rateLimitState(db, { key, policy: SIGN_IN_ACCOUNT, now })).delayMs).toBe(1000);
    for (let i = SIGN_IN_ACCOUNT.slowAfter + 1; i < SIGN_IN_ACCOUNT.maxFailures; i++) {
      await recordRateLimitFailure(db, { key, policy: SIGN_IN_ACCOUNT, now });
    }
    const locked = await rateLimitState(db, { key, policy: SIGN_IN_ACCOUNT, now: now + 1000 });
    expect(locked.lockedForMs).toBe(SIGN_IN_ACCOUNT.lockMs - 1000);
    const later = now + SIGN_IN_ACCOUNT.lockMs + 1;
    expect(await rateLimitState(db, { key, policy: SIGN_IN_ACCOUNT, now: later })).toEqual({ lockedForMs: 0, delayMs: 0 });
  });

  it("refuses a locked account's sign-in with a clear message, even with the right password", async () => {
    const member = await makeMember(db);
    await db
      .insertInto("rate_limits")
      .values({ key: signInPairKey({ email: member.email, ip: "127.0.0.1" }), failures: 8, window_started_at: Date.now(), locked_until: Date.now() + 10 * 60_000 })
      .execute();
    const response = await call(loginAction, { db, form: { email: member.email, password: TEST_PASSWORD } });
    expect(response.status).toBe(429);
    expect((await response.json()).formError).toEqual({ key: "login.locked", params: { minutes: 10 } });
    expect(await auditActions()).toContain("auth.signin_refused");
  });

  it("counts failed sign-ins in the database", async () => {
    const member = await makeMember(db);
    await call(loginAction, { db, form: { email: member.email, password: "wrong wrong wrong" } });
    const rows = await db.selectFrom("rate_limits").select(["key", "failures"]).orderBy("key").execute();
    expect(rows).toEqual(
      signInLimits({ email: member.email, ip: "127.0.0.1" })
        .map(({ key }) => ({ key, failures: 1 }))
        .sort((a, b) => a.key.localeCompare(b.key)),
    );
    expect(rows.map((r) => r.key)).toEqual(expect.arrayContaining(["signin:address:127.0.0.1", "signin:subnet:127.0.0.0/24"]));
    // The keys name the account by a digest, never by its address.
    expect(rows.some((r) => r.key.includes(member.email))).toBe(false);
  });
});

describe("settings", () => {
  it("changing the password needs the current one and ends the other sessions", async () => {
    const member = await makeMember(db);
    const here = await makeSession(db, member.id);
    const elsewhere = await makeSession(db, member.id);
    const wrong = await call(settingsAction, { db, cookie: here.cookie, form: { intent: "password", currentPassword: "nope nope", newPassword: "another long one" } });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).errors.currentPassword.key).toBe("settings.wrongPassword");
    const ok = await call(settingsAction, { db, cookie: here.cookie, form: { intent: "password", currentPassword: TEST_PASSWORD, newPassword: "another long one" } });
    expect(ok.status).toBe(302);
    expect(await validateSessionToken(db, here.token)).not.toBeNull();
    expect(await validateSessionToken(db, elsewhere.token)).toBeNull();
    expect(await auditActions()).toContain("password.changed");
  });

  it("saves the name and language, and revokes one session", async () => {
    const member = await makeMember(db);
    const here = await makeSession(db, member.id);
    const other = await makeSession(db, member.id);
    const bad = await call(settingsAction, { db, cookie: here.cookie, form: { intent: "profile", displayName: "  ", locale: "xx" } });
    expect(bad.status).toBe(400);
    await call(settingsAction, { db, cookie: here.cookie, form: { intent: "profile", displayName: "Nima", locale: "fr" } });
    expect(await db.selectFrom("users").select(["display_name", "locale"]).where("id", "=", member.id).executeTakeFirst()).toEqual({ display_name: "Nima", locale: "fr" });
    const listed = await (await call(settingsLoader, { db, cookie: here.cookie })).json();
    expect(listed.sessions).toHaveLength(2);
    expect(listed.sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    await call(settingsAction, { db, cookie: here.cookie, form: { intent: "revokeSession", sessionId: other.sessionId } });
    expect(await validateSessionToken(db, other.token)).toBeNull();
    // Someone else's session id is not found, not revoked.
    const stranger = await makeMember(db);
    const theirs = await makeSession(db, stranger.id);
    expect((await call(settingsAction, { db, cookie: here.cookie, form: { intent: "revokeSession", sessionId: theirs.sessionId } })).status).toBe(404);
    expect(await validateSessionToken(db, theirs.token)).not.toBeNull();
  });
});

describe("administration", () => {
  it("changes roles, disables (ending sessions at once) and re-enables, with audit entries", async () => {
    const admin = await makeMember(db, { role: "admin" });
    const target = await makeMember(db);
    const { cookie } = await makeSession(db, admin.id);
    const targetSession = await makeSession(db, target.id);
    const params = { id: String(target.id) };

    await call(adminMemberAction, { db, cookie, params, form: { intent: "role", role: "curator" } });
    expect((await db.selectFrom("users").select("role").where("id", "=", target.id).executeTakeFirst())?.role).toBe("curator");
    await call(adminMemberAction, { db, cookie, params, form: { intent: "disable" } });
    expect(await db.selectFrom("sessions").select("id").where("user_id", "=", target.id).execute()).toHaveLength(0);
    expect(await validateSessionToken(db, targetSession.token)).toBeNull();
    const refused = await call(loginAction, { db, form: { email: target.email, password: TEST_PASSWORD } });
    expect(refused.status).toBe(400);
    await call(adminMemberAction, { db, cookie, params, form: { intent: "enable" } });
    expect((await call(loginAction, { db, form: { email: target.email, password: TEST_PASSWORD } })).status).toBe(302);

    const self = await call(adminMemberAction, { db, cookie, params: { id: String(admin.id) }, form: { intent: "role", role: "member" } });
    expect(self.status).toBe(403);

    const actions = await auditActions();
    expect(actions).toEqual(expect.arrayContaining(["member.role_changed", "member.disabled", "member.enabled", "auth.signin_failed", "auth.signin"]));
    const roleEntry = await db.selectFrom("audit_log").selectAll().where("action", "=", "member.role_changed").executeTakeFirstOrThrow();
    expect(roleEntry).toMatchObject({ actor_id: admin.id, target_type: "user", target_id: String(target.id), ip: "127.0.0.1" });
    expect(JSON.parse(roleEntry.detail)).toEqual({ from: "member", to: "curator" });

    const audit = await (await call(auditLoader, { db, cookie, path: "/admin/audit?action=member.disabled" })).json();
    expect(audit.entries.total).toBe(1);
    expect(audit.entries.rows[0].targetName).toBe(target.displayName);
  });

  it("issues a reset link for a member and shows it when e-mail is not set up", async () => {
    const admin = await makeMember(db, { role: "admin" });
    const target = await makeMember(db);
    const { cookie } = await makeSession(db, admin.id);
    const response = await call(adminMemberAction, { db, cookie, params: { id: String(target.id) }, form: { intent: "reset" } });
    const body = await response.json();
    expect(body.reset.sent).toBe(false);
    const token = body.reset.link.split("/").at(-1);
    expect(await findUsablePasswordReset(db, { token })).toMatchObject({ userId: target.id });
    expect(await auditActions()).toContain("password.reset_issued");
  });

  it("lists and filters members", async () => {
    const admin = await makeMember(db, { role: "admin", displayName: "Admin Person" });
    const org = await makeOrganisation(db);
    await makeMember(db, { organisationId: org.id, displayName: "Dolgor 100%" });
    await makeMember(db, { organisationId: org.id, role: "coordinator", displayName: "Bayar" });
    const { cookie } = await makeSession(db, admin.id);
    const byOrg = await (await call(adminLoader, { db, cookie, path: `/admin?organisation=${org.id}` })).json();
    expect(byOrg.members.total).toBe(2);
    const byRole = await (await call(adminLoader, { db, cookie, path: `/admin?organisation=${org.id}&role=coordinator` })).json();
    expect(byRole.members.rows.map((m: { displayName: string }) => m.displayName)).toEqual(["Bayar"]);
    const bySearch = await (await call(adminLoader, { db, cookie, path: "/admin?q=100%25" })).json();
    expect(bySearch.members.rows.map((m: { displayName: string }) => m.displayName)).toEqual(["Dolgor 100%"]);
    const junk = await call(adminLoader, { db, cookie, path: "/admin?page=-4&role=king&organisation=x" });
    expect(junk.status).toBe(200);
  });
});

describe("organisations", () => {
  it("admins create and edit them; the description is sanitised Markdown", async () => {
    const admin = await makeMember(db, { role: "admin" });
    const { cookie } = await makeSession(db, admin.id);
    const bad = await call(newOrgAction, { db, cookie, form: { name: "", country: "ZZ", languages: ["en", "xx"] } });
    expect(bad.status).toBe(400);
    const badBody = await bad.json();
    expect(Object.keys(badBody.errors).sort()).toEqual(["country", "languages", "name"]);
    expect(badBody.values.languages).toEqual(["en", "xx"]);

    const created = await call(newOrgAction, {
      db,
      cookie,
      form: { name: "Ulaanbaatar Shelter", country: "mn", description: "We run **shelters**.<script>alert(1)</script>", languages: ["mn", "en"] },
    });
    expect(created.headers.get("Location")).toBe("/organisations/ulaanbaatar-shelter");
    const row = await db.selectFrom("organisations").selectAll().where("slug", "=", "ulaanbaatar-shelter").executeTakeFirstOrThrow();
    expect(row.country).toBe("MN");
    expect(row.description_html).toContain("<strong>shelters</strong>");
    expect(row.description_html).not.toContain("<script>");
    expect(JSON.parse(row.languages)).toEqual(["mn", "en"]);

    const taken = await call(newOrgAction, { db, cookie, form: { name: "Another", slug: "ulaanbaatar-shelter", country: "MN" } });
    expect((await taken.json()).errors.slug.key).toBe("validation.slugTaken");

    const edited = await call(editOrgAction, {
      db,
      cookie,
      params: { slug: "ulaanbaatar-shelter" },
      form: { name: "UB Shelter", slug: "ub-shelter", country: "MN", description: "", languages: ["mn"] },
    });
    expect(edited.headers.get("Location")).toBe("/organisations/ub-shelter");
    const list = await (await call(orgsLoader, { db, cookie })).json();
    expect(list.organisations.map((o: { name: string }) => o.name)).toContain("UB Shelter");
    expect(await auditActions()).toEqual(expect.arrayContaining(["organisation.created", "organisation.updated"]));
  });
});
