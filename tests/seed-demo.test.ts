import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createKysely, openSqlite } from "../db/client";
import { DEMO_PRACTICES } from "../scripts/demo-content";
import { checkPrivacy } from "../app/utils/privacy-check";

describe("npm run seed:demo", () => {
  it("fills an empty database once, and refuses a second time", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "px-seed-"));
    const env = { ...process.env, DATABASE_PATH: path.join(dir, "demo.sqlite") };
    const out = execFileSync("npx", ["tsx", "scripts/seed-demo.ts"], { env, encoding: "utf8" });
    expect(out).toContain("Password for every account:");
    const db = createKysely(openSqlite(env.DATABASE_PATH));
    return (async () => {
      const statuses = await db.selectFrom("practices").select(["status"]).execute();
      expect(statuses.filter((s) => s.status === "published").length).toBeGreaterThanOrEqual(15);
      expect(statuses.some((s) => s.status === "draft")).toBe(true);
      const languages = await db.selectFrom("practices").select("language").distinct().execute();
      expect(languages.map((l) => l.language).sort()).toEqual(expect.arrayContaining(["bn", "en", "fr", "mn", "ne"]));
      const roles = await db.selectFrom("users").select("role").distinct().execute();
      expect(roles.map((r) => r.role).sort()).toEqual(["admin", "coordinator", "curator", "member"]);
      const handbooks = await db.selectFrom("handbooks").select(["id", "status", "language", "language_group_id"]).orderBy("id").execute();
      // The demo handbook, and its editions in Nepali, Bengali and Mongolian linked to it.
      expect(handbooks.map((h) => [h.language, h.status, h.language_group_id])).toEqual([
        ["en", "published", handbooks[0]!.id],
        ["ne", "published", handbooks[0]!.id],
        ["bn", "published", handbooks[0]!.id],
        ["mn", "published", handbooks[0]!.id],
      ]);
      const entries = await db
        .selectFrom("handbook_entries")
        .innerJoin("handbook_chapters", "handbook_chapters.id", "handbook_entries.chapter_id")
        .select("handbook_entries.id")
        .where("handbook_chapters.handbook_id", "=", handbooks[0]!.id)
        .execute();
      expect(entries.length).toBe(6);
      const open = await db.selectFrom("nominations").select("id").where("status", "=", "open").execute();
      expect(open.length).toBe(2);
      await db.destroy();
      expect(() => execFileSync("npx", ["tsx", "scripts/seed-demo.ts"], { env, stdio: "pipe" })).toThrow();
    })();
  }, 60_000);

  it("contains nothing the privacy check would flag", () => {
    for (const p of DEMO_PRACTICES) {
      expect(
        checkPrivacy({
          title: p.writeUp.title,
          summary: p.writeUp.summary,
          context: p.writeUp.context,
          approach: p.writeUp.approach,
          outcomes: p.writeUp.outcomes,
          lessons: p.writeUp.lessons,
          resources: p.writeUp.resources,
          adapt: p.writeUp.adapt,
        }),
        p.key,
      ).toEqual([]);
    }
  });
});
