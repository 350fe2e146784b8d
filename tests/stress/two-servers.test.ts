import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIGN_IN_ACCOUNT } from "../../app/models/rate-limit.server";
import { createFlag } from "../../app/models/flag.server";
import { connect } from "../../db/client";
import type { Database } from "../../db/schema";
import { totpAt } from "../../app/models/two-factor.server";
import { makeMember, makeOrganisation, makePractice, makeSession, TEST_PASSWORD, TEST_TOTP_SECRET } from "../factories";
import { createDatabase, onPostgres, uniqueDatabaseName } from "../helpers/postgres";
import { freePort, startServer, stopServer, type Server } from "./servers";

// Several app servers, one PostgreSQL (issue 18): two `node server.js`, one worker each, on
// one database. Whatever one server does to a session, a lock or a permission, the other
// knows on its very next request, because neither keeps any of it in memory.

let a: Server;
let b: Server;
let db: Kysely<Database>;

/** Each test signs in from an address of its own (server.js believes X-Forwarded-For from loopback). */
let addresses = 0;
const newAddress = () => `198.51.100.${++addresses}`;

function request(server: Server, path: string, { cookie = "", form, ip }: { cookie?: string; form?: Record<string, string>; ip?: string } = {}) {
  const headers: Record<string, string> = { cookie };
  if (ip) headers["x-forwarded-for"] = ip;
  if (form) headers["content-type"] = "application/x-www-form-urlencoded";
  return fetch(`${server.url}${path}`, { method: form ? "POST" : "GET", headers, body: form ? new URLSearchParams(form) : undefined, redirect: "manual" });
}

/**
 * Signs in through the form, and through the code step for an administrator or curator
 * (enrolled with the factories' secret); the session cookie, or null with the status when refused.
 */
async function signIn(server: Server, email: string, password: string, ip = newAddress()) {
  const response = await request(server, "/login", { form: { email, password }, ip });
  await response.arrayBuffer();
  const cookie = response.headers
    .getSetCookie()
    .find((c) => c.startsWith("px_session="))
    ?.split(";", 1)[0];
  if (response.status === 302 && cookie && response.headers.get("location")?.startsWith("/login/two-factor")) {
    const code = await request(server, "/login/two-factor", { cookie, form: { code: totpAt(TEST_TOTP_SECRET) }, ip });
    await code.arrayBuffer();
    return { status: code.status, cookie: code.status === 302 ? cookie : null };
  }
  return { status: response.status, cookie: response.status === 302 && cookie ? cookie : null };
}

/** What a signed-in member sees of a page: the status, and the text when it is a page. */
async function visit(server: Server, path: string, cookie: string) {
  const response = await request(server, path, { cookie });
  return { status: response.status, location: response.headers.get("location"), html: await response.text() };
}

describe.skipIf(!onPostgres)("two app servers on one PostgreSQL", () => {
  beforeAll(async () => {
    const url = await createDatabase(uniqueDatabaseName("px_two"));
    // Started together on an empty database: they migrate it once between them.
    const env = { WEB_CONCURRENCY: "1", DATABASE_POOL_SIZE: "5" };
    const [portA, portB] = [await freePort(), await freePort()];
    [a, b] = await Promise.all([startServer(url, portA, env), startServer(url, portB, env)]);
    db = connect(url);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a, b].filter(Boolean).map(stopServer));
    await db?.destroy();
    for (const server of [a, b]) expect(server?.output() ?? "").not.toMatch(/Error/);
  });

  it("a session started on A is good on B, and signing out on B ends it on A", async () => {
    const member = await makeMember(db, { displayName: "Aroha Tane" });
    const { cookie } = await signIn(a, member.email, TEST_PASSWORD);
    expect(cookie).not.toBeNull();
    const onB = await visit(b, "/settings", cookie!);
    expect(onB.status).toBe(200);
    expect(onB.html).toContain("Signed in as Aroha Tane");

    const out = await request(b, "/logout", { cookie: cookie!, form: {} });
    expect(out.status).toBe(302);
    const onA = await visit(a, "/settings", cookie!);
    expect(onA.status).toBe(302);
    expect(onA.location).toBe("/login?redirectTo=%2Fsettings");
  });

  it("a password changed on A ends the member's other sessions on B, and only the new password signs in", async () => {
    const member = await makeMember(db, { displayName: "Binta Diallo" });
    const here = (await signIn(a, member.email, TEST_PASSWORD)).cookie!;
    const elsewhere = (await signIn(b, member.email, TEST_PASSWORD)).cookie!;
    expect((await visit(b, "/settings", elsewhere)).status).toBe(200);

    const newPassword = "a longer passphrase for two servers";
    const changed = await request(a, "/settings", { cookie: here, form: { intent: "password", currentPassword: TEST_PASSWORD, newPassword } });
    expect(changed.status).toBe(302);
    expect(changed.headers.get("location")).toBe("/settings?saved=password");

    expect((await visit(b, "/settings", elsewhere)).status).toBe(302);
    // The session that changed it goes on, on either server.
    expect((await visit(b, "/settings", here)).html).toContain("Signed in as Binta Diallo");
    expect((await signIn(b, member.email, TEST_PASSWORD)).status).toBe(400);
    expect((await signIn(b, member.email, newPassword)).status).toBe(302);
  });

  it(`wrong passwords alternating A and B lock the account at this address after exactly ${SIGN_IN_ACCOUNT.maxFailures}, on both`, async () => {
    const member = await makeMember(db);
    const ip = newAddress();
    const answers: number[] = [];
    for (let i = 0; i < SIGN_IN_ACCOUNT.maxFailures; i++) answers.push((await signIn(i % 2 ? b : a, member.email, `wrong ${i}`, ip)).status);
    // Every one of them was heard and refused as wrong, none as locked: the two servers counted together.
    expect(answers).toEqual(Array(SIGN_IN_ACCOUNT.maxFailures).fill(400));
    // Now even the right password is refused, on either server, from this address…
    expect((await signIn(a, member.email, TEST_PASSWORD, ip)).status).toBe(429);
    expect((await signIn(b, member.email, TEST_PASSWORD, ip)).status).toBe(429);
    // …and not from another (the lock is the account-and-address pair's).
    expect((await signIn(b, member.email, TEST_PASSWORD)).status).toBe(302);
    const row = await db.selectFrom("rate_limits").select(["failures", "locked_until"]).where("key", "like", `signin:pair:%:${ip}`).executeTakeFirstOrThrow();
    expect(row.failures).toBe(SIGN_IN_ACCOUNT.maxFailures);
    expect(row.locked_until).toBeGreaterThan(Date.now());
  }, 120_000);

  it("wrong passwords sent to both servers at once are each counted once", async () => {
    const member = await makeMember(db);
    const ip = newAddress();
    const attempts = 12;
    const statuses = await Promise.all(Array.from({ length: attempts }, (_, i) => signIn(i % 2 ? b : a, member.email, `wrong ${i}`, ip).then((r) => r.status)));
    // Answered "wrong" (counted) or "locked" (refused before counting); never an error.
    expect(statuses.every((s) => s === 400 || s === 429)).toBe(true);
    const counted = statuses.filter((s) => s === 400).length;
    const address = await db.selectFrom("rate_limits").select("failures").where("key", "=", `signin:address:${ip}`).executeTakeFirstOrThrow();
    // Concurrent transactions on one row, from two processes: no count was lost.
    expect(address.failures).toBe(counted);
    expect(counted).toBeGreaterThanOrEqual(SIGN_IN_ACCOUNT.maxFailures);
  }, 120_000);

  it("an administrator disabling a member on A, or taking a curator's role away, is refused on B at once", async () => {
    const org = await makeOrganisation(db);
    const admin = await makeMember(db, { role: "admin", organisationId: org.id });
    const adminCookie = (await makeSession(db, admin.id)).cookie;
    const member = await makeMember(db, { organisationId: org.id });
    const curator = await makeMember(db, { role: "curator", organisationId: org.id });
    const memberCookie = (await signIn(b, member.email, TEST_PASSWORD)).cookie!;
    const curatorCookie = (await signIn(b, curator.email, TEST_PASSWORD)).cookie!;
    expect((await visit(b, "/settings", memberCookie)).status).toBe(200);
    expect((await visit(b, "/moderation", curatorCookie)).status).toBe(200);

    expect((await request(a, `/admin/members/${member.id}`, { cookie: adminCookie, form: { intent: "disable" } })).status).toBe(302);
    expect((await request(a, `/admin/members/${curator.id}`, { cookie: adminCookie, form: { intent: "role", role: "member" } })).status).toBe(302);

    expect((await visit(b, "/settings", memberCookie)).status).toBe(302);
    expect((await signIn(b, member.email, TEST_PASSWORD)).status).toBe(400);
    expect((await visit(b, "/moderation", curatorCookie)).status).toBe(403);
  });

  it("a practice a curator hides on A is gone from B at once: its page, the lists, the home page's most endorsed", async () => {
    const org = await makeOrganisation(db);
    const author = await makeMember(db, { organisationId: org.id });
    const title = `Safe house run by Ngozi Okafor ${Date.now()}`;
    const practice = await makePractice(db, { authorId: author.id, organisationId: org.id, writeUp: { title } });
    const reader = (await makeSession(db, (await makeMember(db)).id)).cookie;
    const curator = await makeMember(db, { role: "curator" });
    const curatorCookie = (await makeSession(db, curator.id)).cookie;
    expect((await request(b, `/practices/${practice.slug}?index`, { cookie: reader, form: { intent: "endorse", note: "" } })).status).toBeLessThan(400);
    // B has shown it everywhere (and may keep what it counted).
    expect((await visit(b, `/practices/${practice.slug}`, reader)).html).toContain(title);
    expect((await visit(b, "/", reader)).html).toContain(title);
    expect((await visit(b, "/practices", reader)).html).toContain(title);

    // Not "personal data", which would restrict it at once, before anyone resolves the flag.
    const flag = await createFlag(db, { subjectType: "practice", subjectId: practice.id, reporterId: curator.id, reason: "harmful", note: "Names a survivor." });
    const hidden = await request(a, "/moderation", { cookie: curatorCookie, form: { flagId: String(flag.id), resolution: "hidden", note: "Names a survivor." } });
    expect(hidden.status).toBe(302);

    expect((await visit(b, `/practices/${practice.slug}`, reader)).status).toBe(404);
    expect((await visit(b, "/practices", reader)).html).not.toContain(title);
    expect((await visit(b, "/", reader)).html).not.toContain(title);
  });
});
