// npm run bench [-- --db data/bench-20000.sqlite|postgres|both --duration 10 --warmup 10 --connections 16 --workers 2 --scale]
// Starts the production build on a free port against the large database, signs in as the
// benchmark member, and drives each target with autocannon; a bare node:http server serving
// the practice page's bytes, started the same way (its own process, the same number of
// workers), runs under the same settings as the ceiling. `--db postgres` runs the same
// targets on the same data copied into PostgreSQL (DATABASE_URL, else a throwaway cluster of
// tests/postgres/with-postgres.js); `--db both` runs SQLite, then PostgreSQL, in one run.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import autocannon from "autocannon";
import { sql } from "kysely";
import { searchPractices } from "../app/models/search.server";
import { connect, describeTarget, isPostgresUrl, migrateToLatest } from "../db/client";
import { copyDatabase } from "../scripts/db-copy";
import { benchBooks, printBooks } from "./books";
import { BENCH_EMAIL, BENCH_PASSWORD, RARE_WORD, seedLarge } from "./seed-large";
/** The benchmark reads as a member of no organisation: what is addressed to all members. */
const anyMember = { id: 0, organisationId: 0, groupIds: [] };

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > -1 && process.argv[i + 1] && !process.argv[i + 1]!.startsWith("--") ? process.argv[i + 1]! : fallback;
};
const flag = (name: string) => process.argv.includes(`--${name}`);

const DURATION = Number(arg("duration", "10"));
/**
 * Seconds of the same load before each measured run, not counted. A worker needs about ten
 * seconds of load to reach its steady speed (the JIT's later tiers): measured after two
 * seconds, the practice page showed 570 req/s; after ten, 730–780.
 */
const WARMUP = Number(arg("warmup", "10"));
const CONNECTIONS = Number(arg("connections", "16"));
/** server.js runs one worker per core unless WEB_CONCURRENCY says otherwise; so does the bench. */
const WORKERS = Number(arg("workers", process.env.WEB_CONCURRENCY || String(os.availableParallelism())));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

async function start(args: string[], env: Record<string, string>, probe: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    args.map((a) => a.replace("$PORT", String(port))),
    {
      env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production", WEB_CONCURRENCY: String(WORKERS) },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url + probe)).ok) return { url, child };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${args.join(" ")} did not start`);
}

/** The server on a SQLite file or a PostgreSQL URL (DATABASE_URL emptied for a file, so the file is used). */
const startApp = (database: string) => start(["server.js"], isPostgresUrl(database) ? { DATABASE_URL: database } : { DATABASE_URL: "", DATABASE_PATH: database }, "/healthz");

async function signIn(url: string): Promise<string> {
  const response = await fetch(`${url}/login`, {
    method: "POST",
    body: new URLSearchParams({ email: BENCH_EMAIL, password: BENCH_PASSWORD }),
    redirect: "manual",
  });
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error(`sign-in failed: ${response.status}`);
  return cookie;
}

interface Result {
  target: string;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]! : 0);

function warmUp(url: string, options: Partial<autocannon.Options>) {
  return new Promise<void>((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: WARMUP, ...options }, (error) => (error ? reject(error) : resolve()));
  });
}

async function load(target: string, url: string, options: Partial<autocannon.Options> = {}, { warm = true } = {}): Promise<Result> {
  if (warm) await warmUp(url, options);
  return new Promise((resolve, reject) => {
    // Every response's time is kept: autocannon's own summary has no p95.
    const times: number[] = [];
    const instance = autocannon({ url, connections: CONNECTIONS, duration: DURATION, ...options }, (error, r) => {
      if (error) return reject(error);
      times.sort((a, b) => a - b);
      const ms = (v: number) => Math.round(v * 10) / 10;
      resolve({
        target,
        requestsPerSecond: Math.round(r.requests.average),
        p50: ms(percentile(times, 0.5)),
        p95: ms(percentile(times, 0.95)),
        p99: ms(percentile(times, 0.99)),
        errors: r.errors + r.timeouts,
        non2xx: r.non2xx,
      });
    });
    instance.on("response", (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
}

/** Transferred (gzip) bytes of a page's HTML, its stylesheets and its scripts. */
async function pageWeight(url: string, cookie: string) {
  const html = await (await fetch(url, { headers: { cookie } })).text();
  const gz = (s: string | Buffer) => zlib.gzipSync(s).length;
  const assets = (pattern: RegExp) => [...html.matchAll(pattern)].map((m) => m[1]!).filter((h) => h.startsWith("/"));
  const fetchAll = async (hrefs: string[]) => {
    let total = 0;
    for (const href of new Set(hrefs)) total += gz(Buffer.from(await (await fetch(new URL(href, url))).arrayBuffer()));
    return total;
  };
  const css = await fetchAll(assets(/<link rel="stylesheet" href="([^"]+)"/g));
  const js = await fetchAll([...assets(/<script[^>]+src="([^"]+)"/g), ...assets(/<link rel="modulepreload" href="([^"]+)"/g), ...[...html.matchAll(/import\("([^"]+)"\)/g)].map((m) => m[1]!)]);
  // Readable without JavaScript when the page's heading and content arrive in the HTML
  // (the end-to-end suite also walks every feature with JavaScript off).
  const needsJavaScript = !/<h1[\s>]/.test(html);
  return { html: gz(html), css, js, needsJavaScript };
}

async function measureSearch(database: string) {
  const db = connect(database);
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const query = ["training", "shelter", "तालिम", "সেলাই", "сургалт", RARE_WORD][i % 6]!;
    const t0 = performance.now();
    await searchPractices(db, { reader: anyMember, query });
    times.push(performance.now() - t0);
  }
  await db.destroy();
  times.sort((a, b) => a - b);
  return { p50: +times[Math.floor(times.length * 0.5)]!.toFixed(2), p95: +times[Math.floor(times.length * 0.95)]!.toFixed(2) };
}

async function bareServer(body: string) {
  const file = path.join(os.tmpdir(), `px-bench-bare-${process.pid}.html`);
  fs.writeFileSync(file, body);
  const server = await start(["bench/bare-server.js", file, "$PORT"], {}, "/");
  return {
    url: server.url,
    stop() {
      server.child.kill("SIGTERM");
      fs.rmSync(file, { force: true });
    },
  };
}

async function benchDatabase(database: string, { targets, books = false }: { targets: "all" | "scale"; books?: boolean }) {
  const { url, child } = await startApp(database);
  try {
    const cookie = await signIn(url);
    const headers = { cookie };
    // A deep page of the list: the keyset cursor of the 5,000th published practice.
    const db = connect(database);
    const deepest = (offset: number) =>
      db.selectFrom("practices").select(["published_at", "id"]).where("status", "=", "published").orderBy("published_at", "desc").orderBy("id", "desc").offset(offset).limit(1).executeTakeFirst();
    const cursor = (await deepest(5_000)) ?? (await deepest(20));
    await db.destroy();
    const all = {
      home: "/",
      "practice list": "/practices",
      "practice list, deep page": `/practices?after=${cursor?.published_at}.${cursor?.id}`,
      "practice page (50 comments)": "/practices/practice-1",
      "search, common word": "/search?q=training",
      "search, rare word": `/search?q=${RARE_WORD}`,
      "handbook print page": "/handbooks/bench-handbook/print",
    } as Record<string, string>;
    const chosen = targets === "all" ? all : { "practice page (50 comments)": all["practice page (50 comments)"]!, "search, common word": all["search, common word"]! };

    const practiceHtml = await (await fetch(`${url}/practices/practice-1`, { headers })).text();
    const bare = await bareServer(practiceHtml);
    const results: Result[] = [];
    try {
      results.push(await load("bare node:http (same bytes)", `${bare.url}/`));
    } finally {
      bare.stop();
    }
    for (const [name, pathname] of Object.entries(chosen)) {
      const r = await load(name, url + pathname, { headers });
      results.push(r);
      process.stderr.write(`  ${name}: ${r.requestsPerSecond} req/s\n`);
    }
    const weights: Record<string, Awaited<ReturnType<typeof pageWeight>>> = {};
    let written = 0;
    if (targets === "all") {
      for (const [name, pathname] of Object.entries(all)) weights[name] = await pageWeight(url + pathname, cookie);
      // Writes at 5 % of the practice page's read rate, while that read load runs.
      const practiceRate = results.find((r) => r.target.startsWith("practice page"))!.requestsPerSecond;
      const writeRate = Math.max(1, Math.round(practiceRate * 0.05));
      // Posted as the page's script posts them (a data request: 204 and the redirect in a header).
      const commentsOnPractice2 = async () => {
        const db = connect(database);
        try {
          const { n } = await db
            .selectFrom("comments")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("practice_id", "=", 2)
            .executeTakeFirstOrThrow();
          return Number(n);
        } finally {
          await db.destroy();
        }
      };
      const before = await commentsOnPractice2();
      const [reads, writes] = await Promise.all([
        load("mixed: practice page reads", `${url}/practices/practice-1`, { headers }, { warm: false }),
        load(
          `mixed: comments written (${writeRate}/s)`,
          `${url}/practices/practice-2?index&_data=${encodeURIComponent("routes/practices.$slug._index")}`,
          {
            method: "POST",
            connections: 2,
            overallRate: writeRate,
            headers: { ...headers, "content-type": "application/x-www-form-urlencoded", origin: url },
            body: "intent=comment&body=Benchmark+comment",
          },
          { warm: false },
        ),
      ]);
      results.push(reads, writes);
      written = (await commentsOnPractice2()) - before;
    }
    // The 44-page editions as PDF and EPUB, and the practice page while the queue makes PDFs.
    const bookResults = books ? await benchBooks({ database, url, cookie, measure: () => load("practice page", `${url}/practices/practice-1`, { headers }, { warm: false }) }) : null;
    return { results, weights, written, searchModel: await measureSearch(database), books: bookResults };
  } finally {
    child.kill("SIGTERM");
  }
}

function printTable(results: Result[]) {
  const bare = results[0]!.requestsPerSecond;
  const rows = [["target", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "non-2xx", "vs bare"]];
  for (const r of results) {
    rows.push([r.target, String(r.requestsPerSecond), String(r.p50), String(r.p95), String(r.p99), String(r.errors), String(r.non2xx), `${((r.requestsPerSecond / bare) * 100).toFixed(1)} %`]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join("  "));
    if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
  }
}

async function ensureDatabase(practices: number) {
  const file = `data/bench-${practices}.sqlite`;
  if (!fs.existsSync(file)) {
    console.log(`Building ${file} (npm run seed:large -- --practices ${practices})…`);
    const built = await seedLarge({ practices, out: file });
    console.log(`  built in ${built.seconds.toFixed(1)} s, ${(built.bytes / 1024 / 1024).toFixed(1)} MiB`);
  }
  return file;
}

/**
 * The same data in PostgreSQL: DATABASE_URL if set, else a database in the throwaway cluster
 * this run is started inside (with-postgres.js, started here if need be). Copied from the
 * SQLite file with npm run db:copy's own function unless it already holds it.
 */
async function postgresCopyOf(file: string): Promise<string> {
  let url = process.env.DATABASE_URL;
  if (!url) {
    const cluster = process.env.TEST_POSTGRES_URL;
    if (!cluster) {
      const again = spawnSync(process.execPath, ["tests/postgres/with-postgres.js", `npx tsx bench/run.ts ${process.argv.slice(2).join(" ")}`], { stdio: "inherit" });
      process.exit(again.status ?? 1);
    }
    const admin = connect(cluster);
    await sql`create database px_bench`.execute(admin).catch(() => undefined);
    await admin.destroy();
    url = Object.assign(new URL(cluster), { pathname: "/px_bench" }).toString();
  }
  const [source, target] = [connect(file), connect(url)];
  await migrateToLatest(target);
  const count = async (db: typeof source) =>
    Number(
      (
        await db
          .selectFrom("practices")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const [want, have] = [await count(source), await count(target)];
  await Promise.all([source.destroy(), target.destroy()]);
  if (want !== have) {
    console.log(`Copying ${file} into ${describeTarget(url)} (npm run db:copy)…`);
    const copied = await copyDatabase({ from: file, to: url, replace: true });
    console.log(`  copied in ${(copied.ms / 1000).toFixed(1)} s, ${copied.entries} search entries`);
  }
  return url;
}

// A --scale run and a full run write their own parts of the same file.
const reportFile = path.join("bench", "results", "latest.json");
const previous = fs.existsSync(reportFile) ? (JSON.parse(fs.readFileSync(reportFile, "utf8")) as Record<string, unknown>) : {};
const run = { at: new Date().toISOString(), duration: DURATION, warmup: WARMUP, connections: CONNECTIONS, workers: WORKERS, node: process.version, cores: os.availableParallelism() };
const report: Record<string, unknown> = { ...previous };
if (flag("scale")) {
  const scale: Record<string, { practicePageP50: number; searchP50: number; searchModelP50: number }> = {};
  for (const n of [2_000, 20_000, 100_000]) {
    const database = await ensureDatabase(n);
    console.log(`\n${n} practices:`);
    const { results, searchModel } = await benchDatabase(database, { targets: "scale" });
    printTable(results);
    scale[n] = {
      practicePageP50: results.find((r) => r.target.startsWith("practice page"))!.p50,
      searchP50: results.find((r) => r.target.startsWith("search"))!.p50,
      searchModelP50: searchModel.p50,
    };
  }
  console.log("\nGrowth of p50 (ms):", JSON.stringify(scale));
  report.scale = { ...run, byPractices: scale };
} else {
  const chosen = arg("db", "");
  const file = chosen && chosen !== "postgres" && chosen !== "both" && !isPostgresUrl(chosen) ? chosen : await ensureDatabase(20_000);
  const databases = chosen === "both" ? [file, await postgresCopyOf(file)] : chosen === "postgres" ? [await postgresCopyOf(file)] : [chosen || file];
  const byEngine: Record<string, Result[]> = {};
  for (const [index, database] of databases.entries()) {
    const engine = isPostgresUrl(database) ? "postgres" : "sqlite";
    console.log(
      `\nBenchmark on ${describeTarget(database)}, ${DURATION} s per target after ${WARMUP} s of warm-up, ${CONNECTIONS} connections, ${WORKERS} worker(s) for the app and for the bare server:\n`,
    );
    const { results, weights, written, searchModel, books } = await benchDatabase(database, { targets: "all", books: index === 0 });
    printTable(results);
    console.log(`\nComments written during the mixed run: ${written} (each acknowledged request is a row)`);
    console.log(`\nsearchPractices() alone: p50 ${searchModel.p50} ms, p95 ${searchModel.p95} ms`);
    console.log("\nTransferred on first load (gzip bytes):");
    for (const [name, w] of Object.entries(weights)) {
      console.log(`  ${name.padEnd(30)} HTML ${String(w.html).padStart(6)}  CSS ${String(w.css).padStart(5)}  JS ${String(w.js).padStart(6)}  needs JS: ${w.needsJavaScript ? "yes" : "no"}`);
    }
    if (books) printBooks(books);
    byEngine[engine] = results;
    const entry = { run: { ...run, database: describeTarget(database) }, results, weights, written, searchModel, ...(books ? { books } : {}) };
    if (engine === "sqlite") Object.assign(report, entry);
    else report.postgres = entry;
  }
  if (byEngine.sqlite && byEngine.postgres) {
    console.log("\nPostgreSQL beside SQLite, measured in this one run (vs bare: each engine's req/s against its own bare ceiling):\n");
    const rows = [["target", "SQLite p50", "PostgreSQL p50", "PG / SQLite p50", "SQLite vs bare", "PG vs bare"]];
    const [lite, pg] = [byEngine.sqlite, byEngine.postgres];
    for (const [i, r] of lite.entries()) {
      const p = pg[i]!;
      const share = (x: Result, all: Result[]) => `${((x.requestsPerSecond / all[0]!.requestsPerSecond) * 100).toFixed(1)} %`;
      rows.push([r.target, String(r.p50), String(p.p50), r.p50 ? (p.p50 / r.p50).toFixed(2) : "–", share(r, lite), share(p, pg)]);
    }
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
    for (const row of rows) console.log(row.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join("  "));
  }
}
fs.mkdirSync(path.dirname(reportFile), { recursive: true });
fs.writeFileSync(reportFile, JSON.stringify(report, null, 2));
console.log("\nWritten to bench/results/latest.json");
