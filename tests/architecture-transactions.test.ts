import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Model functions run on the `Db` their caller hands them and never open a transaction:
// Kysely cannot nest one inside another, and the caller (an action, a loader, a script)
// must be able to write its audit row in the same transaction as the change.
const MODELS = path.resolve(__dirname, "../app/models");
const OPENS_A_TRANSACTION = /\.transaction\s*\(|\binTransaction\s*\(/;

function modelFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return modelFiles(full);
    return /\.server\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** `file:line  text` for every line of a model that opens a transaction. */
function transactionsOpenedIn(files: string[]) {
  return files.flatMap((file) =>
    fs
      .readFileSync(file, "utf8")
      .split("\n")
      .flatMap((text, i) => (OPENS_A_TRANSACTION.test(text) ? [`${path.relative(process.cwd(), file)}:${i + 1}  ${text.trim()}`] : [])),
  );
}

describe("the transaction rule", () => {
  it("recognises a transaction being opened", () => {
    expect(OPENS_A_TRANSACTION.test("  return db.transaction().execute(async (trx) => {")).toBe(true);
    expect(OPENS_A_TRANSACTION.test("await db\n  .transaction ()".replace("\n", ""))).toBe(true);
    expect(OPENS_A_TRANSACTION.test("  const created = await inTransaction(context.db, (trx) => createComment(trx, input));")).toBe(true);
    expect(OPENS_A_TRANSACTION.test(" * runs in the caller's transaction")).toBe(false);
  });

  it("no model function opens a transaction: its caller does", () => {
    const files = modelFiles(MODELS);
    expect(files.length).toBeGreaterThan(10);
    expect(transactionsOpenedIn(files), "model files that open a transaction (take the caller's Db instead)").toEqual([]);
  });
});
