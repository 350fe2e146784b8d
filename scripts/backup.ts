// npm run backup -- <dir> [--keep 14]
// A consistent copy of the live database (SQLite's online backup API: safe while the
// server runs), named by date, verified with integrity_check; only the newest --keep stay.
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { DEFAULT_DATABASE_PATH } from "../db/client";

export async function backupDatabase({ source, dir, keep = 14, now = new Date() }: { source: string; dir: string; keep?: number; now?: Date }) {
  fs.mkdirSync(dir, { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, "-");
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
  const backups = fs
    .readdirSync(dir)
    .filter((f) => /^practice-exchange-.*\.sqlite$/.test(f))
    .sort()
    .reverse();
  for (const old of backups.slice(keep)) fs.rmSync(path.join(dir, old));
  return { file: target, bytes: fs.statSync(target).size, kept: Math.min(backups.length, keep) };
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

const isMain = process.argv[1] && path.resolve(process.argv[1]).endsWith(path.join("scripts", "backup.ts"));
if (isMain) {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith("--"));
  const keepIndex = args.indexOf("--keep");
  if (!dir) {
    console.error("Usage: npm run backup -- <directory> [--keep 14]");
    process.exit(2);
  }
  const source = process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
  const result = await backupDatabase({ source, dir, keep: keepIndex > -1 ? Number(args[keepIndex + 1]) : 14 });
  console.log(`Backed up ${source} to ${result.file} (${(result.bytes / 1024 / 1024).toFixed(1)} MiB, integrity ok; ${result.kept} kept).`);
}
