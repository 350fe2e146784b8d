import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import type { Role } from "../app/domain/member";
import { listThreads } from "../app/models/comment.server";
import { getPracticeBySlug, updatePractice, writeUpOf } from "../app/models/practice.server";
import { action as commentAction, loader as commentLoader } from "../app/routes/comments.$id";
import { action as flagAction } from "../app/routes/flag";
import { action as moderationAction, loader as moderationLoader } from "../app/routes/moderation";
import { action as notificationsAction, loader as notificationsLoader } from "../app/routes/notifications";
import { action as practiceAction, loader as practiceLoader } from "../app/routes/practices.$slug._index/route";
import { loader as listLoader } from "../app/routes/practices._index";
import { loader as homeLoader } from "../app/routes/_index";
import { loader as rootLoader } from "../app/root";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makeMember, makeOrganisation, makePractice, makeSignedIn } from "./factories";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

const signedIn = (options: Parameters<typeof makeMember>[1] = {}) => makeSignedIn(db, options);

/** A published practice by an author of a Nepali organisation. */
async function scene() {
  const org = await makeOrganisation(db, { country: "NP" });
  const author = await signedIn({ organisationId: org.id, displayName: "Sita Gurung" });
  const practice = await makePractice(db, { authorId: author.id, organisationId: org.id });
  return { org, author, practice, params: { slug: practice.slug } };
}

const post = (cookie: string, slug: string, form: Record<string, string>) => call(practiceAction, { db, cookie, params: { slug }, form });
async function notificationsOf(userId: number) {
  return db.selectFrom("notifications").select(["kind", "comment_id"]).where("user_id", "=", userId).orderBy("id").execute();
}

describe("comments", () => {
  it("thread with one level of replies, notify followers, repliers and the mentioned", async () => {
    const { author, practice, params } = await scene();
    const asha = await signedIn({ displayName: "Asha" });
    const bayar = await signedIn({ displayName: "Бaяр" });
    const chikondi = await signedIn({ displayName: "Chikondi Banda" });

    const first = await post(asha.cookie, practice.slug, { intent: "comment", body: "How long is the **course**?" });
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toMatch(/\?comments=1#comment-\d+$/);
    const firstId = Number(first.headers.get("Location")!.split("comment-")[1]);
    expect(await notificationsOf(author.id)).toEqual([{ kind: "comment", comment_id: firstId }]);

    const reply = await post(bayar.cookie, practice.slug, { intent: "comment", body: "Six months — cc @Chikondi Banda", parentId: String(firstId) });
    const replyId = Number(reply.headers.get("Location")!.split("comment-")[1]);
    expect(await notificationsOf(asha.id)).toEqual([{ kind: "reply", comment_id: replyId }]);
    expect(await notificationsOf(chikondi.id)).toEqual([{ kind: "mention", comment_id: replyId }]);
    expect((await notificationsOf(author.id)).map((n) => n.kind)).toEqual(["comment", "comment"]);

    // Replies to replies are refused: one level only.
    expect((await post(asha.cookie, practice.slug, { intent: "comment", body: "deeper", parentId: String(replyId) })).status).toBe(404);

    const page = await (await call(practiceLoader, { db, cookie: asha.cookie, params })).json();
    expect(page.discussion.total).toBe(1);
    expect(page.discussion.threads[0].replies).toHaveLength(1);
    expect(page.discussion.threads[0].bodyHtml).toContain("<strong>course</strong>");
    expect(page.discussion.threads[0].replies[0].bodyHtml).toContain(`<a href="/members/${chikondi.id}" rel="noopener noreferrer nofollow">@Chikondi Banda</a>`);
    expect((await getPracticeBySlug(db, params))?.comment_count).toBe(2);
  });

  it("refuse an empty comment with a message and keep nothing", async () => {
    const { practice } = await scene();
    const asha = await signedIn();
    const response = await post(asha.cookie, practice.slug, { intent: "comment", body: "   " });
    expect(response.status).toBe(400);
    expect((await response.json()).errors.body.key).toBe("validation.required");
    expect(await db.selectFrom("comments").select("id").execute()).toHaveLength(0);
  });

  it("edits keep the previous text, soft delete keeps the replies", async () => {
    const { practice, params } = await scene();
    const asha = await signedIn();
    const other = await signedIn();
    const parent = await post(asha.cookie, practice.slug, { intent: "comment", body: "Original text" });
    const parentId = String(parent.headers.get("Location")!.split("comment-")[1]);
    await post(other.cookie, practice.slug, { intent: "comment", body: "A reply", parentId });

    expect((await call(commentAction, { db, cookie: other.cookie, params: { id: parentId }, form: { intent: "edit", body: "Hijacked" } })).status).toBe(403);
    await call(commentAction, { db, cookie: asha.cookie, params: { id: parentId }, form: { intent: "edit", body: "Better text" } });
    const view = await (await call(commentLoader, { db, cookie: other.cookie, params: { id: parentId } })).json();
    expect(view.comment.bodyHtml).toContain("Better text");
    expect(view.versions.map((v: { bodyMd: string }) => v.bodyMd)).toEqual(["Original text"]);

    const unconfirmed = await call(commentAction, { db, cookie: asha.cookie, params: { id: parentId }, form: { intent: "delete" } });
    expect(unconfirmed.status).toBe(400);
    await call(commentAction, { db, cookie: asha.cookie, params: { id: parentId }, form: { intent: "delete", confirm: "yes" } });
    const { threads } = await listThreads(db, { practiceId: practice.id, reader: { id: other.id, moderator: false } });
    expect(threads[0]!.deletedAt).not.toBeNull();
    expect(threads[0]!.replies.map((r) => r.bodyHtml)).toEqual(["<p>A reply</p>\n"]);
    expect((await getPracticeBySlug(db, params))?.comment_count).toBe(1);
  });
});

describe("endorsements", () => {
  it("are one per member even when two submits arrive at once", async () => {
    const { practice, params } = await scene();
    const asha = await signedIn();
    const [a, b] = await Promise.all([post(asha.cookie, practice.slug, { intent: "endorse", note: "first" }), post(asha.cookie, practice.slug, { intent: "endorse", note: "second" })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const rows = await db.selectFrom("endorsements").select("note").execute();
    expect(rows).toHaveLength(1);
    expect((await getPracticeBySlug(db, params))?.endorsement_count).toBe(1);
    await post(asha.cookie, practice.slug, { intent: "unendorse" });
    expect(await db.selectFrom("endorsements").select("id").execute()).toHaveLength(0);
    expect((await getPracticeBySlug(db, params))?.endorsement_count).toBe(0);
  });

  it("count other organisations and their countries; the author cannot endorse", async () => {
    const { org, author, practice, params } = await scene();
    const colleague = await signedIn({ organisationId: org.id });
    const malawi = await makeOrganisation(db, { country: "MW" });
    const malawi2 = await makeOrganisation(db, { country: "MW" });
    const india = await makeOrganisation(db, { country: "IN" });
    for (const [who, note] of [
      [colleague, "we do it too"],
      [await signedIn({ organisationId: malawi.id }), "we run this in Lilongwe too"],
      [await signedIn({ organisationId: malawi.id }), ""],
      [await signedIn({ organisationId: malawi2.id }), ""],
      [await signedIn({ organisationId: india.id }), ""],
    ] as const) {
      expect((await post(who.cookie, practice.slug, { intent: "endorse", note })).status).toBe(200);
    }
    expect((await post(author.cookie, practice.slug, { intent: "endorse", note: "" })).status).toBe(403);
    const page = await (await call(practiceLoader, { db, cookie: colleague.cookie, params })).json();
    expect(page.endorsements.count).toBe(5);
    expect(page.endorsements.organisations).toHaveLength(3);
    expect(page.endorsements.countries.sort()).toEqual(["IN", "MW"]);
    expect(page.endorsements.endorsements.map((e: { note: string }) => e.note)).toContain("we run this in Lilongwe too");
    expect((await notificationsOf(author.id)).filter((n) => n.kind === "endorsement")).toHaveLength(5);
    expect((await post(colleague.cookie, practice.slug, { intent: "endorse", note: "x".repeat(501) })).status).toBe(400);
  });

  it("endorsers hear of a new revision; the list sorts by most endorsed and most discussed", async () => {
    const { org, author, practice } = await scene();
    const quiet = await makePractice(db, { authorId: author.id, organisationId: org.id, writeUp: { title: "Quiet one" } });
    const fan = await signedIn();
    await post(fan.cookie, practice.slug, { intent: "endorse", note: "" });
    await post(fan.cookie, quiet.slug, { intent: "comment", body: "hello" });
    await post(fan.cookie, quiet.slug, { intent: "comment", body: "again" });

    const source = (await getPracticeBySlug(db, { slug: practice.slug }))!;
    await updatePractice(db, {
      id: source.id,
      editorId: author.id,
      writeUp: { ...writeUpOf(source), lessons: "more" },
      meta: { language: "en", themes: source.themes, countries: source.countries },
      publish: true,
    });
    expect((await notificationsOf(fan.id)).map((n) => n.kind)).toEqual(["revision"]);

    const titles = async (sort: string) => (await (await call(listLoader, { db, cookie: fan.cookie, path: `/practices?sort=${sort}` })).json()).items.map((p: { title: string }) => p.title);
    expect((await titles("endorsed"))[0]).toBe(source.title);
    expect((await titles("discussed"))[0]).toBe("Quiet one");
  });
});

describe("follow and notifications", () => {
  it("unfollowing stops comment notifications; alike ones are grouped; read state is kept", async () => {
    const { author, practice } = await scene();
    const a = await signedIn({ displayName: "A" });
    for (const body of ["one", "two", "three"]) await post(a.cookie, practice.slug, { intent: "comment", body });
    const page = await (await call(notificationsLoader, { db, cookie: author.cookie })).json();
    expect(page.groups).toHaveLength(1);
    expect(page.groups[0]).toMatchObject({ kind: "comment", count: 3, unread: true, practiceTitle: expect.any(String) });
    const root = await (await call(rootLoader, { db, cookie: author.cookie })).json();
    expect(root.nav.unread).toBe(3);

    await call(notificationsAction, { db, cookie: author.cookie, form: { intent: "read", ids: page.groups[0].ids.join(",") } });
    expect((await (await call(rootLoader, { db, cookie: author.cookie })).json()).nav.unread).toBe(0);

    expect((await post(author.cookie, practice.slug, { intent: "unfollow" })).status).toBe(200);
    await post(a.cookie, practice.slug, { intent: "comment", body: "four" });
    expect(await notificationsOf(author.id)).toHaveLength(3);
    await post(author.cookie, practice.slug, { intent: "follow" });
    await post(a.cookie, practice.slug, { intent: "comment", body: "five" });
    expect(await notificationsOf(author.id)).toHaveLength(4);

    const home = await (await call(homeLoader, { db, cookie: author.cookie })).json();
    expect(home.unread).toHaveLength(1);
    expect(home.activity.filter((x: { kind: string }) => x.kind === "comment")).toHaveLength(5);
  });
});

describe("flags and moderation", () => {
  it("the home page's most endorsed list drops a practice the moment it is hidden, though its counts are kept for minutes", async () => {
    const { practice, params } = await scene();
    const { title } = await db.selectFrom("practices").select("title").where("id", "=", practice.id).executeTakeFirstOrThrow();
    const fan = await signedIn();
    const curator = await signedIn({ role: "curator" });
    await post(fan.cookie, practice.slug, { intent: "endorse", note: "" });
    const popular = async () => (await (await call(homeLoader, { db, cookie: fan.cookie })).json()).popular.map((p: { title: string }) => p.title);
    expect(await popular()).toEqual([title]);
    await call(flagAction, { db, cookie: fan.cookie, path: `/flag?practice=${practice.slug}`, form: { reason: "harmful" } });
    const queue = await (await call(moderationLoader, { db, cookie: curator.cookie })).json();
    await call(moderationAction, { db, cookie: curator.cookie, form: { flagId: String(queue.flags[0].id), resolution: "hidden", note: "not ours to share" } });
    expect((await call(practiceLoader, { db, cookie: fan.cookie, params })).status).toBe(404);
    const home = await (await call(homeLoader, { db, cookie: fan.cookie })).json();
    expect(home.popular).toEqual([]);
    expect(JSON.stringify(home)).not.toContain(title);
  });

  it("a personal-data flag restricts a practice at once, until a moderator resolves it", async () => {
    const { org, practice, params } = await scene();
    const colleague = await signedIn({ organisationId: org.id });
    const reader = await signedIn();
    const curator = await signedIn({ role: "curator" });
    const flagged = await call(flagAction, { db, cookie: reader.cookie, path: `/flag?practice=${practice.slug}`, form: { reason: "personal_data", note: "a name and age" } });
    // To the thanks, not back to the practice, which is now closed to the reporter.
    expect(flagged.status).toBe(302);
    expect(flagged.headers.get("Location")).toBe("/flag?sent=1");

    expect((await call(practiceLoader, { db, cookie: reader.cookie, params })).status).toBe(404);
    expect((await call(practiceLoader, { db, cookie: colleague.cookie, params })).status).toBe(200);
    expect((await call(practiceLoader, { db, cookie: curator.cookie, params })).status).toBe(200);
    expect((await (await call(listLoader, { db, cookie: reader.cookie, path: "/practices" })).json()).items).toHaveLength(0);

    const queue = await (await call(moderationLoader, { db, cookie: curator.cookie })).json();
    expect(queue.flags).toHaveLength(1);
    expect(queue.flags[0].practice.title).toBeTruthy();
    await call(moderationAction, { db, cookie: curator.cookie, form: { flagId: String(queue.flags[0].id), resolution: "dismissed", note: "" } });
    expect((await call(practiceLoader, { db, cookie: reader.cookie, params })).status).toBe(200);
    const audit = await db.selectFrom("audit_log").select("action").execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["practice.restricted", "flag.resolved"]));
  });

  it("a harmful flag does not restrict; hiding does, and the author hears why", async () => {
    const { practice, params } = await scene();
    const reader = await signedIn();
    const commenter = await signedIn();
    const admin = await signedIn({ role: "admin" });
    await call(flagAction, { db, cookie: reader.cookie, path: `/flag?practice=${practice.slug}`, form: { reason: "harmful" } });
    expect((await call(practiceLoader, { db, cookie: reader.cookie, params })).status).toBe(200);

    const comment = await post(commenter.cookie, practice.slug, { intent: "comment", body: "Rina, 15, lives at 12 Lake Road" });
    const commentId = comment.headers.get("Location")!.split("comment-")[1]!;
    await call(flagAction, { db, cookie: reader.cookie, path: `/flag?comment=${commentId}`, form: { reason: "personal_data" } });
    const queue = await (await call(moderationLoader, { db, cookie: admin.cookie })).json();
    const commentFlag = queue.flags.find((f: { subjectType: string }) => f.subjectType === "comment");
    const missingNote = await call(moderationAction, { db, cookie: admin.cookie, form: { flagId: String(commentFlag.id), resolution: "edited", note: "", body: "A participant lives nearby" } });
    expect(missingNote.status).toBe(400);
    await call(moderationAction, { db, cookie: admin.cookie, form: { flagId: String(commentFlag.id), resolution: "edited", note: "removed personal data", body: "A participant lives nearby" } });
    const row = await db.selectFrom("comments").select(["body_md", "hidden_at"]).where("id", "=", Number(commentId)).executeTakeFirstOrThrow();
    expect(row).toEqual({ body_md: "A participant lives nearby", hidden_at: null });
    // Personal data edited out is kept nowhere, not even for moderators (issue 15, finding 3).
    const asReader = await (await call(commentLoader, { db, cookie: reader.cookie, params: { id: commentId } })).json();
    expect(asReader.versions).toEqual([]);
    const asAdmin = await (await call(commentLoader, { db, cookie: admin.cookie, params: { id: commentId } })).json();
    expect(asAdmin.versions).toEqual([]);
    expect(await db.selectFrom("comment_versions").select("body_md").where("comment_id", "=", Number(commentId)).execute()).toEqual([]);

    const hide = await call(commentAction, { db, cookie: admin.cookie, params: { id: commentId }, form: { intent: "hide", reason: "off-topic" } });
    expect(hide.status).toBe(302);
    expect(await notificationsOf(commenter.id)).toEqual([{ kind: "comment_hidden", comment_id: Number(commentId) }]);
    const asAuthor = await (await call(practiceLoader, { db, cookie: commenter.cookie, params })).json();
    expect(asAuthor.discussion.threads[0].hiddenReason).toBe("off-topic");
    expect((await call(commentLoader, { db, cookie: reader.cookie, params: { id: commentId } })).status).toBe(404);
  });

  it("only curators and admins moderate", async () => {
    const { practice } = await scene();
    const commenter = await signedIn();
    const comment = await post(commenter.cookie, practice.slug, { intent: "comment", body: "text" });
    const id = comment.headers.get("Location")!.split("comment-")[1]!;
    const expectations: [Role, number][] = [
      ["member", 403],
      ["coordinator", 403],
      ["curator", 200],
      ["admin", 200],
    ];
    for (const [role, status] of expectations) {
      const who = await signedIn({ role });
      expect((await call(moderationLoader, { db, cookie: who.cookie })).status, role).toBe(status);
      expect((await call(moderationAction, { db, cookie: who.cookie, form: { flagId: "1", resolution: "dismissed" } })).status, role).toBe(status === 200 ? 404 : 403);
      const hide = await call(commentAction, { db, cookie: who.cookie, params: { id }, form: { intent: "hide", reason: "test" } });
      expect(hide.status, role).toBe(status === 200 ? 302 : 403);
      await db.updateTable("comments").set({ hidden_at: null }).execute();
    }
  });
});
