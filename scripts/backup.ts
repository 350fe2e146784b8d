// npm run backup -- <dir> [--keep 14]
// A consistent copy of the live database, named by date and verified; only the newest
// --keep stay. SQLite (DATABASE_PATH): SQLite's online backup API, safe while the server
// runs, checked with integrity_check. PostgreSQL (DATABASE_URL): pg_dump's custom format,
// one snapshot of the database however long it takes, checked by reading it back with
// pg_restore.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import SQLite from "better-sqlite3";
import pg from "pg";
import { databaseTarget, describeTarget, isPostgresUrl } from "../db/client";

const run = promisify(execFile);

export async function backupDatabase({ source, dir, keep = 14, now = new Date() }: { source: string; dir: string; keep?: number; now?: Date }) {
  fs.mkdirSync(dir, { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, "-");
  if (isPostgresUrl(source)) return backupPostgres({ source, dir, keep, stamp });
  const target = path.join(dir, `practice-exchange-${stamp}.sqlite`);
  const db = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(target);
  } finally {
    db.close();
  }
  // One self-contained file: the copy leaves WAL mode, so no -wal/-shm travel with it.
  const copy = new SQLite(target);
  copy.pragma("journal_mode = DELETE");
  copy.close();
  const check = verifyDatabase(target);
  if (check !== "ok") {
    fs.rmSync(target, { force: true });
    throw new Error(`the backup failed its integrity check: ${check}`);
  }
  return { file: target, bytes: fs.statSync(target).size, kept: keepNewest(dir, /^practice-exchange-.*\.sqlite$/, keep) };
}

/** Deletes all but the newest `keep` backups (their names sort by date); returns how many stay. */
function keepNewest(dir: string, pattern: RegExp, keep: number) {
  const backups = fs
    .readdirSync(dir)
    .filter((f) => pattern.test(f))
    .sort()
    .reverse();
  for (const old of backups.slice(keep)) fs.rmSync(path.join(dir, old));
  return Math.min(backups.length, keep);
}

/** "ok", or what PRAGMA integrity_check reports. */
export function verifyDatabase(file: string): string {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma("integrity_check") as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).join("; ");
  } finally {
    db.close();
  }
}

/**
 * How pg_dump and pg_restore reach the database: the URL without its password, which goes
 * in PGPASSWORD instead (a command line is visible to every user of the machine), and
 * never a prompt, so a cron job fails instead of waiting.
 */
export function postgresConnection(url: string) {
  const parsed = new URL(url);
  // A password may also come as ?password=… (libpq reads both).
  const password = decodeURIComponent(parsed.password) || parsed.searchParams.get("password") || "";
  parsed.password = "";
  parsed.searchParams.delete("password");
  return { args: ["--no-password", `--dbname=${parsed.toString()}`], env: password ? { ...process.env, PGPASSWORD: password } : process.env };
}

export interface PostgresTool {
  path: string;
  major: number;
}

/**
 * pg_dump or pg_restore of the newest PostgreSQL installed: Debian keeps each version's
 * programs in /usr/lib/postgresql/<version>/bin (postgresql-client puts a wrapper in PATH).
 */
export async function postgresTool(name: "pg_dump" | "pg_restore"): Promise<PostgresTool> {
  const versions = fs.existsSync("/usr/lib/postgresql") ? fs.readdirSync("/usr/lib/postgresql").filter((v) => /^\d+$/.test(v)) : [];
  const candidates = versions.sort((a, b) => Number(b) - Number(a)).map((v) => `/usr/lib/postgresql/${v}/bin/${name}`);
  const file = candidates.find((f) => fs.existsSync(f)) ?? name;
  let version: string;
  try {
    version = (await run(file, ["--version"])).stdout;
  } catch {
    throw new Error(`${name} was not found. Install PostgreSQL's client programs (Debian: apt-get install postgresql-client) at the server's major version or newer.`);
  }
  const major = Number(/\(PostgreSQL\)\s+(\d+)/.exec(version)?.[1] ?? /(\d+)/.exec(version)?.[1]);
  return { path: file, major };
}

/** The tool, once it is known to read and write the server's format: pg_dump refuses a newer server, and may drop what it does not know. */
export async function toolFor(name: "pg_dump" | "pg_restore", url: string) {
  const tool = await postgresTool(name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let server: number;
  try {
    server = Math.floor(Number((await client.query<{ server_version_num: string }>("show server_version_num")).rows[0]!.server_version_num) / 10_000);
  } finally {
    await client.end();
  }
  if (!(tool.major >= server)) {
    throw new Error(
      `${tool.path} is PostgreSQL ${tool.major}, older than the server (PostgreSQL ${server}). pg_dump and pg_restore must be the server's major version or newer: ` +
        `install postgresql-client-${server} (Debian) or newer.`,
    );
  }
  return tool;
}

/** What `pg_restore --list` lists of a custom-format archive, or why it could not read it. */
export async function listArchive(file: string): Promise<{ list: string } | { problem: string }> {
  const tool = await postgresTool("pg_restore");
  try {
    return { list: (await run(tool.path, ["--list", file], { maxBuffer: 64 * 1024 * 1024 })).stdout };
  } catch (error) {
    return { problem: failure(error) };
  }
}

/** The tables a `pg_restore --list` creates ("<id>; <oid> <oid> TABLE <schema> <name> <owner>"). */
export function archiveTables(list: string, kind: "TABLE" | "TABLE DATA" = "TABLE") {
  const entry = new RegExp(`^\\d+; \\d+ \\d+ ${kind} \\S+ (\\S+) `, "gm");
  return [...list.matchAll(entry)].map((m) => m[1]!);
}

/**
 * "ok", or what is wrong with a pg_dump archive: pg_restore must list it, with the data of
 * `tables` (by default what every forum has), and read it to the end, which finds a file
 * cut short (the list is at its start, the data after it).
 */
export async function verifyDump(file: string, tables: string[] = ["kysely_migration", "practices"]): Promise<string> {
  if (!fs.existsSync(file)) return `there is no file ${file}`;
  const listed = await listArchive(file);
  if ("problem" in listed) return listed.problem;
  const data = new Set(archiveTables(listed.list, "TABLE DATA"));
  const missing = tables.filter((t) => !data.has(t));
  if (missing.length > 0) return `it holds no data for ${missing.join(", ")}`;
  try {
    await run((await postgresTool("pg_restore")).path, ["--file=/dev/null", file], { maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    return failure(error);
  }
  return "ok";
}

/** What a failed program wrote, in one line. */
export function failure(error: unknown) {
  const stderr = (error as { stderr?: string }).stderr?.trim();
  return (stderr || (error as Error).message).replace(/\s*\n\s*/g, "; ");
}

/** Every table of the database (the dump must hold each one's data). */
export async function databaseTables(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>("select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'");
    return rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}

/** pg_dump into `file`; a partial file is removed when it fails. */
export async function dumpPostgres(url: string, file: string) {
  const tool = await toolFor("pg_dump", url);
  const { args, env } = postgresConnection(url);
  try {
    await run(tool.path, ["--format=custom", `--file=${file}`, ...args], { env });
  } catch (error) {
    fs.rmSync(file, { force: true });
    throw new Error(`pg_dump failed: ${failure(error)}`);
  }
}

async function backupPostgres({ source, dir, keep, stamp }: { source: string; dir: string; keep: number; stamp: string }) {
  const target = path.join(dir, `practice-exchange-${stamp}.dump`);
  const tables = await databaseTables(source);
  await dumpPostgres(source, target);
  const check = await verifyDump(target, tables);
  if (check !== "ok") {
    fs.rmSync(target, { force: true });
    throw new Error(`the backup failed its check: ${check}`);
  }
  return { file: target, bytes: fs.statSync(target).size, kept: keepNewest(dir, /^practice-exchange-.*\.dump$/, keep) };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]).endsWith(path.join("scripts", "backup.ts"));
if (isMain) {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith("--"));
  const keepIndex = args.indexOf("--keep");
  if (!dir) {
    console.error("Usage: npm run backup -- <directory> [--keep 14]");
    process.exit(2);
  }
  const keep = keepIndex > -1 ? Number(args[keepIndex + 1]) : 14;
  // A --keep that is not a number would keep nothing, the new backup included.
  if (!Number.isInteger(keep) || keep < 1) {
    console.error(`--keep must be a whole number of backups, 1 or more (it is "${args[keepIndex + 1] ?? ""}").`);
    process.exit(2);
  }
  const source = databaseTarget();
  try {
    const result = await backupDatabase({ source, dir, keep });
    const checked = isPostgresUrl(source) ? "read back with pg_restore" : "integrity ok";
    console.log(`Backed up ${describeTarget(source)} to ${result.file} (${(result.bytes / 1024 / 1024).toFixed(1)} MiB, ${checked}; ${result.kept} kept).`);
  } catch (error) {
    console.error(`Backup of ${describeTarget(source)} failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
