// npm run restore -- <backup file>
// Into a STOPPED instance: checks the file, replaces DATABASE_PATH with it (keeping the
// previous file beside it), migrates it to the current schema, and rebuilds search.
import fs from "node:fs";
import path from "node:path";
import { optimizeSearchIndex, rebuildSearchIndex } from "../app/models/search.server";
import { verifyDatabase } from "./backup";
import { DEFAULT_DATABASE_PATH, openDatabase } from "../db/client";

export async function restoreDatabase({ backup, target }: { backup: string; target: string }) {
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
    const indexed = await db.transaction().execute((trx) => rebuildSearchIndex(trx));
    await optimizeSearchIndex(db);
    return { previous, ...indexed };
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
  const target = process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
  const result = await restoreDatabase({ backup, target });
  console.log(`Restored ${backup} to ${target}${result.previous ? ` (the previous file is at ${result.previous})` : ""}; search index rebuilt (${result.entries} entries).`);
}
