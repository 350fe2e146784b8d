import { addChapter, addEntry, createHandbook, createNextEdition, repinEntry, setHandbookStatus } from "../../app/models/handbook.server";
import { getPracticeBySlug, updatePractice, writeUpOf } from "../../app/models/practice.server";
import { makePractice } from "../factories";
import { db, expect, makeMember, makeOrganisation, test } from "./fixtures";

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("a curator compares editions from the curate page and picks another edition", async ({ page, signIn }) => {
    const curator = await signIn({ role: "curator" });
    const org = await makeOrganisation(db());
    const author = await makeMember(db(), { organisationId: org.id });
    const title = `Truck stop outreach ${unique()}`;
    const practice = await makePractice(db(), { authorId: author.id, organisationId: org.id, writeUp: { title, outcomes: "Forty girls reached." } });
    const handbookTitle = `Compare test ${unique()}`;
    const first = await createHandbook(db(), { title: handbookTitle, edition: 1, language: "en", introMd: "", createdBy: curator.id });
    const chapter = await addChapter(db(), { handbookId: first.id, title: "Meeting primary needs", introMd: "" });
    await addEntry(db(), { chapterId: chapter, practiceId: practice.id, revisionNumber: 1, note: "", addedBy: curator.id });
    await setHandbookStatus(db(), { id: first.id, status: "published" });

    // Edition 2 re-pins the practice after its outcomes changed; edition 3 changes nothing.
    const second = await createNextEdition(db(), { handbookId: first.id, createdBy: curator.id });
    const source = (await getPracticeBySlug(db(), { slug: practice.slug }))!;
    await updatePractice(db(), {
      id: source.id,
      editorId: author.id,
      writeUp: { ...writeUpOf(source), outcomes: "Sixty girls reached." },
      meta: { language: "en", themes: source.themes, countries: source.countries },
      publish: true,
    });
    const entry = await db()
      .selectFrom("handbook_entries")
      .innerJoin("handbook_chapters", "handbook_chapters.id", "handbook_entries.chapter_id")
      .select("handbook_entries.id")
      .where("handbook_chapters.handbook_id", "=", second.id)
      .executeTakeFirstOrThrow();
    await repinEntry(db(), { entryId: entry.id });
    await setHandbookStatus(db(), { id: second.id, status: "published" });
    const third = await createNextEdition(db(), { handbookId: second.id, createdBy: curator.id });

    await page.goto(`/handbooks/${third.slug}/curate`);
    await page.getByRole("link", { name: "Compare with edition 2" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Changes from edition 2 to edition 3" })).toBeVisible();
    await expect(page.getByText("Nothing changed between these two editions.")).toBeVisible();

    await page.getByLabel("Compare with").selectOption({ label: `${handbookTitle} (edition 1) · published` });
    await page.getByRole("button", { name: "Compare" }).click();
    await expect(page).toHaveURL(new RegExp(`/handbooks/${third.slug}/compare\\?with=${first.slug}$`));
    await expect(page.getByRole("heading", { level: 2, name: "Changes from edition 1 to edition 3" })).toBeVisible();
    await expect(page.getByText("Re-pinned from revision 1 to revision 2.")).toBeVisible();
    await expect(page.locator("del", { hasText: "Forty" })).toBeVisible();
    await expect(page.locator("ins", { hasText: "Sixty" })).toBeVisible();
  });
});
