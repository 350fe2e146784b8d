import { CompiledQuery, sql, type Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import { createKysely, migrateToLatest, openSqlite } from "../db/client";
import type { Database } from "../db/schema";
import { loader as homeLoader } from "../app/routes/_index";
import { loader as practiceLoader } from "../app/routes/practices.$slug._index/route";
import { loader as listLoader } from "../app/routes/practices._index";
import { loader as searchLoader } from "../app/routes/search";
import { loader as notificationsLoader } from "../app/routes/notifications";
import { loader as rootLoader } from "../app/root";
import { createComment } from "../app/models/comment.server";
import { endorsePractice } from "../app/models/endorsement.server";
import { createTestDb } from "./helpers/db";
import { onPostgres } from "./helpers/postgres";
import { call } from "./helpers/remix";
import { makeMember, makePractice, makeSession } from "./factories";

/** Tables big enough in production that a full scan on a hot path is a defect. */
const BIG = ["practices", "comments", "endorsements", "notifications", "practice_revisions", "audit_log", "search_index", "attachments", "attachment_files", "revision_attachments"];

type Page = readonly [loader: unknown, path: string, params: Record<string, string>];
type Recorded = { sql: string; parameters: readonly unknown[] };

/** The pages every member opens most, each a few queries. */
const HOT_PAGES = (slug: string): Page[] => [
  [rootLoader, "/", {}],
  [homeLoader, "/", {}],
  [listLoader, "/practices", {}],
  [listLoader, "/practices?sort=endorsed&after=5.100", {}],
  [listLoader, "/practices?theme=housing&country=NP", {}],
  [practiceLoader, `/practices/${slug}`, { slug }],
  [notificationsLoader, "/notifications", {}],
];
/** Search, on the engine's own index (FTS5 on SQLite, tsvector and GIN on PostgreSQL). */
const SEARCH_PAGES: Page[] = [
  [searchLoader, "/search?q=crèche", {}],
  [searchLoader, "/search?q=crèche&theme=housing", {}],
];

/**
 * A small forum (a practice with comments and an endorsement), then the hot pages opened
 * by a signed-in member, recording every query they ran with its parameters.
 */
async function recordHotQueries(db: Kysely<Database>, recorder: { recording: boolean; queries: Recorded[] }, pages: Page[]) {
  const member = await makeMember(db);
  const other = await makeMember(db);
  const { cookie } = await makeSession(db, member.id);
  const practice = await makePractice(db, { authorId: member.id, organisationId: member.organisationId });
  for (let i = 0; i < 3; i++) await createComment(db, { practiceId: practice.id, authorId: other.id, bodyMd: `comment ${i}` });
  await endorsePractice(db, { practiceId: practice.id, userId: other.id, organisationId: other.organisationId, note: "" });

  recorder.recording = true;
  for (const [loader, path, params] of [...HOT_PAGES(practice.slug), ...pages]) {
    const response = await call(loader as never, { db, cookie, path, params });
    expect(response.status, path).toBe(200);
  }
  recorder.recording = false;
  return recorder.queries.filter((q) => /^\s*(select|with)/i.test(q.sql));
}

function recorder() {
  const state = { recording: false, queries: [] as Recorded[] };
  const log = (event: { level: string; query: CompiledQuery }) => {
    if (state.recording && event.level === "query") state.queries.push({ sql: event.query.sql, parameters: event.query.parameters });
  };
  return { state, log };
}

describe.skipIf(onPostgres)("hot-path queries on SQLite", () => {
  it("are index-backed: no full scan of practices, comments, endorsements or notifications", async () => {
    const { state, log } = recorder();
    const sqlite = openSqlite(":memory:");
    const db = createKysely(sqlite, { log });
    await migrateToLatest(db);
    const queries = await recordHotQueries(db, state, SEARCH_PAGES);

    const scans: string[] = [];
    for (const q of queries) {
      // Parameters are bound by position; EXPLAIN needs them too.
      const rows = sqlite.prepare(`explain query plan ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[];
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

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  Plans?: PlanNode[];
}

/** Every sequential scan of a big table in a plan, as "Seq Scan on <table>". */
function seqScans(node: PlanNode): string[] {
  const own = node["Node Type"] === "Seq Scan" && BIG.includes(node["Relation Name"] ?? "") ? [`Seq Scan on ${node["Relation Name"]}`] : [];
  return [...own, ...(node.Plans ?? []).flatMap(seqScans)];
}

/**
 * The tables here are small, and PostgreSQL reads a small table whole rather than through
 * an index, whatever indexes it has. With sequential scans priced out
 * (enable_seqscan = off, for this transaction only) a plan still holding one on a big
 * table is one no index can serve.
 */
async function postgresScans(db: Kysely<Database>, queries: Recorded[]) {
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    const scans: string[] = [];
    for (const q of queries) {
      const { rows } = await trx.executeQuery<{ "QUERY PLAN": { Plan: PlanNode }[] }>(CompiledQuery.raw(`explain (format json) ${q.sql}`, [...q.parameters]));
      for (const scan of seqScans(rows[0]!["QUERY PLAN"][0]!.Plan)) scans.push(`${scan} ← ${q.sql.slice(0, 160)}`);
    }
    return scans;
  });
}

/**
 * Search on PostgreSQL is app/models/search-postgres.server.ts (tsvector behind a GIN
 * index): the same pages, its own queries. Should they ever need a list of their own,
 * it goes here.
 */
const POSTGRES_SEARCH_PAGES: Page[] = SEARCH_PAGES;

describe.skipIf(!onPostgres)("hot-path queries on PostgreSQL", () => {
  it("are index-backed: no sequential scan of a big table, even with sequential scans priced out", async () => {
    const { state, log } = recorder();
    const db = await createTestDb({ log });
    try {
      const queries = await recordHotQueries(db, state, POSTGRES_SEARCH_PAGES);
      expect(queries.length).toBeGreaterThan(20);
      expect(await postgresScans(db, queries)).toEqual([]);
      // The detector itself sees a scan where no index can serve.
      expect(await postgresScans(db, [{ sql: "select id from comments where body_md = $1", parameters: ["x"] }])).toEqual(["Seq Scan on comments ← select id from comments where body_md = $1"]);
    } finally {
      await db.destroy();
    }
  });
});
