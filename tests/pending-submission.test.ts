import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import { action as loginAction } from "../app/routes/login";
import { action as editAction, loader as editLoader } from "../app/routes/practices.$slug.edit";
import { action as newAction, loader as newLoader } from "../app/routes/practices.new";
import { action as commentAction, loader as commentLoader } from "../app/routes/comments.$id";
import { action as practiceAction, loader as practiceLoader } from "../app/routes/practices.$slug._index/route";
import { eraseMember } from "../app/models/account.server";
import { createComment, deleteComment } from "../app/models/comment.server";
import { PENDING_TTL } from "../app/models/pending-submission.server";
import { createTestDb } from "./helpers/db";
import { call, setCookieToken } from "./helpers/remix";
import { makeMember, makePractice, makeSession, makeSignedIn } from "./factories";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

function pendingToken(response: Response): string | null {
  return response.headers.get("Set-Cookie")?.match(/px_pending=([^;]*)/)?.[1] || null;
}

/** Signs in through the real sign-in action, presenting the browser's cookies. */
async function signIn(member: { email: string; password: string }, cookie: string, redirectTo: string) {
  const response = await call(loginAction, { db, path: "/login", cookie, form: { email: member.email, password: member.password, redirectTo } });
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toBe(redirectTo);
  return `px_session=${setCookieToken(response)}`;
}

/** A member whose session row was deleted (signed out elsewhere) sends the new-practice form. */
async function sendAfterSessionEnded(path = "/practices/new", fn: typeof newAction = newAction, params: Record<string, string> = {}) {
  const member = await makeMember(db);
  const { cookie } = await makeSession(db, member.id);
  await db.deleteFrom("sessions").execute();
  const response = await call(fn, {
    db,
    path,
    cookie,
    params,
    form: { intent: "draft", title: "Evening classes", approach: "We started at six.", language: "en", themes: ["vocational-training", "children-families"] },
  });
  return { member, response, token: pendingToken(response) };
}

describe("a form sent after the session ended", () => {
  it("is kept under a cookie token, never in the URL, and sign-in is asked for", async () => {
    const { response, token } = await sendAfterSessionEnded();
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fpractices%2Fnew");
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    const header = response.headers.get("Set-Cookie")!;
    expect(header).toContain("HttpOnly");
    expect(header).toContain("SameSite=Lax");
    expect(header).toContain("Max-Age=1800");
    expect(response.headers.get("Location")).not.toContain(token!);
    const rows = await db.selectFrom("pending_submissions").selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).not.toBe(token);
    expect(rows[0]!.path).toBe("/practices/new");
    expect(rows[0]!.expires_at - rows[0]!.created_at).toBe(PENDING_TTL);
    expect(await db.selectFrom("practices").select("id").execute()).toHaveLength(0);
  });

  it("comes back once in the form after sign-in, with a notice, then not again", async () => {
    const { member, token } = await sendAfterSessionEnded();
    const browser = `px_pending=${token}`;
    const session = await signIn(member, browser, "/practices/new");
    const page = await call(newLoader, { db, path: "/practices/new", cookie: `${session}; ${browser}` });
    const data = await page.json();
    expect(data.restored).toBe(true);
    expect(data.defaults.title).toBe("Evening classes");
    expect(data.defaults.approach).toBe("We started at six.");
    expect(data.defaults.themes).toEqual(["vocational-training", "children-families"]);
    expect(data.defaults.summary).toBe("");
    expect(page.headers.get("Set-Cookie") ?? "").toBe("");
    expect(await db.selectFrom("pending_submissions").select("id").execute()).toHaveLength(0);

    const again = await (await call(newLoader, { db, path: "/practices/new", cookie: `${session}; ${browser}` })).json();
    expect(again.restored).toBe(false);
    expect(again.defaults.title).toBe("");
  });

  it("clears the cookie when taken", async () => {
    const { member, token } = await sendAfterSessionEnded();
    const browser = `px_pending=${token}`;
    const session = await signIn(member, browser, "/practices/new");
    const request = new Request("http://localhost/practices/new", { headers: { Cookie: `${session}; ${browser}` } });
    const { createRequestContext } = await import("../app/server/context");
    const context = createRequestContext(db, { clientIp: "127.0.0.1" });
    await newLoader({ request, params: {}, context });
    expect(context.memo.setCookies.some((c) => /^px_pending=;.*Max-Age=0/.test(c))).toBe(true);
  });

  it("comes back in the edit form of the practice it was sent to", async () => {
    const author = await makeSignedIn(db);
    const practice = await makePractice(db, { authorId: author.id, organisationId: author.organisationId, publish: false });
    await db.deleteFrom("sessions").execute();
    const path = `/practices/${practice.slug}/edit`;
    const sent = await call(editAction, {
      db,
      path,
      cookie: author.cookie,
      params: { slug: practice.slug },
      form: { intent: "draft", title: "A better title", approach: "Rewritten.", language: "en" },
    });
    expect(sent.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
    const browser = `px_pending=${pendingToken(sent)}`;
    const session = await signIn(author, browser, path);
    const data = await (await call(editLoader, { db, path, cookie: `${session}; ${browser}`, params: { slug: practice.slug } })).json();
    expect(data.restored).toBe(true);
    expect(data.defaults.title).toBe("A better title");
    expect(data.defaults.approach).toBe("Rewritten.");
    // Unticked in what was sent: none.
    expect(data.defaults.themes).toEqual([]);
    // The new-practice form is another page: it does not take it.
    const elsewhere = await (await call(newLoader, { db, path: "/practices/new", cookie: `${session}; ${browser}` })).json();
    expect(elsewhere.restored).toBe(false);
  });

  it("is nothing to another browser, or to a member who signs in after the first", async () => {
    const { member, token } = await sendAfterSessionEnded();
    const browser = `px_pending=${token}`;
    // Another browser: the member signs in without the cookie.
    const elsewhere = await signIn(member, "", "/practices/new");
    expect((await (await call(newLoader, { db, path: "/practices/new", cookie: elsewhere })).json()).restored).toBe(false);
    // Someone else signs in first on the browser: the row becomes theirs only.
    const other = await makeMember(db);
    const otherSession = await signIn(other, browser, "/practices/new");
    const mine = await signIn(member, browser, "/practices/new");
    expect((await (await call(newLoader, { db, path: "/practices/new", cookie: `${mine}; ${browser}` })).json()).restored).toBe(false);
    expect((await (await call(newLoader, { db, path: "/practices/new", cookie: `${otherSession}; ${browser}` })).json()).restored).toBe(true);
  });

  it("is gone after 30 minutes, and expired rows are deleted on the next write", async () => {
    const { member, token } = await sendAfterSessionEnded();
    const browser = `px_pending=${token}`;
    await db
      .updateTable("pending_submissions")
      .set((eb) => ({ expires_at: eb("expires_at", "-", PENDING_TTL + 1), created_at: eb("created_at", "-", PENDING_TTL + 1) }))
      .execute();
    const session = await signIn(member, browser, "/practices/new");
    expect((await (await call(newLoader, { db, path: "/practices/new", cookie: `${session}; ${browser}` })).json()).restored).toBe(false);
    await sendAfterSessionEnded();
    expect(await db.selectFrom("pending_submissions").select("id").execute()).toHaveLength(1);
  });

  it("keeps no password, of a form with files only its text, and goes with the member's erasure", async () => {
    const member = await makeMember(db);
    const { cookie } = await makeSession(db, member.id);
    await db.deleteFrom("sessions").execute();
    await call(newAction, { db, path: "/practices/new", cookie, form: { title: "T", currentPassword: "secret" } });
    const [row] = await db.selectFrom("pending_submissions").selectAll().execute();
    expect(JSON.parse(row!.fields)).toEqual({ title: ["T"] });

    const body = new FormData();
    body.append("title", "With a file");
    body.append("files", new Blob(["x"]), "x.txt");
    const { createRequestContext } = await import("../app/server/context");
    await newAction({
      request: new Request("http://localhost/practices/new", { method: "POST", body, headers: { Cookie: cookie } }),
      params: {},
      context: createRequestContext(db, { clientIp: "127.0.0.1" }),
    }).catch((r) => r);
    const kept = await db.selectFrom("pending_submissions").select("fields").execute();
    expect(kept.map((k) => JSON.parse(k.fields)).sort((a, b) => a.title[0].localeCompare(b.title[0]))).toEqual([{ title: ["T"] }, { title: ["With a file"] }]);
    await db.deleteFrom("pending_submissions").where("fields", "like", "%With a file%").execute();

    await signIn(member, `px_pending=${pendingToken(await call(newAction, { db, path: "/practices/new", cookie, form: { title: "U" } }))}`, "/practices/new");
    expect(await db.selectFrom("pending_submissions").select("id").where("user_id", "=", member.id).execute()).toHaveLength(1);
    await eraseMember(db, { userId: member.id, deleteComments: false });
    expect(await db.selectFrom("pending_submissions").select("user_id").execute()).toEqual([{ user_id: null }]);
  });

  it("comes back in the comment's edit form", async () => {
    const author = await makeSignedIn(db);
    const practice = await makePractice(db, { authorId: author.id, organisationId: author.organisationId });
    const comment = await createComment(db, { practiceId: practice.id, authorId: author.id, bodyMd: "First thoughts." });
    const id = String(comment!.id);
    await db.deleteFrom("sessions").execute();
    const path = `/comments/${id}`;
    const sent = await call(commentAction, { db, path, cookie: author.cookie, params: { id }, form: { intent: "edit", body: "Second thoughts, longer." } });
    expect(sent.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
    const browser = `px_pending=${pendingToken(sent)}`;
    const session = await signIn(author, browser, path);
    const data = await (await call(commentLoader, { db, path, cookie: `${session}; ${browser}`, params: { id } })).json();
    expect(data.restored).toBe(true);
    expect(data.comment.bodyMd).toBe("Second thoughts, longer.");
    const again = await (await call(commentLoader, { db, path, cookie: `${session}; ${browser}`, params: { id } })).json();
    expect(again.restored).toBe(false);
    expect(again.comment.bodyMd).toBe("First thoughts.");
  });

  it("comes back in the practice page's comment box, the reply box of its thread, and the endorsement note", async () => {
    const author = await makeSignedIn(db);
    const reader = await makeSignedIn(db);
    const practice = await makePractice(db, { authorId: author.id, organisationId: author.organisationId });
    const thread = await createComment(db, { practiceId: practice.id, authorId: author.id, bodyMd: "Who runs the evening group?" });
    const params = { slug: practice.slug };
    const path = `/practices/${practice.slug}`;
    await db.deleteFrom("sessions").where("user_id", "=", reader.id).execute();

    async function sendAndSignIn(form: Record<string, string>) {
      const sent = await call(practiceAction, { db, path: `${path}?index`, cookie: reader.cookie, params, form });
      expect(sent.status).toBe(302);
      expect(sent.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
      const browser = `px_pending=${pendingToken(sent)}`;
      const session = await signIn(reader, browser, `${path}?index`);
      return (await call(practiceLoader, { db, path: `${path}?index`, cookie: `${session}; ${browser}`, params })).json();
    }

    const comment = await sendAndSignIn({ intent: "comment", body: "We tried this in Lilongwe." });
    expect(comment.restoredComment).toEqual({ parentId: "", body: "We tried this in Lilongwe." });
    expect(comment.restoredNote).toBeNull();

    const reply = await sendAndSignIn({ intent: "comment", parentId: String(thread!.id), body: "Two carers, from six." });
    expect(reply.restoredComment).toEqual({ parentId: String(thread!.id), body: "Two carers, from six." });

    // A reply to a thread deleted in the meantime comes back in the new-comment box.
    const second = await createComment(db, { practiceId: practice.id, authorId: author.id, bodyMd: "A thread about to go." });
    const sent = await call(practiceAction, { db, path: `${path}?index`, cookie: reader.cookie, params, form: { intent: "comment", parentId: String(second!.id), body: "Kept anyway." } });
    await deleteComment(db, { id: second!.id });
    const browser = `px_pending=${pendingToken(sent)}`;
    const session = await signIn(reader, browser, `${path}?index`);
    const orphan = await (await call(practiceLoader, { db, path: `${path}?index`, cookie: `${session}; ${browser}`, params })).json();
    expect(orphan.restoredComment).toEqual({ parentId: "", body: "Kept anyway." });

    const note = await sendAndSignIn({ intent: "endorse", note: "Ran it for a year." });
    expect(note.restoredNote).toBe("Ran it for a year.");
    expect(note.restoredComment).toBeNull();
    // Nothing was posted or endorsed on the reader's behalf.
    expect(await db.selectFrom("comments").select("id").execute()).toHaveLength(2);
    expect(await db.selectFrom("endorsements").select("id").execute()).toHaveLength(0);
  });
});
