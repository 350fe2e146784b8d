import { makePractice, makeSession } from "../factories";
import { E2E_SERVERS } from "./servers";
import { db, expect, makeMember, makeOrganisation, test, type Page } from "./fixtures";

// What moderators hid, and what was edited out for personal data, is not in any byte the
// browser receives: not the page, not its hydration data, not a loader's JSON. Run without
// JavaScript: these are plain forms.
test.use({ javaScriptEnabled: false });

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/** The page's HTML (with the hydration data in its script) and the route's own JSON. */
async function everythingSent(page: Page, path: string, routeId: string) {
  const html = await (await page.request.get(path)).text();
  const data = await (await page.request.get(`${path}${path.includes("?") ? "&" : "?"}_data=${encodeURIComponent(routeId)}`)).text();
  return html + data;
}

async function curatorPage(browser: import("@playwright/test").Browser) {
  const curator = await makeMember(db(), { role: "curator" });
  const context = await browser.newContext({ javaScriptEnabled: false });
  const { token } = await makeSession(db(), curator.id);
  await context.addCookies([{ name: "px_session", value: token, url: E2E_SERVERS.main.url }]);
  return { page: await context.newPage(), close: () => context.close() };
}

test("a comment hidden by a moderator is not sent to other members", async ({ page, browser, signIn }) => {
  const org = await makeOrganisation(db());
  const author = await makeMember(db(), { organisationId: org.id });
  const title = `Hidden comment ${unique()}`;
  const practice = await makePractice(db(), { authorId: author.id, organisationId: org.id, writeUp: { title } });
  const { createComment } = await import("../../app/models/comment.server");
  const secret = `Anjali-${unique()}`;
  const comment = await createComment(db(), { practiceId: practice.id, authorId: author.id, bodyMd: `Her name is ${secret}` });

  const curator = await curatorPage(browser);
  await curator.page.goto(`${E2E_SERVERS.main.url}/comments/${comment!.id}`);
  await curator.page.getByLabel("Reason").fill(`Names a girl: ${secret}`);
  await curator.page.getByRole("button", { name: "Hide comment" }).click();
  await expect(curator.page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await curator.close();

  await signIn();
  await page.goto(`/practices/${practice.slug}`);
  await expect(page.getByText("Hidden by moderators.")).toBeVisible();
  const sent = await everythingSent(page, `/practices/${practice.slug}`, "routes/practices.$slug._index");
  expect(sent).not.toContain(secret);
  expect((await page.request.get(`/comments/${comment!.id}`)).status()).toBe(404);
});

test("personal data edited out of a practice leaves its history, and the moderator is told to edit first", async ({ page, browser, signIn }) => {
  const org = await makeOrganisation(db());
  const author = await makeMember(db(), { organisationId: org.id });
  const secret = `0999-${unique()}`;
  const title = `Referral ${unique()}`;
  const practice = await makePractice(db(), { authorId: author.id, organisationId: org.id, writeUp: { title, context: `Call her on ${secret}.` } });

  await signIn();
  await page.goto(`/flag?practice=${practice.slug}`);
  await page.getByLabel("Personal data exposed").check();
  await page.getByRole("button", { name: "Send to moderators" }).click();
  await expect(page.getByText("The moderators will look at it.")).toBeVisible();

  const curator = await curatorPage(browser);
  await curator.page.goto(`${E2E_SERVERS.main.url}/moderation`);
  const item = curator.page.getByRole("listitem").filter({ hasText: title });
  await item.getByLabel("Note").fill("Phone number removed");
  await item.getByRole("button", { name: "Resolved: edited out" }).click();
  await expect(curator.page.getByText("Edit the practice to remove the personal data first").first()).toBeVisible();
  await expect(curator.page.getByRole("listitem").filter({ hasText: title }).getByLabel("Note")).toHaveValue("Phone number removed");

  const { getPracticeBySlug, updatePractice, writeUpOf } = await import("../../app/models/practice.server");
  const current = (await getPracticeBySlug(db(), { slug: practice.slug }))!;
  await updatePractice(db(), {
    id: current.id,
    editorId: author.id,
    writeUp: { ...writeUpOf(current), context: "Call the shelter." },
    meta: { language: "en", themes: current.themes, countries: current.countries },
    publish: false,
  });
  await curator.page.getByRole("listitem").filter({ hasText: title }).getByRole("button", { name: "Resolved: edited out" }).click();
  await expect(curator.page.getByText("The flag was resolved.")).toBeVisible();
  await curator.close();

  await page.goto(`/practices/${practice.slug}/history?from=1&to=2`);
  await expect(page.getByText("One earlier revision was removed because it held personal data.")).toBeVisible();
  const sent = await everythingSent(page, `/practices/${practice.slug}/history?from=1&to=2`, "routes/practices.$slug.history");
  expect(sent).not.toContain(secret);
});

test("an author removes an earlier version of their own comment", async ({ page, signIn }) => {
  const org = await makeOrganisation(db());
  const author = await makeMember(db(), { organisationId: org.id });
  const practice = await makePractice(db(), { authorId: author.id, organisationId: org.id, writeUp: { title: `Versions ${unique()}` } });
  const commenter = await signIn();
  const { createComment, editComment } = await import("../../app/models/comment.server");
  const first = `First words ${unique()}`;
  const comment = await createComment(db(), { practiceId: practice.id, authorId: commenter.id, bodyMd: first });
  await editComment(db(), { id: comment!.id, editorId: commenter.id, bodyMd: "Better words" });

  await page.goto(`/comments/${comment!.id}`);
  await expect(page.getByText(first)).toBeVisible();
  await page.getByRole("button", { name: "Remove this version" }).click();
  await expect(page.getByText("The earlier version was removed for good.")).toBeVisible();
  await expect(page.getByText(first)).toHaveCount(0);
  expect(await db().selectFrom("comment_versions").select("id").where("comment_id", "=", comment!.id).execute()).toEqual([]);
});
