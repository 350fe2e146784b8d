import type { Page } from "@playwright/test";
import { makePractice } from "../factories";
import { db, expect, makeMember, makeOrganisation, test } from "./fixtures";

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function searchJourney(page: Page) {
  const word = `carpentry${unique()}`;
  const org = await makeOrganisation(db(), { name: `Birgunj Workshop ${unique()}`, country: "NP" });
  const author = await makeMember(db(), { organisationId: org.id });
  await makePractice(db(), { authorId: author.id, organisationId: org.id, writeUp: { title: `Carpentry apprenticeships ${word}` }, meta: { themes: ["vocational-training"] } });
  await makePractice(db(), { authorId: author.id, organisationId: org.id, writeUp: { title: `Shelter rota`, approach: `Residents learn ${word} on weekends.` }, meta: { themes: ["housing"] } });

  await page.goto("/");
  await page.getByRole("banner").getByRole("searchbox").fill(word);
  await page.getByRole("banner").getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Search" })).toBeVisible();
  const results = page.locator(".search-results > li");
  await expect(results).toHaveCount(2);
  await expect(results.first().locator("mark")).toHaveText(word);

  await page.getByRole("main").getByLabel("Theme").selectOption("housing");
  await page.getByRole("main").getByRole("button", { name: "Search" }).click();
  await expect(results).toHaveCount(1);
  await expect(results.first().getByText("Approach ·", { exact: false })).toBeVisible();
  await results.first().getByRole("link", { name: "Shelter rota" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Shelter rota" })).toBeVisible();

  await page.goto(`/search?q=${encodeURIComponent('"unbalanced NEAR( -')}`);
  await expect(page.getByText(/Nothing found for/)).toBeVisible();
}

test("search from the header, filter by theme and open a result", async ({ page, signIn }) => {
  await signIn();
  await searchJourney(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the same search journey works", async ({ page, signIn }) => {
    await signIn();
    await searchJourney(page);
  });
});
