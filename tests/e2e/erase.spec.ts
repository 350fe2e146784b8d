import { db, expect, test } from "./fixtures";
import { TEST_PASSWORD } from "../factories";

// The erase page is its own page (settings_.erase), not a child of settings: until issue 19
// the link led to the settings page again, and nobody could see this form.
for (const javaScriptEnabled of [true, false]) {
  test.describe(`erasing one's account (JavaScript ${javaScriptEnabled ? "on" : "off"})`, () => {
    test.use({ javaScriptEnabled });
    test("the link in settings opens the erase page, and erasing signs the member out for good", async ({ page, signIn }) => {
      const member = await signIn();
      await page.goto("/settings");
      await page.getByRole("link", { name: "Erase my account" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Erase your account" })).toBeVisible();
      await page.getByLabel("Current password").fill(TEST_PASSWORD);
      await page.getByRole("button", { name: "Erase my account" }).click();
      await expect(page.getByText("Tick the box to confirm.")).toBeVisible();
      await page.getByLabel("Current password").fill(TEST_PASSWORD);
      await page.getByLabel("Yes, erase my account").check();
      await page.getByRole("button", { name: "Erase my account" }).click();
      await expect(page).toHaveURL(/\/login/);
      const row = await db().selectFrom("users").select(["email", "display_name"]).where("id", "=", member.id).executeTakeFirst();
      expect(row?.email ?? "").not.toBe(member.email);
    });
  });
}
