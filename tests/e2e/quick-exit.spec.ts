import AxeBuilder from "@axe-core/playwright";
import { db, expect, makeMember, test, waitForHydration, type Page } from "./fixtures";
import { E2E_SERVERS, NEUTRAL_SITE } from "./servers";

// Every server of the suite has QUICK_EXIT_URL set to the local neutral site
// (tests/e2e/neutral-site.js, playwright.config.ts): leaving never reaches the internet.
const EXIT_URL = `${NEUTRAL_SITE.url}/`;
const START_URL = `${NEUTRAL_SITE.url}/start`;

const leaveLink = (page: Page) => page.getByRole("link", { name: "Leave this page" });

interface Hit {
  path: string;
  referer: string | null;
}
/** What the neutral site was asked for since the last reset (its icon aside once a page of it is open). */
async function neutralHits({ reset = false } = {}): Promise<Hit[]> {
  const response = await fetch(`${NEUTRAL_SITE.url}/hits`, { method: reset ? "DELETE" : "GET" });
  return (await response.json()) as Hit[];
}

/** Synchronously set by the page's exit handler: a check that it did not run cannot race the navigation. */
const leaving = (page: Page) => page.evaluate(() => document.body.hidden);

/** A member must exist, or sign-in sends everyone to first-run setup. */
async function someoneExists() {
  await makeMember(db());
}

test.describe("the first stop for the keyboard", () => {
  async function expectFirstTabStops(page: Page, label: string) {
    await page.keyboard.press("Tab");
    await expect(leaveLink(page), label).toBeFocused();
    await expect(leaveLink(page), label).toHaveAttribute("href", EXIT_URL);
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Skip to main content" }), label).toBeFocused();
  }

  test("on sign-in, forgot-password, the home page, a practice list, settings and error pages", async ({ page, signIn }) => {
    await someoneExists();
    for (const path of ["/login", "/forgot-password"]) {
      await page.goto(path);
      await expectFirstTabStops(page, path);
    }
    await signIn();
    for (const path of ["/", "/practices", "/settings", "/practices/no-such-practice", "/no-such-page"]) {
      const response = await page.goto(path);
      if (path.includes("no-such")) expect(response?.status(), path).toBe(404);
      await expectFirstTabStops(page, path);
    }
  });

  test("on first-run setup", async ({ page }) => {
    await page.goto(`${E2E_SERVERS.quickExit.url}/setup`);
    await expect(page.getByRole("heading", { level: 1, name: "First-run setup" })).toBeVisible();
    await expectFirstTabStops(page, "/setup");
  });

  test.describe("on a phone", () => {
    test.use({ viewport: { width: 360, height: 740 } });
    test("it is the first stop too, fixed to the bottom edge, never over the page's last lines, and readable", async ({ page, signIn }) => {
      await signIn();
      await page.goto("/practices");
      await expectFirstTabStops(page, "/practices on a phone");
      const bar = page.locator(".quick-exit");
      expect(await bar.evaluate((el) => getComputedStyle(el).position)).toBe("fixed");
      const link = await leaveLink(page).boundingBox();
      expect(link!.height).toBeGreaterThanOrEqual(44);
      expect(link!.y + link!.height).toBeLessThanOrEqual(740);
      // At the end of the page the footer is wholly above the bar.
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      const footer = await page.locator("footer.site-footer").boundingBox();
      const barBox = await bar.boundingBox();
      expect(footer!.y + footer!.height).toBeLessThanOrEqual(barBox!.y + 0.5);
      const axe = await new AxeBuilder({ page }).include(".quick-exit").withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]).analyze();
      expect(axe.violations.map((v) => v.id)).toEqual([]);
      expect(axe.passes.map((p) => p.id)).toContain("color-contrast");
    });
  });
});

test.describe("with JavaScript", () => {
  test("the link replaces the page with the neutral site: Back does not return to the forum", async ({ page, signIn }) => {
    await signIn();
    await page.goto(START_URL);
    await page.goto("/practices");
    await waitForHydration(page);
    const length = await page.evaluate(() => history.length);
    await leaveLink(page).click();
    await expect(page).toHaveURL(EXIT_URL);
    await expect(page.getByRole("heading", { name: "Today's weather" })).toBeVisible();
    expect(await page.evaluate(() => history.length)).toBe(length);
    await page.goBack();
    await expect(page).toHaveURL(START_URL);
    await page.goForward();
    await expect(page).toHaveURL(EXIT_URL);
  });

  test("Enter on the link does the same on sign-in, which ships no app script", async ({ page }) => {
    await someoneExists();
    await page.goto(START_URL);
    await page.goto("/login");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(EXIT_URL);
    await page.goBack();
    await expect(page).toHaveURL(START_URL);
  });

  test("Shift three times does the same, from anywhere; nothing else does", async ({ page, signIn }) => {
    await signIn();
    await page.clock.install();
    await page.goto(START_URL);
    await page.goto("/settings");
    await waitForHydration(page);
    await neutralHits({ reset: true });

    // Capitals typed into a field, Shift+Tab, Alt+Shift (switching keyboards): other keys in between start the count again.
    const field = page.getByLabel("Display name");
    await field.fill("");
    for (let i = 0; i < 3; i++) await page.keyboard.press("Shift+A");
    await expect(field).toHaveValue("AAA");
    for (let i = 0; i < 3; i++) await page.keyboard.press("Shift+Tab");
    for (let i = 0; i < 3; i++) await page.keyboard.press("Alt+Shift");
    expect(await leaving(page)).toBe(false);

    // Twice is not three times; three times over more than 1.5 s is not either.
    await page.keyboard.press("Shift");
    await page.keyboard.press("Shift");
    await page.clock.fastForward(1_600);
    await page.keyboard.press("Shift");
    expect(await leaving(page)).toBe(false);
    await page.clock.fastForward(1_600);

    // A key held down repeats, and an input method composing text sends Shift too: neither counts.
    await page.evaluate(() => {
      const press = (init: KeyboardEventInit) => document.dispatchEvent(new KeyboardEvent("keydown", { key: "Shift", bubbles: true, ...init }));
      press({});
      for (let i = 0; i < 5; i++) press({ repeat: true });
      for (let i = 0; i < 3; i++) press({ isComposing: true });
    });
    expect(await leaving(page)).toBe(false);
    expect(await neutralHits()).not.toContainEqual(expect.objectContaining({ path: "/" }));
    await page.clock.fastForward(1_600);

    await field.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press("Shift");
    await expect(page).toHaveURL(EXIT_URL);
    await page.goBack();
    await expect(page).toHaveURL(START_URL);
  });

  test("Shift three times works on sign-in too, before any app script", async ({ page }) => {
    await someoneExists();
    await page.goto(START_URL);
    await page.goto("/login");
    await page.getByLabel("E-mail address").focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press("Shift");
    await expect(page).toHaveURL(EXIT_URL);
    await page.goBack();
    await expect(page).toHaveURL(START_URL);
  });

  test("nothing is asked of the neutral site before the click: no prefetch, no preconnect, no referrer after", async ({ page, signIn }) => {
    await signIn();
    await neutralHits({ reset: true });
    for (const path of ["/", "/practices", "/settings"]) {
      await page.goto(path);
      await waitForHydration(page);
      await leaveLink(page).hover();
      await leaveLink(page).focus();
      const hints = await page.evaluate(
        (origin) =>
          [...document.querySelectorAll("link[href], script[type=speculationrules]")]
            .filter((el) => el.tagName === "SCRIPT" || (el.getAttribute("href") ?? "").startsWith(origin))
            .map((el) => el.outerHTML),
        NEUTRAL_SITE.url,
      );
      expect(hints, path).toEqual([]);
    }
    await page.waitForLoadState("networkidle");
    expect(await neutralHits()).toEqual([]);
    await leaveLink(page).click();
    await expect(page).toHaveURL(EXIT_URL);
    const hits = (await neutralHits()).filter((hit) => hit.path !== "/favicon.ico");
    expect(hits).toEqual([{ path: "/", referer: null }]);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("it is a plain link to the neutral site, with no referrer and no new window", async ({ page, signIn }) => {
    await signIn();
    await page.goto("/practices");
    const link = leaveLink(page);
    await expect(link).toHaveAttribute("href", EXIT_URL);
    await expect(link).toHaveAttribute("rel", "noreferrer");
    expect(await link.getAttribute("target")).toBeNull();
    await neutralHits({ reset: true });
    await link.click();
    await expect(page).toHaveURL(EXIT_URL);
    await expect(page.getByRole("heading", { name: "Today's weather" })).toBeVisible();
    expect((await neutralHits()).filter((hit) => hit.path !== "/favicon.ico")).toEqual([{ path: "/", referer: null }]);
    // A plain link cannot replace the history entry: Back returns (docs say so, and point to Shift three times with JavaScript).
    await page.goBack();
    await expect(page).toHaveURL(/\/practices$/);
  });
});

async function expectForumTab(page: Page, title: string) {
  await expect(page).toHaveTitle(title);
  await expect(page.locator("link[rel=icon]")).toHaveCount(1);
  await expect(page.locator("link[rel=icon]")).toHaveAttribute("href", "/favicon.svg");
}
async function expectDiscreetTab(page: Page) {
  await expect(page).toHaveTitle("Notes");
  await expect(page.locator("link[rel=icon]")).toHaveCount(1);
  await expect(page.locator("link[rel=icon]")).toHaveAttribute("href", "/notes.svg");
}

test.describe("discreet mode", () => {
  test("with JavaScript: a neutral title and icon on every page, and back again", async ({ page, signIn }) => {
    await signIn();
    await page.goto("/settings");
    await waitForHydration(page);
    await expectForumTab(page, "Settings · Practice Exchange");
    await expect(page.getByText("Discreet mode is off.")).toBeVisible();
    await page.getByRole("button", { name: "Turn on discreet mode" }).click();
    await expect(page.getByText("Discreet mode is on.")).toBeVisible();
    await expectDiscreetTab(page);

    // Another page, through the app's navigation, and as a new document.
    await page.getByRole("link", { name: "Practices", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Practices" })).toBeVisible();
    await expectDiscreetTab(page);
    await page.goto("/no-such-page");
    await expectDiscreetTab(page);
    const icon = await page.request.get("/notes.svg");
    expect(icon.status()).toBe(200);
    expect(icon.headers()["content-type"]).toContain("image/svg+xml");

    await page.goto("/settings");
    await waitForHydration(page);
    await page.getByRole("button", { name: "Turn off discreet mode" }).click();
    await expect(page.getByText("Discreet mode is off.")).toBeVisible();
    await expectForumTab(page, "Settings · Practice Exchange");
    await page.getByRole("link", { name: "Practices", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Practices" })).toBeVisible();
    await expectForumTab(page, "Practices · Practice Exchange");
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });
    test("the same, with plain forms", async ({ page, signIn }) => {
      await signIn();
      await page.goto("/settings");
      await expectForumTab(page, "Settings · Practice Exchange");
      await page.getByRole("button", { name: "Turn on discreet mode" }).click();
      await expect(page.getByText("Your discreet mode setting was saved.")).toBeVisible();
      await expectDiscreetTab(page);
      await page.goto("/practices");
      await expectDiscreetTab(page);
      await page.goto("/settings");
      await page.getByRole("button", { name: "Turn off discreet mode" }).click();
      await expect(page.getByText("Discreet mode is off.")).toBeVisible();
      await expectForumTab(page, "Settings · Practice Exchange");
    });
  });
});
