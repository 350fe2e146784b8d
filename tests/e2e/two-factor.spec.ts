import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { db, expect, test, type Page } from "./fixtures";

/**
 * An authenticator app in the test: codes computed with @oslojs/otp from the secret read off
 * the page. The server refuses a code twice, so each sign-in takes the next 30-second step
 * (one step ahead is accepted; beyond that, wait for the clock).
 */
function authenticator(secretText: string) {
  const key = decodeBase32IgnorePadding(secretText.replace(/\s/g, ""));
  let lastStep = 0;
  return async function nextCode(): Promise<string> {
    for (;;) {
      const current = Math.floor(Date.now() / 30_000);
      const step = Math.max(lastStep + 1, current - 1);
      if (step <= current + 1) {
        lastStep = step;
        return generateHOTP(key, BigInt(step), 6);
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  };
}

async function signInWithPassword(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Enter your sign-in code" })).toBeVisible();
  await expect(page).toHaveURL(/\/login\/two-factor/);
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
}

async function journey(page: Page, signIn: () => Promise<{ email: string; password: string }>) {
  const member = await signIn();
  await page.goto("/settings");
  await page.getByRole("link", { name: "Set up two-factor sign-in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Two-factor sign-in" })).toBeVisible();
  // The QR code is an SVG drawn on the server; the secret is text to read (or type into an app).
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const nextCode = authenticator(await page.getByTestId("two-factor-secret").innerText());

  await page.getByRole("textbox", { name: /^Code/ }).fill("000000");
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(page.getByText("That code is not right, or it was already used.")).toBeVisible();
  await page.getByRole("textbox", { name: /^Code/ }).fill(await nextCode());
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(page.getByRole("heading", { name: "Your recovery codes" })).toBeVisible();
  const recoveryCodes = await page.getByRole("list", { name: "Your recovery codes" }).getByRole("listitem").allInnerTexts();
  expect(recoveryCodes).toHaveLength(10);
  // Shown once: a reload has them no more.
  await page.reload();
  await expect(page.getByText("Two-factor sign-in is on")).toBeVisible();
  await expect(page.getByText(recoveryCodes[0]!)).toHaveCount(0);

  // Signing in asks for the code after the password, and goes on where it was going.
  await signOut(page);
  await page.goto("/search");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fsearch$/);
  await page.getByLabel("E-mail address").fill(member.email);
  await page.getByLabel("Password").fill(member.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Enter your sign-in code" })).toBeVisible();
  // Half signed in reaches nothing else.
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/login\/two-factor\?redirectTo=%2Fsettings$/);
  await page.getByRole("textbox", { name: /^Code/ }).fill(await nextCode());
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();

  // A recovery code works once.
  await signOut(page);
  await signInWithPassword(page, member.email, member.password);
  await page.getByRole("textbox", { name: /^Code/ }).fill(recoveryCodes[0]!);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("button", { name: "Sign out" }).first()).toBeVisible();
  await signOut(page);
  await signInWithPassword(page, member.email, member.password);
  await page.getByRole("textbox", { name: /^Code/ }).fill(recoveryCodes[0]!);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText("That code is not right, or it was already used.")).toBeVisible();
  await expect(page).toHaveURL(/\/login\/two-factor/);
  // Cancel signs the half session out.
  await page.getByRole("button", { name: "Cancel and sign out" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
}

test.describe("two-factor sign-in with JavaScript", () => {
  test("enrol, sign in with a code, with a recovery code once", async ({ page, signIn }) => {
    await journey(page, signIn);
  });
});

test.describe("two-factor sign-in without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("enrol, sign in with a code, with a recovery code once", async ({ page, signIn }) => {
    await journey(page, signIn);
  });

  test("an administrator without a second factor reaches only enrolment", async ({ page, signIn }) => {
    await signIn({ role: "admin", twoFactor: false });
    await page.goto("/admin");
    await expect(page).toHaveURL(/\/settings\/two-factor$/);
    await expect(page.getByText("Administrators and curators can read everything on the forum")).toBeVisible();
    await page.goto("/practices");
    await expect(page).toHaveURL(/\/settings\/two-factor$/);
    const nextCode = authenticator(await page.getByTestId("two-factor-secret").innerText());
    await page.getByRole("textbox", { name: /^Code/ }).fill(await nextCode());
    await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
    await page.getByRole("link", { name: "I have kept my codes: continue to the forum" }).click();
    await page.goto("/admin");
    await expect(page.getByRole("heading", { level: 1, name: "Administration" })).toBeVisible();
  });

  test("a stale sign-in asks for the password inline and keeps what was typed", async ({ page, signIn }) => {
    const member = await signIn();
    await db()
      .updateTable("sessions")
      .set({ confirmed_at: Date.now() - 11 * 60_000 })
      .where("user_id", "=", member.id)
      .execute();
    await page.goto("/settings");
    const address = `moved-${Date.now()}@example.org`;
    await page.getByLabel("E-mail address you sign in with").fill(address);
    await page.getByRole("button", { name: "Change e-mail address" }).click();
    await expect(page.getByText("Please confirm it is you")).toBeVisible();
    await expect(page.getByLabel("E-mail address you sign in with")).toHaveValue(address);
    await page.getByLabel("Your password").fill(member.password);
    await page.getByRole("button", { name: "Change e-mail address" }).click();
    await expect(page.getByText("Your e-mail address was changed.")).toBeVisible();
  });
});
