import type { Kysely } from "kysely";
import { strFromU8, unzipSync } from "fflate";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import { createComment } from "../app/models/comment.server";
import { endorsePractice } from "../app/models/endorsement.server";
import { searchPractices } from "../app/models/search.server";
import { action as eraseAction } from "../app/routes/settings_.erase";
import { loader as exportLoader } from "../app/routes/settings.export";
import { loader as practiceLoader } from "../app/routes/practices.$slug._index/route";
import { validateSessionToken } from "../app/auth/session.server";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makePractice, makeSignedIn, TEST_PASSWORD, anyMember } from "./factories";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

async function scene() {
  const member = await makeSignedIn(db, { displayName: "Sabina Erasable", email: `sabina-${Date.now()}@example.org` });
  const other = await makeSignedIn(db);
  const practice = await makePractice(db, { authorId: member.id, organisationId: member.organisationId, writeUp: { title: "Savings groups for graduates" } });
  const othersPractice = await makePractice(db, { authorId: other.id, organisationId: other.organisationId, writeUp: { title: "Another practice" } });
  const comment = await createComment(db, { practiceId: othersPractice.id, authorId: member.id, bodyMd: "We tried cooperative savings" });
  await createComment(db, { practiceId: othersPractice.id, authorId: other.id, bodyMd: "A reply that must keep its context", parentId: comment!.id });
  await endorsePractice(db, { practiceId: othersPractice.id, userId: member.id, organisationId: member.organisationId, note: "Same in Pokhara" });
  return { member, other, practice, othersPractice, commentId: comment!.id };
}

describe("my data", () => {
  it("exports a ZIP: JSON of everything about the member, Markdown of what they wrote", async () => {
    const { member } = await scene();
    const response = await call(exportLoader, { db, cookie: member.cookie });
    expect(response.headers.get("Content-Type")).toBe("application/zip");
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const data = JSON.parse(strFromU8(files["data.json"]!));
    expect(data.profile).toMatchObject({ email: member.email, displayName: "Sabina Erasable" });
    expect(data.practices.map((p: { title: string }) => p.title)).toEqual(["Savings groups for graduates"]);
    expect(data.endorsements).toEqual([expect.objectContaining({ note: "Same in Pokhara" })]);
    expect(Object.keys(files).filter((f) => f.endsWith(".md"))).toHaveLength(2);
    const actions = await db.selectFrom("audit_log").select("action").execute();
    expect(actions.map((a) => a.action)).toContain("member.exported");
  });

  it("erases the account with the password: personal data and sessions go, published work stays as 'former member'", async () => {
    const { member, other, practice, othersPractice, commentId } = await scene();
    const wrong = await call(eraseAction, { db, cookie: member.cookie, form: { password: "not my password", confirm: "yes" } });
    expect(wrong.status).toBe(400);
    const unconfirmed = await call(eraseAction, { db, cookie: member.cookie, form: { password: TEST_PASSWORD } });
    expect(unconfirmed.status).toBe(400);

    const done = await call(eraseAction, { db, cookie: member.cookie, form: { password: TEST_PASSWORD, confirm: "yes" } });
    expect(done.status).toBe(302);
    expect(done.headers.get("Set-Cookie")).toContain("Max-Age=0");
    const row = await db.selectFrom("users").selectAll().where("id", "=", member.id).executeTakeFirstOrThrow();
    expect(row.email).not.toContain("sabina");
    expect(row.display_name).toBe("");
    expect(row.disabled_at).not.toBeNull();
    expect(await db.selectFrom("sessions").select("id").where("user_id", "=", member.id).execute()).toHaveLength(0);
    expect(await db.selectFrom("endorsements").select("id").where("user_id", "=", member.id).execute()).toHaveLength(0);

    const page = await (await call(practiceLoader, { db, cookie: other.cookie, params: { slug: practice.slug } })).json();
    expect(page.practice.authorName).toBeNull();
    const discussion = await (await call(practiceLoader, { db, cookie: other.cookie, params: { slug: othersPractice.slug } })).json();
    expect(discussion.discussion.threads[0]).toMatchObject({ id: commentId, authorId: null, deletedAt: null });
    expect(discussion.endorsements.count).toBe(0);

    const audit = await db.selectFrom("audit_log").selectAll().where("action", "=", "member.erased").executeTakeFirstOrThrow();
    expect(`${audit.detail}${audit.ip}`).not.toMatch(/sabina|Sabina/);
  });

  it("deletes the comments too when asked, keeping the replies", async () => {
    const { member, other, othersPractice } = await scene();
    await call(eraseAction, { db, cookie: member.cookie, form: { password: TEST_PASSWORD, confirm: "yes", deleteComments: "on" } });
    const discussion = await (await call(practiceLoader, { db, cookie: other.cookie, params: { slug: othersPractice.slug } })).json();
    const thread = discussion.discussion.threads[0];
    expect(thread.deletedAt).not.toBeNull();
    expect(thread.bodyHtml).toBe("");
    expect(thread.replies).toHaveLength(1);
    expect((await searchPractices(db, { reader: anyMember, query: "cooperative" })).results).toHaveLength(0);
    expect(await validateSessionToken(db, member.cookie.split("=")[1]!)).toBeNull();
  });
});

describe("organisation archive", () => {
  it("is for the organisation's coordinators and admins, with every published practice", async () => {
    const { loader: archiveLoader } = await import("../app/routes/organisations.$slug.export");
    const { makeOrganisation } = await import("./factories");
    const org = await makeOrganisation(db, { name: "Archive Org" });
    const coordinator = await makeSignedIn(db, { organisationId: org.id, role: "coordinator" });
    const member = await makeSignedIn(db, { organisationId: org.id });
    const outsiderCoordinator = await makeSignedIn(db, { role: "coordinator" });
    const admin = await makeSignedIn(db, { role: "admin" });
    await makePractice(db, { authorId: member.id, organisationId: org.id, writeUp: { title: "Published one" } });
    await makePractice(db, { authorId: member.id, organisationId: org.id, writeUp: { title: "A draft" }, publish: false });
    const params = { slug: org.slug };
    expect((await call(archiveLoader, { db, cookie: member.cookie, params })).status).toBe(403);
    expect((await call(archiveLoader, { db, cookie: outsiderCoordinator.cookie, params })).status).toBe(403);
    for (const who of [coordinator, admin]) {
      const response = await call(archiveLoader, { db, cookie: who.cookie, params });
      expect(response.status).toBe(200);
      const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
      const data = JSON.parse(strFromU8(files["organisation.json"]!));
      expect(data.practices.map((p: { title: string }) => p.title)).toEqual(["Published one"]);
      const markdown = Object.entries(files)
        .filter(([name]) => name.startsWith("practices/"))
        .map(([, bytes]) => strFromU8(bytes));
      expect(markdown).toEqual([
        expect.stringContaining("# Published one\n\nA safe place for children to sleep while their mothers attend evening classes.\n\n## context\n\nMothers exiting prostitution"),
      ]);
    }
  });
});
