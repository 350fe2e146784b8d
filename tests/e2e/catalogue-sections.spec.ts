import type { Page } from "@playwright/test";
import { catalogues } from "../../app/i18n";
import { expect, test, waitForHydration } from "./fixtures";

// The glossary's, the forum-running pages' and the account's strings are catalogue sections
// (app/i18n/sections.ts): a page that needs one loads it, on a first load before hydrating,
// on a client-side navigation before rendering. Without it the page would show its keys.
const fr = catalogues.fr;
const rawKey = /\b(?:glossary|moderation|settings|twoFactor|handbook|admin)\.[a-z][A-Za-z.]*\b/;

async function sameDocument(page: Page) {
  return page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument === true);
}

async function expectNoRawKeys(page: Page) {
  expect(await page.locator("main").innerText()).not.toMatch(rawKey);
}

test("pages of each section have their words, reached by a link or loaded first", async ({ page, signIn }) => {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await signIn({ role: "curator", locale: "fr" });

  // From the home page, whose catalogue has no section, by the site's links: no new document.
  await page.goto("/");
  await waitForHydration(page);
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

  await page.locator('nav a[href="/glossary"]').first().click();
  await expect(page.getByRole("searchbox", { name: fr["glossary.search"] })).toBeVisible();
  await expectNoRawKeys(page);

  await page.locator('nav a[href="/moderation"]').first().click();
  await expect(page.getByRole("heading", { level: 1, name: fr["moderation.title"] })).toBeVisible();
  await expectNoRawKeys(page);

  await page.locator('a[href="/settings"]').first().click();
  await expect(page.getByRole("heading", { name: fr["settings.profile"] })).toBeVisible();
  await expectNoRawKeys(page);
  expect(await sameDocument(page)).toBe(true);

  // A first load of a section's page hydrates with its words: the same text as the server's.
  await page.goto("/glossary");
  await waitForHydration(page);
  await expect(page.getByRole("searchbox", { name: fr["glossary.search"] })).toBeVisible();
  await expectNoRawKeys(page);
  expect(errors.filter((text) => /hydrat|did not match/i.test(text))).toEqual([]);
});
