import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { expect, test, type Page } from "@playwright/test";
import { E2E_SERVERS } from "./servers";

async function firstRunJourney(page: Page) {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { level: 1, name: "First-run setup" })).toBeVisible();

  // A short password is refused and everything typed stays.
  await page.getByLabel("Organisation name").fill("Pokhara Exit Collective");
  await page.getByLabel("Country").selectOption("NP");
  await page.getByLabel("Your name").fill("Sita Admin");
  await page.getByLabel("E-mail address").fill("sita@example.org");
  await page.getByLabel("Password").fill("too short");
  await page.getByRole("button", { name: "Create and sign in" }).click();
  await expect(page.getByText("Use at least 12 characters.")).toBeVisible();
  await expect(page.getByLabel("Organisation name")).toHaveValue("Pokhara Exit Collective");
  await expect(page.getByLabel("Country")).toHaveValue("NP");
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Password").fill("a sturdy passphrase");
  await page.getByRole("button", { name: "Create and sign in" }).click();
  // The first administrator sets up two-factor sign-in before anything else.
  await expect(page).toHaveURL(/\/settings\/two-factor$/);
  await expect(page.getByRole("heading", { level: 1, name: "Two-factor sign-in" })).toBeVisible();
  const key = decodeBase32IgnorePadding((await page.getByTestId("two-factor-secret").innerText()).replace(/\s/g, ""));
  // Two sign-ins' codes: this step's, then the next one's (each is accepted once).
  const step = Math.floor(Date.now() / 30_000);
  await page.getByRole("textbox", { name: /^Code/ }).fill(generateHOTP(key, BigInt(step), 6));
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(page.getByRole("heading", { name: "Your recovery codes" })).toBeVisible();
  await page.getByRole("link", { name: "I have kept my codes: continue to the forum" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Sita Admin" })).toBeVisible();
  await expect(page.getByText("Signed in as Sita Admin, Pokhara Exit Collective")).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);

  await page.getByLabel("E-mail address").fill("sita@example.org");
  await page.getByLabel("Password").fill("wrong password here");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("That e-mail address and password do not match an active account.")).toBeVisible();
  await expect(page.getByLabel("E-mail address")).toHaveValue("sita@example.org");

  await page.getByLabel("Password").fill("a sturdy passphrase");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Enter your sign-in code" })).toBeVisible();
  await page.getByRole("textbox", { name: /^Code/ }).fill(generateHOTP(key, BigInt(Math.max(step + 1, Math.floor(Date.now() / 30_000) - 1)), 6));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Sita Admin" })).toBeVisible();

  const again = await page.goto("/setup");
  expect(again?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
}

test.describe("first-run setup with JavaScript", () => {
  test.use({ baseURL: E2E_SERVERS.setupJs.url });
  test("setup, signed in, sign out, sign in again", async ({ page }) => {
    await firstRunJourney(page);
  });
});

test.describe("first-run setup without JavaScript", () => {
  test.use({ baseURL: E2E_SERVERS.setupNoJs.url, javaScriptEnabled: false });
  test("setup, signed in, sign out, sign in again", async ({ page }) => {
    await firstRunJourney(page);
  });
});
