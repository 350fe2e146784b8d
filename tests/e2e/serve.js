// Starts the production build on a fresh database for one group of end-to-end tests:
//   node tests/e2e/serve.js <name> <port> <database>
// The database (tests/e2e/servers.ts chooses it) is a SQLite file, removed first, or, when
// the run has a PostgreSQL cluster (tests/postgres/with-postgres.js), a database of its
// own there, made afresh.
import cluster from "node:cluster";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

const [, port, database] = process.argv.slice(2);
// server.js forks its workers from this same script: only the first process starts afresh.
if (/^postgres(ql)?:\/\//.test(database)) {
  if (cluster.isPrimary) {
    const name = new URL(database).pathname.slice(1);
    const client = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL });
    await client.connect();
    await client.query(`drop database if exists "${name}" with (force)`);
    await client.query(`create database "${name}"`);
    await client.end();
  }
  process.env.DATABASE_URL = database;
} else {
  fs.mkdirSync(path.dirname(database), { recursive: true });
  if (cluster.isPrimary) for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${database}${suffix}`, { force: true });
  process.env.DATABASE_URL = "";
  process.env.DATABASE_PATH = database;
}
process.env.PORT = port;
process.env.HOST = "127.0.0.1";
await import("../../server.js");
