import { db, expect, makeMember, makeOrganisation, test, waitForHydration } from "./fixtures";
import { makePractice } from "../factories";

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

test("a Save draft sent while offline keeps the page and every field, and sends again once online", async ({ page, context, signIn }) => {
  const member = await signIn();
  await page.goto("/practices/new");
  await waitForHydration(page);
  const title = `Bakery course ${unique()}`;
  await page.getByLabel(/^Title/).fill(title);
  await page.getByLabel(/^Summary/).fill("A six-month bakery course that leads to paid work.");
  await context.setOffline(true);
  await page.getByRole("button", { name: "Save draft" }).click();

  const alert = page.getByRole("alert").filter({ hasText: "What you wrote is safe on this page" });
  await expect(alert).toBeVisible();
  await expect(page.getByText("Something went wrong")).toHaveCount(0);
  await expect(page.getByLabel(/^Title/)).toHaveValue(title);
  await expect(page.getByLabel(/^Summary/)).toHaveValue("A six-month bakery course that leads to paid work.");
  await expect(alert.getByRole("button", { name: "Send again" })).toBeFocused();

  await context.setOffline(false);
  await alert.getByRole("button", { name: "Send again" }).click();
  await expect(page).toHaveURL(/\/practices\/[^/]+(\/edit)?(\?.*)?$/);
  await expect(page.getByRole("alert").filter({ hasText: "What you wrote is safe" })).toHaveCount(0);
  await expect.poll(async () => (await db().selectFrom("practices").select("status").where("author_id", "=", member.id).execute()).map((p) => p.status)).toEqual(["draft"]);
});

test("after a comment is posted the box is empty, and the new comment has the focus and is announced", async ({ page, signIn }) => {
  const org = await makeOrganisation(db(), { name: `Ulaanbaatar Shelter ${unique()}`, country: "MN" });
  const author = await makeMember(db(), { organisationId: org.id });
  const practice = await makePractice(db(), { authorId: author.id, organisationId: org.id, writeUp: { title: `Night shelter ${unique()}` } });
  await signIn();
  await page.goto(`/practices/${practice.slug}`);
  await waitForHydration(page);
  const text = `How many beds do you keep free? ${unique()}`;
  await page.getByLabel("Add a comment").fill(text);
  await page.getByRole("button", { name: "Post comment" }).click();

  const comment = page.getByRole("article", { name: /^Comment by/ }).filter({ hasText: text });
  await expect(comment).toBeFocused();
  await expect(page.getByLabel("Add a comment")).toHaveValue("");
  await expect(page.getByText("Your comment is posted.")).toBeAttached();
});

test("a comment answered with a server error stays in its box, and Send again posts it once", async ({ page, signIn }) => {
  const org = await makeOrganisation(db(), { name: `Lilongwe Drop-in ${unique()}`, country: "MW" });
  const author = await makeMember(db(), { organisationId: org.id });
  const practice = await makePractice(db(), { authorId: author.id, organisationId: org.id, writeUp: { title: `Truck stop outreach ${unique()}` } });
  await signIn();
  await page.goto(`/practices/${practice.slug}`);
  await waitForHydration(page);
  await page.route(/_data=/, (route) => (route.request().method() === "POST" ? route.fulfill({ status: 502, body: "Bad gateway" }) : route.continue()));
  const text = `We meet drivers at the weighbridge. ${unique()}`;
  await page.getByLabel("Add a comment").fill(text);
  await page.getByRole("button", { name: "Post comment" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "What you wrote is safe on this page" });
  await expect(alert).toBeVisible();
  await expect(page.getByLabel("Add a comment")).toHaveValue(text);

  await page.unroute(/_data=/);
  await alert.getByRole("button", { name: "Send again" }).click();
  await expect(page.getByRole("article", { name: /^Comment by/ }).filter({ hasText: text })).toBeFocused();
  await expect(page.getByLabel("Add a comment")).toHaveValue("");
  expect(await db().selectFrom("comments").select("id").where("practice_id", "=", practice.id).execute()).toHaveLength(1);
});
