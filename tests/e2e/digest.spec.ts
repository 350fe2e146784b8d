import { listTopicFollows, unsubscribeToken } from "../../app/models/digest.server";
import { db, expect, makeMember, makeOrganisation, test } from "./fixtures";

// The weekly e-mail's pages without JavaScript: the unsubscribe link from the e-mail (which
// needs no session), the mail client's one-click POST, and the settings section.
test.use({ javaScriptEnabled: false });

const digestOf = async (userId: number) => (await db().selectFrom("users").select("digest").where("id", "=", userId).executeTakeFirstOrThrow()).digest;

test("unsubscribe link: asks first, stops the e-mail with one button, and offers it back, signed out", async ({ page }) => {
  const member = await makeMember(db());
  const token = await unsubscribeToken(db(), member.id);
  const response = await page.goto(`/unsubscribe/${token}`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: "Stop the weekly e-mail?" })).toBeVisible();
  // A form-only page: no app script to wait for.
  await expect(page.locator("script[src]")).toHaveCount(0);
  expect(await digestOf(member.id)).toBeNull();

  await page.getByRole("button", { name: "Stop the weekly e-mail" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "You won’t get it any more" })).toBeVisible();
  expect(await digestOf(member.id)).toBe("never");

  await page.getByRole("button", { name: "Send it again" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "The weekly e-mail is on again" })).toBeVisible();
  expect(await digestOf(member.id)).toBe("weekly");
});

test("unsubscribe link: a damaged link is a 404 page and changes nothing", async ({ page }) => {
  const member = await makeMember(db());
  const token = await unsubscribeToken(db(), member.id);
  const response = await page.goto(`/unsubscribe/${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "This link does not work" })).toBeVisible();
  expect(await digestOf(member.id)).toBeNull();
});

test("one-click unsubscribe (RFC 8058): the mail client's POST works without a session or a page", async ({ playwright, baseURL }) => {
  const member = await makeMember(db());
  const token = await unsubscribeToken(db(), member.id);
  const client = await playwright.request.newContext({ baseURL });
  // A webmail client posts from its own site: the signed link is the permission, not the origin.
  const response = await client.post(`/unsubscribe/${token}`, { form: { "List-Unsubscribe": "One-Click" }, headers: { Origin: "https://mail.example" } });
  expect(response.status()).toBe(200);
  expect(await digestOf(member.id)).toBe("never");
  const audit = await db().selectFrom("audit_log").select("actor_id").where("action", "=", "digest.unsubscribed").where("target_id", "=", String(member.id)).executeTakeFirst();
  expect(audit?.actor_id).toBe(member.id);
  await client.dispose();
});

test("settings: weekly or never, and the themes and countries followed, with a plain form", async ({ page, signIn }) => {
  const organisation = await makeOrganisation(db(), { country: "NP" });
  const member = await signIn({ organisationId: organisation.id });
  await page.goto("/settings");
  const section = page.getByRole("region", { name: "Weekly e-mail" });
  await expect(section.getByRole("radio", { name: "Weekly" })).toBeChecked();
  await section.getByRole("radio", { name: "Never" }).check();
  await section.getByRole("checkbox", { name: "Health", exact: true }).check();
  await section.getByRole("checkbox", { name: "Nepal" }).check();
  await section.getByRole("button", { name: "Save the weekly e-mail settings" }).click();
  await expect(page.getByText("Your weekly e-mail settings were saved.")).toBeVisible();
  expect(await digestOf(member.id)).toBe("never");
  expect(await listTopicFollows(db(), { userId: member.id })).toEqual({ themes: ["health"], countries: ["NP"] });

  await page.reload();
  const again = page.getByRole("region", { name: "Weekly e-mail" });
  await expect(again.getByRole("radio", { name: "Never" })).toBeChecked();
  await expect(again.getByRole("checkbox", { name: "Health", exact: true })).toBeChecked();
  await expect(again.getByRole("checkbox", { name: "Nepal" })).toBeChecked();
  await again.getByRole("radio", { name: "Weekly" }).check();
  await again.getByRole("checkbox", { name: "Health", exact: true }).uncheck();
  await again.getByRole("button", { name: "Save the weekly e-mail settings" }).click();
  await expect(page.getByText("Your weekly e-mail settings were saved.")).toBeVisible();
  expect(await digestOf(member.id)).toBe("weekly");
  expect(await listTopicFollows(db(), { userId: member.id })).toEqual({ themes: [], countries: ["NP"] });
});

test("administration: the default for members who have not chosen, with a plain form", async ({ page, signIn }) => {
  await signIn({ role: "admin" });
  await page.goto("/admin");
  const section = page.getByRole("region", { name: "Weekly e-mail" });
  const current = await section.getByRole("radio", { name: "Never" }).isChecked();
  await section.getByRole("radio", { name: current ? "Weekly" : "Never" }).check();
  await section.getByRole("button", { name: "Save the default" }).click();
  await expect(page.getByText("The default for the weekly e-mail was saved.")).toBeVisible();
  const row = await db().selectFrom("site_settings").select("value").where("key", "=", "digest.default").executeTakeFirstOrThrow();
  expect(row.value).toBe(current ? "weekly" : "never");
  // Leave the shared server as it was for the other specs.
  await page.getByRole("region", { name: "Weekly e-mail" }).getByRole("radio", { name: "Weekly" }).check();
  await page.getByRole("region", { name: "Weekly e-mail" }).getByRole("button", { name: "Save the default" }).click();
  await expect(page.getByText("The default for the weekly e-mail was saved.")).toBeVisible();
});
