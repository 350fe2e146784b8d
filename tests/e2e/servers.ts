import path from "node:path";
import { databaseUrl, onPostgres } from "../helpers/postgres";

/**
 * Each group of specs that needs its own database gets its own server: first-run setup
 * needs an empty one, twice (with and without JavaScript); everything else shares "main".
 * The database is a SQLite file, or on a PostgreSQL run a database of the test cluster
 * (tests/e2e/serve.js makes it afresh under the same name).
 */
function server(name: string, port: number) {
  const database = onPostgres ? databaseUrl(`px_e2e_${name.replace(/-/g, "_")}`) : path.resolve(".e2e", `${name}.sqlite`);
  return { name, port, url: `http://127.0.0.1:${port}`, database };
}

/** The SMTP catcher the main server sends through, and the HTTP port the tests read it on. */
export const SMTP_CATCHER = { smtpPort: 3325, httpPort: 3326, url: "http://127.0.0.1:3326" };

export const E2E_SERVERS = {
  main: server("main", 3310),
  setupJs: server("setup-js", 3311),
  setupNoJs: server("setup-nojs", 3312),
  /** Never set up: first-run setup's page stays there for the quick-exit spec. */
  quickExit: server("quick-exit", 3313),
};

/** The neutral site every server's "Leave this page" goes to (QUICK_EXIT_URL): local, never the internet. */
export const NEUTRAL_SITE = { port: 3327, url: "http://127.0.0.1:3327" };
