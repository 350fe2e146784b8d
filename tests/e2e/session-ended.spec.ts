import { db, expect, makeMember, test, waitForHydration, type Page } from "./fixtures";
import { makePractice } from "../factories";

// A session that ends while a member writes (signed out elsewhere, expired) does not cost
// them what they wrote: sign-in gives it back, once, with or without JavaScript.
async function writeLoseSessionAndSignIn(page: Page, member: { id: number; email: string; password: string }, javaScript: boolean) {
  await page.goto("/practices/new");
  if (javaScript) await waitForHydration(page);
  const title = `Evening classes ${Date.now()}`;
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Approach").fill("We started at six, with two carers.");
  await db().deleteFrom("sessions").where("user_id", "=", member.id).execute();
  await page.getByRole("button", { name: "Save draft" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  expect(page.url()).not.toMatch(/pending|token/);
  await page.getByLabel("E-mail address").fill(member.email);
  await page.getByLabel("Password").fill(member.password);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL(/\/practices\/new$/);
  await expect(page.getByRole("status").filter({ hasText: "Your session had ended; here is what you wrote — send it again." })).toBeVisible();
  await expect(page.getByLabel("Title")).toHaveValue(title);
  await expect(page.getByLabel("Approach")).toHaveValue("We started at six, with two carers.");

  // Once: coming back to the page later gives an empty form.
  await page.goto("/practices/new");
  await expect(page.getByLabel("Title")).toHaveValue("");
  await expect(page.getByText("Your session had ended")).toHaveCount(0);
}

/** The same for a new comment on a practice page: it comes back in the comment box, unsent. */
async function commentLoseSessionAndSignIn(page: Page, member: { id: number; email: string; password: string }, javaScript: boolean) {
  const author = await makeMember(db());
  const title = `Night shelter ${Date.now()}`;
  const practice = await makePractice(db(), { authorId: author.id, organisationId: author.organisationId, writeUp: { title } });
  await page.goto(`/practices/${practice.slug}`);
  if (javaScript) await waitForHydration(page);
  const words = `We tried this in Lilongwe, ${Date.now()}.`;
  await page.getByLabel("Add a comment").fill(words);
  await db().deleteFrom("sessions").where("user_id", "=", member.id).execute();
  await page.getByRole("button", { name: "Post comment" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await page.getByLabel("E-mail address").fill(member.email);
  await page.getByLabel("Password").fill(member.password);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Your session had ended; here is what you wrote — send it again." })).toBeVisible();
  await expect(page.getByLabel("Add a comment")).toHaveValue(words);
  expect(await db().selectFrom("comments").select("id").where("practice_id", "=", practice.id).execute()).toHaveLength(0);
  await page.getByRole("button", { name: "Post comment" }).click();
  await expect(page.getByRole("article", { name: /^Comment by/ }).filter({ hasText: words })).toBeVisible();
}

test("what was written when the session ended comes back after sign-in", async ({ page, signIn }) => {
  const member = await signIn();
  await writeLoseSessionAndSignIn(page, member, true);
});

test("a comment sent when the session had ended comes back in the comment box", async ({ page, signIn }) => {
  const member = await signIn();
  await commentLoseSessionAndSignIn(page, member, true);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("what was written when the session ended comes back after sign-in", async ({ page, signIn }) => {
    const member = await signIn();
    await writeLoseSessionAndSignIn(page, member, false);
  });

  test("a comment sent when the session had ended comes back in the comment box", async ({ page, signIn }) => {
    const member = await signIn();
    await commentLoseSessionAndSignIn(page, member, false);
  });
});
