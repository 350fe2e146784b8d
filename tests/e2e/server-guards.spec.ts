import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { makeSession } from "../factories";
import { db, expect, makeMember, test } from "./fixtures";
import { E2E_SERVERS } from "./servers";

// What server.js adds in front of Remix (issue 15: #4, #7, #9, HSTS), against the built
// server: the main e2e server (APP_ORIGIN set, TRUST_PROXY not) and a few started here.

const main = E2E_SERVERS.main;
const mainHost = new URL(main.url).host;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request exactly as given (Node's fetch will not send a forged Host). */
function send(base: string, pathname: string, { method = "GET", headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const target = new URL(pathname, base);
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Starts server.js on its own database (a SQLite file, whichever engine the run uses: what it checks is in front of the database) and port with the given settings. */
async function startServer(port: number, env: Record<string, string>) {
  const database = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "px-guards-")), "guards.sqlite");
  const child = spawn(process.execPath, ["server.js"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_PATH: database, DATABASE_URL: "", WEB_CONCURRENCY: "1", SMTP_URL: "", APP_ORIGIN: "", TRUST_PROXY: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d));
  child.stderr.on("data", (d: Buffer) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const ready = await Promise.race([new Promise<true>((resolve) => child.stdout.on("data", () => output.includes("ready at") && resolve(true))), exited.then(() => false as const)]);
  return { ready, exited, output: () => output, stop: () => child.kill("SIGTERM") };
}

async function signedInCookie() {
  const member = await makeMember(db());
  return (await makeSession(db(), member.id)).cookie;
}

test.describe("APP_ORIGIN and the host a request asks for", () => {
  test("with SMTP_URL set the server does not start without APP_ORIGIN, and says why", async () => {
    const server = await startServer(3331, { SMTP_URL: "smtp://127.0.0.1:9" });
    expect(server.ready).toBe(false);
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain("APP_ORIGIN");
  });

  test("a request for another host is refused in plain text, whether Host or an unbelieved X-Forwarded-Host says it", async () => {
    const forged = await send(main.url, "/forgot-password", { headers: { Host: "evil.example" } });
    expect(forged.status).toBe(421);
    expect(forged.headers["content-type"]).toContain("text/plain");
    // TRUST_PROXY is not set on the main server: X-Forwarded-Host is ignored either way.
    expect((await send(main.url, "/forgot-password", { headers: { Host: "evil.example", "X-Forwarded-Host": mainHost } })).status).toBe(421);
    expect((await send(main.url, "/forgot-password", { headers: { Host: mainHost, "X-Forwarded-Host": "evil.example" } })).status).toBe(200);
    expect((await send(main.url, "/forgot-password", { headers: { Host: mainHost.toUpperCase() } })).status).toBe(200);
  });

  test("the request Remix sees is on APP_ORIGIN: a forwarded https does not make the cookie Secure on an http origin", async () => {
    const cookie = await signedInCookie();
    const out = await send(main.url, "/logout", { method: "POST", headers: { Host: mainHost, Cookie: cookie, Origin: main.url, "X-Forwarded-Proto": "https" } });
    expect(out.status).toBe(302);
    expect(String(out.headers["set-cookie"])).toContain("px_session=;");
    expect(String(out.headers["set-cookie"])).not.toContain("Secure");
  });

  test("X-Forwarded-Host is believed when TRUST_PROXY names the proxy; an https APP_ORIGIN brings HSTS", async () => {
    const port = 3332;
    const server = await startServer(port, { APP_ORIGIN: "https://forum.example.org", TRUST_PROXY: "127.0.0.1" });
    try {
      expect(server.ready).toBe(true);
      const base = `http://127.0.0.1:${port}`;
      // A fresh database: /healthz answers 200 where pages would send to first-run setup.
      const proxied = await send(base, "/healthz", { headers: { Host: `127.0.0.1:${port}`, "X-Forwarded-Host": "forum.example.org", "X-Forwarded-Proto": "https" } });
      expect(proxied.status).toBe(200);
      expect(proxied.headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
      expect((await send(base, "/healthz", { headers: { Host: "forum.example.org:443" } })).status).toBe(200);
      const forged = await send(base, "/healthz", { headers: { Host: "forum.example.org", "X-Forwarded-Host": "evil.example" } });
      expect(forged.status).toBe(421);
      expect(forged.headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    } finally {
      server.stop();
    }
    // Over http there is no HSTS.
    expect((await send(main.url, "/healthz")).headers["strict-transport-security"]).toBeUndefined();
  });
});

test.describe("request bodies", () => {
  const form = { "Content-Type": "application/x-www-form-urlencoded", Origin: main.url };

  test("a body above 1 MiB gets 413 before sign-in, declared or streamed in chunks", async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, "a");
    const declared = await send(main.url, "/login", { method: "POST", headers: { ...form, "Content-Length": String(big.length) }, body: big });
    expect(declared.status).toBe(413);
    expect(declared.headers["content-type"]).toContain("text/plain");
    // No length declared: counted as it arrives.
    const body = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 32; i++) controller.enqueue(new Uint8Array(64 * 1024).fill(97));
        controller.close();
      },
    });
    const chunked = await fetch(`${main.url}/login`, { method: "POST", headers: form, body, duplex: "half" } as RequestInit);
    expect(chunked.status).toBe(413);
    // The server goes on answering.
    expect((await fetch(`${main.url}/healthz`)).status).toBe(200);
  });

  test("the largest write-up the form allows, every section full in Bengali, is saved", async () => {
    const cookie = await signedInCookie();
    const full = "অ".repeat(10_000);
    const fields = new URLSearchParams({ intent: "draft", title: "আ".repeat(200), summary: "ই".repeat(2_000), language: "bn" });
    for (const section of ["context", "approach", "resources", "outcomes", "lessons", "adapt"]) fields.set(section, full);
    const body = fields.toString();
    expect(Buffer.byteLength(body)).toBeGreaterThan(500_000);
    const saved = await fetch(`${main.url}/practices/new`, { method: "POST", headers: { ...form, Cookie: cookie }, body, redirect: "manual" });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toMatch(/^\/practices\//);
  });
});

test.describe("caching", () => {
  test("with a session nothing is kept: pages, data requests and resource routes are private, no-store", async () => {
    const cookie = await signedInCookie();
    for (const pathname of ["/", "/practices", "/settings", "/?_data=root", "/practices?_data=routes%2Fpractices._index", "/settings/export", "/healthz"]) {
      const response = await fetch(`${main.url}${pathname}`, { headers: { Cookie: cookie }, redirect: "manual" });
      expect(response.status, pathname).toBeLessThan(400);
      expect(response.headers.get("cache-control"), pathname).toBe("private, no-store");
    }
  });

  test("static files keep their long caching, with a session too", async ({ page, signIn }) => {
    await signIn();
    await page.goto("/");
    const script = await page
      .locator("script[src^='/build/'], link[rel=modulepreload]")
      .first()
      .evaluate((el) => el.getAttribute("src") ?? el.getAttribute("href"));
    const asset = await page.request.get(script!);
    expect(asset.headers()["cache-control"]).toContain("immutable");
    expect(asset.headers()["cache-control"]).toContain("max-age=31536000");
    const icon = await page.request.get("/favicon.svg");
    expect(icon.headers()["cache-control"]).toBe("public, max-age=3600");
  });

  test("signing out clears what the browser kept", async ({ page, signIn }) => {
    await signIn();
    await page.goto("/settings");
    const [logout] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === "/logout" && r.request().method() === "POST"),
      page.getByRole("banner").getByRole("button", { name: "Sign out" }).click(),
    ]);
    // Playwright lists Clear-Site-Data among the security headers headers() leaves out.
    expect((await logout.allHeaders())["clear-site-data"]).toBe('"cache", "storage"');
    await expect(page).toHaveURL(/\/login/);
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });
    test("Back after signing out does not show the signed-in page from the cache", async ({ page, signIn }) => {
      await signIn();
      await page.goto("/settings");
      await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
      await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
      await expect(page).toHaveURL(/\/login/);
      await page.goBack();
      await expect(page).toHaveURL(/\/login/);
      await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toHaveCount(0);
    });
  });
});

test.describe("preview limit", () => {
  /** The member's preview key locked, as 60 previews within a minute leave it. */
  async function lockPreviews(memberId: number) {
    await db()
      .insertInto("rate_limits")
      .values({ key: `preview:member:${memberId}`, failures: 60, window_started_at: Date.now(), locked_until: Date.now() + 60_000 })
      .execute();
  }
  const message = "Too many previews in a short time. Wait a minute, then preview again; your text is kept.";

  test("with JavaScript the live preview says so where the preview would be", async ({ page, signIn }) => {
    const member = await signIn();
    await lockPreviews(member.id);
    await page.goto("/practices/new");
    await page.getByLabel("Approach").fill("**Weekly** visits");
    await expect(page.getByRole("status").filter({ hasText: message })).toBeVisible();
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });
    test("the Preview button answers 429 with the message, and the text typed is kept", async ({ page, signIn }) => {
      const member = await signIn();
      await lockPreviews(member.id);
      await page.goto("/practices/new");
      await page.getByLabel("Approach").fill("**Weekly** visits");
      const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "Preview" }).click()]);
      expect(response.status()).toBe(429);
      await expect(page.getByText(message)).toBeVisible();
      await expect(page.getByLabel("Approach")).toHaveValue("**Weekly** visits");
    });
  });
});
