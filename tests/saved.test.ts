import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { inTransaction } from "../db/client";
import type { Database } from "../db/schema";
import { OFFLINE_LIMITS } from "../app/domain/saved";
import { collectMemberData, eraseMember } from "../app/models/account.server";
import { createHandbook, setHandbookStatus } from "../app/models/handbook.server";
import { setPracticeAudience, updatePractice, withdrawPractice, writeUpOf, getPracticeBySlug } from "../app/models/practice.server";
import { listSaved, moveSavedItem, saveItem, savedState, unsaveItem } from "../app/models/saved.server";
import { backgroundSettled } from "../app/server/background.server";
import { loader as handbookLoader } from "../app/routes/handbooks.$slug._index";
import { loader as practiceLoader } from "../app/routes/practices.$slug._index/route";
import { action as savedAction, loader as savedLoader } from "../app/routes/saved";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makeOrganisation, makePractice, makeSignedIn } from "./factories";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

type Member = Awaited<ReturnType<typeof makeSignedIn>>;

const post = (who: Member, form: Record<string, string>) => call(savedAction, { db, cookie: who.cookie, path: "/saved", form });
const savedPage = async (who: Member) => {
  const response = await call(savedLoader, { db, cookie: who.cookie, path: "/saved" });
  expect(response.status).toBe(200);
  return { text: await response.clone().text(), data: (await response.json()) as { items: { id: number; title: string; kind: string; updated: boolean }[]; unavailable: number; full: boolean } };
};
const titles = async (who: Member) => (await savedPage(who)).data.items.map((i) => i.title);

async function scene() {
  const org = await makeOrganisation(db, { name: "Pokhara Outreach", country: "NP" });
  const other = await makeOrganisation(db, { name: "Lilongwe Outreach", country: "MW" });
  const author = await makeSignedIn(db, { organisationId: org.id });
  const reader = await makeSignedIn(db, { organisationId: other.id });
  const curator = await makeSignedIn(db, { role: "curator", organisationId: other.id, twoFactor: true });
  const first = await makePractice(db, { authorId: author.id, organisationId: org.id, writeUp: { title: "Night shelter intake" } });
  const second = await makePractice(db, { authorId: author.id, organisationId: org.id, writeUp: { title: "Border post outreach" } });
  const third = await makePractice(db, { authorId: author.id, organisationId: org.id, writeUp: { title: "Bus station drop-in" } });
  return { org, other, author, reader, curator, first, second, third };
}

async function publishedHandbook(createdBy: number, title = "Good Practice Handbook", publish = true) {
  const { id, slug } = await createHandbook(db, { title, edition: 1, language: "en", introMd: "Why this book.", createdBy });
  if (publish) await setHandbookStatus(db, { id, status: "published" });
  return { id, slug };
}

describe("saving and removing", () => {
  it("without JavaScript: a 303 back to the page, the row saved once with its revision, removed again", async () => {
    const { reader, first } = await scene();
    const here = `/practices/${first.slug}`;
    const saved = await post(reader, { intent: "save", practiceId: String(first.id), redirectTo: here });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("Location")).toBe(here);
    // Saving again changes nothing.
    expect((await post(reader, { intent: "save", practiceId: String(first.id), redirectTo: here })).status).toBe(303);
    const rows = await db.selectFrom("saved_items").selectAll().where("user_id", "=", reader.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ practice_id: first.id, handbook_id: null, revision_number: 1, position: 1 });
    expect(await savedState(db, { userId: reader.id, practiceId: first.id })).toBe(true);
    expect(await titles(reader)).toEqual(["Night shelter intake"]);

    const removed = await post(reader, { intent: "unsave", practiceId: String(first.id), redirectTo: here });
    expect(removed.status).toBe(303);
    expect(removed.headers.get("Location")).toBe(here);
    expect(await savedState(db, { userId: reader.id, practiceId: first.id })).toBe(false);
    expect(await titles(reader)).toEqual([]);
  });

  it("with the fetcher: JSON, no redirect", async () => {
    const { reader, first } = await scene();
    const saved = await post(reader, { intent: "save", practiceId: String(first.id), redirectTo: "/x", respond: "json" });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ ok: true, saved: true });
    const removed = await post(reader, { intent: "unsave", practiceId: String(first.id), respond: "json" });
    expect(await removed.json()).toEqual({ ok: true, saved: false });
  });

  it("the practice and handbook pages say whether the member saved them", async () => {
    const { reader, first, curator } = await scene();
    const handbook = await publishedHandbook(curator.id);
    const practicePage = async () => (await (await call(practiceLoader, { db, cookie: reader.cookie, params: { slug: first.slug } })).json()).save;
    const handbookPage = async () => (await (await call(handbookLoader, { db, cookie: reader.cookie, params: { slug: handbook.slug } })).json()).saved;
    expect(await practicePage()).toEqual({ practiceId: first.id, saved: false });
    expect(await handbookPage()).toBe(false);
    await post(reader, { intent: "save", practiceId: String(first.id) });
    await post(reader, { intent: "save", handbookId: String(handbook.id) });
    await backgroundSettled();
    expect(await practicePage()).toEqual({ practiceId: first.id, saved: true });
    expect(await handbookPage()).toBe(true);
  });

  it("saving a published edition asks for its EPUB, so the file exists for offline reading", async () => {
    const { reader, curator } = await scene();
    const handbook = await publishedHandbook(curator.id);
    await post(reader, { intent: "save", handbookId: String(handbook.id) });
    await backgroundSettled();
    const files = await db.selectFrom("handbook_files").select(["format", "status"]).where("handbook_id", "=", handbook.id).execute();
    expect(files.map((f) => f.format)).toContain("epub");
    expect(await titles(reader)).toEqual(["Good Practice Handbook"]);
  });

  it("the list is in the member's order: appended at the end, moved up, down and to the top", async () => {
    const { reader, first, second, third } = await scene();
    for (const p of [first, second, third]) await post(reader, { intent: "save", practiceId: String(p.id) });
    expect(await titles(reader)).toEqual(["Night shelter intake", "Border post outreach", "Bus station drop-in"]);
    const ids = (await savedPage(reader)).data.items.map((i) => i.id);
    const up = await post(reader, { intent: "up", id: String(ids[2]), redirectTo: "/saved" });
    expect(up.status).toBe(303);
    expect(await titles(reader)).toEqual(["Night shelter intake", "Bus station drop-in", "Border post outreach"]);
    await post(reader, { intent: "down", id: String(ids[0]) });
    expect(await titles(reader)).toEqual(["Bus station drop-in", "Night shelter intake", "Border post outreach"]);
    // At the ends nothing moves.
    await post(reader, { intent: "up", id: String(ids[2]) });
    await post(reader, { intent: "down", id: String(ids[1]) });
    expect(await titles(reader)).toEqual(["Bus station drop-in", "Night shelter intake", "Border post outreach"]);
    await post(reader, { intent: "top", id: String(ids[1]) });
    expect(await titles(reader)).toEqual(["Border post outreach", "Bus station drop-in", "Night shelter intake"]);
  });

  it("moving passes over saved items the member can no longer open", async () => {
    const { author, reader, first, second, third } = await scene();
    for (const p of [first, second, third]) await post(reader, { intent: "save", practiceId: String(p.id) });
    await withdrawPractice(db, { id: second.id, by: author.id, reason: "Consent withdrawn" });
    const ids = (await savedPage(reader)).data.items.map((i) => i.id);
    expect(await titles(reader)).toEqual(["Night shelter intake", "Bus station drop-in"]);
    await post(reader, { intent: "up", id: String(ids[1]) });
    expect(await titles(reader)).toEqual(["Bus station drop-in", "Night shelter intake"]);
  });

  it(`refuses past ${OFFLINE_LIMITS.maxItems} items, and says so`, async () => {
    const { reader, curator, first } = await scene();
    const now = Date.now();
    for (let i = 0; i < OFFLINE_LIMITS.maxItems; i++) {
      const { id } = await db
        .insertInto("handbooks")
        .values({ slug: `book-${i}`, title: `Book ${i}`, edition: 1, language: "en", status: "published", created_by: curator.id, created_at: now, updated_at: now, published_at: now })
        .returning("id")
        .executeTakeFirstOrThrow();
      expect(await saveItem(db, { userId: reader.id, handbookId: id, now })).toMatchObject({ status: "saved", created: true });
    }
    expect(await saveItem(db, { userId: reader.id, practiceId: first.id })).toEqual({ status: "full" });
    const json = await post(reader, { intent: "save", practiceId: String(first.id), respond: "json" });
    expect(json.status).toBe(409);
    expect(await json.json()).toEqual({ ok: false, error: "full" });
    // Without JavaScript: to the Saved page, which says the list is full.
    const plain = await post(reader, { intent: "save", practiceId: String(first.id), redirectTo: `/practices/${first.slug}` });
    expect(plain.status).toBe(303);
    expect(plain.headers.get("Location")).toBe("/saved");
    expect((await savedPage(reader)).data.full).toBe(true);
    expect(await savedState(db, { userId: reader.id, practiceId: first.id })).toBe(false);
  });

  it("says when a saved practice was published again since", async () => {
    const { author, reader, first } = await scene();
    await post(reader, { intent: "save", practiceId: String(first.id) });
    expect((await savedPage(reader)).data.items[0]!.updated).toBe(false);
    const practice = (await getPracticeBySlug(db, { id: first.id }))!;
    await updatePractice(db, {
      id: first.id,
      editorId: author.id,
      writeUp: { ...writeUpOf(practice), outcomes: "Now in three towns." },
      meta: { language: "en", themes: practice.themes, countries: practice.countries },
      publish: true,
    });
    expect((await savedPage(reader)).data.items[0]!.updated).toBe(true);
  });
});

describe("private to the member", () => {
  it("another member never sees, removes or moves someone's saved items", async () => {
    const { author, reader, first, second } = await scene();
    await post(reader, { intent: "save", practiceId: String(first.id) });
    await post(reader, { intent: "save", practiceId: String(second.id) });
    const ids = (await savedPage(reader)).data.items.map((i) => i.id);
    const { text } = await savedPage(author);
    expect(text).not.toContain("Night shelter intake");
    expect(text).not.toContain("Border post outreach");
    await post(author, { intent: "unsave", id: String(ids[0]) });
    expect((await post(author, { intent: "up", id: String(ids[1]) })).status).toBe(404);
    expect(await unsaveItem(db, { userId: author.id, id: ids[1] })).toBe(false);
    expect(await moveSavedItem(db, { userId: author.id, id: ids[1]!, direction: "top" })).toBe(false);
    expect(await titles(reader)).toEqual(["Night shelter intake", "Border post outreach"]);
  });

  it("anonymous requests go to sign-in", async () => {
    await scene();
    const page = await call(savedLoader, { db, path: "/saved" });
    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toMatch(/^\/login/);
    const save = await call(savedAction, { db, path: "/saved", form: { intent: "save", practiceId: "1" } });
    expect(save.status).toBe(302);
  });
});

describe("only what the member may read", () => {
  it("a practice narrowed away, withdrawn or never addressed to the member: not savable (404), not listed, its title not sent", async () => {
    const { author, reader, first, second, third } = await scene();
    await post(reader, { intent: "save", practiceId: String(first.id) });
    await post(reader, { intent: "save", practiceId: String(second.id) });
    await setPracticeAudience(db, { id: third.id, audience: { audience: "organisation", groupId: null } });
    expect((await post(reader, { intent: "save", practiceId: String(third.id) })).status).toBe(404);
    expect((await post(reader, { intent: "save", practiceId: "999999" })).status).toBe(404);

    await setPracticeAudience(db, { id: first.id, audience: { audience: "organisation", groupId: null } });
    await withdrawPractice(db, { id: second.id, by: author.id, reason: "Consent withdrawn" });
    const { text, data } = await savedPage(reader);
    expect(data.items).toEqual([]);
    expect(data.unavailable).toBe(2);
    expect(text).not.toContain("Night shelter intake");
    expect(text).not.toContain("Border post outreach");
    expect(await listSaved(db, { reader: { ...reader, groupIds: [], organisationId: reader.organisationId } })).toEqual([]);

    // Its organisation still reads the narrowed one, but the reader's rows are theirs to clear.
    await post(reader, { intent: "prune" });
    expect(await db.selectFrom("saved_items").select("id").where("user_id", "=", reader.id).execute()).toEqual([]);
  });

  it("a draft practice is not savable, even by its own organisation", async () => {
    const { author, org } = await scene();
    const draft = await makePractice(db, { authorId: author.id, organisationId: org.id, publish: false, writeUp: { title: "Unfinished" } });
    expect((await post(author, { intent: "save", practiceId: String(draft.id) })).status).toBe(404);
  });

  it("a handbook in preparation: only curators may save (and see) it", async () => {
    const { reader, curator } = await scene();
    const draft = await publishedHandbook(curator.id, "Second Handbook", false);
    expect((await post(reader, { intent: "save", handbookId: String(draft.id) })).status).toBe(404);
    expect((await post(curator, { intent: "save", handbookId: String(draft.id) })).status).toBe(303);
    expect(await titles(curator)).toEqual(["Second Handbook"]);
    // Saved while published, then taken back into review: gone from a member's list.
    const book = await publishedHandbook(curator.id, "Third Handbook");
    await post(reader, { intent: "save", handbookId: String(book.id) });
    await backgroundSettled();
    expect(await titles(reader)).toEqual(["Third Handbook"]);
    await db.updateTable("handbooks").set({ status: "review" }).where("id", "=", book.id).execute();
    expect(await titles(reader)).toEqual([]);
  });
});

describe("input", () => {
  it("redirectTo is a same-site path, else the Saved page", async () => {
    const { reader, first } = await scene();
    for (const redirectTo of ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]) {
      const response = await post(reader, { intent: "save", practiceId: String(first.id), redirectTo });
      expect(response.status).toBe(303);
      expect(response.headers.get("Location")).toBe("/saved");
    }
    const fine = await post(reader, { intent: "unsave", practiceId: String(first.id), redirectTo: "/practices?theme=health" });
    expect(fine.headers.get("Location")).toBe("/practices?theme=health");
  });

  it("bad input is a 400", async () => {
    const { reader, first, curator } = await scene();
    const handbook = await publishedHandbook(curator.id);
    for (const form of <Record<string, string>[]>[
      {},
      { intent: "bogus" },
      { intent: "save" },
      { intent: "save", practiceId: String(first.id), handbookId: String(handbook.id) },
      { intent: "save", practiceId: "abc" },
      { intent: "save", practiceId: "0" },
      { intent: "save", practiceId: "1234567890123456789" },
      { intent: "unsave" },
      { intent: "unsave", id: "1", practiceId: "1" },
      { intent: "up" },
      { intent: "down", id: "-1" },
    ]) {
      const response = await post(reader, form);
      expect(response.status, JSON.stringify(form)).toBe(400);
    }
    expect(await db.selectFrom("saved_items").select("id").execute()).toEqual([]);
  });
});

describe("export and erasure", () => {
  it("the export lists saved items (titles only while open), followed topics and the digest setting; erasure deletes them", async () => {
    const { author, reader, first, second, curator } = await scene();
    const handbook = await publishedHandbook(curator.id);
    await post(reader, { intent: "save", practiceId: String(first.id) });
    await post(reader, { intent: "save", practiceId: String(second.id) });
    await post(reader, { intent: "save", handbookId: String(handbook.id) });
    await backgroundSettled();
    await withdrawPractice(db, { id: second.id, by: author.id, reason: "Consent withdrawn" });
    const now = Date.now();
    await db.updateTable("users").set({ digest: "weekly" }).where("id", "=", reader.id).execute();
    await db.insertInto("topic_follows").values({ user_id: reader.id, kind: "country", value: "NP", created_at: now }).execute();
    await db.insertInto("digest_deliveries").values({ user_id: reader.id, period: "2026-11-23", status: "sent", next_attempt_at: now, sent_at: now, created_at: now }).execute();

    const data = await collectMemberData(db, { userId: reader.id });
    expect(data.profile.digest).toBe("weekly");
    expect(data.saved.map((s) => [s.practice, s.handbook])).toEqual([
      ["Night shelter intake", null],
      [null, null],
      [null, "Good Practice Handbook"],
    ]);
    expect(JSON.stringify(data)).not.toContain("Border post outreach");
    expect(data.followedTopics).toEqual([{ kind: "country", value: "NP", createdAt: now }]);
    expect(data.digests).toEqual([{ period: "2026-11-23", status: "sent", sentAt: now, skipReason: null }]);

    await inTransaction(db, (trx) => eraseMember(trx, { userId: reader.id, deleteComments: false }));
    for (const table of ["saved_items", "topic_follows", "digest_deliveries"] as const) {
      expect(await db.selectFrom(table).select("user_id").where("user_id", "=", reader.id).execute(), table).toEqual([]);
    }
    expect(await db.selectFrom("users").select(["digest", "last_seen_at"]).where("id", "=", reader.id).executeTakeFirst()).toEqual({ digest: "never", last_seen_at: null });
  });
});
