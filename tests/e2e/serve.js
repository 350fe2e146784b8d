// Starts the production build on a fresh database for one group of end-to-end tests:
//   node tests/e2e/serve.js <name> <port>
import cluster from "node:cluster";
import fs from "node:fs";
import path from "node:path";

const [name, port] = process.argv.slice(2);
const dir = path.resolve(".e2e");
fs.mkdirSync(dir, { recursive: true });
// server.js forks its workers from this same script: only the first process starts afresh.
if (cluster.isPrimary) for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(path.join(dir, `${name}.sqlite${suffix}`), { force: true });
process.env.DATABASE_PATH = path.join(dir, `${name}.sqlite`);
process.env.PORT = port;
process.env.HOST = "127.0.0.1";
await import("../../server.js");
