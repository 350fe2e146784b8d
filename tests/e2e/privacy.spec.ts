import { makePractice, makeSession } from "../factories";
import { E2E_SERVERS } from "./servers";
import { db, expect, makeMember, makeOrganisation, test } from "./fixtures";

test("no page asks any host but the app's own", async ({ page, signIn }) => {
  const own = new URL(E2E_SERVERS.main.url).host;
  const elsewhere: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol !== "data:" && url.host !== own) elsewhere.push(request.url());
  });
  const org = await makeOrganisation(db());
  const author = await makeMember(db(), { organisationId: org.id });
  // Content that tries to pull in remote things.
  const practice = await makePractice(db(), {
    authorId: author.id,
    organisationId: org.id,
    writeUp: { title: `Remote bait ${Date.now()}`, approach: "![tracker](https://tracker.example/pixel.png) <img src=https://tracker.example/x.png> [link](https://example.org)" },
  });
  await page.goto("/login");
  await signIn({ role: "admin" });
  for (const path of [
    "/",
    "/practices",
    `/practices/${practice.slug}`,
    "/practices/new",
    "/search?q=bait",
    "/organisations",
    "/handbooks",
    "/notifications",
    "/settings",
    "/admin",
    "/admin/audit",
    "/invitations",
    "/moderation",
    "/nominations",
  ]) {
    await page.goto(path, { waitUntil: "networkidle" });
  }
  expect(elsewhere).toEqual([]);
});

// "This warning is wrong" is a button of the practice form itself: the write-up comes back as typed.
for (const javaScriptEnabled of [true, false]) {
  test.describe(`reporting the privacy check, JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("'This warning is wrong' and 'This should have been caught' reach the curators and keep the text", async ({ page, browser, signIn }) => {
      const org = await makeOrganisation(db());
      const author = await signIn({ organisationId: org.id });
      const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
      const title = `Report test ${stamp}`;
      const outcomes = `Chikondi Phiri, 16, now runs the stall (${stamp}).`;
      await page.goto("/practices/new");
      await page.getByLabel("Title").fill(title);
      await page.getByLabel("Summary").fill("A bakery course that leads to paid work.");
      await page.getByLabel("Outcomes").fill(outcomes);
      await page.getByLabel("Lessons").fill("Text typed and never saved.");
      await page.getByRole("button", { name: "Preview" }).click();
      await expect(page.getByText("Name next to an age")).toBeVisible();

      await page.getByRole("button", { name: "This warning is wrong" }).click();
      await expect(page.getByText("Thank you — sent to the curators.")).toBeVisible();
      await expect(page.getByLabel("Title")).toHaveValue(title);
      await expect(page.getByLabel("Outcomes")).toHaveValue(outcomes);
      await expect(page.getByLabel("Lessons")).toHaveValue("Text typed and never saved.");
      await expect(page.getByLabel("Summary")).toHaveValue("A bakery course that leads to paid work.");

      await page.getByText("This should have been caught").click();
      await page.getByLabel("The passage the check missed").fill(`the shop beside the mosque ${stamp}`);
      await page.getByRole("button", { name: "Send to the curators" }).click();
      // Sent: the passage box is empty again, the thanks shown, the write-up as typed.
      await expect(page.getByLabel("The passage the check missed")).toHaveValue("");
      await expect(page.getByText("Thank you — sent to the curators.")).toBeVisible();
      await expect(page.getByLabel("Outcomes")).toHaveValue(outcomes);
      await expect(page.getByLabel("Lessons")).toHaveValue("Text typed and never saved.");

      const rows = await db().selectFrom("privacy_reports").select(["kind", "finding_kind", "snippet"]).where("reporter_id", "=", author.id).orderBy("id").execute();
      expect(rows).toEqual([
        { kind: "false_warning", finding_kind: "nameAge", snippet: expect.stringContaining("Chikondi Phiri, 16") },
        { kind: "missed", finding_kind: null, snippet: `the shop beside the mosque ${stamp}` },
      ]);

      // A curator sees them on the moderation page's list and resolves one.
      const curator = await makeMember(db(), { role: "curator" });
      const { token } = await makeSession(db(), curator.id);
      const context = await browser.newContext({ javaScriptEnabled });
      await context.addCookies([{ name: "px_session", value: token, url: E2E_SERVERS.main.url, httpOnly: true, sameSite: "Lax" }]);
      const curatorPage = await context.newPage();
      await curatorPage.goto("/moderation");
      await curatorPage.getByRole("link", { name: /Privacy check reports/ }).click();
      await expect(curatorPage.getByRole("heading", { level: 1, name: "Privacy check reports" })).toBeVisible();
      const item = curatorPage.getByRole("listitem").filter({ hasText: `the shop beside the mosque ${stamp}` });
      await item.getByRole("button", { name: "Mark resolved" }).click();
      await expect(curatorPage.getByText("The report was marked resolved.")).toBeVisible();
      await expect(curatorPage.getByText(`the shop beside the mosque ${stamp}`)).toHaveCount(0);
      await context.close();
    });
  });
}
