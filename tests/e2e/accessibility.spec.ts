import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { addChapter, addEntry, createHandbook } from "../../app/models/handbook.server";
import { saveItem } from "../../app/models/saved.server";
import { unsubscribeToken } from "../../app/models/digest.server";
import { makePractice } from "../factories";
import { db, expect, makeMember, makeOrganisation, test } from "./fixtures";

/** An axe scan (WCAG 2.2 A/AA rules) that lists every violation it finds. */
async function expectAccessible(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  const violations = results.violations.map(
    (v) =>
      `${label}: ${v.id} — ${v.help} (${v.nodes
        .map((n) => n.target.join(" "))
        .slice(0, 3)
        .join(", ")})`,
  );
  expect(violations).toEqual([]);
  // The scan really ran and checked things.
  expect(results.passes.length, label).toBeGreaterThan(5);
}

async function content() {
  const org = await makeOrganisation(db(), { name: `Axe Org ${Date.now()}` });
  const author = await makeMember(db(), { organisationId: org.id });
  const practice = await makePractice(db(), { authorId: author.id, organisationId: org.id, writeUp: { title: `Accessible practice ${Date.now()}` } });
  const handbook = await createHandbook(db(), { title: `Axe handbook ${Date.now()}`, edition: 1, language: "en", introMd: "An *introduction*.", createdBy: author.id });
  const chapter = await addChapter(db(), { handbookId: handbook.id, title: "Chapter", introMd: "" });
  await addEntry(db(), { chapterId: chapter, practiceId: practice.id, revisionNumber: 1, note: "Note", addedBy: author.id });
  await db().updateTable("handbooks").set({ status: "published", published_at: Date.now() }).where("id", "=", handbook.id).execute();
  return { org, author, practice, handbook };
}

test("signed-out pages have no axe violations, forms in their error state included", async ({ page, signIn }) => {
  await signIn();
  await page.context().clearCookies();
  await page.goto("/login");
  await expectAccessible(page, "login");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("This field is required.").first()).toBeVisible();
  await expectAccessible(page, "login with errors");
  await page.goto("/forgot-password");
  await expectAccessible(page, "forgot password");
  await page.goto("/invite/not-a-token");
  await expectAccessible(page, "unusable invitation");
});

test("member pages have no axe violations", async ({ page, signIn }) => {
  const { org, practice, handbook } = await content();
  const member = await signIn();
  // Two saved items, so the Saved page has its list and its buttons to scan.
  await saveItem(db(), { userId: member.id, practiceId: practice.id, revisionNumber: 1 });
  await saveItem(db(), { userId: member.id, handbookId: handbook.id });
  for (const [path, label] of [
    ["/", "home"],
    ["/practices", "practice list"],
    [`/practices/${practice.slug}`, "practice page"],
    [`/practices/${practice.slug}/history`, "history"],
    [`/practices/${practice.slug}/nominate`, "nominate"],
    [`/flag?practice=${practice.slug}`, "flag"],
    ["/search?q=accessible", "search"],
    ["/organisations", "organisations"],
    [`/organisations/${org.slug}`, "organisation"],
    [`/members/${member.id}`, "member profile"],
    ["/notifications", "notifications"],
    ["/saved", "saved"],
    ["/handbooks", "handbooks"],
    [`/handbooks/${handbook.slug}`, "handbook"],
    [`/handbooks/${handbook.slug}/print`, "print page"],
    ["/settings", "settings"],
    ["/no-such-page", "404"],
  ] as const) {
    await page.goto(path);
    await expectAccessible(page, label);
  }
  await page.goto("/practices/new");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Please correct the highlighted fields.")).toBeVisible();
  await expectAccessible(page, "new practice with errors");
  await page.goto("/settings");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("This field is required.").first()).toBeVisible();
  await expectAccessible(page, "settings with errors");
});

test("curator and admin pages have no axe violations", async ({ page, signIn }) => {
  const { handbook, author } = await content();
  await signIn({ role: "admin" });
  for (const [path, label] of [
    ["/nominations", "nominations"],
    ["/moderation", "moderation"],
    [`/handbooks/${handbook.slug}/curate`, "curate"],
    ["/handbooks/new", "new handbook"],
    ["/admin", "admin"],
    ["/admin/audit", "audit log"],
    [`/admin/members/${author.id}`, "admin member"],
    ["/invitations", "invitations"],
  ] as const) {
    await page.goto(path);
    await expectAccessible(page, label);
  }
  await page.goto("/organisations/new");
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page.getByText("Please correct the highlighted fields.")).toBeVisible();
  await expectAccessible(page, "new organisation with errors");
  await page.goto("/invitations");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expectAccessible(page, "invitation with errors");
});

test("a failed submit moves focus to the first field in error", async ({ page, signIn }) => {
  await signIn();
  await page.goto("/practices/new");
  await page.getByLabel("Context").fill("Some context");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByLabel("Title")).toBeFocused();
});

test("main pages work at 320 px wide without scrolling sideways", async ({ page, signIn }) => {
  const { practice, handbook } = await content();
  await signIn({ role: "admin" });
  await page.setViewportSize({ width: 320, height: 640 });
  for (const path of ["/", "/practices", `/practices/${practice.slug}`, "/practices/new", "/search?q=accessible", `/handbooks/${handbook.slug}`, "/settings", "/admin"]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
});

test("the weekly e-mail's unsubscribe page, signed out, has no axe violations", async ({ page }) => {
  const member = await makeMember(db());
  await page.goto(`/unsubscribe/${await unsubscribeToken(db(), member.id)}`);
  await expectAccessible(page, "unsubscribe");
  await page.getByRole("button", { name: "Stop the weekly e-mail" }).click();
  await expect(page.getByRole("button", { name: "Send it again" })).toBeVisible();
  await expectAccessible(page, "unsubscribed");
  await page.goto("/unsubscribe/1.nonsense");
  await expectAccessible(page, "unsubscribe link that does not work");
});
