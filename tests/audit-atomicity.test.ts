import { sql, type Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { engineOf } from "../db/client";
import type { Database } from "../db/schema";
import type { AuditAction } from "../app/domain/audit";
import { createInvitation } from "../app/models/invitation.server";
import { action as adminMemberAction } from "../app/routes/admin.members.$id";
import { action as invitationsAction } from "../app/routes/invitations";
import { action as acceptAction } from "../app/routes/invite.$token";
import { action as loginAction } from "../app/routes/login";
import { action as setupAction } from "../app/routes/setup";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makeMember, makeOrganisation, makeSession, TEST_PASSWORD } from "./factories";

// The audit row commits with the change it records, or neither does: each action opens one
// transaction around both. A trigger makes the audit insert fail for one action, and the
// change must then be gone too.

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

/** From now on, an audit row for `action` cannot be written: the insert fails with "audit refused". */
async function refuseAudit(action: AuditAction) {
  if (engineOf(db) === "postgres") {
    await sql`create function refuse_audit() returns trigger language plpgsql as $$ begin raise exception 'audit refused'; end $$`.execute(db);
    await sql.raw(`create trigger refuse_audit before insert on audit_log for each row when (new.action = '${action}') execute function refuse_audit()`).execute(db);
  } else {
    await sql.raw(`create trigger refuse_audit before insert on audit_log when new.action = '${action}' begin select raise(abort, 'audit refused'); end`).execute(db);
  }
}

async function allowAudit() {
  if (engineOf(db) === "postgres") await sql`drop function refuse_audit() cascade`.execute(db);
  else await sql`drop trigger refuse_audit`.execute(db);
}

describe("an action's audit row and its change commit together", () => {
  it("a role change is undone when its audit row cannot be written", async () => {
    const admin = await makeMember(db, { role: "admin" });
    const target = await makeMember(db);
    const { cookie } = await makeSession(db, admin.id);
    await refuseAudit("member.role_changed");

    await expect(call(adminMemberAction, { db, cookie, params: { id: String(target.id) }, form: { intent: "role", role: "curator" } })).rejects.toThrow(/audit refused/);
    expect((await db.selectFrom("users").select("role").where("id", "=", target.id).executeTakeFirstOrThrow()).role).toBe("member");
    expect(await db.selectFrom("audit_log").select("id").where("action", "=", "member.role_changed").execute()).toEqual([]);

    // Without the trigger the same request changes the role and records it.
    await allowAudit();
    expect((await call(adminMemberAction, { db, cookie, params: { id: String(target.id) }, form: { intent: "role", role: "curator" } })).status).toBe(302);
    expect((await db.selectFrom("users").select("role").where("id", "=", target.id).executeTakeFirstOrThrow()).role).toBe("curator");
    expect(await db.selectFrom("audit_log").select("id").where("action", "=", "member.role_changed").execute()).toHaveLength(1);
  });

  it("an invitation is not created, and no mail sent, when its audit row fails; sent, its row says whether it was e-mailed", async () => {
    const org = await makeOrganisation(db);
    const admin = await makeMember(db, { role: "admin", organisationId: org.id });
    const { cookie } = await makeSession(db, admin.id);
    const form = { intent: "create", email: "new.member@example.org", organisationId: String(org.id), role: "member", locale: "en" };
    await refuseAudit("invitation.created");
    await expect(call(invitationsAction, { db, cookie, form })).rejects.toThrow(/audit refused/);
    expect(await db.selectFrom("invitations").select("id").execute()).toEqual([]);

    await allowAudit();
    expect((await call(invitationsAction, { db, cookie, form })).status).toBe(200);
    const rows = await db.selectFrom("audit_log").select("detail").where("action", "=", "invitation.created").execute();
    expect(rows.map((r) => JSON.parse(r.detail))).toEqual([{ email: "new.member@example.org", organisationId: org.id, role: "member", emailed: false }]);
  });

  it("disabling keeps the account and its sessions when the audit row fails", async () => {
    const admin = await makeMember(db, { role: "admin" });
    const target = await makeMember(db);
    const { cookie } = await makeSession(db, admin.id);
    await makeSession(db, target.id);
    await refuseAudit("member.disabled");

    await expect(call(adminMemberAction, { db, cookie, params: { id: String(target.id) }, form: { intent: "disable" } })).rejects.toThrow(/audit refused/);
    expect((await db.selectFrom("users").select("disabled_at").where("id", "=", target.id).executeTakeFirstOrThrow()).disabled_at).toBeNull();
    expect(await db.selectFrom("sessions").select("id").where("user_id", "=", target.id).execute()).toHaveLength(1);
  });

  it("an accepted invitation creates no account when its audit row fails", async () => {
    const org = await makeOrganisation(db);
    const admin = await makeMember(db, { role: "admin", organisationId: org.id });
    const { token } = await createInvitation(db, { email: "new@example.org", organisationId: org.id, role: "member", locale: "en", invitedBy: admin.id });
    await refuseAudit("invitation.accepted");

    await expect(call(acceptAction, { db, params: { token }, form: { displayName: "Chikondi", password: "a long passphrase" } })).rejects.toThrow(/audit refused/);
    expect(await db.selectFrom("users").select("id").where("email", "=", "new@example.org").execute()).toEqual([]);
    expect((await db.selectFrom("invitations").select("accepted_at").executeTakeFirstOrThrow()).accepted_at).toBeNull();
  });

  it("first-run setup leaves the database empty when its audit row fails", async () => {
    await refuseAudit("setup.completed");
    const form = { organisationName: "Kathmandu Exit Network", country: "NP", displayName: "Asha", email: "asha@example.org", password: "twelve chars ok" };
    await expect(call(setupAction, { db, path: "/setup", form })).rejects.toThrow(/audit refused/);
    expect(await db.selectFrom("users").select("id").execute()).toEqual([]);
    expect(await db.selectFrom("organisations").select("id").execute()).toEqual([]);
  });

  it("a sign-in opens no session when its audit row fails", async () => {
    const member = await makeMember(db);
    await refuseAudit("auth.signin");
    await expect(call(loginAction, { db, form: { email: member.email, password: TEST_PASSWORD } })).rejects.toThrow(/audit refused/);
    expect(await db.selectFrom("sessions").select("id").where("user_id", "=", member.id).execute()).toEqual([]);
  });
});
