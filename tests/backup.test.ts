import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { sql, type Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import { backupDatabase, databaseTables, postgresConnection, verifyDatabase, verifyDump } from "../scripts/backup";
import { connect, openDatabase } from "../db/client";
import type { Database } from "../db/schema";
import { restoreDatabase } from "../scripts/restore";
import { searchPractices } from "../app/models/search.server";
import { createPractice } from "../app/models/practice.server";
import { makeMember, makePractice, anyMember, sampleWriteUp } from "./factories";
import { attaching, sha256, storeDocument, storeImage } from "./helpers/attachments";
import { createDatabase, onPostgres, TEMPLATE, uniqueDatabaseName } from "./helpers/postgres";

/** Every row of every table, in one order, whatever the engine returns them in. */
async function everyRow(db: Kysely<Database>, tables: string[]) {
  const all: Record<string, string[]> = {};
  for (const table of tables) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    all[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return all;
}

/** sha256 of every stored copy of every file, by "<attachment id>/<variant>". */
async function fileHashes(db: Kysely<Database>) {
  const rows = await db.selectFrom("attachment_files").select(["attachment_id", "variant", "bytes"]).execute();
  return new Map(rows.map((r) => [`${r.attachment_id}/${r.variant}`, sha256(r.bytes)]));
}

/**
 * A practice to find after the restore, with a photo and a document on it and an upload
 * still waiting, then four backups (keep 3), each taken while the database is open and being
 * written to.
 */
async function fillAndBackUp(db: Kysely<Database>, { source, backups }: { source: string; backups: string }) {
  const member = await makeMember(db);
  const photo = await storeImage(db, { uploaderId: member.id });
  const recipe = await storeDocument(db, { uploaderId: member.id, name: "recipe.txt" });
  await createPractice(db, {
    authorId: member.id,
    organisationId: member.organisationId,
    writeUp: sampleWriteUp({ title: "Restored bakery course" }),
    meta: { language: "en", themes: ["children-families"], countries: ["IN"] },
    publish: true,
    attachments: attaching([photo.id, recipe.id], { [photo.id]: "Loaves on a tray" }),
  });
  await storeDocument(db, { uploaderId: member.id, name: "waiting.txt" });
  const files = await fileHashes(db);
  expect([...files.keys()].sort()).toEqual([`${photo.id}/display`, `${photo.id}/thumb`, `${recipe.id}/file`, `${recipe.id + 1}/file`]);
  const results = [];
  for (let i = 0; i < 4; i++) {
    await makePractice(db, { authorId: member.id, organisationId: member.organisationId, writeUp: { title: `Later practice ${i}` } });
    results.push(await backupDatabase({ source, dir: backups, keep: 3, now: new Date(Date.UTC(2026, 10, 1 + i)) }));
  }
  return { member, results, files };
}

describe("backup and restore", () => {
  it("hands pg_dump the password in PGPASSWORD, never on its command line, from the URL's user part or its query", () => {
    for (const url of ["postgres://px:s3cret@db.example.org:5432/forum?sslmode=verify-full", "postgres://px@db.example.org:5432/forum?password=s3cret&sslmode=verify-full"]) {
      const { args, env } = postgresConnection(url);
      expect(args.join(" ")).not.toContain("s3cret");
      expect(args).toContain("--dbname=postgres://px@db.example.org:5432/forum?sslmode=verify-full");
      expect(env.PGPASSWORD).toBe("s3cret");
    }
  });

  it("copies a live database consistently, verifies it, keeps the newest N, and restores with search rebuilt", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "px-backup-"));
    const live = path.join(dir, "live.sqlite");
    const db = await openDatabase(live);
    const backups = path.join(dir, "backups");
    const { results, files } = await fillAndBackUp(db, { source: live, backups });
    expect(fs.readdirSync(backups).sort()).toEqual(
      results
        .slice(1)
        .map((r) => path.basename(r.file))
        .sort(),
    );
    expect(verifyDatabase(results[3]!.file)).toBe("ok");
    await db.destroy();

    // A damaged file is refused, and the instance keeps its database.
    const broken = path.join(dir, "broken.sqlite");
    fs.writeFileSync(broken, "not a database");
    const target = path.join(dir, "restored.sqlite");
    await expect(restoreDatabase({ backup: broken, target })).rejects.toThrow();
    expect(fs.existsSync(target)).toBe(false);

    const restored = await restoreDatabase({ backup: results[3]!.file, target });
    expect(restored.practices).toBe(5);
    const reopened = await openDatabase(target);
    expect((await searchPractices(reopened, { reader: anyMember, query: "restored bakery" })).results).toHaveLength(1);
    expect(await fileHashes(reopened)).toEqual(files);
    await reopened.destroy();
  });

  it.runIf(onPostgres)("dumps a PostgreSQL forum with pg_dump, keeps the newest N, refuses a broken file, and restores it into a fresh database", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "px-backup-pg-"));
    const live = await createDatabase(uniqueDatabaseName(), { template: TEMPLATE });
    const db = connect(live);
    const backups = path.join(dir, "backups");
    const { member, results, files } = await fillAndBackUp(db, { source: live, backups });
    expect(fs.readdirSync(backups).sort()).toEqual([
      "practice-exchange-2026-11-02T00-00-00-000Z.dump",
      "practice-exchange-2026-11-03T00-00-00-000Z.dump",
      "practice-exchange-2026-11-04T00-00-00-000Z.dump",
    ]);
    const latest = results[3]!.file;
    expect(await verifyDump(latest)).toBe("ok");
    const list = spawnSync("pg_restore", ["--list", latest], { encoding: "utf8" }).stdout;
    expect(list).toMatch(/TABLE DATA public practices /);
    const tables = await databaseTables(live);
    const liveRows = await everyRow(db, tables);
    await db.destroy();

    // A file that is no archive, and an archive cut short, are refused; the database keeps what it had.
    const fresh = await createDatabase(uniqueDatabaseName());
    const broken = path.join(dir, "broken.dump");
    fs.writeFileSync(broken, "not a dump");
    await expect(restoreDatabase({ backup: broken, target: fresh })).rejects.toThrow(/is not a sound backup/);
    const cut = path.join(dir, "cut.dump");
    const bytes = fs.readFileSync(latest);
    fs.writeFileSync(cut, bytes.subarray(0, bytes.length - 200));
    expect(await verifyDump(cut)).not.toBe("ok");
    await expect(restoreDatabase({ backup: cut, target: fresh })).rejects.toThrow(/is not a sound backup/);
    expect(await databaseTables(fresh)).toEqual([]);

    const restored = await restoreDatabase({ backup: latest, target: fresh });
    expect(restored).toMatchObject({ previous: null, rebuilt: false, practices: 5 });
    const reopened = connect(fresh);
    expect((await databaseTables(fresh)).sort()).toEqual([...tables].sort());
    expect(await everyRow(reopened, tables)).toEqual(liveRows);
    expect(await fileHashes(reopened)).toEqual(files);
    expect((await searchPractices(reopened, { reader: anyMember, query: "restored bakery" })).results).toHaveLength(1);

    // Restoring over a forum keeps what was there as a dump of its own.
    await makePractice(reopened, { authorId: member.id, organisationId: member.organisationId, writeUp: { title: "Written after the restore" } });
    await reopened.destroy();
    const again = await restoreDatabase({ backup: results[1]!.file, target: fresh });
    expect(again.previous).toMatch(/before-restore-.*\.dump$/);
    expect(await verifyDump(again.previous!)).toBe("ok");
    const back = connect(fresh);
    const titles = await back.selectFrom("practices").select("title").orderBy("id").execute();
    expect(titles.map((t) => t.title)).toEqual(["Restored bakery course", "Later practice 0", "Later practice 1"]);
    await back.destroy();
  });
});
