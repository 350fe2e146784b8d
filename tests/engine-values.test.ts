import { sql, type Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import { createComment } from "../app/models/comment.server";
import { countUnread, isFollowing, notify, setFollowing } from "../app/models/notification.server";
import { listOrganisationChoices, listOrganisationsWithCounts } from "../app/models/organisation.server";
import { getCreditPreference, listMembers, updateProfile } from "../app/models/user.server";
import { recordAudit } from "../app/models/audit.server";
import { loader as auditLoader } from "../app/routes/admin.audit";
import { action as notificationsAction } from "../app/routes/notifications";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makeMember, makeOrganisation, makePractice, makeSignedIn } from "./factories";

// What comes back from the database is the same JavaScript value on SQLite and on
// PostgreSQL (run this file on both: tests/postgres/with-postgres.js): numbers stay numbers
// (PostgreSQL's bigint and numeric would otherwise be strings), 0/1 flags stay 0/1, and
// text sorts and folds as SQLite's BINARY collation does (db/engine.ts: collate "C").

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

/** Code-point order, as SQLite compares text (JavaScript's default sort compares UTF-16 units). */
const byCodePoint = (a: string, b: string) => {
  const [x, y] = [[...a].map((c) => c.codePointAt(0)!), [...b].map((c) => c.codePointAt(0)!)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
};

describe("numbers", () => {
  it("epoch-millisecond times come back as the same numbers, far-future ones too", async () => {
    const member = await makeMember(db);
    const created = 1_765_000_000_123;
    const farFuture = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z, the last moment a Date can show as a year of four digits
    await db
      .insertInto("sessions")
      .values({ id: "times", user_id: member.id, expires_at: farFuture, created_at: created, last_seen_at: created + 1 })
      .execute();
    const row = await db.selectFrom("sessions").select(["expires_at", "created_at", "last_seen_at"]).where("id", "=", "times").executeTakeFirstOrThrow();
    expect(row).toStrictEqual({ expires_at: farFuture, created_at: created, last_seen_at: created + 1 });
    expect(new Date(row.expires_at).toISOString()).toBe("9999-12-31T23:59:59.999Z");
    // Compared and computed with in SQL as numbers too.
    const later = await db
      .selectFrom("sessions")
      .select(sql<number>`expires_at - created_at`.as("span"))
      .where("expires_at", ">", created)
      .executeTakeFirstOrThrow();
    expect(later.span).toBe(farFuture - created);
  });

  it("counts and sums are numbers, and a sum over nothing is null", async () => {
    const org = await makeOrganisation(db, { name: "Counted" });
    for (let i = 0; i < 3; i++) await makeMember(db, { organisationId: org.id });
    const counted = (await listOrganisationsWithCounts(db)).find((o) => o.id === org.id);
    expect(counted?.memberCount).toBe(3);
    const member = await makeMember(db);
    const practice = await makePractice(db, { authorId: member.id, organisationId: member.organisationId });
    for (let i = 0; i < 2; i++) await notify(db, { recipients: [member.id], kind: "comment", practiceId: practice.id });
    expect(await countUnread(db, { userId: member.id })).toBe(2);

    const { total, all, none } = await db
      .selectFrom("users")
      .select((eb) => [eb.fn.sum<number>("id").as("total"), eb.fn.countAll<number>().as("all"), eb.fn.sum<number | null>(sql`case when id < 0 then id end`).as("none")])
      .executeTakeFirstOrThrow();
    const ids = (await db.selectFrom("users").select("id").execute()).map((u) => u.id);
    expect(total).toBe(ids.reduce((a, b) => a + b, 0));
    expect(all).toBe(ids.length);
    expect(none).toBeNull();
  });
});

describe("0/1 flags", () => {
  it("users.credit_by_organisation_only and follows.following are stored and read as 0 and 1", async () => {
    const member = await makeMember(db);
    const practice = await makePractice(db, { authorId: member.id, organisationId: member.organisationId });
    const flags = async () => {
      const user = await db.selectFrom("users").select("credit_by_organisation_only as credit").where("id", "=", member.id).executeTakeFirstOrThrow();
      const follow = await db.selectFrom("follows").select("following").where("user_id", "=", member.id).where("practice_id", "=", practice.id).executeTakeFirst();
      return { credit: user.credit, following: follow?.following };
    };

    await updateProfile(db, { id: member.id, displayName: "Flagged", locale: null, creditByOrganisationOnly: true });
    await setFollowing(db, { userId: member.id, practiceId: practice.id, following: true });
    expect(await flags()).toStrictEqual({ credit: 1, following: 1 });
    expect(await getCreditPreference(db, { id: member.id })).toBe(true);
    expect(await isFollowing(db, { userId: member.id, practiceId: practice.id })).toBe(true);

    await updateProfile(db, { id: member.id, displayName: "Flagged", locale: null, creditByOrganisationOnly: false });
    await setFollowing(db, { userId: member.id, practiceId: practice.id, following: false });
    expect(await flags()).toStrictEqual({ credit: 0, following: 0 });
    expect(await getCreditPreference(db, { id: member.id })).toBe(false);
    expect(await isFollowing(db, { userId: member.id, practiceId: practice.id })).toBe(false);
  });
});

describe("text", () => {
  // Devanagari, Bengali, Cyrillic, Latin with accents, upper and lower case, a full-width
  // letter and one outside the Basic Multilingual Plane (where code-point order and
  // JavaScript's UTF-16 order part).
  const NAMES = ["काठमाडौं सञ्जाल", "ঢাকা নেটওয়ার্ক", "Київська мережа", "École ouverte", "école du soir", "Zürich Hilfe", "zeta Network", "Alpha", "alpha", "Ñandú", "Ａ full width", "𝒜 script"];

  it("order by name gives code-point order, on both engines", async () => {
    for (const name of NAMES) await makeOrganisation(db, { name });
    const expected = [...NAMES].sort(byCodePoint);
    // The two orders really differ here, so the test tells them apart.
    expect(expected).not.toEqual([...NAMES].sort());
    expect((await listOrganisationChoices(db)).map((o) => o.name)).toEqual(expected);
    expect((await db.selectFrom("organisations").select("name").orderBy("name", "desc").execute()).map((o) => o.name)).toEqual([...expected].reverse());
    // Equality and ranges are by code point too: "alpha" is not "Alpha", and "Z" < "a" < "É".
    expect((await db.selectFrom("organisations").select("name").where("name", "=", "alpha").execute()).map((o) => o.name)).toEqual(["alpha"]);
    expect((await db.selectFrom("organisations").select("name").where("name", ">", "zz").orderBy("name").execute()).map((o) => o.name)).toEqual(expected.filter((n) => byCodePoint(n, "zz") > 0));
  });

  it("lower() folds ASCII letters only, and a search by name finds only what it folds", async () => {
    const org = await makeOrganisation(db, { name: "ÉCOLE Straße ДОМ Kathmandu" });
    const { folded } = await db
      .selectFrom("organisations")
      .select(sql<string>`lower(name)`.as("folded"))
      .where("id", "=", org.id)
      .executeTakeFirstOrThrow();
    expect(folded).toBe("École straße ДОМ kathmandu");
    await makeMember(db, { organisationId: org.id, displayName: "ASHA ранджит" });
    await makeMember(db, { organisationId: org.id, displayName: "Élodie" });
    // The admin search folds what it is given as lower() folds the name (ASCII letters
    // only), on both engines alike: "Élodie" typed as written finds Élodie.
    const found = async (search: string) => (await listMembers(db, { search })).rows.map((m) => m.displayName);
    expect(await found("asha")).toEqual(["ASHA ранджит"]);
    expect(await found("ASHA")).toEqual(["ASHA ранджит"]);
    expect(await found("ранджит")).toEqual(["ASHA ранджит"]);
    expect(await found("lodie")).toEqual(["Élodie"]);
    expect(await found("Élodie")).toEqual(["Élodie"]);
    expect(await found("ÉLODIE")).toEqual(["Élodie"]);
    expect(await found("éLODIE")).toEqual([]);
  });

  it("a mention finds the member whatever the case of its ASCII letters, as SQLite's LIKE does", async () => {
    const asha = await makeMember(db, { displayName: "Asha Gurung" });
    const writer = await makeMember(db);
    const practice = await makePractice(db, { authorId: writer.id, organisationId: writer.organisationId });
    const { id } = (await createComment(db, { practiceId: practice.id, authorId: writer.id, bodyMd: "Thank you @asha gurung." }))!;
    const mentions = await db.selectFrom("notifications").select("user_id").where("kind", "=", "mention").where("comment_id", "=", id).execute();
    expect(mentions).toEqual([{ user_id: asha.id }]);
  });
});

describe("what only PostgreSQL would refuse", () => {
  it("an id too long for a bigint is a 400, not a 500; a NUL in a path finds nothing", async () => {
    const member = await makeSignedIn(db);
    const marked = await call(notificationsAction, { db, cookie: member.cookie, form: { intent: "read", ids: "123456789012345678901234" } });
    expect(marked.status).toBe(400);
    const admin = await makeSignedIn(db, { role: "admin" });
    const { loader: practiceLoader } = await import("../app/routes/practices.$slug._index/route");
    expect((await call(practiceLoader, { db, cookie: admin.cookie, params: { slug: "no\u0000such" } })).status).toBe(404);
  });

  it("the audit log lists entries whose target is not a member's id beside those that are", async () => {
    const admin = await makeSignedIn(db, { role: "admin" });
    const member = await makeMember(db, { displayName: "Dawa Sherpa" });
    await recordAudit(db, { actorId: admin.id, action: "member.disabled", targetType: "user", targetId: String(member.id) });
    await recordAudit(db, { actorId: admin.id, action: "handbook.updated", targetType: "handbook", targetId: "some-slug" });
    const response = await call(auditLoader, { db, cookie: admin.cookie, path: "/admin/audit" });
    expect(response.status).toBe(200);
    const text = JSON.stringify(await response.json());
    expect(text).toContain("Dawa Sherpa");
    expect(text).toContain("some-slug");
  });
});
