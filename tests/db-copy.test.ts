import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Migrator, sql, type Kysely } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "../app/models/audit.server";
import { finishBookFile, requestBookFile } from "../app/models/handbook-file.server";
import { createComment, editComment } from "../app/models/comment.server";
import { createFlag } from "../app/models/flag.server";
import { createInvitation } from "../app/models/invitation.server";
import { createPasswordReset } from "../app/models/password-reset.server";
import { stashPendingSubmission } from "../app/models/pending-submission.server";
import { recordRateLimitFailure, SIGN_IN_ACCOUNT } from "../app/models/rate-limit.server";
import { searchPractices } from "../app/models/search.server";
import { connect, createKysely, engineOf, inTransaction, openSqlite } from "../db/client";
import { migrations } from "../db/migrations/index";
import type { Database } from "../db/schema";
import { copyDatabase, CopyRefused } from "../scripts/db-copy";
import { createPrivacyReport } from "../app/models/privacy-report.server";
import { createPractice } from "../app/models/practice.server";
import { replaceRecoveryCodes } from "../app/models/two-factor.server";
import { saveItem } from "../app/models/saved.server";
import { setTopicFollows, unsubscribeToken } from "../app/models/digest.server";
import { enqueueDigests, takeLease } from "../app/models/digest-delivery.server";
import { setDigestDefault } from "../app/models/site-setting.server";
import { createConcept, createProposal, pinGlossaryAnnex, reviseConcept } from "../app/models/glossary.server";
import { makeMember, makePractice, makeSession, anyMember, sampleWriteUp } from "./factories";
import { attaching, sha256, storeDocument, storeImage } from "./helpers/attachments";
import { createDatabase, onPostgres, uniqueDatabaseName } from "./helpers/postgres";

/** Every table the migrations create, but the search index (rebuilt, not copied). */
const FORUM_TABLES = [
  "organisations",
  "users",
  "sessions",
  "audit_log",
  "invitations",
  "password_resets",
  "rate_limits",
  "themes",
  "practices",
  "practice_themes",
  "practice_countries",
  "practice_revisions",
  "comments",
  "comment_versions",
  "endorsements",
  "follows",
  "notifications",
  "flags",
  "handbooks",
  "handbook_chapters",
  "handbook_entries",
  "nominations",
  "pending_submissions",
  "organisation_groups",
  "organisation_group_members",
  "two_factor_secrets",
  "two_factor_recovery_codes",
  "privacy_reports",
  "attachments",
  "attachment_files",
  "revision_attachments",
  "handbook_files",
  "saved_items",
  "topic_follows",
  "site_settings",
  "digest_deliveries",
  "scheduler_leases",
  "glossary_concepts",
  "glossary_revisions",
  "glossary_terms",
  "glossary_proposals",
  "handbook_glossary",
].sort();

const DEVANAGARI_TITLE = "सिलाई तालिम: आमाहरूको लागि साँझको कक्षा";
const CREATED_AT = Date.UTC(2026, 2, 14, 9, 26, 53, 589);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "px-db-copy-"));
let seeded: string;
let devanagari: { id: number; slug: string };
/** sha256 of each stored copy of the seeded forum's files, by "<attachment id>/<variant>". */
let seededFiles: Map<string, string>;
/** A document of the largest size a file may have: one row of attachment_files holds all of it. */
const LARGEST_FILE = 10 * 1024 * 1024;

/**
 * The demo forum (scripts/seed-demo.ts), and a row in each table the demo leaves empty,
 * each written by the function the forum writes it with.
 */
beforeAll(async () => {
  seeded = path.join(dir, "seeded.sqlite");
  execFileSync("npx", ["tsx", "scripts/seed-demo.ts"], { env: { ...process.env, DATABASE_PATH: seeded }, stdio: "pipe" });
  const db = createKysely(openSqlite(seeded));
  const member = await makeMember(db, { role: "admin" });
  devanagari = await makePractice(db, {
    authorId: member.id,
    organisationId: member.organisationId,
    writeUp: { title: DEVANAGARI_TITLE, summary: "काठमाडौंका आमाहरूका लागि सिलाई र बुनाइको तालिम।" },
    meta: { language: "ne", countries: ["NP"] },
    now: CREATED_AT,
  });
  await makeSession(db, member.id);
  await recordAudit(db, { actorId: member.id, action: "auth.signin", ip: "203.0.113.9" });
  await createInvitation(db, { email: "invited@example.org", organisationId: member.organisationId, role: "member", locale: "ne", invitedBy: member.id });
  await createPasswordReset(db, { userId: member.id, createdBy: member.id });
  await recordRateLimitFailure(db, { key: "signin:account:someone@example.org", policy: SIGN_IN_ACCOUNT });
  const comment = (await createComment(db, { practiceId: devanagari.id, authorId: member.id, bodyMd: "पहिलो टिप्पणी" }))!;
  await editComment(db, { id: comment.id, editorId: member.id, bodyMd: "सम्पादित टिप्पणी" });
  await createFlag(db, { subjectType: "comment", subjectId: comment.id, reporterId: member.id, reason: "other", note: "a note" });
  await stashPendingSubmission(db, { path: "/practices/new", fields: { title: ["Unfinished"] } });
  await replaceRecoveryCodes(db, { userId: member.id });
  await createPrivacyReport(db, { kind: "missed", findingKind: null, snippet: "रमेश, १६ वर्ष", field: "approach", language: "ne", reporterId: member.id });
  // Files on a published practice (so a revision lists them), the largest a file may be, and one still waiting.
  const photo = await storeImage(db, { uploaderId: member.id, name: "सिलाई-कक्षा.jpg" });
  const form = await storeDocument(db, { uploaderId: member.id, name: "दर्ता-फारम.txt" });
  const large = await storeDocument(db, { uploaderId: member.id, name: "curriculum.txt", bytes: new Uint8Array(randomBytes(LARGEST_FILE)) });
  await createPractice(db, {
    authorId: member.id,
    organisationId: member.organisationId,
    writeUp: sampleWriteUp({ title: "Sewing course with its curriculum" }),
    meta: { language: "en", themes: ["children-families"], countries: ["NP"] },
    publish: true,
    attachments: attaching([photo.id, form.id, large.id], { [photo.id]: "मेसिनमा सिलाई गर्दै" }),
  });
  await storeDocument(db, { uploaderId: member.id, name: "waiting.txt" });
  // A handbook edition made into a file (its bytes a blob like an attachment's).
  const book = await requestBookFile(db, { handbookId: 1, format: "epub", paper: "", contentKey: "seeded", origin: "http://localhost:3000" });
  await db.updateTable("handbook_files").set({ status: "preparing" }).where("id", "=", book.id).execute();
  await finishBookFile(db, { file: book, bytes: new Uint8Array(randomBytes(4096)), pages: null, renderMs: 5 });
  // Saved items, what the weekly e-mail follows, its settings, a delivery and the sender's lease.
  await saveItem(db, { userId: member.id, practiceId: devanagari.id, revisionNumber: 1 });
  await setTopicFollows(db, { userId: member.id, themes: ["children-families"], countries: ["NP"] });
  await setDigestDefault(db, { frequency: "weekly", updatedBy: member.id });
  await unsubscribeToken(db, member.id);
  await enqueueDigests(db, { period: "2026-03-09", userIds: [member.id] });
  await takeLease(db, { name: "digest", holder: "seed", ms: 60_000 });
  // A glossary concept with two revisions, a member's proposal, and an edition's annex pinned to it.
  const concept = await createConcept(db, {
    content: { theme: null, definitions: { ne: "सिलाई सिकाउने कक्षा।" }, notes: "", terms: [{ language: "ne", text: "सिलाई तालिम", status: "preferred", reason: "", alternative: "", source: "" }] },
    authorId: member.id,
  });
  await reviseConcept(db, {
    conceptId: concept.id,
    content: {
      theme: null,
      definitions: { ne: "सिलाई सिकाउने साँझको कक्षा।" },
      notes: "",
      terms: [{ language: "ne", text: "सिलाई तालिम", status: "preferred", reason: "", alternative: "", source: "" }],
    },
    authorId: member.id,
  });
  await createProposal(db, { proposal: { conceptId: concept.id, kind: "term", language: "en", term: "sewing course", statusProposed: "admitted", message: "" }, proposerId: member.id });
  await pinGlossaryAnnex(db, { handbookId: 1, texts: [DEVANAGARI_TITLE] });
  seededFiles = await fileHashes(db);
  await db.destroy();
}, 60_000);

/** A new copy of the seeded forum, for a test that changes its source. */
function seededCopy() {
  const file = path.join(dir, `${uniqueDatabaseName("source")}.sqlite`);
  fs.copyFileSync(seeded, file);
  return file;
}

const newSqlitePath = () => path.join(dir, `${uniqueDatabaseName("copy")}.sqlite`);

/** A table's rows in one order, whatever the engine returns them in; a blob stands as its sha256. */
async function tableRows(db: Kysely<Database>, table: string) {
  const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
  const canonical = rows.map((r) =>
    JSON.stringify(
      Object.entries(r)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, v instanceof Uint8Array ? `sha256:${sha256(v)}` : v]),
    ),
  );
  return canonical.sort();
}

/** sha256 of every stored copy of every file, by "<attachment id>/<variant>". */
async function fileHashes(db: Kysely<Database>) {
  const rows = await db.selectFrom("attachment_files").select(["attachment_id", "variant", "bytes"]).execute();
  return new Map(rows.map((r) => [`${r.attachment_id}/${r.variant}`, sha256(r.bytes)]));
}

/** The copy holds every file byte for byte: the same sha256 for each copy, the largest file whole. */
async function expectSameFiles(target: string) {
  const db = connect(target);
  try {
    expect(seededFiles.size).toBe(5);
    expect(await fileHashes(db)).toEqual(seededFiles);
    const large = await db
      .selectFrom("attachment_files")
      .innerJoin("attachments", "attachments.id", "attachment_files.attachment_id")
      .select((eb) => ["attachments.name", eb.fn<number>(engineOf(db) === "postgres" ? "octet_length" : "length", ["attachment_files.bytes"]).as("bytes")])
      .where("attachments.name", "=", "curriculum.txt")
      .executeTakeFirstOrThrow();
    expect(Number(large.bytes)).toBe(LARGEST_FILE);
  } finally {
    await db.destroy();
  }
}

async function rowCount(db: Kysely<Database>, table: string) {
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(rows[0]!.n);
}

/** Checks that `to` holds exactly the rows of `from`, table by table. */
async function expectSameForum(from: string, to: string) {
  const [a, b] = [connect(from), connect(to)];
  try {
    for (const table of FORUM_TABLES) {
      const [left, right] = [await tableRows(a, table), await tableRows(b, table)];
      expect(right.length, table).toBe(left.length);
      expect(right, table).toEqual(left);
    }
  } finally {
    await Promise.all([a.destroy(), b.destroy()]);
  }
}

/** What a person would look at in the copy: the Devanagari practice as written, and a search that finds it. */
async function expectDevanagariPractice(target: string) {
  const db = connect(target);
  try {
    const practice = await db.selectFrom("practices").select(["id", "slug", "title", "language", "created_at"]).where("id", "=", devanagari.id).executeTakeFirstOrThrow();
    expect(practice).toEqual({ id: devanagari.id, slug: devanagari.slug, title: DEVANAGARI_TITLE, language: "ne", created_at: CREATED_AT });
    const { results } = await searchPractices(db, { reader: anyMember, query: "सिलाई" });
    expect(results.map((r) => r.practice.title)).toContain(DEVANAGARI_TITLE);
  } finally {
    await db.destroy();
  }
}

/** A practice written after the copy gets an id no copied row has. */
async function expectFreshIds(target: string) {
  const db = connect(target);
  try {
    const { max } = await db
      .selectFrom("practices")
      .select((eb) => eb.fn.max("id").as("max"))
      .executeTakeFirstOrThrow();
    const member = await makeMember(db);
    const created = await makePractice(db, { authorId: member.id, organisationId: member.organisationId });
    expect(created.id).toBe(Number(max) + 1);
  } finally {
    await db.destroy();
  }
}

describe("npm run db:copy", () => {
  it("copies a whole SQLite forum into a new SQLite file, refuses a filled target, and replaces it when asked", async () => {
    const target = newSqlitePath();
    // Seven rows at a time: every table is read in several batches, each after the last key of the one before.
    // Files a megabyte at a time: the largest goes in a batch of its own, the small ones together.
    const result = await copyDatabase({ from: seeded, to: target, batchSize: 7, batchBytes: 1024 * 1024 });
    expect(result.tables.map((t) => t.name).sort()).toEqual(FORUM_TABLES);
    expect(result.tables.every((t) => t.rows > 0)).toBe(true);
    expect(result.entries).toBeGreaterThan(result.practices);
    await expectSameForum(seeded, target);
    await expectSameFiles(target);
    await expectDevanagariPractice(target);

    await expect(copyDatabase({ from: seeded, to: target })).rejects.toThrow(CopyRefused);
    await expect(copyDatabase({ from: seeded, to: target })).rejects.toThrow(/is not empty \(it has rows in .*practices/);

    // The source moved on; --replace brings the copy level with it.
    const source = seededCopy();
    const db = connect(source);
    const member = await makeMember(db);
    await makePractice(db, { authorId: member.id, organisationId: member.organisationId, writeUp: { title: "Written after the first copy" } });
    await db.destroy();
    await copyDatabase({ from: source, to: target, replace: true });
    await expectSameForum(source, target);
    await expectFreshIds(target);
  });

  it("refuses a source that is not at the latest migration, and leaves it as it was", async () => {
    const source = path.join(dir, "old.sqlite");
    const db = createKysely(openSqlite(source));
    const names = Object.keys(migrations);
    await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo(names.at(-2)!);
    await db.destroy();
    const target = newSqlitePath();
    await expect(copyDatabase({ from: source, to: target })).rejects.toThrow(/not the latest .*Run npm run db:migrate with DATABASE_URL\/DATABASE_PATH of the source first/);
    expect(fs.existsSync(target)).toBe(false);
    const reopened = createKysely(openSqlite(source));
    const applied = await reopened
      .selectFrom("kysely_migration" as never)
      .select("name" as never)
      .execute();
    expect(applied).toHaveLength(names.length - 1);
    await reopened.destroy();
  });

  it("prints one line per table, the search entries and the time; exits 1 on a filled target", () => {
    const target = newSqlitePath();
    const run = () => spawnSync("npx", ["tsx", "scripts/db-copy.ts", seeded, target], { encoding: "utf8" });
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    const lines = first.stdout.trim().split("\n");
    expect(lines[0]).toBe(`Copied ${seeded} to ${target}:`);
    for (const table of FORUM_TABLES) expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^  ${table} +\\d+$`)));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}search index +\d+ entries \(\d+ published practices\)$/));
    expect(lines.at(-1)).toMatch(new RegExp(`^\\d+ rows in ${FORUM_TABLES.length} tables, in \\d+\\.\\d s\\.$`));

    const second = run();
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`${target} is not empty`);
  });

  it.each(onPostgres ? ["SQLite", "PostgreSQL"] : ["SQLite"])("reads a %s source in one snapshot while the forum goes on writing", async (engine) => {
    let source = seededCopy();
    if (engine === "PostgreSQL") {
      const url = await createDatabase(uniqueDatabaseName());
      await copyDatabase({ from: source, to: url });
      source = url;
    }
    // Each practice written, in its own transaction, brings one theme row with it.
    const writer = connect(source);
    const member = await makeMember(writer);
    let copying = true;
    let writtenDuring = 0;
    const writing = (async () => {
      while (copying) {
        await inTransaction(writer, (trx) => makePractice(trx, { authorId: member.id, organisationId: member.organisationId }));
        writtenDuring++;
      }
    })();
    const target = newSqlitePath();
    await copyDatabase({ from: source, to: target, batchSize: 3 }).finally(() => (copying = false));
    await writing;
    await writer.destroy();
    expect(writtenDuring).toBeGreaterThan(1);

    const [seededDb, copy] = [connect(seeded), connect(target)];
    const newRows = async (table: string) => (await rowCount(copy, table)) - (await rowCount(seededDb, table));
    // Rows of one moment in every table: as many new theme rows as new practices.
    expect(await newRows("practice_themes")).toBe(await newRows("practices"));
    await seededDb.destroy();
    await copy.destroy();
  });

  it.runIf(onPostgres)("moves a forum from SQLite to PostgreSQL and back, row for row", async () => {
    // An empty database: the copy migrates it.
    const postgres = await createDatabase(uniqueDatabaseName());
    await copyDatabase({ from: seeded, to: postgres, batchSize: 7 });
    await expectSameForum(seeded, postgres);
    await expectSameFiles(postgres);
    await expectDevanagariPractice(postgres);

    const back = newSqlitePath();
    await copyDatabase({ from: postgres, to: back, batchSize: 7, batchBytes: 1024 * 1024 });
    await expectSameForum(seeded, back);
    await expectSameFiles(back);
    await expectDevanagariPractice(back);

    // The identity sequences were moved past the copied ids.
    await expectFreshIds(postgres);
  });

  it.runIf(onPostgres)("refuses a filled PostgreSQL target and replaces it with --replace", async () => {
    const postgres = await createDatabase(uniqueDatabaseName());
    await copyDatabase({ from: seeded, to: postgres });
    const source = seededCopy();
    const db = connect(source);
    const member = await makeMember(db);
    await makePractice(db, { authorId: member.id, organisationId: member.organisationId, writeUp: { title: "Written after the first copy" } });
    await db.destroy();

    await expect(copyDatabase({ from: source, to: postgres })).rejects.toThrow(/is not empty/);
    await copyDatabase({ from: source, to: postgres, replace: true });
    await expectSameForum(source, postgres);
    await expectFreshIds(postgres);

    const cli = spawnSync("npx", ["tsx", "scripts/db-copy.ts", source, postgres], { encoding: "utf8" });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(/postgres:\/\/.* is not empty/);
  });
});
