import type { Page } from "@playwright/test";
import { addChapter, addEntry, createHandbook } from "../../app/models/handbook.server";
import { createComment } from "../../app/models/comment.server";
import { createNomination } from "../../app/models/nomination.server";
import { notify } from "../../app/models/notification.server";
import { makePractice } from "../factories";
import { db, expect, makeMember, makeOrganisation, test } from "./fixtures";

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const PHONE = { width: 360, height: 740 };

async function content() {
  const org = await makeOrganisation(db(), { name: `Phone Org ${unique()}` });
  const author = await makeMember(db(), { organisationId: org.id });
  const practice = await makePractice(db(), {
    authorId: author.id,
    organisationId: org.id,
    writeUp: {
      title: `Phone practice ${unique()}`,
      summary: "A summary with a long address: https://example.org/a/very/long/path/that/does/not/break/on/its/own/anywhere/at/all",
      approach: "Weekly sessions. Unbreakableeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeword.",
    },
    meta: { themes: ["vocational-training", "children-families"] },
  });
  const handbookTitle = `Phone handbook ${unique()}`;
  const handbook = await createHandbook(db(), { title: handbookTitle, edition: 1, language: "en", introMd: "An introduction.", createdBy: author.id });
  const chapter = await addChapter(db(), { handbookId: handbook.id, title: "Chapter", introMd: "" });
  await addEntry(db(), { chapterId: chapter, practiceId: practice.id, revisionNumber: 1, note: "Note", addedBy: author.id });
  return { org, author, practice, handbook: { ...handbook, title: handbookTitle }, chapter };
}

async function headerHeight(page: Page) {
  const box = await page.locator("header.site-header").boundingBox();
  return box?.height ?? Infinity;
}

/**
 * Links, buttons, checkboxes (measured by the label that carries them, which is what a finger
 * taps) and tags smaller than 44 × 44 px. Inline links inside a sentence are exempt, as WCAG
 * 2.5.8 exempts targets "in a sentence or whose size is otherwise constrained by the
 * line-height of non-target text" (the practice's prose, "by <organisation>").
 */
async function smallTargets(page: Page) {
  return page.evaluate(() => {
    const inSentence = (el: Element) => {
      if (getComputedStyle(el).display !== "inline") return false;
      let block = el.parentElement;
      while (block && getComputedStyle(block).display.startsWith("inline")) block = block.parentElement;
      return Boolean(block && (block.textContent ?? "").trim() !== (el.textContent ?? "").trim());
    };
    const targets = [
      ...document.querySelectorAll("a[href], button, summary, select, input:not([type=hidden]):not([type=checkbox]):not([type=radio])"),
      ...[...document.querySelectorAll("input[type=checkbox], input[type=radio]")].map((input) => input.closest("label") ?? input),
      ...document.querySelectorAll(".tags li"),
    ];
    const small: string[] = [];
    for (const el of targets) {
      if (el.closest(".skip-link, .sr-only, .prose")) continue;
      const rect = el.getBoundingClientRect();
      if (!el.checkVisibility() || (rect.width === 0 && rect.height === 0)) continue; // not shown at this width, or in the closed menu
      if (inSentence(el)) continue;
      if (rect.width < 44 || rect.height < 44) small.push(`${el.tagName.toLowerCase()} “${(el.textContent ?? "").trim().slice(0, 40)}” ${Math.round(rect.width)}×${Math.round(rect.height)}`);
    }
    return small;
  });
}

test.describe("on a 360 × 740 phone", () => {
  test.use({ viewport: PHONE });

  test("the header is one bar of at most 64 px with search and the unread count", async ({ page, signIn }) => {
    const { practice, author } = await content();
    const member = await signIn();
    await notify(db(), { recipients: [member.id], kind: "comment", practiceId: practice.id, actorId: author.id });
    await page.goto("/");
    expect(await headerHeight(page)).toBeLessThanOrEqual(64);
    const bar = page.locator("header.site-header");
    await expect(bar.getByRole("link", { name: "Notifications (1 unread)" })).toBeVisible();
    await bar.getByRole("link", { name: "Search", exact: true }).click();
    await expect(page).toHaveURL(/\/search$/);
  });

  test("links, buttons, checkboxes and tags of the main flows are at least 44 × 44 px", async ({ page, signIn }) => {
    const { practice } = await content();
    await signIn();
    for (const path of ["/", "/practices?theme=vocational-training", "/practices", `/practices/${practice.slug}`, "/practices/new", `/search?q=${encodeURIComponent("Phone practice")}`]) {
      await page.goto(path);
      expect(await smallTargets(page), path).toEqual([]);
    }
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });
    test("the menu opens and leads everywhere", async ({ page, signIn }) => {
      await signIn();
      await page.goto("/");
      expect(await headerHeight(page)).toBeLessThanOrEqual(64);
      const practicesLink = page.getByRole("link", { name: "Practices", exact: true });
      await expect(practicesLink).toBeHidden();
      await page.getByText("Menu", { exact: true }).click();
      await expect(practicesLink).toBeVisible();
      await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
      expect(await smallTargets(page), "open menu").toEqual([]);
      await practicesLink.click();
      await expect(page.getByRole("heading", { level: 1, name: "Practices" })).toBeVisible();
    });
  });
});

test("no main page scrolls sideways at 320 px", async ({ page, signIn }) => {
  const { org, practice, handbook } = await content();
  await signIn({ role: "admin" });
  await page.setViewportSize({ width: 320, height: 640 });
  const paths = [
    "/",
    "/practices",
    `/practices/${practice.slug}`,
    "/search?q=phone",
    "/handbooks",
    `/handbooks/${handbook.slug}`,
    "/organisations",
    `/organisations/${org.slug}`,
    "/settings",
    "/notifications",
    "/practices/new",
    "/moderation",
    "/admin",
    "/admin/audit",
    "/invitations",
  ];
  for (const path of paths) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
});

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("the error summary links each field in error, and its link moves focus there", async ({ page, signIn }) => {
      await signIn();
      await page.goto("/practices/new");
      await expect(page.getByText("Summary (required to publish)")).toBeVisible();
      await expect(page.getByText("Approach (required to publish)")).toBeVisible();
      await page.getByRole("button", { name: "Publish" }).click();
      const summary = page.locator(".error-summary");
      await expect(summary.getByText("Please correct the highlighted fields.")).toBeVisible();
      await summary.getByRole("link", { name: "Approach", exact: true }).click();
      await expect(page.getByLabel("Approach")).toBeFocused();
      await summary.getByRole("link", { name: "Themes", exact: true }).click();
      await expect(page.getByRole("checkbox").first()).toBeFocused();
    });

    test("privacy findings are shown under the field they concern", async ({ page, signIn }) => {
      await signIn();
      await page.goto("/practices/new");
      await page.getByLabel("Title").fill(`Privacy near field ${unique()}`);
      await page.getByLabel("Outcomes").fill("Write to coordinator@example.org for details.");
      await page.getByRole("button", { name: "Preview" }).click();
      const finding = page.locator('.field-findings[data-field="outcomes"]');
      await expect(finding.getByText("E-mail address", { exact: true })).toBeVisible();
      const field = await page.getByLabel("Outcomes").boundingBox();
      const box = await finding.boundingBox();
      expect(box!.y - (field!.y + field!.height)).toBeLessThan(100);
      // A screen reader hears the finding with the field it concerns.
      await expect(page.getByLabel("Outcomes")).toHaveAccessibleDescription(/E-mail address.*coordinator@example\.org/);
    });
  });
}

test.describe("confirmations, without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("saving, publishing and a new revision each say so", async ({ page, signIn }) => {
    await signIn();
    const title = `Confirmed practice ${unique()}`;
    await page.goto("/practices/new");
    await page.getByLabel("Title").fill(title);
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page.getByRole("status").filter({ hasText: "The draft was saved." })).toBeVisible();
    await page.getByRole("link", { name: "Edit" }).click();
    await page.getByLabel("Summary").fill("A summary.");
    await page.getByLabel("Approach").fill("What we did.");
    await page.getByLabel("Vocational training").check();
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByRole("status").filter({ hasText: "The practice was published." })).toBeVisible();
    await page.getByRole("link", { name: "Edit" }).click();
    await page.getByLabel("Outcomes").fill("Ten trainees at work.");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Your changes were saved as a new revision." })).toBeVisible();
  });

  test("curators' accept, decline, hide, curate and invitation each say so", async ({ page, signIn }) => {
    const { author, practice, handbook } = await content();
    const other = await makePractice(db(), { authorId: author.id, organisationId: author.organisationId, writeUp: { title: `Declined ${unique()}` } });
    await createNomination(db(), { practiceId: practice.id, handbookId: handbook.id, nominatorId: author.id, reason: "Accept me." });
    await createNomination(db(), { practiceId: other.id, handbookId: handbook.id, nominatorId: author.id, reason: "Decline me." });
    const comment = await createComment(db(), { practiceId: practice.id, authorId: author.id, bodyMd: "A comment to hide." });
    await signIn({ role: "admin" });

    await page.goto("/nominations");
    const accept = page.getByRole("listitem").filter({ hasText: "Accept me." });
    await accept.getByLabel("Accept into chapter").selectOption({ label: `${handbook.title} (1) — 1. Chapter` });
    await accept.getByRole("button", { name: "Accept" }).click();
    await expect(page.getByRole("status").filter({ hasText: "The nomination was accepted" })).toBeVisible();
    const decline = page.getByRole("listitem").filter({ hasText: "Decline me." });
    await decline.getByLabel("Why not").fill("Not for this edition.");
    await decline.getByRole("button", { name: "Decline" }).click();
    await expect(page.getByRole("status").filter({ hasText: "The nomination was declined." })).toBeVisible();

    await page.goto(`/comments/${comment!.id}`);
    await page.getByLabel("Reason").fill("Off topic.");
    await page.getByRole("button", { name: "Hide comment" }).click();
    await expect(page.getByRole("status").filter({ hasText: "The comment was hidden." })).toBeVisible();

    await page.goto(`/handbooks/${handbook.slug}/curate`);
    await page.locator("form.add-chapter").getByLabel("Chapter title").fill("Another chapter");
    await page.locator("form.add-chapter").getByRole("button", { name: "Add chapter" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Your changes to the handbook were saved." })).toBeVisible();

    await page.goto("/invitations");
    const email = `phone-${unique()}@example.org`;
    await page.getByLabel("E-mail address").fill(email);
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByRole("status").filter({ hasText: email })).toBeVisible();
  });
});
