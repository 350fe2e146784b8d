import type { Browser } from "@playwright/test";
import { addChapter, addEntry, createHandbook } from "../../app/models/handbook.server";
import { makePractice, makeSession } from "../factories";
import { E2E_SERVERS } from "./servers";
import { db, expect, makeMember, makeOrganisation, test } from "./fixtures";

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function contextFor(browser: Browser, userId: number, javaScriptEnabled = true) {
  const context = await browser.newContext({ javaScriptEnabled, acceptDownloads: true });
  const { token } = await makeSession(db(), userId);
  await context.addCookies([{ name: "px_session", value: token, url: E2E_SERVERS.main.url }]);
  return { context, page: await context.newPage() };
}

test("nominate, accept, drift and re-pin, publish, read and print", async ({ page, browser, signIn }) => {
  const org = await makeOrganisation(db(), { name: `Mzuzu Network ${unique()}`, country: "MW" });
  const author = await makeMember(db(), { organisationId: org.id, displayName: `Tamanda ${unique()}` });
  const title = `Police training on the trafficking law ${unique()}`;
  const practice = await makePractice(db(), { authorId: author.id, organisationId: org.id, writeUp: { title, outcomes: "Ninety officers trained." } });
  const curatorUser = await makeMember(db(), { role: "curator" });
  const curator = await contextFor(browser, curatorUser.id);
  const handbookTitle = `Justice handbook ${unique()}`;

  // A curator creates the handbook and its first chapter.
  await curator.page.goto(`${E2E_SERVERS.main.url}/handbooks/new`);
  await curator.page.getByLabel("Title").fill(handbookTitle);
  await curator.page.getByRole("button", { name: "Create handbook" }).click();
  await expect(curator.page.getByRole("heading", { level: 1, name: `Curate “${handbookTitle}” (edition 1)` })).toBeVisible();
  await curator.page.locator("form.add-chapter").getByLabel("Chapter title").fill("Justice and legal aid");
  await curator.page.locator("form.add-chapter").getByRole("button", { name: "Add chapter" }).click();
  await expect(curator.page.getByRole("heading", { level: 3, name: "Justice and legal aid" })).toBeVisible();

  // A member nominates the practice.
  await signIn();
  await page.goto(`/practices/${practice.slug}`);
  await page.getByRole("link", { name: "Nominate for a handbook" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Nominate “${title}” for a handbook` })).toBeVisible();
  // A handbook in preparation is the curators' business: a member nominates for the next one.
  await expect(page.getByRole("combobox", { name: "Handbook" }).locator("option")).toHaveText(["The next handbook"]);
  await page.getByLabel("Why this practice?").fill("Police stations across the region ask for this.");
  await page.getByRole("button", { name: "Nominate" }).click();
  await expect(page.getByText("Thank you: the curators will consider your nomination.")).toBeVisible();

  // The curator accepts it into the chapter.
  await curator.page.goto(`${E2E_SERVERS.main.url}/nominations`);
  const nomination = curator.page.getByRole("listitem").filter({ hasText: title });
  await expect(nomination.getByText("Police stations across the region ask for this.")).toBeVisible();
  await nomination.getByLabel("Accept into chapter").selectOption({ label: `${handbookTitle} (1) — 1. Justice and legal aid` });
  await nomination.getByRole("button", { name: "Accept" }).click();
  await expect(curator.page.getByRole("listitem").filter({ hasText: title })).toHaveCount(0);

  // The author edits the practice: the curator sees the drift, with its diff, and re-pins.
  const authorSession = await contextFor(browser, author.id);
  await authorSession.page.goto(`${E2E_SERVERS.main.url}/practices/${practice.slug}/edit`);
  await authorSession.page.getByLabel("Outcomes").fill("One hundred and twenty officers trained.");
  await authorSession.page.getByRole("button", { name: "Save changes" }).click();
  // Saved once the practice itself shows (the edit page also says "Saving creates revision 2").
  await expect(authorSession.page.getByRole("heading", { level: 1, name: title, exact: true })).toBeVisible();
  await expect(authorSession.page.getByText("revision 2")).toBeVisible();

  const slug = await db().selectFrom("handbooks").select("slug").where("title", "=", handbookTitle).executeTakeFirstOrThrow();
  await curator.page.goto(`${E2E_SERVERS.main.url}/handbooks/${slug.slug}/curate`);
  await expect(curator.page.getByText("Updated since curated.")).toBeVisible();
  await curator.page.getByText("Show what changed").click();
  await expect(curator.page.locator("ins", { hasText: "hundred and twenty" })).toBeVisible();
  await curator.page.getByRole("button", { name: "Re-pin to revision 2" }).click();
  await expect(curator.page.getByText("Updated since curated.")).toHaveCount(0);
  await expect(curator.page.getByText("pinned to revision 2")).toBeVisible();
  await curator.page.getByRole("button", { name: "Send to review" }).click();
  await curator.page.getByRole("button", { name: "Publish" }).click();
  await expect(curator.page.getByText("This edition is published.")).toBeVisible();

  // A member reads it and opens the print page.
  await page.goto("/handbooks");
  await page.getByRole("link", { name: `${handbookTitle} (edition 1)` }).click();
  await expect(page.getByRole("heading", { level: 1, name: handbookTitle })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: title })).toBeVisible();
  await expect(page.getByText("One hundred and twenty officers trained.")).toBeVisible();
  await expect(page.getByText(`${org.name} (Malawi) · ${author.displayName} · revision 2 of`)).toBeVisible();
  const printResponse = await page.goto(`/handbooks/${slug.slug}/print`);
  const html = await printResponse!.text();
  expect(html).not.toContain("<script");
  await expect(page.getByRole("heading", { level: 1, name: handbookTitle })).toBeVisible();
  await expect(page.getByRole("banner")).toHaveCount(0);
  await page.emulateMedia({ media: "print" });
  await page.screenshot({ path: test.info().outputPath("title-page.png") });
  expect(await page.locator(".title-page").boundingBox()).not.toBeNull();
  await curator.context.close();
  await authorSession.context.close();
});

test("the Markdown export downloads and credits every entry", async ({ page, signIn }) => {
  const curatorUser = await signIn({ role: "curator" });
  const org = await makeOrganisation(db(), { name: `Dhaka Livelihoods ${unique()}`, country: "BD" });
  const author = await makeMember(db(), { organisationId: org.id, displayName: `Sumi ${unique()}` });
  const handbook = await createHandbook(db(), { title: `Economic autonomy ${unique()}`, edition: 1, language: "en", introMd: "", createdBy: curatorUser.id });
  const chapter = await addChapter(db(), { handbookId: handbook.id, title: "Income", introMd: "" });
  const titles = [`Sewing cooperative ${unique()}`, `Catering unit ${unique()}`];
  for (const t of titles) {
    const p = await makePractice(db(), { authorId: author.id, organisationId: org.id, writeUp: { title: t } });
    await addEntry(db(), { chapterId: chapter, practiceId: p.id, revisionNumber: 1, note: "", addedBy: curatorUser.id });
  }
  await page.goto(`/handbooks/${handbook.slug}`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download as Markdown" }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.md$/);
  const text = await (await import("node:fs/promises")).readFile((await download.path())!, "utf8");
  for (const t of titles) expect(text).toContain(`### ${t}`);
  expect(text.match(new RegExp(`\\*${org.name} \\(Bangladesh\\) · ${author.displayName} · revision 1 of`, "g"))).toHaveLength(2);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("a curator reorders chapters and entries with the move buttons", async ({ page, signIn }) => {
    const curatorUser = await signIn({ role: "curator" });
    const org = await makeOrganisation(db());
    const author = await makeMember(db(), { organisationId: org.id });
    const handbook = await createHandbook(db(), { title: `Reorder test ${unique()}`, edition: 1, language: "en", introMd: "", createdBy: curatorUser.id });
    const first = await addChapter(db(), { handbookId: handbook.id, title: "First chapter", introMd: "" });
    await addChapter(db(), { handbookId: handbook.id, title: "Second chapter", introMd: "" });
    for (const t of ["Entry A", "Entry B"]) {
      const p = await makePractice(db(), { authorId: author.id, organisationId: org.id, writeUp: { title: `${t} ${unique()}` } });
      await addEntry(db(), { chapterId: first, practiceId: p.id, revisionNumber: 1, note: "", addedBy: curatorUser.id });
    }
    await page.goto(`/handbooks/${handbook.slug}/curate`);
    await page.getByRole("button", { name: "Move chapter “Second chapter” up" }).click();
    await expect(page.locator(".curate-chapters > li > h3")).toHaveText(["Second chapter", "First chapter"]);
    await page.getByRole("button", { name: /^Move “Entry B .*” up$/ }).click();
    await expect(page.locator(".curate-entry strong")).toHaveText([/^Entry B/, /^Entry A/]);
    await page.getByRole("link", { name: "Read the handbook" }).click();
    await expect(page.locator(".toc > ol > li > a")).toHaveText(["Second chapter", "First chapter"]);
  });
});
