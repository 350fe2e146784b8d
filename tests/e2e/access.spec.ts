import type { Browser, Page } from "@playwright/test";
import { E2E_SERVERS } from "./servers";
import { db, expect, linkIn, makeOrganisation, test, waitForHydration, waitForMail } from "./fixtures";

const unique = () => `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

async function invite(page: Page, { email, role }: { email: string; role?: string }) {
  await page.goto("/invitations");
  await page.getByLabel("E-mail address").fill(email);
  if (role) await page.getByLabel("Role").selectOption(role);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`An invitation was e-mailed to ${email}.`)).toBeVisible();
}

/** Opens the invitation link from the e-mail in a fresh browser and signs up. */
async function acceptFromMail(browser: Browser, { email, name, javaScriptEnabled = true }: { email: string; name: string; javaScriptEnabled?: boolean }) {
  const mail = await waitForMail(email);
  expect(mail.subject).toBe("Your invitation to Practice Exchange");
  const link = linkIn(mail);
  expect(link.startsWith(`${E2E_SERVERS.main.url}/invite/`)).toBe(true);
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1, name: "Join Practice Exchange" })).toBeVisible();
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Password").fill("a long passphrase here");
  await page.getByRole("button", { name: "Create my account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Welcome, ${name}` })).toBeVisible();
  return { page, context, link };
}

test("admin invites a coordinator, who invites a member, who signs in", async ({ page, browser, signIn }) => {
  const org = await makeOrganisation(db(), { name: `Kolkata Livelihoods ${unique()}`, country: "IN" });
  await signIn({ role: "admin", organisationId: org.id });
  const coordinatorEmail = `coordinator-${unique()}@example.org`;
  await invite(page, { email: coordinatorEmail, role: "coordinator" });
  await expect(page.getByRole("cell", { name: coordinatorEmail, exact: true })).toBeVisible();

  const coordinator = await acceptFromMail(browser, { email: coordinatorEmail, name: "Priya Coordinator" });
  await expect(coordinator.page.getByText(`Signed in as Priya Coordinator, ${org.name}`)).toBeVisible();

  const memberEmail = `member-${unique()}@example.org`;
  await coordinator.page.getByRole("link", { name: "Invitations" }).click();
  await expect(coordinator.page.getByRole("heading", { level: 1, name: "Invitations" })).toBeVisible();
  await expect(coordinator.page.getByText(`They will join ${org.name} as a member.`)).toBeVisible();
  await expect(coordinator.page.getByLabel("Role")).toHaveCount(0);
  await invite(coordinator.page, { email: memberEmail });

  const member = await acceptFromMail(browser, { email: memberEmail, name: "Rina Member" });
  await member.page.getByRole("button", { name: "Sign out" }).click();
  await member.page.getByLabel("E-mail address").fill(memberEmail);
  await member.page.getByLabel("Password").fill("a long passphrase here");
  await member.page.getByRole("button", { name: "Sign in" }).click();
  await expect(member.page.getByText(`Signed in as Rina Member, ${org.name}`)).toBeVisible();
  await expect(member.page.getByRole("link", { name: "Invitations" })).toHaveCount(0);

  // The used link now explains itself instead of failing.
  await member.page.goto(member.link);
  await expect(member.page.getByText("This invitation has already been used.")).toBeVisible();

  const invitedRow = await db().selectFrom("users").select(["role", "organisation_id"]).where("email", "=", memberEmail).executeTakeFirst();
  expect(invitedRow).toEqual({ role: "member", organisation_id: org.id });
  await coordinator.context.close();
  await member.context.close();
});

test("the invitation e-mail is written in the language chosen for the invitee, with nothing but the link", async ({ page, signIn }) => {
  await signIn({ role: "admin" });
  const email = `fr-${unique()}@example.org`;
  await page.goto("/invitations");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Language of the invitation").selectOption("fr");
  await page.getByRole("button", { name: "Send invitation" }).click();
  const mail = await waitForMail(email);
  expect(mail.subject).toBe("Votre invitation à Practice Exchange");
  expect(mail.text).toContain("Ouvrez ce lien dans les 7 jours");
  expect(mail.text.match(/https?:\/\//g)).toHaveLength(1);
});

test("a coordinator cannot invite into another organisation by tampering with the form", async ({ page, signIn }) => {
  const own = await makeOrganisation(db());
  const other = await makeOrganisation(db());
  await signIn({ role: "coordinator", organisationId: own.id });
  await page.goto("/invitations");
  await page.getByLabel("E-mail address").fill(`tamper-${unique()}@example.org`);
  // Tamper after hydration, or React would put the rendered value back.
  await waitForHydration(page);
  await page.locator('input[name="organisationId"]').evaluate((input, id) => ((input as HTMLInputElement).value = String(id)), other.id);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/invitations")),
    page.getByRole("button", { name: "Send invitation" }).click(),
  ]);
  expect(response.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "Not allowed" })).toBeVisible();
  const rows = await db().selectFrom("invitations").select("id").where("organisation_id", "=", other.id).execute();
  expect(rows).toHaveLength(0);
});

test("forgot password: the e-mailed link sets a new password", async ({ page, signIn, context }) => {
  const member = await signIn();
  await context.clearCookies();
  const since = Date.now();
  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reset your password" })).toBeVisible();
  await page.getByLabel("E-mail address").fill(member.email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByText("If an account exists for that address")).toBeVisible();

  const mail = await waitForMail(member.email, { after: since });
  expect(mail.subject).toBe("Reset your Practice Exchange password");
  await page.goto(linkIn(mail));
  await page.getByLabel("New password").fill("my new long passphrase");
  await page.getByRole("button", { name: "Save the new password" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Welcome, ${member.displayName}` })).toBeVisible();

  await page.goto(linkIn(mail));
  await expect(page.getByRole("heading", { level: 1, name: "This link cannot be used" })).toBeVisible();
});

test("signing out another session from settings signs that browser out", async ({ page, browser, signIn }) => {
  const member = await signIn();
  const other = await browser.newContext({ userAgent: "Other phone browser" });
  const otherPage = await other.newPage();
  await otherPage.goto(`${E2E_SERVERS.main.url}/login`);
  await otherPage.getByLabel("E-mail address").fill(member.email);
  await otherPage.getByLabel("Password").fill(member.password);
  await otherPage.getByRole("button", { name: "Sign in" }).click();
  await expect(otherPage.getByRole("heading", { level: 1, name: `Welcome, ${member.displayName}` })).toBeVisible();

  await page.goto("/settings");
  const row = page.getByRole("row").filter({ hasText: "Other phone browser" });
  await row.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("status")).toHaveText("Signed out.");
  await expect(page.getByRole("row").filter({ hasText: "Other phone browser" })).toHaveCount(0);

  await otherPage.reload();
  await expect(otherPage).toHaveURL(/\/login/);
  await other.close();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("an admin invites a member, who signs up from the e-mail", async ({ page, browser, signIn }) => {
    const org = await makeOrganisation(db(), { name: `Lilongwe Outreach ${unique()}`, country: "MW" });
    await signIn({ role: "admin", organisationId: org.id });
    await page.goto("/invitations");
    // A failed submit keeps what was typed.
    await page.getByLabel("E-mail address").fill("not-an-address");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByText("Enter a valid e-mail address.")).toBeVisible();
    await expect(page.getByLabel("E-mail address")).toHaveValue("not-an-address");

    const email = `nojs-${unique()}@example.org`;
    await invite(page, { email, role: "member" });
    const member = await acceptFromMail(browser, { email, name: "Chikondi", javaScriptEnabled: false });
    await expect(member.page.getByText(`Signed in as Chikondi, ${org.name}`)).toBeVisible();
    await member.context.close();
  });
});
