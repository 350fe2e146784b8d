import { E2E_SERVERS } from "./servers";
import { db, expect, makeMember, makeOrganisation, test, waitForHydration } from "./fixtures";
import { makePractice, makeSession } from "../factories";

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function publishedPractice() {
  const org = await makeOrganisation(db(), { name: `Kathmandu Shelter ${unique()}`, country: "NP" });
  const author = await makeMember(db(), { organisationId: org.id, displayName: `Author ${unique()}` });
  const practice = await makePractice(db(), { authorId: author.id, organisationId: org.id, writeUp: { title: `Transit home ${unique()}` } });
  return { org, author, practice, url: `/practices/${practice.slug}` };
}

test("a mention reaches the other member, who sees the unread count and the notification", async ({ page, browser, signIn }) => {
  const { url } = await publishedPractice();
  const mentionedName = `Dolgor ${unique()}`;
  const mentioned = await makeMember(db(), { displayName: mentionedName });
  await signIn();
  await page.goto(url);
  await page.getByLabel("Add a comment").fill(`How do you fund the night staff? @${mentionedName} knows.`);
  await page.getByRole("button", { name: "Post comment" }).click();
  const comment = page.getByRole("article", { name: /^Comment by/ }).last();
  await expect(comment.getByRole("link", { name: `@${mentionedName}` })).toBeVisible();

  const other = await browser.newContext();
  const { token } = await makeSession(db(), mentioned.id);
  await other.addCookies([{ name: "px_session", value: token, url: E2E_SERVERS.main.url }]);
  const otherPage = await other.newPage();
  await otherPage.goto(`${E2E_SERVERS.main.url}/`);
  await expect(otherPage.getByRole("link", { name: "Notifications (1 unread)" })).toBeVisible();
  await otherPage.getByRole("link", { name: "Notifications (1 unread)" }).click();
  await expect(otherPage.getByText(/mentioned you on/)).toBeVisible();
  await otherPage.getByRole("button", { name: "Mark all as read" }).click();
  await expect(otherPage.getByRole("link", { name: "Notifications", exact: true })).toBeVisible();
  await other.close();
});

test("with JavaScript, links and the reply form work in the same document, as Remix's router does", async ({ page, signIn }) => {
  const { url, author } = await publishedPractice();
  await signIn();
  await page.goto("/practices");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Practices", exact: true })).toHaveAttribute("aria-current", "page");
  await page.goto(url);
  await waitForHydration(page);
  // A mark on the window survives only if no new document is loaded.
  await page.evaluate(() => Object.assign(window, { sameDocument: true }));
  await page.getByLabel("Add a comment").fill("First thread");
  await page.getByRole("button", { name: "Post comment" }).click();
  const thread = page.getByRole("article", { name: /^Comment by/ }).last();
  await expect(thread.getByText("First thread")).toBeVisible();
  await page
    .getByText(/^Reply to /)
    .last()
    .click();
  await page.getByLabel("Your reply").last().fill("A reply, sent by the router");
  await page.getByRole("button", { name: "Post reply" }).last().click();
  await expect(page.getByText("A reply, sent by the router")).toBeVisible();
  await page.getByRole("link", { name: author.displayName }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: author.displayName })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  const rows = await db().selectFrom("comments").select("body_md").where("body_md", "=", "A reply, sent by the router").where("parent_id", "is not", null).execute();
  expect(rows).toHaveLength(1);
});

test("endorsing with a note updates the page in place and shows the reach", async ({ page, signIn }) => {
  const { url } = await publishedPractice();
  const malawi = await makeOrganisation(db(), { name: `Blantyre Network ${unique()}`, country: "MW" });
  await signIn({ organisationId: malawi.id });
  await page.goto(url);
  await waitForHydration(page);
  await page.evaluate(() => ((window as unknown as { marker: string }).marker = "still here"));
  await page.getByLabel("Endorse with a note (optional)").fill("We run this at the border in Mwanza too.");
  await page.getByRole("button", { name: "Endorse", exact: true }).click();
  await expect(page.getByRole("heading", { name: "1 endorsement" })).toBeVisible();
  await expect(page.getByText("1 other organisation in 1 country")).toBeVisible();
  await expect(page.getByRole("region", { name: "1 endorsement" }).getByRole("link", { name: malawi.name })).toBeVisible();
  await expect(page.locator("q", { hasText: "We run this at the border in Mwanza too." })).toBeVisible();
  // No page load happened: the marker set before endorsing survives.
  expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe("still here");
  await page.getByRole("button", { name: "Follow" }).click();
  await expect(page.getByRole("button", { name: "Following" })).toBeVisible();
});

test("a flagged comment is resolved by a curator", async ({ page, browser, signIn }) => {
  const { practice, url } = await publishedPractice();
  const commenter = await makeMember(db());
  const { createComment } = await import("../../app/models/comment.server");
  const text = `Her sister Rina, 15, stays at the market ${unique()}`;
  await createComment(db(), { practiceId: practice.id, authorId: commenter.id, bodyMd: text });
  await signIn();
  await page.goto(url);
  const comment = page.getByRole("article", { name: /^Comment by/ }).filter({ hasText: text });
  await comment.getByRole("link", { name: "Flag", exact: true }).click();
  await page.getByLabel("Personal data exposed").check();
  await page.getByRole("button", { name: "Send to moderators" }).click();
  await expect(page.getByText("The moderators will look at it.")).toBeVisible();

  const curator = await makeMember(db(), { role: "curator" });
  const { token } = await makeSession(db(), curator.id);
  const context = await browser.newContext();
  await context.addCookies([{ name: "px_session", value: token, url: E2E_SERVERS.main.url }]);
  const curatorPage = await context.newPage();
  await curatorPage.goto(`${E2E_SERVERS.main.url}/moderation`);
  const item = curatorPage.getByRole("listitem").filter({ hasText: text });
  await expect(item.getByText("Personal data exposed")).toBeVisible();
  await item.getByLabel("Note").fill("Names and ages of people we support are not shared here.");
  await item.getByRole("button", { name: "Hide" }).click();
  await expect(curatorPage.getByRole("listitem").filter({ hasText: text })).toHaveCount(0);

  await page.goto(url);
  await expect(page.getByText(text)).toHaveCount(0);
  await expect(page.getByText("Hidden by moderators.")).toBeVisible();
  await context.close();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("comment, reply and endorse with plain forms", async ({ page, signIn }) => {
    const { url } = await publishedPractice();
    await signIn();
    await page.goto(url);
    await page.getByRole("button", { name: "Post comment" }).click();
    await expect(page.getByText("This field is required.")).toBeVisible();
    await page.getByLabel("Add a comment").fill("Which partners trained the carers?");
    await page.getByRole("button", { name: "Post comment" }).click();
    await expect(page.getByText("Which partners trained the carers?")).toBeVisible();
    await page.getByText(/^Reply to/).click();
    await page.getByLabel("Your reply").fill("Also: how many carers per night?");
    await page.getByRole("button", { name: "Post reply" }).click();
    await expect(page.locator(".replies").getByText("Also: how many carers per night?")).toBeVisible();

    await page.getByLabel("Endorse with a note (optional)").fill("Same in Pokhara.");
    await page.getByRole("button", { name: "Endorse", exact: true }).click();
    await expect(page.getByRole("heading", { name: "1 endorsement" })).toBeVisible();
    await expect(page.getByText("You endorse this practice.")).toBeVisible();
  });
});
