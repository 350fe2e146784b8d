import path from "node:path";

/**
 * Each group of specs that needs its own database gets its own server: first-run setup
 * needs an empty one, twice (with and without JavaScript); everything else shares "main".
 */
function server(name: string, port: number) {
  return { name, port, url: `http://127.0.0.1:${port}`, databasePath: path.resolve(".e2e", `${name}.sqlite`) };
}

/** The SMTP catcher the main server sends through, and the HTTP port the tests read it on. */
export const SMTP_CATCHER = { smtpPort: 3325, httpPort: 3326, url: "http://127.0.0.1:3326" };

export const E2E_SERVERS = {
  main: server("main", 3310),
  setupJs: server("setup-js", 3311),
  setupNoJs: server("setup-nojs", 3312),
};
