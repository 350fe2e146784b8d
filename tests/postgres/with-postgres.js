// Runs a command against a throwaway PostgreSQL cluster of its own:
//   node tests/postgres/with-postgres.js "<shell command>"
// The cluster is made with initdb in a temporary folder, as an unprivileged user
// (PostgreSQL refuses to run as root), on a free port, and removed afterwards. The command
// sees TEST_POSTGRES_URL (a superuser connection to its "postgres" database). When no
// PostgreSQL is installed and we are root, Debian's postgresql package is installed first.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const command = process.argv.slice(2).join(" ");
if (!command) {
  console.error('usage: node tests/postgres/with-postgres.js "<shell command>"');
  process.exit(2);
}

/** The newest PostgreSQL server programs installed (Debian keeps them out of PATH). */
function findBinaries() {
  const versions = fs.existsSync("/usr/lib/postgresql") ? fs.readdirSync("/usr/lib/postgresql").filter((v) => /^\d+$/.test(v)) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const dir = `/usr/lib/postgresql/${v}/bin`;
    if (fs.existsSync(path.join(dir, "initdb"))) return dir;
  }
  const onPath = spawnSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" }).stdout.trim();
  return onPath ? path.dirname(fs.realpathSync(onPath)) : null;
}

const isRoot = process.getuid?.() === 0;
let bin = findBinaries();
if (!bin && isRoot) {
  console.log("No PostgreSQL server found; installing Debian's postgresql package…");
  execFileSync("sh", ["-c", "apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  bin = findBinaries();
}
if (!bin) {
  console.error(
    "No PostgreSQL server (initdb) found, and not root to install it.\n" +
      "Install it with:  sudo apt-get update && sudo apt-get install -y postgresql\n" +
      "(only its programs are used: the tests make and remove a cluster of their own).",
  );
  process.exit(1);
}

// As root, the cluster belongs to an unprivileged system user: Debian's package makes "postgres".
const user = isRoot ? "postgres" : null;
if (user && spawnSync("id", ["-u", user]).status !== 0) {
  execFileSync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user], { stdio: "inherit" });
}
const as = (program, args, options = {}) =>
  user ? execFileSync("runuser", ["-u", user, "--", path.join(bin, program), ...args], { stdio: "pipe", ...options }) : execFileSync(path.join(bin, program), args, { stdio: "pipe", ...options });

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), "px-postgres-"));
const data = path.join(root, "data");
if (user) execFileSync("chown", [user, root]);
const port = await freePort();
let started = false;

function stop() {
  if (started) {
    try {
      as("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    } catch {
      // already gone
    }
    started = false;
  }
  fs.rmSync(root, { recursive: true, force: true });
}

try {
  as("initdb", ["-D", data, "-U", "px", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
  // A throwaway cluster: nothing is worth an fsync, and the suites open many connections.
  const settings = ["-p", String(port), "-k", root, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=400"];
  as("pg_ctl", ["-D", data, "-l", path.join(root, "server.log"), "-w", "-t", "60", "-o", settings.join(" "), "start"]);
  started = true;
} catch (error) {
  console.error(`Could not start a PostgreSQL cluster in ${root}: ${error.stderr?.toString() || error.message}`);
  const log = path.join(root, "server.log");
  if (fs.existsSync(log)) console.error(fs.readFileSync(log, "utf8"));
  stop();
  process.exit(1);
}

const version = as("postgres", ["--version"], { encoding: "utf8" }).toString().trim();
console.log(`PostgreSQL cluster on 127.0.0.1:${port} (${version}) for: ${command}`);
const child = spawn("sh", ["-c", command], { stdio: "inherit", env: { ...process.env, TEST_POSTGRES_URL: `postgres://px@127.0.0.1:${port}/postgres` } });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  stop();
  process.exit(code ?? (signal ? 1 : 0));
});
