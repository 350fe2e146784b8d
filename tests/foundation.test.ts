import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { hashPassword, verifyPassword } from "../app/auth/password.server";
import { createSession, generateSessionToken, SESSION_TTL, sessionIdFromToken, validateSessionToken } from "../app/auth/session.server";
import { safeRedirect } from "../app/auth/guards.server";
import { loader as homeLoader } from "../app/routes/_index";
import { loader as healthLoader } from "../app/routes/healthz";
import { action as loginAction, loader as loginLoader } from "../app/routes/login";
import { action as logoutAction } from "../app/routes/logout";
import { action as setupAction, loader as setupLoader } from "../app/routes/setup";
import { loader as notFoundLoader } from "../app/routes/$";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createKysely, engineOf, migrateToLatest, openSqlite } from "../db/client";
import { migrations } from "../db/migrations/index";
import { createTestDb } from "./helpers/db";
import { onPostgres } from "./helpers/postgres";
import { call, setCookieToken } from "./helpers/remix";
import { makeMember, makeSession, TEST_PASSWORD } from "./factories";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

// SQLite's own locking; on PostgreSQL every transaction is SERIALIZABLE instead, and
// concurrent writers are the stress test's (tests/stress).
describe.skipIf(onPostgres)("one SQLite database, several processes", () => {
  it("a transaction holds the write lock from its first statement, so another writer waits instead of breaking it", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "px-lock-")), "lock.sqlite");
    const first = createKysely(openSqlite(file));
    await migrateToLatest(first);
    // The second connection stands for another worker; it does not wait, so the lock shows.
    const other = openSqlite(file);
    other.pragma("busy_timeout = 0");
    const write = () => other.prepare("insert into organisations (name, slug, country, created_at, updated_at) values ('B', 'b', 'NP', 0, 0)").run();
    await first.transaction().execute(async (trx) => {
      await trx.selectFrom("organisations").select("id").execute();
      // With a plain BEGIN this write would succeed, and the transaction's own write below
      // would then fail with SQLITE_BUSY (its snapshot is stale).
      expect(write).toThrow(/locked|busy/i);
      await trx.insertInto("organisations").values({ name: "A", slug: "a", country: "NP", created_at: 0, updated_at: 0 }).execute();
    });
    write();
    expect((other.prepare("select count(*) as n from organisations").get() as { n: number }).n).toBe(2);
    other.close();
    await first.destroy();
  });
});

describe("migrations", () => {
  it("create the first schema on an empty database", async () => {
    const tables =
      engineOf(db) === "postgres"
        ? await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db)
        : await sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`.execute(db);
    const names = tables.rows.map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(["organisations", "users", "sessions", "audit_log"]));
    // Foreign keys hold (SQLite checks them only when asked, which openSqlite does).
    await expect(db.insertInto("sessions").values({ id: "s", user_id: 999, expires_at: 0, created_at: 0, last_seen_at: 0 }).execute()).rejects.toThrow(/foreign key/i);
  });

  it("report their version on /healthz without a session", async () => {
    const response = await call(healthLoader, { db, path: "/healthz" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", migration: Object.keys(migrations).at(-1) });
  });
});

describe("sessions", () => {
  it("create, validate, expire and extend", async () => {
    const member = await makeMember(db);
    const token = generateSessionToken();
    expect(token.length).toBeGreaterThanOrEqual(32);
    const now = 1_800_000_000_000;
    await createSession(db, { token, userId: member.id, now });

    const row = await db.selectFrom("sessions").selectAll().executeTakeFirstOrThrow();
    expect(row.id).toBe(sessionIdFromToken(token));
    expect(row.id).not.toContain(token);

    const fresh = await validateSessionToken(db, token, now + 1000);
    expect(fresh?.member.id).toBe(member.id);
    expect(fresh?.refreshed).toBe(false);

    const later = now + 20 * 24 * 3600 * 1000;
    const extended = await validateSessionToken(db, token, later);
    expect(extended?.refreshed).toBe(true);
    expect(extended?.member.sessionExpiresAt).toBe(later + SESSION_TTL);

    expect(await validateSessionToken(db, token, later + SESSION_TTL + 1)).toBeNull();
    expect(await db.selectFrom("sessions").select("id").execute()).toHaveLength(0);
  });

  it("refuse an unknown token and a disabled account", async () => {
    expect(await validateSessionToken(db, "not-a-token")).toBeNull();
    const member = await makeMember(db);
    const { token } = await makeSession(db, member.id);
    await db.updateTable("users").set({ disabled_at: Date.now() }).where("id", "=", member.id).execute();
    expect(await validateSessionToken(db, token)).toBeNull();
  });
});

describe("passwords", () => {
  it("hash with argon2id and verify", async () => {
    const hash = await hashPassword("a long enough password");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "a long enough password")).toBe(true);
    expect(await verifyPassword(hash, "a long enough passworD")).toBe(false);
    expect(await verifyPassword("garbage", "x")).toBe(false);
  });
});

const setupForm = {
  organisationName: "Kathmandu Exit Network",
  country: "NP",
  displayName: "Asha",
  email: "Asha@Example.org",
  password: "twelve chars ok",
};

describe("first-run setup", () => {
  it("creates the first organisation and administrator, signs them in, then is gone", async () => {
    expect((await call(setupLoader, { db, path: "/setup" })).status).toBe(200);
    const response = await call(setupAction, { db, path: "/setup", form: setupForm });
    expect(response.status).toBe(302);
    // The first administrator sets up two-factor sign-in before anything else.
    expect(response.headers.get("Location")).toBe("/settings/two-factor");
    expect(response.headers.get("Set-Cookie")).toMatch(/px_session=\w+; HttpOnly; SameSite=Lax; Path=\/; Max-Age=2592000/);

    const user = await db
      .selectFrom("users")
      .innerJoin("organisations", "organisations.id", "users.organisation_id")
      .select(["users.email", "users.role", "organisations.name", "organisations.country"])
      .executeTakeFirstOrThrow();
    expect(user).toEqual({ email: "asha@example.org", role: "admin", name: "Kathmandu Exit Network", country: "NP" });
    const audit = await db.selectFrom("audit_log").select("action").execute();
    expect(audit.map((a) => a.action)).toContain("setup.completed");

    expect((await call(setupLoader, { db, path: "/setup" })).status).toBe(404);
    expect((await call(setupAction, { db, path: "/setup", form: { ...setupForm, email: "other@example.org" } })).status).toBe(404);
    expect(await db.selectFrom("users").select("id").execute()).toHaveLength(1);
  });

  it("refuses a short password and an unknown country, keeping what was typed", async () => {
    const response = await call(setupAction, { db, path: "/setup", form: { ...setupForm, country: "XX", password: "short" } });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors.password).toEqual({ key: "validation.passwordTooShort", params: { min: 12 } });
    expect(body.errors.country.key).toBe("validation.country");
    expect(body.values.organisationName).toBe("Kathmandu Exit Network");
    expect(body.values.password).toBeUndefined();
    expect(await db.selectFrom("users").select("id").execute()).toHaveLength(0);
  });
});

describe("anonymous requests", () => {
  it("lead to setup while the database is empty", async () => {
    const response = await call(homeLoader, { db, path: "/" });
    expect(response.headers.get("Location")).toBe("/setup");
    expect((await call(loginLoader, { db, path: "/login" })).headers.get("Location")).toBe("/setup");
  });

  it("are sent to sign-in with the page kept, on every members' page", async () => {
    await makeMember(db);
    const home = await call(homeLoader, { db, path: "/" });
    expect(home.status).toBe(302);
    expect(home.headers.get("Location")).toBe("/login");
    const deep = await call(notFoundLoader, { db, path: "/somewhere?x=1" });
    expect(deep.headers.get("Location")).toBe("/login?redirectTo=%2Fsomewhere%3Fx%3D1");
  });

  it("never redirect off-site after sign-in", () => {
    expect(safeRedirect("/practices?x=1")).toBe("/practices?x=1");
    expect(safeRedirect("//evil.example")).toBe("/");
    expect(safeRedirect("/\\evil.example")).toBe("/");
    expect(safeRedirect("https://evil.example")).toBe("/");
    expect(safeRedirect(null)).toBe("/");
  });

  it("get a real 404 for unknown pages once signed in", async () => {
    const member = await makeMember(db);
    const { cookie } = await makeSession(db, member.id);
    expect((await call(notFoundLoader, { db, path: "/nope", cookie })).status).toBe(404);
  });
});

describe("sign-in and sign-out", () => {
  it("give the same message for a wrong e-mail and a wrong password", async () => {
    const member = await makeMember(db);
    const wrongEmail = await call(loginAction, { db, path: "/login", form: { email: "nobody@example.org", password: TEST_PASSWORD } });
    const wrongPassword = await call(loginAction, { db, path: "/login", form: { email: member.email, password: "wrong password!" } });
    expect(wrongEmail.status).toBe(400);
    expect(wrongPassword.status).toBe(400);
    const a = await wrongEmail.json();
    const b = await wrongPassword.json();
    expect(a.formError).toEqual(b.formError);
    expect(a.values.email).toBe("nobody@example.org");
    const failures = await db.selectFrom("audit_log").select("action").where("action", "=", "auth.signin_failed").execute();
    expect(failures).toHaveLength(2);
  });

  it("signs in to the page asked for, and signs out for good", async () => {
    const member = await makeMember(db);
    const response = await call(loginAction, {
      db,
      path: "/login",
      form: { email: member.email.toUpperCase(), password: TEST_PASSWORD, redirectTo: "/organisations" },
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/organisations");
    const token = setCookieToken(response);
    expect(token).toBeTruthy();
    const cookie = `px_session=${token}`;
    expect((await call(homeLoader, { db, path: "/", cookie })).status).toBe(200);

    const out = await call(logoutAction, { db, path: "/logout", cookie, form: {} });
    expect(out.headers.get("Location")).toBe("/login");
    expect(out.headers.get("Set-Cookie")).toContain("Max-Age=0");
    expect(await db.selectFrom("sessions").select("id").execute()).toHaveLength(0);
    expect((await call(homeLoader, { db, path: "/", cookie })).status).toBe(302);
  });
});

describe("session fixation", () => {
  it("signing in always issues a new token, whatever cookie the browser brought", async () => {
    const member = await makeMember(db);
    const planted = "plantedtokenplantedtokenplantedt";
    const response = await call(loginAction, { db, path: "/login", cookie: `px_session=${planted}`, form: { email: member.email, password: TEST_PASSWORD } });
    const issued = setCookieToken(response);
    expect(issued).toBeTruthy();
    expect(issued).not.toBe(planted);
    expect(await validateSessionToken(db, planted)).toBeNull();
    expect(await validateSessionToken(db, issued!)).not.toBeNull();
  });
});
