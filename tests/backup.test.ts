import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { backupDatabase, verifyDatabase } from "../scripts/backup";
import { openDatabase } from "../db/client";
import { restoreDatabase } from "../scripts/restore";
import { searchPractices } from "../app/models/search.server";
import { makeMember, makePractice } from "./factories";

describe("backup and restore", () => {
  it("copies a live database consistently, verifies it, keeps the newest N, and restores with search rebuilt", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "px-backup-"));
    const live = path.join(dir, "live.sqlite");
    const db = await openDatabase(live);
    const member = await makeMember(db);
    await makePractice(db, { authorId: member.id, organisationId: member.organisationId, writeUp: { title: "Restored bakery course" } });

    // Taken while the database is open and being written to.
    const backups = path.join(dir, "backups");
    const results = [];
    for (let i = 0; i < 4; i++) {
      await makePractice(db, { authorId: member.id, organisationId: member.organisationId, writeUp: { title: `Later practice ${i}` } });
      results.push(await backupDatabase({ source: live, dir: backups, keep: 3, now: new Date(Date.UTC(2026, 10, 1 + i)) }));
    }
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
    expect((await searchPractices(reopened, { query: "restored bakery" })).results).toHaveLength(1);
    await reopened.destroy();
  });
});
