import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { E2E_SERVERS } from "./servers";
import { expect, test } from "./fixtures";

test("a request from another origin is refused", async ({ request, signIn }) => {
  await signIn();
  const response = await request.post("/logout", { headers: { Origin: "https://evil.example" }, maxRedirects: 0 });
  expect(response.status()).toBe(403);
  const same = await request.post("/logout", { headers: { Origin: E2E_SERVERS.main.url }, maxRedirects: 0 });
  expect(same.status()).toBe(302);
});

test("every page carries the security headers", async ({ page, signIn }) => {
  await signIn();
  const response = await page.goto("/");
  const headers = response!.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+'/);
  expect(headers["content-security-policy"]).not.toContain("unsafe-inline");
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("no-referrer");
  expect(headers["x-frame-options"]).toBe("DENY");
});

test("static files: built assets cached for a year, the icon redirected, a missing file a 404", async ({ request, page, signIn }) => {
  await signIn();
  await page.goto("/");
  const script = await page
    .locator("script[src^='/build/'], link[rel=modulepreload]")
    .first()
    .evaluate((el) => el.getAttribute("src") ?? el.getAttribute("href"));
  const asset = await request.get(script!);
  expect(asset.status()).toBe(200);
  expect(asset.headers()["cache-control"]).toContain("immutable");
  // A file is not a page: no CSP, framing or referrer policy, but never sniffed.
  for (const file of [asset, await request.get("/favicon.svg")]) {
    expect(file.status()).toBe(200);
    expect(file.headers()["x-content-type-options"]).toBe("nosniff");
    expect(file.headers()["content-security-policy"]).toBeUndefined();
    expect(file.headers()["x-frame-options"]).toBeUndefined();
    expect(file.headers()["referrer-policy"]).toBeUndefined();
  }
  const missing = await page.request.get("/build/no-such-file.js");
  expect(missing.status()).toBe(404);
  expect(missing.headers()["content-security-policy"]).toMatch(/nonce-/);
  const icon = await request.get("/favicon.ico", { maxRedirects: 0 });
  expect(icon.status()).toBe(301);
  expect(icon.headers()["location"]).toBe("/favicon.svg");
  expect((await page.request.get("/no-such-file.css")).status()).toBe(404);
});

test("a page goes out whole with its length, or compressed to a client that takes gzip", async ({ signIn, page }) => {
  await signIn();
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const plain = await fetch(`${E2E_SERVERS.main.url}/practices`, { headers: { cookie, "accept-encoding": "identity" } });
  const html = Buffer.from(await plain.arrayBuffer());
  expect(plain.status).toBe(200);
  expect(html.toString()).toContain("<h1");
  expect(plain.headers.get("content-length")).toBe(String(html.length));
  // Node's fetch asks for gzip and unpacks it.
  const zipped = await fetch(`${E2E_SERVERS.main.url}/practices`, { headers: { cookie } });
  expect(zipped.headers.get("content-encoding")).toBe("gzip");
  expect(await zipped.text()).toContain("<h1");
});

test("npm start serves in production mode, one worker per core, when nothing says otherwise", async () => {
  const database = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "px-start-")), "start.sqlite");
  const env = { ...process.env, PORT: "3319", HOST: "127.0.0.1", DATABASE_PATH: database, DATABASE_URL: "", SMTP_URL: "" };
  const server = spawn("sh", ["-c", `unset NODE_ENV WEB_CONCURRENCY; exec "${process.execPath}" server.js`], { env, stdio: ["ignore", "pipe", "inherit"] });
  try {
    const ready = await new Promise<string>((resolve, reject) => {
      let out = "";
      server.stdout.on("data", (chunk: Buffer) => {
        out += chunk;
        if (out.includes("ready at")) resolve(out);
      });
      server.once("exit", () => reject(new Error(`server.js exited: ${out}`)));
    });
    // React's development build renders a third slower and is never what members get.
    expect(ready).toContain(`(production, ${os.availableParallelism() > 1 ? `${os.availableParallelism()} workers` : "1 worker"})`);
    expect((await fetch("http://127.0.0.1:3319/healthz")).status).toBe(200);
  } finally {
    server.kill("SIGTERM");
  }
});

test("an anonymous visitor is sent to sign-in and brought back afterwards", async ({ page }) => {
  await page.goto("/no/such/page?x=1");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fno%2Fsuch%2Fpage%3Fx%3D1$/);
});

test("unknown pages are a 404 inside the layout", async ({ page, signIn }) => {
  const member = await signIn();
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.getByText(`Signed in as ${member.displayName}`)).toBeVisible();
});

test.describe("in French", () => {
  test.use({ locale: "fr-FR" });
  test("the interface follows the browser's language", async ({ page, signIn }) => {
    await signIn();
    await page.context().clearCookies();
    await page.goto("/login");
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
    await expect(page.getByRole("heading", { level: 1, name: "Connexion" })).toBeVisible();
    await expect(page.getByLabel("Adresse e-mail")).toBeVisible();
    await expect(page).toHaveTitle("Connexion · Practice Exchange");
  });
});

test("every main page opens by client-side navigation without a browser error", async ({ page, signIn }) => {
  const errors: string[] = [];
  page.on("console", (m) => (m.type() === "error" ? errors.push(m.text()) : undefined));
  page.on("pageerror", (e) => errors.push(e.message));
  await signIn({ role: "admin" });
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const [link, heading] of [
    ["Practices", "Practices"],
    ["Organisations", "Organisations"],
    ["Invitations", "Invitations"],
    ["Administration", "Administration"],
    ["Moderation", "Moderation"],
    ["Notifications", "Notifications"],
    ["Settings", "Settings"],
  ]) {
    await nav.getByRole("link", { name: link, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: heading, exact: true })).toBeVisible();
  }
  await page.getByRole("link", { name: "Administration" }).click();
  await page.getByRole("main").getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  await page.getByRole("link", { name: "Practices", exact: true }).click();
  await page.getByRole("link", { name: "Write a practice" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Write a practice" })).toBeVisible();
  expect(errors).toEqual([]);
});
