import { createHandbook, setHandbookStatus } from "../../app/models/handbook.server";
import { makePractice } from "../factories";
import { db, expect, makeMember, makeOrganisation, test, waitForHydration, type Page } from "./fixtures";

// Saved for later: the Save button on a practice and a handbook edition, and the Saved page
// (order, moving, removing), with JavaScript and without.

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function content() {
  const org = await makeOrganisation(db());
  const author = await makeMember(db(), { organisationId: org.id });
  const tag = unique();
  const first = await makePractice(db(), { authorId: author.id, organisationId: org.id, writeUp: { title: `Night shelter intake ${tag}` } });
  const second = await makePractice(db(), { authorId: author.id, organisationId: org.id, writeUp: { title: `Border post outreach ${tag}` } });
  const handbook = await createHandbook(db(), { title: `Saved handbook ${tag}`, edition: 1, language: "en", introMd: "Why this book.", createdBy: author.id });
  await setHandbookStatus(db(), { id: handbook.id, status: "published" });
  return { first, second, handbook, titles: { first: `Night shelter intake ${tag}`, second: `Border post outreach ${tag}`, handbook: `Saved handbook ${tag}` } };
}

/** The Saved page's items, top to bottom, by their headings. */
const savedOrder = (page: Page) => page.getByRole("main").getByRole("heading", { level: 2 }).allInnerTexts();
const item = (page: Page, title: string) => page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: title }) });

test.describe("with JavaScript", () => {
  test("save and unsave without leaving the page; the Saved page keeps the member's order", async ({ page, signIn }) => {
    const { first, second, handbook, titles } = await content();
    const member = await signIn();

    await page.goto(`/practices/${first.slug}`);
    await waitForHydration(page);
    // The page is not loaded again: a fetcher saves it.
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === "/saved" && r.request().method() === "POST");
    await page.getByRole("button", { name: "Save for later" }).click();
    // JSON for the fetcher (a redirect would be Remix's 204 with X-Remix-Redirect).
    expect(await (await answered).json()).toEqual({ ok: true, saved: true });
    await expect(page.getByRole("button", { name: "Remove from saved" })).toBeVisible();
    await expect(page.getByRole("link", { name: "In your saved items" })).toBeVisible();
    await expect.poll(() => db().selectFrom("saved_items").select("practice_id").where("user_id", "=", member.id).execute()).toEqual([{ practice_id: first.id }]);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    await expect(page).toHaveURL(new RegExp(`/practices/${first.slug}$`));

    await page.goto(`/practices/${second.slug}`);
    await waitForHydration(page);
    await page.getByRole("button", { name: "Save for later" }).click();
    await expect(page.getByRole("button", { name: "Remove from saved" })).toBeVisible();

    await page.goto(`/handbooks/${handbook.slug}`);
    await waitForHydration(page);
    await page.getByRole("button", { name: "Save for later" }).click();
    await expect(page.getByRole("button", { name: "Remove from saved" })).toBeVisible();

    // The header's Saved link leads to the list, in the order they were saved.
    await page.getByRole("link", { name: "Saved", exact: true }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Saved", exact: true })).toBeVisible();
    await expect.poll(() => savedOrder(page)).toEqual([titles.first, titles.second, titles.handbook]);

    await item(page, titles.handbook).getByRole("button", { name: "Move up" }).click();
    await expect.poll(() => savedOrder(page)).toEqual([titles.first, titles.handbook, titles.second]);
    await item(page, titles.first).getByRole("button", { name: "Move down" }).click();
    await expect.poll(() => savedOrder(page)).toEqual([titles.handbook, titles.first, titles.second]);
    await item(page, titles.first).getByRole("button", { name: "Remove" }).click();
    await expect.poll(() => savedOrder(page)).toEqual([titles.handbook, titles.second]);

    // Unsaved from its own page: the button turns back at once.
    await page.goto(`/practices/${second.slug}`);
    await waitForHydration(page);
    await page.getByRole("button", { name: "Remove from saved" }).click();
    await expect(page.getByRole("button", { name: "Save for later" })).toBeVisible();
    await expect.poll(() => db().selectFrom("saved_items").select("handbook_id").where("user_id", "=", member.id).execute()).toEqual([{ handbook_id: handbook.id }]);
    await page.reload();
    await expect(page.getByRole("button", { name: "Save for later" })).toBeVisible();
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("save with a plain form, back on the same page; reorder and remove on the Saved page", async ({ page, signIn }) => {
    const { first, second, titles } = await content();
    const member = await signIn();

    await page.goto(`/practices/${first.slug}`);
    await page.getByRole("button", { name: "Save for later" }).click();
    await expect(page).toHaveURL(new RegExp(`/practices/${first.slug}$`));
    await expect(page.getByRole("button", { name: "Remove from saved" })).toBeVisible();
    await page.goto(`/practices/${second.slug}`);
    await page.getByRole("button", { name: "Save for later" }).click();
    await expect(page.getByRole("button", { name: "Remove from saved" })).toBeVisible();

    await page.getByRole("link", { name: "In your saved items" }).click();
    await expect(page).toHaveURL(/\/saved$/);
    expect(await savedOrder(page)).toEqual([titles.first, titles.second]);
    await item(page, titles.second).getByRole("button", { name: "Move up" }).click();
    await expect(page).toHaveURL(/\/saved$/);
    expect(await savedOrder(page)).toEqual([titles.second, titles.first]);
    await item(page, titles.second).getByRole("button", { name: "Remove" }).click();
    expect(await savedOrder(page)).toEqual([titles.first]);

    // Unsaved from the practice page too, and the list is empty.
    await page.getByRole("link", { name: titles.first }).click();
    await page.getByRole("button", { name: "Remove from saved" }).click();
    await expect(page).toHaveURL(new RegExp(`/practices/${first.slug}$`));
    await expect(page.getByRole("button", { name: "Save for later" })).toBeVisible();
    await page.goto("/saved");
    await expect(page.getByText("Nothing saved yet.")).toBeVisible();
    expect(await db().selectFrom("saved_items").select("id").where("user_id", "=", member.id).execute()).toEqual([]);
  });
});
