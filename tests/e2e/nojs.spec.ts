import { makePractice, makeSession } from "../factories";
import { E2E_SERVERS } from "./servers";
import { db, expect, makeMember, makeOrganisation, test } from "./fixtures";

// Journeys not covered elsewhere without JavaScript: settings, administration, flag,
// moderation and nomination. (Sign-in, invitations, writing, discussion, search and
// curation have their own JavaScript-off tests.)
test.use({ javaScriptEnabled: false });

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

test("settings: profile, password and sessions with plain forms", async ({ page, signIn }) => {
  const member = await signIn();
  await page.goto("/settings");
  await page.getByLabel("Display name").fill("");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("This field is required.")).toBeVisible();
  await page.getByLabel("Display name").fill("Renamed Member");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Your profile was saved.")).toBeVisible();
  await page.getByLabel("Current password").fill(member.password);
  await page.getByLabel("New password").fill("another long passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your password was changed")).toBeVisible();
});

test("administration: change a role and disable an account", async ({ page, signIn }) => {
  await signIn({ role: "admin" });
  const target = await makeMember(db(), { displayName: `Target ${unique()}` });
  await page.goto(`/admin?q=${encodeURIComponent(target.displayName)}`);
  await page.getByRole("link", { name: target.displayName }).click();
  await page.getByRole("combobox", { name: "Role" }).selectOption("curator");
  await page.getByRole("button", { name: "Change role" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.getByRole("button", { name: "Disable account" }).click();
  await expect(page.getByRole("button", { name: "Enable account" })).toBeVisible();
  const row = await db().selectFrom("users").select(["role", "disabled_at"]).where("id", "=", target.id).executeTakeFirstOrThrow();
  expect(row.role).toBe("curator");
  expect(row.disabled_at).not.toBeNull();

  // The audit log names what happened in words, and filters by it.
  await page.goto("/admin/audit");
  await page.getByRole("combobox", { name: "Action" }).selectOption({ label: "Account disabled" });
  await page.getByRole("button", { name: "Filter" }).click();
  const entry = page.getByRole("row").filter({ hasText: target.displayName });
  await expect(entry.getByRole("cell", { name: "Account disabled" })).toBeVisible();
  await expect(page.getByText("member.disabled")).toHaveCount(0);
  await expect(page.getByRole("cell", { name: "Role changed" })).toHaveCount(0);
});

test("flag a comment, moderate it, and nominate a practice", async ({ page, browser, signIn }) => {
  const org = await makeOrganisation(db());
  const author = await makeMember(db(), { organisationId: org.id });
  const title = `No-JS practice ${unique()}`;
  const practice = await makePractice(db(), { authorId: author.id, organisationId: org.id, writeUp: { title } });
  const { createComment } = await import("../../app/models/comment.server");
  const text = `Off-topic remark ${unique()}`;
  await createComment(db(), { practiceId: practice.id, authorId: author.id, bodyMd: text });
  await signIn();
  await page.goto(`/practices/${practice.slug}`);
  await page
    .getByRole("article", { name: /^Comment by/ })
    .filter({ hasText: text })
    .getByRole("link", { name: "Flag", exact: true })
    .click();
  await page.getByRole("button", { name: "Send to moderators" }).click();
  await expect(page.getByText("Choose a reason.").first()).toBeVisible();
  await page.getByLabel("Off-topic").check();
  await page.getByRole("button", { name: "Send to moderators" }).click();
  await expect(page.getByText("The moderators will look at it.")).toBeVisible();

  await page.goto(`/practices/${practice.slug}/nominate`);
  await page.getByLabel("Why this practice?").fill("It is simple to copy.");
  await page.getByRole("button", { name: "Nominate" }).click();
  await expect(page.getByText("Thank you: the curators will consider your nomination.")).toBeVisible();

  const curator = await makeMember(db(), { role: "curator" });
  const context = await browser.newContext({ javaScriptEnabled: false });
  const { token } = await makeSession(db(), curator.id);
  await context.addCookies([{ name: "px_session", value: token, url: E2E_SERVERS.main.url }]);
  const curatorPage = await context.newPage();
  await curatorPage.goto(`${E2E_SERVERS.main.url}/moderation`);
  const item = curatorPage.getByRole("listitem").filter({ hasText: text });
  await item.getByRole("button", { name: "Dismiss" }).click();
  await expect(curatorPage.getByRole("listitem").filter({ hasText: text })).toHaveCount(0);
  await curatorPage.goto(`${E2E_SERVERS.main.url}/nominations`);
  await expect(curatorPage.getByRole("listitem").filter({ hasText: title }).getByText("It is simple to copy.")).toBeVisible();
  await context.close();
});
