import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createKysely, migrateToLatest, openSqlite } from "../db/client";
import { loader as homeLoader } from "../app/routes/_index";
import { loader as practiceLoader } from "../app/routes/practices.$slug._index/route";
import { loader as listLoader } from "../app/routes/practices._index";
import { loader as searchLoader } from "../app/routes/search";
import { loader as notificationsLoader } from "../app/routes/notifications";
import { loader as rootLoader } from "../app/root";
import { createComment } from "../app/models/comment.server";
import { endorsePractice } from "../app/models/endorsement.server";
import { call } from "./helpers/remix";
import { makeMember, makePractice, makeSession } from "./factories";

/** Tables big enough in production that a full scan on a hot path is a defect. */
const BIG = ["practices", "comments", "endorsements", "notifications", "practice_revisions"];

describe("hot-path queries", () => {
  it("are index-backed: no full scan of practices, comments, endorsements or notifications", async () => {
    const queries: { sql: string; parameters: readonly unknown[] }[] = [];
    let recording = false;
    const sqlite = openSqlite(":memory:");
    const db = createKysely(sqlite, {
      log(event) {
        if (recording && event.level === "query") queries.push({ sql: event.query.sql, parameters: event.query.parameters });
      },
    });
    await migrateToLatest(db);
    const member = await makeMember(db);
    const other = await makeMember(db);
    const { cookie } = await makeSession(db, member.id);
    const practice = await makePractice(db, { authorId: member.id, organisationId: member.organisationId });
    for (let i = 0; i < 3; i++) await createComment(db, { practiceId: practice.id, authorId: other.id, bodyMd: `comment ${i}` });
    await endorsePractice(db, { practiceId: practice.id, userId: other.id, organisationId: other.organisationId, note: "" });

    recording = true;
    for (const [loader, path, params] of [
      [rootLoader, "/", {}],
      [homeLoader, "/", {}],
      [listLoader, "/practices", {}],
      [listLoader, "/practices?sort=endorsed&after=5.100", {}],
      [listLoader, "/practices?theme=housing&country=NP", {}],
      [practiceLoader, `/practices/${practice.slug}`, { slug: practice.slug }],
      [searchLoader, "/search?q=crèche", {}],
      [searchLoader, "/search?q=crèche&theme=housing", {}],
      [notificationsLoader, "/notifications", {}],
    ] as const) {
      const response = await call(loader as never, { db, cookie, path, params });
      expect(response.status, path).toBe(200);
    }
    recording = false;

    const scans: string[] = [];
    for (const q of queries.filter((q) => /^\s*(select|with)/i.test(q.sql))) {
      const plan = await sql
        .raw<{ detail: string }>(`explain query plan ${q.sql}`)
        .execute(db)
        .catch(() => null);
      // Parameters are bound by position; EXPLAIN needs them too.
      const rows = plan ? plan.rows : (sqlite.prepare(`explain query plan ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[]);
      for (const { detail } of rows) {
        const scan = /^SCAN (\w+)(?: AS \w+)?$/.exec(detail.trim());
        if (scan && BIG.includes(scan[1]!)) scans.push(`${detail} ← ${q.sql.slice(0, 160)}`);
      }
    }
    expect(scans).toEqual([]);
    // The detector itself sees a scan where there is one.
    const unindexed = sqlite.prepare("explain query plan select id from comments where body_md = ?").all("x") as { detail: string }[];
    expect(unindexed.map((r) => r.detail)).toContain("SCAN comments");
    expect(queries.length).toBeGreaterThan(20);
  });
});
