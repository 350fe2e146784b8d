import { execFileSync } from "node:child_process";
import fs from "node:fs";
import type { Page } from "@playwright/test";
import { addChapter, addEntry, createHandbook, setHandbookStatus } from "../../app/models/handbook.server";
import { makePractice } from "../factories";
import { db, expect, makeMember, makeOrganisation, test } from "./fixtures";

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/** A published Nepali handbook with one Nepali entry. */
async function nepaliHandbook() {
  const org = await makeOrganisation(db(), { name: `Kathmandu Network ${unique()}`, country: "NP" });
  const author = await makeMember(db(), { organisationId: org.id });
  const curator = await makeMember(db(), { role: "curator" });
  const title = `खुला सिमानामा निगरानी ${unique()}`;
  const practice = await makePractice(db(), {
    authorId: author.id,
    organisationId: org.id,
    writeUp: { title, outcomes: "सिमानामा निगरानी बिन्दुहरूले धेरै किशोरीहरूलाई सुरक्षित राखे।" },
    meta: { language: "ne", countries: ["NP"] },
  });
  const handbook = await createHandbook(db(), { title: `सिमाना पुस्तिका ${unique()}`, edition: 1, language: "ne", introMd: "", createdBy: curator.id });
  const chapterId = await addChapter(db(), { handbookId: handbook.id, title: "सुरक्षा", introMd: "" });
  await addEntry(db(), { chapterId, practiceId: practice.id, revisionNumber: 1, note: "", addedBy: curator.id });
  await setHandbookStatus(db(), { id: handbook.id, status: "published" });
  return { handbook, practice: { ...practice, title } };
}

/** Clicks a download link: the file is made while the page says so, then the download starts by itself. */
async function downloadFrom(page: Page, link: RegExp) {
  const started = page.waitForEvent("download", { timeout: 60_000 });
  await page.getByRole("link", { name: link }).click();
  const download = await started;
  return { name: download.suggestedFilename(), bytes: fs.readFileSync((await download.path())!) };
}

for (const javaScriptEnabled of [false, true]) {
  test.describe(`JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled, acceptDownloads: true });

    test("a member downloads an edition as a PDF and an EPUB", async ({ page, signIn }) => {
      const { handbook, practice } = await nepaliHandbook();
      await signIn();
      await page.goto(`/handbooks/${handbook.slug}`);
      const pdf = await downloadFrom(page, /^PDF \(A4\)$/);
      expect(pdf.name).toMatch(/-edition-1-ne\.pdf$/);
      // The page the link led to said what was happening while the file was made.
      await expect(page.getByRole("status")).toContainText(/ready|prepared|next in line/);
      expect(execFileSync("pdftotext", ["-enc", "UTF-8", "-", "-"], { input: pdf.bytes, encoding: "utf8" })).toContain(practice.title);

      await page.goto(`/handbooks/${handbook.slug}`);
      const epub = await downloadFrom(page, /^EPUB/);
      expect(epub.name).toMatch(/-edition-1-ne\.epub$/);
      expect(epub.bytes.subarray(30, 58).toString()).toBe("mimetypeapplication/epub+zip");
    });
  });
}
