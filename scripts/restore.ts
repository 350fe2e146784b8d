// npm run restore -- <backup file>
// Into a STOPPED instance: checks the file, then puts it in place of the database,
// keeping what was there, and brings it to the current schema.
// SQLite (DATABASE_PATH): replaces the file (the previous one stays beside it), migrates
// it and rebuilds search. PostgreSQL (DATABASE_URL): dumps the database as it is beside the
// backup (before-restore-<time>.dump), restores the pg_dump archive over it with pg_restore
// in one transaction, migrates it, and rebuilds search only when a migration ran or the
// index is missing: the archive holds the index as it was, made by the same code.
import fs from "node:fs";
import path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { sql } from "kysely";
import { optimizeSearchIndex, rebuildSearchIndex, searchIndexIsMissing } from "../app/models/search.server";
import { archiveTables, databaseTables, dumpPostgres, failure, listArchive, postgresConnection, toolFor, verifyDatabase, verifyDump } from "./backup";
import { connect, databaseTarget, describeTarget, inTransaction, isPostgresUrl, migrateToLatest, openDatabase } from "../db/client";

const run = promisify(execFile);

export async function restoreDatabase({ backup, target }: { backup: string; target: string }) {
  if (isPostgresUrl(target)) return restorePostgres({ backup, target });
  if (backup.endsWith(".dump")) throw new Error(`${backup} is a PostgreSQL backup (pg_dump); restore it with DATABASE_URL set, and npm run db:copy can then move the forum into a SQLite file.`);
  const check = verifyDatabase(backup);
  if (check !== "ok") throw new Error(`${backup} is not a sound database: ${check}`);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  let previous: string | null = null;
  if (fs.existsSync(target)) {
    previous = `${target}.before-restore-${Date.now()}`;
    fs.renameSync(target, previous);
  }
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(target + suffix, { force: true });
  fs.copyFileSync(backup, target);
  const db = await openDatabase(target);
  try {
    const indexed = await inTransaction(db, (trx) => rebuildSearchIndex(trx));
    await optimizeSearchIndex(db);
    return { previous, rebuilt: true, ...indexed };
  } finally {
    await db.destroy();
  }
}

async function restorePostgres({ backup, target }: { backup: string; target: string }) {
  if (backup.endsWith(".sqlite")) throw new Error(`${backup} is a SQLite backup; to move that forum into PostgreSQL, run npm run db:copy -- ${backup} <DATABASE_URL>.`);
  const check = await verifyDump(backup);
  if (check !== "ok") throw new Error(`${backup} is not a sound backup: ${check}`);
  const listed = await listArchive(backup);
  if ("problem" in listed) throw new Error(`${backup} is not a sound backup: ${listed.problem}`);
  // --clean drops only what the archive holds: a table it lacks (from a later migration)
  // would stay, and the migrations after the restore would fail to create it.
  const archived = new Set(archiveTables(listed.list));
  const present = await databaseTables(target);
  const extra = present.filter((t) => !archived.has(t));
  if (extra.length > 0) {
    throw new Error(`${describeTarget(target)} has tables the backup does not (${extra.join(", ")}). Restore into an empty database (createdb), or drop those tables first.`);
  }
  const tool = await toolFor("pg_restore", target);
  let previous: string | null = null;
  if (present.length > 0) {
    previous = path.join(path.dirname(path.resolve(backup)), `before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}.dump`);
    await dumpPostgres(target, previous);
  }
  const { args, env } = postgresConnection(target);
  try {
    // One transaction: a restore that fails part way leaves the database as it was.
    await run(tool.path, ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", ...args, backup], { env, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    throw new Error(`pg_restore failed, and changed nothing: ${failure(error)}`);
  }
  const db = connect(target);
  try {
    const { results = [] } = await migrateToLatest(db);
    // pg_restore brings rows, not the planner's statistics about them.
    await sql`analyze`.execute(db);
    if (results.length > 0 || (await searchIndexIsMissing(db))) {
      const indexed = await inTransaction(db, (trx) => rebuildSearchIndex(trx));
      await optimizeSearchIndex(db);
      return { previous, rebuilt: true, ...indexed };
    }
    const { practices } = await db
      .selectFrom("practices")
      .select((eb) => eb.fn.countAll<number>().as("practices"))
      .where("status", "=", "published")
      .executeTakeFirstOrThrow();
    const { entries } = await db
      .selectFrom("search_index")
      .select((eb) => eb.fn.countAll<number>().as("entries"))
      .executeTakeFirstOrThrow();
    return { previous, rebuilt: false, practices: Number(practices), entries: Number(entries) };
  } finally {
    await db.destroy();
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]).endsWith(path.join("scripts", "restore.ts"));
if (isMain) {
  const backup = process.argv[2];
  if (!backup) {
    console.error("Usage: npm run restore -- <backup file>   (stop the server first)");
    process.exit(2);
  }
  const target = databaseTarget();
  try {
    const result = await restoreDatabase({ backup, target });
    const before = result.previous ? ` (what was there is kept at ${result.previous})` : "";
    const search = result.rebuilt ? `search index rebuilt (${result.entries} entries)` : `search index restored with it (${result.entries} entries)`;
    console.log(`Restored ${backup} to ${describeTarget(target)}${before}; ${search}.`);
  } catch (error) {
    console.error(`Restore into ${describeTarget(target)} failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
