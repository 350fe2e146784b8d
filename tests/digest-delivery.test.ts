import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { sql, type Kysely } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DIGEST_LIMITS, digestPeriod } from "../app/domain/digest";
import { claimNextDelivery, enqueueDigests, type DigestDelivery, leaseHolder, listDeliveries, markStaleUnknown, releaseLease, takeLease } from "../app/models/digest-delivery.server";
import { certainlyNotSent, DIGEST_LEASE, runDigests, startDigestScheduler } from "../app/server/digest-scheduler.server";
import { createPostgresKysely, openDatabase } from "../db/client";
import type { Database } from "../db/schema";
import { makeMember } from "./factories";
import { createDatabase, onPostgres, TEMPLATE, uniqueDatabaseName } from "./helpers/postgres";

// Each digest exactly once: across a process killed mid-run, two runners at once, a relay that
// refuses, a claim left behind, and one sending process per database. The script runs as a child
// process against a SQLite file or this run's PostgreSQL, sending to the project's SMTP catcher.

const ROOT = path.resolve(__dirname, "..");
const WEEK = 7 * 24 * 60 * 60 * 1000;
/** A time a week from now: the week it sends is the one this test's content is published in. */
const LATER = Date.now() + WEEK;
const ORIGIN = "http://forum.test";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Caught {
  to: string[];
  subject: string;
  text: string;
}

/** tests/e2e/smtp-catcher.js in a child process, on free ports. */
async function startCatcher() {
  const smtpPort = await freePort();
  const httpPort = await freePort();
  const child = spawn(process.execPath, ["tests/e2e/smtp-catcher.js", String(smtpPort), String(httpPort)], { cwd: ROOT, stdio: "ignore" });
  const base = `http://127.0.0.1:${httpPort}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {
      if (i > 200) throw new Error("the SMTP catcher did not start");
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    messages: async (): Promise<Caught[]> => (await fetch(`${base}/messages`)).json(),
    refuse: (to: string) => fetch(`${base}/refuse?to=${encodeURIComponent(to)}`),
    accept: (to: string) => fetch(`${base}/accept?to=${encodeURIComponent(to)}`),
    stop: () => child.kill("SIGTERM"),
  };
}
type Catcher = Awaited<ReturnType<typeof startCatcher>>;

/** A database the script can open too: a SQLite file, or a new database of the test cluster. */
async function sharedDatabase(): Promise<{ db: Kysely<Database>; env: Record<string, string> }> {
  if (onPostgres) {
    const url = await createDatabase(uniqueDatabaseName("px_digest"), { template: TEMPLATE });
    return { db: createPostgresKysely(url, { max: 4 }), env: { DATABASE_URL: url, DATABASE_PATH: "" } };
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "px-digest-")), "forum.sqlite");
  return { db: await openDatabase(file), env: { DATABASE_URL: "", DATABASE_PATH: file } };
}

interface Script {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** scripts/digest.ts as `npm run digest` runs it, in a process of its own (node + tsx, nothing between to kill). */
function digestScript(args: string[], env: Record<string, string>): Script {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/digest.ts", ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => (stdout += chunk));
  child.stderr?.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.once("exit", (code, signal) => {
      // The pipes may still hold the last lines.
      setTimeout(() => resolve({ code, signal, stdout, stderr }), 50);
    }),
  );
  return { child, exited };
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Messages per recipient address. */
async function perAddress(catcher: Catcher) {
  const counts = new Map<string, number>();
  for (const message of await catcher.messages()) for (const to of message.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  return counts;
}

type Member = Awaited<ReturnType<typeof makeMember>>;

let editions = 0;
/** Members who want the digest and something new for everyone in the week LATER sends: an edition published now. */
async function membersWithNews(db: Kysely<Database>, count: number) {
  const now = Date.now();
  editions++;
  await db
    .insertInto("handbooks")
    .values({ slug: `field-notes-${editions}`, title: `Field notes for the road ${editions}`, language: "en", status: "published", created_at: now, updated_at: now, published_at: now })
    .execute();
  const members = [];
  for (let i = 0; i < count; i++) members.push(await makeMember(db));
  return members;
}

/** Every row of every table, in one order whatever the engine returns them in. */
async function everyRow(db: Kysely<Database>) {
  const tables = onPostgres
    ? (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db)).rows
    : (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)).rows;
  const all: Record<string, string[]> = {};
  for (const { name } of tables) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
    all[name] = rows.map((r) => JSON.stringify(r, (_key, value) => (typeof value === "bigint" ? String(value) : value))).sort();
  }
  return all;
}

let catcher: Catcher;
const opened: Kysely<Database>[] = [];
const savedEnv = { SMTP_URL: process.env.SMTP_URL, APP_ORIGIN: process.env.APP_ORIGIN };

beforeAll(async () => {
  catcher = await startCatcher();
  // The in-process runs send through the catcher too.
  process.env.SMTP_URL = catcher.smtpUrl;
  process.env.APP_ORIGIN = ORIGIN;
});

afterAll(async () => {
  catcher.stop();
  process.env.SMTP_URL = savedEnv.SMTP_URL;
  process.env.APP_ORIGIN = savedEnv.APP_ORIGIN;
});

afterEach(async () => {
  for (const db of opened.splice(0)) await db.destroy();
});

async function setUp(pace = 0) {
  const shared = await sharedDatabase();
  opened.push(shared.db);
  const env = { ...shared.env, SMTP_URL: catcher.smtpUrl, APP_ORIGIN: ORIGIN, DIGEST_PACE_MS: String(pace) };
  return { db: shared.db, env };
}

const laterArg = `--now=${new Date(LATER).toISOString()}`;
const period = digestPeriod(LATER).key;

describe("digest delivery", () => {
  it("sends each member's digest exactly once across a SIGKILL in the middle of a run and a second run", async () => {
    // Paced a second apart, so that the kill after two lands well before the sixth.
    const { db, env } = await setUp(1000);
    const members = await membersWithNews(db, 6);
    const addresses = new Set(members.map((m) => m.email));
    const arrived = async () => [...(await perAddress(catcher)).keys()].filter((a) => addresses.has(a)).length;

    const first = digestScript([laterArg], env);
    await until(async () => (await arrived()) >= 2, "two digests");
    first.child.kill("SIGKILL");
    const killed = await first.exited;
    expect(killed.signal).toBe("SIGKILL");
    const before = await arrived();
    expect(before).toBeGreaterThanOrEqual(2);
    expect(before).toBeLessThan(members.length);

    const second = await digestScript([laterArg], env).exited;
    expect(second.code, second.stderr).toBe(0);

    const counts = await perAddress(catcher);
    for (const member of members) expect(counts.get(member.email), member.email).toBe(1);
    const rows = await listDeliveries(db, { period });
    expect(rows).toHaveLength(members.length);
    // Killed between the relay's "taken" and the row's "sent", one may still say sending (its
    // claim stamped with the script's --now): once stale it is unknown, and never sent again.
    expect(rows.filter((r) => r.status === "sent").length).toBeGreaterThanOrEqual(members.length - 1);
    expect(rows.every((r) => r.status === "sent" || r.status === "sending")).toBe(true);
    const left = rows.filter((r) => r.status === "sending").length;
    expect(await markStaleUnknown(db, { now: LATER + DIGEST_LIMITS.staleMs + 60_000 })).toBe(left);
    const third = await digestScript([laterArg], env).exited;
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toContain("0 sent");
    const after = await perAddress(catcher);
    for (const member of members) expect(after.get(member.email)).toBe(1);
  });

  it("sends each digest once when two runners work the same queue at once", async () => {
    const { db, env } = await setUp(100);
    const members = await membersWithNews(db, 6);
    const [a, b] = [digestScript([laterArg, "--no-lease"], env), digestScript([laterArg, "--no-lease"], env)];
    const results = await Promise.all([a.exited, b.exited]);
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const counts = await perAddress(catcher);
    for (const member of members) expect(counts.get(member.email), member.email).toBe(1);
    const rows = await listDeliveries(db, { period });
    expect(rows.map((r) => r.status)).toEqual(members.map(() => "sent"));

    // In one process too, on one handle (PostgreSQL: a pool, so truly at once).
    const more = await membersWithNews(db, 4);
    const [x, y] = await Promise.all([runDigests(db, { now: LATER, paceMs: 0, worker: "x" }), runDigests(db, { now: LATER, paceMs: 0, worker: "y" })]);
    expect(x.sent + y.sent).toBe(more.length);
    const again = await perAddress(catcher);
    for (const member of [...members, ...more]) expect(again.get(member.email), member.email).toBe(1);
  });

  it("tries a refused digest again after the wait, once it is taken sends it once, and never resends the others", async () => {
    const { db } = await setUp();
    const [refused, fine] = (await membersWithNews(db, 2)) as [Member, Member];
    await catcher.refuse(refused.email);
    const first = await runDigests(db, { now: LATER, paceMs: 0 });
    expect(first).toMatchObject({ sent: 1, failed: 1, abandoned: 0, unknown: 0 });
    let rows = await listDeliveries(db, { period });
    const row = rows.find((r) => r.userId === refused.id)!;
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    expect(row.error).toContain("451");
    expect(row.nextAttemptAt - LATER).toBeGreaterThanOrEqual(DIGEST_LIMITS.retryMs);

    // Not due yet: not tried.
    await catcher.accept(refused.email);
    expect(await runDigests(db, { now: LATER + 60_000, paceMs: 0 })).toMatchObject({ sent: 0, failed: 0 });
    expect((await perAddress(catcher)).get(refused.email)).toBeUndefined();

    const retried = await runDigests(db, { now: row.nextAttemptAt + 1, paceMs: 0 });
    expect(retried).toMatchObject({ sent: 1, failed: 0 });
    const counts = await perAddress(catcher);
    expect(counts.get(refused.email)).toBe(1);
    expect(counts.get(fine.email)).toBe(1);
    rows = await listDeliveries(db, { period });
    expect(rows.map((r) => r.status)).toEqual(["sent", "sent"]);
  });

  it("abandons a digest the relay keeps refusing, after DIGEST_LIMITS.attempts tries with the wait doubling", async () => {
    const { db } = await setUp();
    const [member] = (await membersWithNews(db, 1)) as [Member];
    await catcher.refuse(member.email);
    let at = LATER;
    const waits: number[] = [];
    for (let attempt = 1; attempt <= DIGEST_LIMITS.attempts; attempt++) {
      await runDigests(db, { now: at, paceMs: 0 });
      const [row] = (await listDeliveries(db, { period })) as [DigestDelivery];
      expect(row.attempts).toBe(attempt);
      expect(row.status).toBe(attempt < DIGEST_LIMITS.attempts ? "failed" : "abandoned");
      waits.push(row.nextAttemptAt - at);
      at = row.nextAttemptAt + 1;
    }
    for (let i = 1; i < DIGEST_LIMITS.attempts - 1; i++) expect(Math.round(waits[i]! / waits[i - 1]!)).toBe(2);
    await catcher.accept(member.email);
    expect(await runDigests(db, { now: at + WEEK / 7, paceMs: 0 })).toMatchObject({ sent: 0 });
    expect((await perAddress(catcher)).get(member.email)).toBeUndefined();
  });

  it("marks a claim left by a stopped process unknown after staleMs and never sends it", async () => {
    const { db } = await setUp();
    const [member] = (await membersWithNews(db, 1)) as [Member];
    await enqueueDigests(db, { period, userIds: [member.id], now: LATER });
    // A process claimed it and died.
    const claimed = await claimNextDelivery(db, { worker: "gone:1", now: LATER });
    expect(claimed?.userId).toBe(member.id);

    expect(await runDigests(db, { now: LATER + 60_000, paceMs: 0 })).toMatchObject({ sent: 0 });
    expect((await listDeliveries(db, { period }))[0]?.status).toBe("sending");
    expect(await runDigests(db, { now: LATER + DIGEST_LIMITS.staleMs + 1, paceMs: 0 })).toMatchObject({ sent: 0 });
    expect((await listDeliveries(db, { period }))[0]).toMatchObject({ status: "unknown", error: "stopped while sending" });
    expect(await runDigests(db, { now: LATER + 2 * DIGEST_LIMITS.staleMs, paceMs: 0 })).toMatchObject({ sent: 0 });
    expect((await perAddress(catcher)).get(member.email)).toBeUndefined();
  });

  it("tells a refusal (try again) from a conversation cut after the message went (never again)", () => {
    expect(certainlyNotSent(Object.assign(new Error("451 try later"), { responseCode: 451, command: "RCPT TO" }))).toBe(true);
    expect(certainlyNotSent(Object.assign(new Error("554 no"), { responseCode: 554, command: "DATA" }))).toBe(true);
    expect(certainlyNotSent(Object.assign(new Error("refused"), { code: "ECONNREFUSED", command: "CONN" }))).toBe(true);
    expect(certainlyNotSent(Object.assign(new Error("Connection closed unexpectedly"), { code: "ECONNECTION" }))).toBe(false);
    expect(certainlyNotSent(Object.assign(new Error("timeout"), { code: "ETIMEDOUT", command: "API" }))).toBe(false);
  });

  it("lets one process per database hold the lease", async () => {
    const { db, env } = await setUp(500);
    const now = Date.now();
    expect(await takeLease(db, { name: DIGEST_LEASE, holder: "a", now, ms: 1000 })).toBe(true);
    expect(await takeLease(db, { name: DIGEST_LEASE, holder: "b", now: now + 10, ms: 1000 })).toBe(false);
    expect(await takeLease(db, { name: DIGEST_LEASE, holder: "a", now: now + 500, ms: 1000 })).toBe(true);
    expect(await takeLease(db, { name: DIGEST_LEASE, holder: "b", now: now + 1400, ms: 1000 })).toBe(false);
    // Run out: another may take it.
    expect(await takeLease(db, { name: DIGEST_LEASE, holder: "b", now: now + 1501, ms: 1000 })).toBe(true);
    expect(await leaseHolder(db, { name: DIGEST_LEASE, now: now + 1600 })).toMatchObject({ holder: "b" });
    await releaseLease(db, { name: DIGEST_LEASE, holder: "a" });
    expect(await leaseHolder(db, { name: DIGEST_LEASE, now: now + 1600 })).toMatchObject({ holder: "b" });
    await releaseLease(db, { name: DIGEST_LEASE, holder: "b" });
    expect(await leaseHolder(db, { name: DIGEST_LEASE, now: now + 1600 })).toBeNull();

    // Two scripts: the second finds the first sending and does nothing.
    const members = await membersWithNews(db, 4);
    const first = digestScript([laterArg], env);
    await until(async () => {
      const counts = await perAddress(catcher);
      return members.some((m) => counts.has(m.email));
    }, "the first script's first digest");
    expect(await leaseHolder(db, { name: DIGEST_LEASE })).not.toBeNull();
    const second = await digestScript([laterArg], env).exited;
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain("are being sent by");
    expect((await first.exited).code).toBe(0);
    const counts = await perAddress(catcher);
    for (const member of members) expect(counts.get(member.email)).toBe(1);
    expect(await leaseHolder(db, { name: DIGEST_LEASE })).toBeNull();
  });

  it("runs the server's scheduler in the one process holding the lease", async () => {
    const { db } = await setUp();
    const members = await membersWithNews(db, 3);
    // Two servers' schedulers on one database: the week before this one had nothing new, so
    // each member's row is skipped; every row was claimed by the one holding the lease.
    const a = startDigestScheduler(db, { tickMs: 50, holder: "server-a", log: () => {} });
    const b = startDigestScheduler(db, { tickMs: 50, holder: "server-b", log: () => {} });
    const current = digestPeriod(Date.now()).key;
    await until(async () => (await listDeliveries(db, { period: current })).filter((r) => r.status !== "queued" && r.status !== "sending").length === members.length, "the scheduler's run");
    await Promise.all([a.stop(), b.stop()]);
    const rows = await listDeliveries(db, { period: current });
    expect(new Set(rows.map((r) => r.claimedBy)).size).toBe(1);
    expect(rows.map((r) => r.userId).sort()).toEqual(members.map((m) => m.id).sort());
    expect(await leaseHolder(db, { name: DIGEST_LEASE })).toBeNull();
  });

  it("prints what a dry run would send and writes nothing", async () => {
    const { db, env } = await setUp();
    const members = await membersWithNews(db, 2);
    const before = await everyRow(db);
    const caughtBefore = (await catcher.messages()).length;
    const dry = await digestScript([laterArg, "--dry-run"], env).exited;
    expect(dry.code, dry.stderr).toBe(0);
    for (const member of members) expect(dry.stdout).toContain(`To: ${member.email} (member ${member.id}, en)`);
    expect(dry.stdout).toContain("Subject: ");
    expect(dry.stdout).toMatch(/Sections: .*editions 1/);
    expect(dry.stdout).toContain(`Field notes for the road ${editions}`);
    expect(dry.stdout).toContain("2 would get it");
    expect(await everyRow(db)).toEqual(before);
    expect((await catcher.messages()).length).toBe(caughtBefore);

    const help = await digestScript(["--help"], env).exited;
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--dry-run");
  });
});
