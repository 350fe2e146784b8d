import type { Page } from "@playwright/test";
import { db, expect, makeOrganisation, test, waitForHydration } from "./fixtures";

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/** Write → preview warns → fix → publish → listed → edit → history diff. */
async function writePublishJourney(page: Page, { organisationName }: { organisationName: string }) {
  const title = `Bakery and pastry course ${unique()}`;
  await page.goto("/practices/new");
  await expect(page.getByRole("heading", { level: 1, name: "Write a practice" })).toBeVisible();
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Summary").fill("A six-month bakery course that leads to paid work.");
  await page.getByLabel("Context").fill("Young women leaving exploitation in Pokhara had no income.");
  await page.getByLabel("Approach").fill("1. Recruit through outreach.\n2. **Six months** of training.\n3. Placement with partner bakeries.");
  await page.getByLabel("Outcomes").fill("Sita, 14, now runs the stall.");
  await page.getByLabel("Vocational training").check();
  await page.getByLabel("Countries where it is applied").selectOption(["NP"]);

  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByRole("heading", { name: /passage may identify someone/ })).toBeVisible();
  await expect(page.getByText("Name next to an age")).toBeVisible();
  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview.locator("strong", { hasText: "Six months" })).toBeVisible();
  // Everything typed survived the preview.
  await expect(page.getByLabel("Title")).toHaveValue(title);
  await expect(page.getByLabel("Vocational training")).toBeChecked();

  await page.getByLabel("Outcomes").fill("Twelve trainees now earn a regular income.");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Approach" })).toBeVisible();
  await expect(page.locator("strong", { hasText: "Six months" })).toBeVisible();

  await page.getByRole("link", { name: "Practices", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Practices" })).toBeVisible();
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  await page.goto("/organisations");
  await page.getByRole("link", { name: organisationName, exact: true }).click();
  await expect(page.getByRole("link", { name: title })).toBeVisible();

  await page.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await page.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Edit “${title}”` })).toBeVisible();
  await page.getByLabel("Outcomes").fill("Twenty trainees now earn a regular income.");
  await page.getByLabel("What changed (optional)").fill("updated figures");
  await page.getByRole("button", { name: "Save changes" }).click();
  // Back on the practice itself (the edit page also says "Saving creates revision 2").
  await expect(page.getByRole("heading", { level: 1, name: title, exact: true })).toBeVisible();
  await expect(page.getByText("revision 2")).toBeVisible();

  await page.getByRole("link", { name: "History" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `History of “${title}”` })).toBeVisible();
  await expect(page.getByRole("cell", { name: "updated figures" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Changes from revision 1 to revision 2" })).toBeVisible();
  await expect(page.locator("del", { hasText: "Twelve" })).toBeVisible();
  await expect(page.locator("ins", { hasText: "Twenty" })).toBeVisible();
  return title;
}

test("write a draft, see the privacy warning, fix it, publish, edit and read the history", async ({ page, signIn }) => {
  const org = await makeOrganisation(db(), { name: `Pokhara Bakers ${unique()}` });
  await signIn({ organisationId: org.id });
  await writePublishJourney(page, { organisationName: org.name });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the same write-publish journey works", async ({ page, signIn }) => {
    const org = await makeOrganisation(db(), { name: `Nepal Border Watch ${unique()}` });
    await signIn({ organisationId: org.id });
    await writePublishJourney(page, { organisationName: org.name });
  });

  test("a publish without the required parts keeps everything typed", async ({ page, signIn }) => {
    await signIn();
    await page.goto("/practices/new");
    await page.getByLabel("Context").fill("Context that must survive");
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByText("Please correct the highlighted fields.")).toBeVisible();
    await expect(page.getByText("Choose at least one theme from the list.")).toBeVisible();
    await expect(page.getByLabel("Title")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Context")).toHaveValue("Context that must survive");
  });
});

test("a draft is invisible to members of other organisations", async ({ page, browser, signIn }) => {
  const org = await makeOrganisation(db());
  await signIn({ organisationId: org.id });
  const title = `Private draft ${unique()}`;
  await page.goto("/practices/new");
  await page.getByLabel("Title").fill(title);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("Draft: only members of your organisation can see it.")).toBeVisible();
  const url = page.url();
  await page.goto("/");
  await expect(page.getByRole("region", { name: "Your drafts" }).getByRole("link", { name: title })).toBeVisible();

  const outsider = await browser.newContext();
  const { makeMember, makeSession } = await import("../factories");
  const stranger = await makeMember(db());
  const { token } = await makeSession(db(), stranger.id);
  await outsider.addCookies([{ name: "px_session", value: token, url }]);
  const strangerPage = await outsider.newPage();
  const response = await strangerPage.goto(url);
  expect(response?.status()).toBe(404);
  await expect(strangerPage.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(strangerPage.getByText(title)).toHaveCount(0);
  await outsider.close();
});

test("with JavaScript the preview and the privacy check follow typing", async ({ page, signIn }) => {
  await signIn();
  await page.goto("/practices/new");
  await waitForHydration(page);
  await page.getByLabel("Title").fill("Live preview check");
  await page.getByLabel("Approach").fill("We meet **every Tuesday** at the centre.");
  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview.locator("strong", { hasText: "every Tuesday" })).toBeVisible();
  await page.getByLabel("Context").fill("Write to coordinator@example.org for details.");
  await expect(page.getByText("E-mail address", { exact: true })).toBeVisible();
  expect(await page.evaluate(() => location.pathname)).toBe("/practices/new");
});
