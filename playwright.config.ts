import { defineConfig } from "@playwright/test";
import { E2E_SERVERS, NEUTRAL_SITE, SMTP_CATCHER } from "./tests/e2e/servers";
import { onPostgres } from "./tests/helpers/postgres";

const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/**
 * What a page weighs, scores and looks like in a browser does not depend on where its data is
 * kept: these run once, on SQLite. Every journey that reads or writes runs on both engines.
 */
const BROWSER_ONLY = ["lighthouse", "hydration", "accessibility", "weight", "phone", "quick-exit"].map((name) => `**/${name}.spec.ts`);

export default defineConfig({
  testDir: "tests/e2e",
  testIgnore: onPostgres ? BROWSER_ONLY : [],
  outputDir: "test-results",
  // Two cores, several servers: one worker keeps timing honest and the machine calm.
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: E2E_SERVERS.main.url,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: [
    {
      command: `node tests/e2e/smtp-catcher.js ${SMTP_CATCHER.smtpPort} ${SMTP_CATCHER.httpPort}`,
      url: `${SMTP_CATCHER.url}/health`,
      reuseExistingServer: false,
    },
    {
      command: `node tests/e2e/neutral-site.js ${NEUTRAL_SITE.port}`,
      url: `${NEUTRAL_SITE.url}/health`,
      reuseExistingServer: false,
    },
    ...Object.values(E2E_SERVERS).map((server) => ({
      command: `node tests/e2e/serve.js ${server.name} ${server.port} ${server.database}`,
      url: `${server.url}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore" as const,
      stderr: "pipe" as const,
      // Only the main server sends e-mail, and so has its APP_ORIGIN (it would not start
      // without), and runs a worker per core as production does; the setup servers keep the
      // embedded default and one worker each. No server sends the weekly digest by itself:
      // its tests send it by hand, at the time they choose.
      env: {
        QUICK_EXIT_URL: `${NEUTRAL_SITE.url}/`,
        DIGEST_SCHEDULER: "off",
        ...(server.name === "main" ? { SMTP_URL: `smtp://127.0.0.1:${SMTP_CATCHER.smtpPort}`, APP_ORIGIN: server.url } : { WEB_CONCURRENCY: "1" }),
      } as Record<string, string>,
    })),
  ],
});
