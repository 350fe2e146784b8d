import type { BrowserContext } from "@playwright/test";
import { addChapter, addEntry, createHandbook, setHandbookStatus } from "../../app/models/handbook.server";
import { setPracticeAudience } from "../../app/models/practice.server";
import { invalidateUserSessions } from "../../app/auth/session.server";
import { DEMO_PRACTICES } from "../../scripts/demo-content";
import { makePractice, makeSession } from "../factories";
import { E2E_SERVERS } from "./servers";
import { db, expect, makeMember, makeOrganisation, test, waitForHydration, type Page } from "./fixtures";

// Offline reading (issue 22) in Chromium with the network cut by Playwright's offline mode.
// In this Chromium, context.setOffline(true) cuts the service worker's own fetches too (a
// fetch from the worker fails with "Failed to fetch"), so what the pages show offline comes
// from the worker's cache and nothing else. http://127.0.0.1 is a secure context: the worker
// registers there as it would over https.

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/** The demo forum's Nepali practice (Devanagari), written by a member of a Nepali organisation. */
async function nepaliDemoPractice() {
  const demo = DEMO_PRACTICES.find((p) => p.key === "nepal-border-ne")!;
  const org = await makeOrganisation(db(), { name: `Nepal Border Watch ${unique()}`, country: "NP" });
  const author = await makeMember(db(), { organisationId: org.id });
  const title = `${demo.writeUp.title} ${unique()}`;
  const practice = await makePractice(db(), { authorId: author.id, organisationId: org.id, writeUp: { ...demo.writeUp, title }, meta: demo.meta });
  return { ...practice, title, approach: demo.writeUp.approach, author, org };
}

async function publishedHandbook(practiceId: number) {
  const curator = await makeMember(db(), { role: "curator" });
  const title = `Border handbook ${unique()}`;
  const handbook = await createHandbook(db(), { title, edition: 1, language: "en", introMd: "Read on the bus.", createdBy: curator.id });
  const chapter = await addChapter(db(), { handbookId: handbook.id, title: "Safety at the border", introMd: "" });
  await addEntry(db(), { chapterId: chapter, practiceId, revisionNumber: 1, note: "", addedBy: curator.id });
  await setHandbookStatus(db(), { id: handbook.id, status: "published" });
  return { ...handbook, title };
}

/** Saves what the page shows with its Save button. */
async function save(page: Page, path: string) {
  await page.goto(path);
  await page.getByRole("button", { name: "Save for later" }).click();
  await expect(page.getByRole("button", { name: "Remove from saved" })).toBeVisible();
}

/** Settings brings the service worker up to date and says what it keeps on this device. */
async function keptOnDevice(page: Page, count: number) {
  await page.goto("/settings");
  const section = page.getByRole("region", { name: "Offline copies" });
  await expect(section).toContainText(`${count} saved ${count === 1 ? "item" : "items"} kept on this device`, { timeout: 30_000 });
  return section;
}

/** What the worker's caches hold: the names of the px-offline-* caches and every address in them. */
async function offlineCaches(page: Page) {
  return page.evaluate(async () => {
    const names = (await caches.keys()).filter((name) => name.startsWith("px-offline-"));
    const urls: string[] = [];
    for (const name of names) for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
    return { names, urls };
  });
}

async function goOffline(context: BrowserContext, page: Page) {
  await context.setOffline(true);
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
}

test("saved items are readable offline: a Nepali practice, a handbook edition and its EPUB, and the offline page", async ({ page, context, signIn }) => {
  const practice = await nepaliDemoPractice();
  const handbook = await publishedHandbook(practice.id);
  const unsaved = await makePractice(db(), { authorId: practice.author.id, organisationId: practice.org.id, writeUp: { title: `Not saved ${unique()}` } });
  await signIn();
  // The EPUB is made once asked for; the offline copy takes it when it is ready.
  await expect.poll(async () => (await page.request.get(`/handbooks/${handbook.slug}/download/epub`, { maxRedirects: 0 })).status(), { timeout: 30_000 }).toBe(200);
  await save(page, `/practices/${practice.slug}`);
  await save(page, `/handbooks/${handbook.slug}`);
  await keptOnDevice(page, 2);

  // The signal goes while the app is open: following a link loads the page from the device.
  await page.goto("/saved");
  await waitForHydration(page);
  await goOffline(context, page);
  await page.getByRole("link", { name: practice.title }).click();
  await expect(page.getByRole("heading", { level: 1, name: practice.title })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/practices/${encodeURIComponent(practice.slug)}$`));

  await page.goto(`/practices/${practice.slug}`);
  await expect(page.getByRole("heading", { level: 1, name: practice.title })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveAttribute("lang", "ne");
  await expect(page.getByText("हरेक नाकामा एउटा सानो कक्ष")).toBeVisible();
  await expect(page.getByText(/^Offline copy, as it was on/)).toBeVisible();
  // Its stylesheet came from the cache too.
  expect(await page.evaluate(() => [...document.styleSheets].some((sheet) => sheet.cssRules.length > 0))).toBe(true);
  await expect(page.getByRole("link", { name: "Leave this page" })).toBeVisible();

  await page.goto(`/handbooks/${handbook.slug}`);
  await expect(page.getByRole("heading", { level: 1, name: handbook.title })).toBeVisible();
  await expect(page.getByRole("heading", { name: practice.title })).toBeVisible();

  await page.goto("/offline");
  await expect(page.getByRole("heading", { level: 1, name: "Offline reading" })).toBeVisible();
  await expect(page.getByRole("link", { name: practice.title })).toBeVisible();
  await expect(page.getByRole("link", { name: handbook.title })).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "EPUB" }).click();
  expect((await download).suggestedFilename()).toMatch(/\.epub$/);

  // A page that was never saved: the offline page, not the browser's error.
  await page.goto(`/practices/${unsaved.slug}`);
  await expect(page.getByText("You are offline, or the forum cannot be reached just now.")).toBeVisible();
  await expect(page.getByRole("link", { name: practice.title })).toBeVisible();
  await expect(page.getByRole("heading", { name: unsaved.slug })).toHaveCount(0);
});

test("copies of what the member may no longer read are gone on reconnecting, before any page shows", async ({ page, context, browser, signIn }) => {
  const withdrawn = await nepaliDemoPractice();
  const narrowed = await nepaliDemoPractice();
  const kept = await nepaliDemoPractice();
  await signIn();
  for (const p of [withdrawn, narrowed, kept]) await save(page, `/practices/${p.slug}`);
  await keptOnDevice(page, 3);
  await goOffline(context, page);
  await page.goto(`/practices/${withdrawn.slug}`);
  await expect(page.getByRole("heading", { level: 1, name: withdrawn.title })).toBeVisible();

  // While this phone is offline, the author withdraws one in their own browser, and the other is narrowed to its organisation.
  const authorContext = await browser.newContext();
  try {
    const { token } = await makeSession(db(), withdrawn.author.id);
    await authorContext.addCookies([{ name: "px_session", value: token, url: E2E_SERVERS.main.url, httpOnly: true, sameSite: "Lax" }]);
    const author = await authorContext.newPage();
    await author.goto(`/practices/${withdrawn.slug}`);
    await author.getByText("Withdraw this practice").click();
    await author.getByLabel(/Why is it withdrawn/).fill("The family withdrew their consent.");
    await author.getByLabel("I understand it disappears for every reader now.").check();
    await author.getByRole("button", { name: "Withdraw now" }).click();
    await expect(author.getByText("Reason: The family withdrew their consent.")).toBeVisible();
  } finally {
    await authorContext.close();
  }
  await setPracticeAudience(db(), { id: narrowed.id, audience: { audience: "organisation", groupId: null } });

  await context.setOffline(false);
  // The first page after reconnecting waits for the worker to delete them, and the offline
  // page's list of titles with them; the signal may be gone again right after it.
  await page.goto(`/practices/${kept.slug}`);
  const after = await offlineCaches(page);
  for (const gone of [withdrawn, narrowed]) expect(after.urls).not.toContain(`/practices/${encodeURIComponent(gone.slug)}/offline`);
  expect(after.urls).toContain(`/practices/${encodeURIComponent(kept.slug)}/offline`);

  await goOffline(context, page);
  await page.goto(`/practices/${withdrawn.slug}`);
  await expect(page.getByText("You are offline, or the forum cannot be reached just now.")).toBeVisible();
  await expect(page.getByRole("link", { name: kept.title })).toBeVisible();
  await expect(page.getByText(withdrawn.title)).toHaveCount(0);
  await expect(page.getByText(narrowed.title)).toHaveCount(0);
  await page.goto(`/practices/${kept.slug}`);
  await expect(page.getByRole("heading", { level: 1, name: kept.title })).toBeVisible();
});

test("signed out elsewhere: every copy is gone on reconnecting", async ({ page, context, signIn }) => {
  const practice = await nepaliDemoPractice();
  const member = await signIn();
  await save(page, `/practices/${practice.slug}`);
  await keptOnDevice(page, 1);
  await goOffline(context, page);
  await invalidateUserSessions(db(), { userId: member.id });
  await context.setOffline(false);
  await page.goto(`/practices/${practice.slug}`);
  await expect(page).toHaveURL(/\/login/);
  expect((await offlineCaches(page)).urls.filter((url) => url.includes("/practices/"))).toEqual([]);
});

test("signing out empties the caches, and settings removes every copy and keeps them again", async ({ page, signIn }) => {
  const practice = await nepaliDemoPractice();
  await signIn();
  await save(page, `/practices/${practice.slug}`);
  const section = await keptOnDevice(page, 1);
  await section.getByRole("button", { name: "Remove all offline copies" }).click();
  await expect(section).toContainText("Offline copies are turned off on this device.");
  expect((await offlineCaches(page)).names).toEqual([]);
  await section.getByRole("button", { name: "Keep offline copies" }).click();
  await expect(section).toContainText("1 saved item kept on this device", { timeout: 30_000 });
  expect((await offlineCaches(page)).urls).toContain(`/practices/${encodeURIComponent(practice.slug)}/offline`);

  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  expect((await offlineCaches(page)).urls.filter((url) => url.includes("/practices/"))).toEqual([]);
});
