import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createKysely, openSqlite } from "../../db/client";
import { bookContents, loadBook } from "../../app/models/book-contents.server";
import type { Book } from "../../app/utils/book/book";

let seeded: string | undefined;

/**
 * The demo forum (scripts/seed-demo.ts: the demo handbook in English, Nepali, Bengali and
 * Mongolian) in a SQLite file of its own: seeded once per test file, copied for each call.
 */
export function demoDatabase() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "px-demo-"));
  if (!seeded) {
    seeded = path.join(dir, "seeded.sqlite");
    execFileSync("npx", ["tsx", "scripts/seed-demo.ts"], { env: { ...process.env, DATABASE_URL: "", DATABASE_PATH: seeded }, stdio: "pipe" });
  }
  const file = path.join(dir, "demo.sqlite");
  fs.copyFileSync(seeded, file);
  return createKysely(openSqlite(file));
}

export const DEMO_ORIGIN = "https://exchange.example";

/** The demo handbook's edition in `language` (en, ne, bn, mn), as its files are made from. */
export async function demoBook(db: ReturnType<typeof demoDatabase>, language: "en" | "ne" | "bn" | "mn"): Promise<Book> {
  const handbook = await db.selectFrom("handbooks").selectAll().where("language", "=", language).orderBy("id").executeTakeFirstOrThrow();
  const contents = await bookContents(db, { handbook, origin: DEMO_ORIGIN });
  return loadBook(db, { handbook, contents, origin: DEMO_ORIGIN });
}
