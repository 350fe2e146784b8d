import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import { action as editAction } from "../app/routes/practices.$slug.edit";
import { action as newAction } from "../app/routes/practices.new";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makeSignedIn, sampleWriteUp } from "./factories";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

describe("autosave", () => {
  it("answers json with the draft's slug, and later autosaves update that one draft", async () => {
    const author = await makeSignedIn(db);
    const first = await call(newAction, { db, cookie: author.cookie, form: { intent: "autosave", title: "Night crèche", approach: "We opened at nine.", language: "en" } });
    expect(first.status).toBe(200);
    const body = await first.json();
    expect(body.slug).toBe("night-creche");
    expect(Number.isNaN(Date.parse(body.savedAt))).toBe(false);

    const again = await call(editAction, {
      db,
      cookie: author.cookie,
      params: { slug: body.slug },
      form: { intent: "autosave", title: "Night crèche", approach: "We opened at nine, every night.", language: "en" },
    });
    expect(again.status).toBe(200);
    expect((await again.json()).slug).toBe("night-creche");
    const rows = await db.selectFrom("practices").select(["slug", "status", "approach_md"]).execute();
    expect(rows).toEqual([{ slug: "night-creche", status: "draft", approach_md: "We opened at nine, every night." }]);
  });

  it("needs a title, and refuses on a published practice", async () => {
    const author = await makeSignedIn(db);
    const untitled = await call(newAction, { db, cookie: author.cookie, form: { intent: "autosave", title: "", approach: "Some text", language: "en" } });
    expect(untitled.status).toBe(400);
    expect(await db.selectFrom("practices").select("id").execute()).toHaveLength(0);

    const published = await call(newAction, { db, cookie: author.cookie, form: { ...sampleWriteUp(), language: "en", themes: ["vocational-training"], intent: "publish" } });
    const slug = published.headers.get("Location")!.split("?")[0]!.split("/").at(-1)!;
    const refused = await call(editAction, { db, cookie: author.cookie, params: { slug }, form: { ...sampleWriteUp(), title: "Changed by itself", language: "en", intent: "autosave" } });
    expect(refused.status).toBe(409);
    const row = await db.selectFrom("practices").select(["title", "status", "current_revision"]).where("slug", "=", slug).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "published", current_revision: 1 });
    expect(row.title).not.toBe("Changed by itself");
  });
});
