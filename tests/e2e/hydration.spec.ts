import { catalogues } from "../../app/i18n";
import { translator } from "../../app/i18n/format";
import { LOCALES } from "../../app/i18n/locales";
import { createComment } from "../../app/models/comment.server";
import { addChapter, addEntry, createHandbook } from "../../app/models/handbook.server";
import { saveItem } from "../../app/models/saved.server";
import { makePractice } from "../factories";
import { db, expect, makeMember, makeOrganisation, test, waitForHydration, type Page } from "./fixtures";

/**
 * A browser without Nepali, Mongolian or Chichewa locale data, as Debian's Chromium and
 * many phones are: every Intl constructor asked for ne/mn/ny behaves as if it had only
 * English ("en", or the default locale when nothing else is asked for), and
 * supportedLocalesOf leaves those languages out. Node, which renders the server's HTML,
 * has full ICU, so any text taken from the browser's Intl would differ from the server's.
 */
function withoutLocaleData(lacking: string[]) {
  const missing = (tag: unknown) => lacking.includes(String(tag).toLowerCase().split(/[-_]/)[0]!);
  const strip = (locales: unknown) => {
    if (locales === undefined) return undefined;
    const list = (Array.isArray(locales) ? locales : [locales]) as unknown[];
    const kept = list.filter((tag) => !missing(tag));
    return kept.length ? kept : list.length ? ["en"] : undefined;
  };
  const intl = Intl as unknown as Record<string, { new (...args: unknown[]): unknown; supportedLocalesOf: (l: unknown, o?: unknown) => string[]; prototype: unknown }>;
  for (const name of ["DateTimeFormat", "NumberFormat", "DisplayNames", "RelativeTimeFormat", "PluralRules", "Collator", "ListFormat"]) {
    const Original = intl[name];
    if (!Original) continue;
    const Wrapped = function (locales: unknown, options: unknown) {
      return new Original(strip(locales), options);
    } as unknown as (typeof intl)[string];
    Wrapped.prototype = Original.prototype;
    Wrapped.supportedLocalesOf = (locales: unknown, options?: unknown) =>
      Original.supportedLocalesOf(
        ((Array.isArray(locales) ? locales : [locales]) as unknown[]).filter((tag) => tag !== undefined && !missing(tag)),
        options,
      );
    intl[name] = Wrapped;
  }
}

/** Every React error or warning the page logs, and every uncaught error (a failed hydration is one). */
function collectProblems(page: Page) {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

async function contentToRead() {
  const org = await makeOrganisation(db(), { country: "NP", languages: ["ne", "en"] });
  const author = await makeMember(db(), { organisationId: org.id });
  const word = `hydration${Date.now()}`;
  // JP is outside the network's 18 countries: its name comes from Intl and may differ.
  const practice = await makePractice(db(), {
    authorId: author.id,
    organisationId: org.id,
    writeUp: { title: `Sewing training ${word}` },
    meta: { countries: ["NP", "MN", "MW", "JP"], language: "ne" },
    now: Date.now() - 3 * 3_600_000,
  });
  await createComment(db(), { practiceId: practice.id, authorId: author.id, bodyMd: "We do this in Pokhara too.", now: Date.now() - 20 * 60_000 });
  const handbook = await createHandbook(db(), { title: `Handbook ${word}`, edition: 1, language: "ne", introMd: "", createdBy: author.id });
  const chapterId = await addChapter(db(), { handbookId: handbook.id, title: "Vocational training", introMd: "" });
  await addEntry(db(), { chapterId, practiceId: practice.id, revisionNumber: 1, note: "", addedBy: author.id });
  await db()
    .updateTable("handbooks")
    .set({ status: "published", published_at: Date.now() - 86_400_000 * 40 })
    .where("id", "=", handbook.id)
    .execute();
  return { practiceSlug: practice.slug, handbookSlug: handbook.slug, word, organisationId: org.id };
}

for (const locale of LOCALES) {
  test(`every main page hydrates without a React error in ${locale}, in a browser without ne/mn/ny locale data`, async ({ page, signIn }) => {
    test.setTimeout(120_000);
    const content = await contentToRead();
    const reader = await signIn({ locale, organisationId: content.organisationId });
    // The Saved page writes dates too: one saved item to show.
    const practiceId = (await db().selectFrom("practices").select("id").where("slug", "=", content.practiceSlug).executeTakeFirstOrThrow()).id;
    await saveItem(db(), { userId: reader.id, practiceId, revisionNumber: 1 });
    await page.addInitScript(withoutLocaleData, ["ne", "mn", "ny"]);
    const problems = collectProblems(page);
    const pages = [
      "/",
      "/practices",
      `/practices/${content.practiceSlug}`,
      `/search?q=${content.word}`,
      "/handbooks",
      `/handbooks/${content.handbookSlug}`,
      "/organisations",
      "/settings",
      "/notifications",
      "/saved",
      "/practices/new",
    ];
    await page.goto("/");
    // The emulation is in force: this browser cannot write Nepali.
    expect(await page.evaluate(() => new Intl.DateTimeFormat("ne").resolvedOptions().locale)).toBe("en");
    expect(await page.evaluate(() => Intl.DisplayNames.supportedLocalesOf(["ne", "mn", "ny", "fr"]))).toEqual(["fr"]);
    for (const path of pages) {
      await page.goto(path);
      await expect(page.locator("html")).toHaveAttribute("lang", locale);
      await waitForHydration(page);
      // A boundary that failed to hydrate is rendered again a moment later: give it that moment.
      await page.waitForTimeout(100);
      expect(problems, `${locale} ${path}`).toEqual([]);
    }
    // The server wrote the network's countries from the catalogue, and they stay written so.
    await page.goto(`/practices/${content.practiceSlug}`);
    await waitForHydration(page);
    await expect(page.getByText(catalogues[locale]["country.NP"], { exact: true }).first()).toBeVisible();
    // The practice's language is named by the catalogue, and the comment written 20 minutes
    // ago says so in the reader's language and digits.
    await expect(page.getByText(catalogues[locale]["languageName.ne"]).first()).toBeVisible();
    await expect(page.getByText(translator(catalogues[locale], locale)("time.minutesAgo", { count: 20 })).first()).toBeVisible();
  });
}

test("text typed before the script arrives survives hydration, in Nepali on a browser without its locale data", async ({ page, signIn }) => {
  const ne = catalogues.ne;
  await signIn({ locale: "ne" });
  await page.addInitScript(withoutLocaleData, ["ne", "mn", "ny"]);
  const problems = collectProblems(page);
  // A slow phone: the page's scripts take two seconds to arrive.
  await page.route("**/build/**", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await route.continue();
  });
  await page.goto("/practices/new", { waitUntil: "domcontentloaded" });
  const title = page.getByRole("textbox", { name: ne["practice.title"] });
  await title.fill("सिलाई तालिमबाट सिकेका कुरा");
  const hydratedWhileTyping = await page.evaluate(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));
  expect(hydratedWhileTyping).toBe(false);
  await waitForHydration(page);
  await page.waitForTimeout(200);
  await expect(title).toHaveValue("सिलाई तालिमबाट सिकेका कुरा");
  expect(problems).toEqual([]);
});

test("a page that hydrates minutes after the server wrote it keeps the server's relative times", async ({ page, signIn }) => {
  const content = await contentToRead();
  await signIn({ locale: "mn", organisationId: content.organisationId });
  // The browser's clock is five minutes ahead of the server's: as if the page had taken
  // that long to hydrate, or a minute had turned between the HTML and the script.
  await page.addInitScript(() => {
    const now = Date.now.bind(Date);
    Date.now = () => now() + 5 * 60_000;
  });
  const problems = collectProblems(page);
  for (const path of ["/", `/practices/${content.practiceSlug}`, "/notifications"]) {
    await page.goto(path);
    await waitForHydration(page);
    await page.waitForTimeout(100);
    expect(problems, path).toEqual([]);
  }
  await page.goto(`/practices/${content.practiceSlug}`);
  await waitForHydration(page);
  await expect(page.getByText(translator(catalogues.mn, "mn")("time.minutesAgo", { count: 20 })).first()).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("times are written in the organisation's country's zone, then in the zone chosen in settings", async ({ page, signIn }) => {
    const en = catalogues.en;
    const org = await makeOrganisation(db(), { country: "NP" });
    const member = await signIn({ organisationId: org.id, locale: "en" });
    const practice = await makePractice(db(), { authorId: member.id, organisationId: org.id });
    // 20:00 UTC on 20 November: already the 21st in Kathmandu and Ulaanbaatar.
    await createComment(db(), { practiceId: practice.id, authorId: member.id, bodyMd: "Evening meeting notes.", now: Date.UTC(2025, 10, 20, 20, 0) });
    await page.goto(`/practices/${practice.slug}`);
    await expect(page.getByText("November 21, 2025, 01:45")).toBeVisible();

    await page.goto("/settings");
    await page.getByRole("combobox", { name: en["settings.timeZone"] }).selectOption("Asia/Ulaanbaatar");
    await page.getByRole("button", { name: en["settings.saveProfile"] }).click();
    await expect(page.getByRole("status")).toHaveText(en["settings.savedProfile"]);
    await page.goto(`/practices/${practice.slug}`);
    await expect(page.getByText("November 21, 2025, 04:00")).toBeVisible();
  });
});
