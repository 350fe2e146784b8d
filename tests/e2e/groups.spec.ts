import { makePractice } from "../factories";
import { db, expect, makeOrganisation, test, type Page } from "./fixtures";

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/**
 * An administrator creates a group (after a refused empty name that keeps the description),
 * adds two organisations, their own among them, and opens the group's page, where a practice
 * shared with the group shows and one kept in its organisation does not.
 */
async function groupJourney(page: Page, signIn: (options: { role: "admin"; organisationId: number }) => Promise<{ id: number }>) {
  const mine = await makeOrganisation(db(), { name: `Mzuzu Network ${unique()}`, country: "MW" });
  const theirs = await makeOrganisation(db(), { name: `Pokhara Exit ${unique()}`, country: "NP" });
  const admin = await signIn({ role: "admin", organisationId: mine.id });
  const groupName = `Exit consortium ${unique()}`;

  await page.goto("/admin");
  await page.getByRole("link", { name: "Groups of organisations" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Groups of organisations" })).toBeVisible();
  const form = page.locator("form", { has: page.getByRole("button", { name: "Create group" }) });
  await form.getByLabel("Description").fill("Four organisations working on exit together.");
  await form.getByRole("button", { name: "Create group" }).click();
  await expect(page.getByText("This field is required.")).toBeVisible();
  await expect(form.getByLabel("Description")).toHaveValue("Four organisations working on exit together.");
  await form.getByLabel("Name").fill(groupName);
  await form.getByRole("button", { name: "Create group" }).click();

  await expect(page.getByRole("heading", { level: 1, name: groupName })).toBeVisible();
  await expect(page.getByText("The group was created. Now add its organisations.")).toBeVisible();
  for (const org of [mine, theirs]) {
    await page.getByLabel("Add an organisation").selectOption({ label: org.name });
    await page.getByRole("button", { name: "Add to the group" }).click();
    await expect(page.getByText("The organisation was added to the group.")).toBeVisible();
  }
  const members = page.getByRole("region", { name: "Member organisations" });
  await expect(members.getByRole("link", { name: mine.name, exact: true })).toBeVisible();
  await expect(members.getByRole("link", { name: theirs.name, exact: true })).toBeVisible();

  // Written directly: the practice form's audience picker is not this spec's business.
  const group = await db().selectFrom("organisation_groups").select("id").where("name", "=", groupName).executeTakeFirstOrThrow();
  const shared = await makePractice(db(), { authorId: admin.id, organisationId: theirs.id, writeUp: { title: `Shared with the consortium ${unique()}` } });
  const kept = await makePractice(db(), { authorId: admin.id, organisationId: theirs.id, writeUp: { title: `Kept in Pokhara ${unique()}` } });
  await db().updateTable("practices").set({ audience: "group", audience_group_id: group.id }).where("id", "=", shared.id).execute();
  await db().updateTable("practices").set({ audience: "organisation" }).where("id", "=", kept.id).execute();

  await page.getByRole("link", { name: "See the group’s page" }).click();
  await expect(page.getByRole("heading", { level: 1, name: groupName })).toBeVisible();
  await expect(page.getByText("Four organisations working on exit together.")).toBeVisible();
  await expect(page.getByRole("link", { name: mine.name, exact: true })).toHaveAttribute("href", `/organisations/${mine.slug}`);
  await expect(page.getByRole("link", { name: theirs.name, exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Practices shared with this group" })).toBeVisible();
  const sharedTitle = (await db().selectFrom("practices").select("title").where("id", "=", shared.id).executeTakeFirstOrThrow()).title;
  await expect(page.getByRole("link", { name: sharedTitle })).toBeVisible();
  await expect(page.getByText(/Kept in Pokhara/)).toHaveCount(0);

  // The organisation's page names its group.
  await page.getByRole("link", { name: theirs.name, exact: true }).click();
  await expect(page.getByRole("region", { name: "Groups" }).getByRole("link", { name: groupName })).toBeVisible();

  // The organisation preselects the group for its authors.
  await page.getByRole("link", { name: "Edit organisation" }).click();
  const audience = page.getByRole("group", { name: "Who reads a new practice, unless the author chooses otherwise" });
  await expect(audience.getByRole("radio", { name: "All members" })).toBeChecked();
  await audience.getByRole("radio", { name: "One of my groups" }).check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Choose one of the groups this organisation belongs to.")).toBeVisible();
  await expect(audience.getByRole("radio", { name: "One of my groups" })).toBeChecked();
  await audience.getByLabel("Which group").selectOption({ label: groupName });
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { level: 1, name: theirs.name, exact: true })).toBeVisible();
  const saved = await db().selectFrom("organisations").select(["default_audience", "default_group_id"]).where("id", "=", theirs.id).executeTakeFirstOrThrow();
  expect(saved).toEqual({ default_audience: "group", default_group_id: group.id });
}

test("an administrator creates a group, adds two organisations and sees its page", async ({ page, signIn }) => {
  await groupJourney(page, signIn);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the same journey with plain forms", async ({ page, signIn }) => {
    await groupJourney(page, signIn);
  });
});
