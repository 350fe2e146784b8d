import type { Browser } from "@playwright/test";
import { db, expect, makeMember, makeOrganisation, test } from "./fixtures";
import { makeSession } from "../factories";
import { addGroupMember, createGroup } from "../../app/models/organisation-group.server";
import { E2E_SERVERS } from "./servers";

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/** Someone of another organisation, in a browser of their own. */
async function outsiderPage(browser: Browser) {
  const org = await makeOrganisation(db(), { name: `Outside ${unique()}` });
  const member = await makeMember(db(), { organisationId: org.id });
  const { token } = await makeSession(db(), member.id);
  const context = await browser.newContext();
  await context.addCookies([{ name: "px_session", value: token, url: E2E_SERVERS.main.url, httpOnly: true, sameSite: "Lax" }]);
  return context.newPage();
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`who reads a practice, and withdrawing it (JavaScript ${javaScriptEnabled ? "on" : "off"})`, () => {
    test.use({ javaScriptEnabled });

    test("an author publishes for their organisation only, widens it to all members, then withdraws it and undoes that", async ({ page, signIn, browser }) => {
      const org = await makeOrganisation(db(), { name: `Owning ${unique()}` });
      await signIn({ organisationId: org.id });
      const title = `Night shelter intake ${unique()}`;
      await page.goto("/practices/new");
      await page.getByLabel("Title").fill(title);
      await page.getByLabel("Summary").fill("How we receive someone at night.");
      await page.getByLabel("Approach").fill("A trained worker is always on call.");
      await page.getByLabel("Vocational training").check();
      await page.getByLabel(`${org.name} only`).check();
      await page.getByRole("button", { name: "Publish" }).click();
      await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
      await expect(page.getByText(`Who can read it: ${org.name} only`)).toBeVisible();
      const url = page.url();

      const outsider = await outsiderPage(browser);
      const hidden = await outsider.goto(url);
      expect(hidden?.status()).toBe(404);
      await outsider.goto("/practices");
      await expect(outsider.getByRole("link", { name: title })).toHaveCount(0);

      // Widening: every member reads it now.
      await page.getByText("Change who can read it").click();
      await page.getByLabel("All members").check();
      await page.getByRole("button", { name: "Save who can read it" }).click();
      await expect(page.getByText("Saved: who can read this practice has changed.")).toBeVisible();
      await expect(page.getByText("Who can read it: All members")).toBeVisible();
      expect((await outsider.goto(url))?.status()).toBe(200);
      await expect(outsider.getByRole("heading", { level: 1, name: title })).toBeVisible();

      // Withdrawing: a missing confirmation keeps the reason typed.
      await page.getByText("Withdraw this practice").click();
      await page.getByLabel(/Why is it withdrawn/).fill("The family withdrew their consent.");
      await page.getByRole("button", { name: "Withdraw now" }).click();
      await expect(page.getByText("Tick the box to confirm the withdrawal.")).toBeVisible();
      await expect(page.getByLabel(/Why is it withdrawn/)).toHaveValue("The family withdrew their consent.");
      await page.getByLabel("I understand it disappears for every reader now.").check();
      await page.getByRole("button", { name: "Withdraw now" }).click();
      await expect(page.getByText(/The practice is withdrawn/)).toBeVisible();
      await expect(page.getByText("Reason: The family withdrew their consent.")).toBeVisible();
      expect((await outsider.goto(url))?.status()).toBe(404);
      await outsider.goto(`/search?q=${encodeURIComponent(title)}`);
      await expect(outsider.getByRole("link", { name: title })).toHaveCount(0);

      // Its organisation finds it on its page, and undoes the withdrawal.
      await page.goto(`/organisations/${org.slug}`);
      await page.getByRole("region", { name: "Withdrawn practices" }).getByRole("link", { name: title }).click();
      await page.getByRole("button", { name: "Undo the withdrawal" }).click();
      await expect(page.getByText("The withdrawal is undone: the practice is back for its readers.")).toBeVisible();
      expect((await outsider.goto(url))?.status()).toBe(200);
      await outsider.context().close();
    });

    test("a coordinator sets the audience the organisation's authors find preselected", async ({ page, signIn }) => {
      const org = await makeOrganisation(db(), { name: `Preset ${unique()}` });
      const admin = await makeMember(db(), { role: "admin" });
      const groupName = `Consortium ${unique()}`;
      const group = await createGroup(db(), { name: groupName, description: "", createdBy: admin.id });
      await addGroupMember(db(), { groupId: group.id, organisationId: org.id });
      await signIn({ organisationId: org.id, role: "coordinator" });
      await page.goto(`/organisations/${org.slug}`);
      const section = page.getByRole("region", { name: "Who reads a new practice, unless the author chooses otherwise" });
      await section.getByLabel(`The group ${groupName}`).check();
      await section.getByRole("button", { name: "Save who can read it" }).click();
      await expect(page.getByText("Saved: your authors will find this choice preselected.")).toBeVisible();
      await page.goto("/practices/new");
      await expect(page.getByLabel(`The group ${groupName}`)).toBeChecked();
    });
  });
}
