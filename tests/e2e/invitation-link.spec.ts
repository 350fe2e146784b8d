import { expect, test, type Page } from "@playwright/test";
import { connect } from "../../db/client";
import { enrolOnPage, nextSignInCode } from "./fixtures";
import { E2E_SERVERS } from "./servers";

// The setup servers send no e-mail, so an invitation shows its link. They are set up by
// first-run.spec.ts when the whole suite runs (one worker, files in order); alone, here.
async function signInAsAdmin(page: Page, server: (typeof E2E_SERVERS)["setupJs"]) {
  await page.goto("/");
  if (page.url().endsWith("/setup")) {
    await page.getByLabel("Organisation name").fill("Pokhara Exit Collective");
    await page.getByLabel("Country").selectOption("NP");
    await page.getByLabel("Your name").fill("Sita Admin");
    await page.getByLabel("E-mail address").fill("sita@example.org");
    await page.getByLabel("Password").fill("a sturdy passphrase");
    await page.getByRole("button", { name: "Create and sign in" }).click();
    // An administrator sets up two-factor sign-in first.
    await enrolOnPage(page);
  } else {
    await page.getByLabel("E-mail address").fill("sita@example.org");
    await page.getByLabel("Password").fill("a sturdy passphrase");
    await page.getByRole("button", { name: "Sign in" }).click();
    const database = connect(server.database);
    try {
      await page.getByRole("textbox", { name: /^Code/ }).fill(await nextSignInCode(database, "sita@example.org"));
    } finally {
      await database.destroy();
    }
    await page.getByRole("button", { name: "Continue" }).click();
  }
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Sita Admin" })).toBeVisible();
}

async function invite(page: Page) {
  await page.goto("/invitations");
  await page.getByLabel("E-mail address").fill(`invitee-${Date.now()}@example.org`);
  await page.getByRole("button", { name: "Send invitation" }).click();
  const link = page.locator("code.copyable");
  await expect(link).toHaveText(/\/invite\//);
  return (await link.textContent())!;
}

test.describe("an invitation link where no e-mail is set up, with JavaScript", () => {
  test.use({ baseURL: E2E_SERVERS.setupJs.url, permissions: ["clipboard-read", "clipboard-write"] });
  test("one tap copies it, and the phone's share sheet gets it", async ({ page }) => {
    await page.addInitScript(() => {
      (window as unknown as { shared: unknown[] }).shared = [];
      Object.defineProperty(navigator, "share", { value: (data: unknown) => ((window as unknown as { shared: unknown[] }).shared.push(data), Promise.resolve()) });
    });
    await signInAsAdmin(page, E2E_SERVERS.setupJs);
    const link = await invite(page);
    await page.getByRole("button", { name: "Copy the link" }).click();
    await expect(page.getByText("Link copied.")).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await page.getByRole("button", { name: "Share the link" }).click();
    expect(await page.evaluate(() => (window as unknown as { shared: unknown[] }).shared)).toEqual([{ url: link }]);
  });
});

test.describe("an invitation link where no e-mail is set up, without JavaScript", () => {
  test.use({ baseURL: E2E_SERVERS.setupNoJs.url, javaScriptEnabled: false });
  test("the link is there as text to select, without buttons that could not work", async ({ page }) => {
    await signInAsAdmin(page, E2E_SERVERS.setupNoJs);
    const link = await invite(page);
    expect(link).toMatch(/^http.*\/invite\/[\w-]+/);
    await expect(page.getByRole("button", { name: "Copy the link" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Share the link" })).toHaveCount(0);
  });
});
