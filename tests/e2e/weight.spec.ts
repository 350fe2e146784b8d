import type { Page } from "@playwright/test";
import { addChapter, addEntry, createHandbook } from "../../app/models/handbook.server";
import { createComment } from "../../app/models/comment.server";
import { makePractice } from "../factories";
import { db, expect, makeMember, makeOrganisation, test } from "./fixtures";

const KB = 1024;

/**
 * Bytes transferred (compressed, as on the wire) for a first load with an empty cache,
 * split into the document + stylesheets and everything including JavaScript.
 */
async function firstLoad(page: Page, path: string) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const types = new Map<string, string>();
  const sizes = new Map<string, number>();
  cdp.on("Network.responseReceived", (e) => types.set(e.requestId, e.type));
  cdp.on("Network.loadingFinished", (e) => sizes.set(e.requestId, e.encodedDataLength));
  await page.goto(path, { waitUntil: "networkidle" });
  let htmlCss = 0;
  let total = 0;
  for (const [id, size] of sizes) {
    total += size;
    const type = types.get(id);
    if (type === "Document" || type === "Stylesheet") htmlCss += size;
  }
  const scripts = [...types.values()].filter((t) => t === "Script").length;
  await cdp.detach();
  return { htmlCss, total, scripts };
}

test("every page's first load stays within the weight budget for slow connections", async ({ page, signIn }) => {
  const org = await makeOrganisation(db());
  const author = await makeMember(db(), { organisationId: org.id });
  const practice = await makePractice(db(), { authorId: author.id, organisationId: org.id, writeUp: { title: `Weighed practice ${Date.now()}` } });
  for (let i = 0; i < 50; i++) await createComment(db(), { practiceId: practice.id, authorId: author.id, bodyMd: `Comment number ${i} with **a little** Markdown.` });
  const handbook = await createHandbook(db(), { title: `Weighed handbook ${Date.now()}`, edition: 1, language: "en", introMd: "", createdBy: author.id });
  const chapter = await addChapter(db(), { handbookId: handbook.id, title: "Chapter", introMd: "" });
  await addEntry(db(), { chapterId: chapter, practiceId: practice.id, revisionNumber: 1, note: "", addedBy: author.id });
  await signIn({ role: "curator" });
  for (const path of ["/", "/practices", `/practices/${practice.slug}`, "/search?q=weighed", `/handbooks/${handbook.slug}`, "/practices/new", "/settings"]) {
    const weight = await firstLoad(page, path);
    expect(weight.htmlCss, `${path}: HTML + CSS ${weight.htmlCss} bytes`).toBeLessThanOrEqual(50 * KB);
    expect(weight.total, `${path}: everything ${weight.total} bytes`).toBeLessThanOrEqual(150 * KB);
    expect(weight.scripts, path).toBeGreaterThan(0);
  }
  const print = await firstLoad(page, `/handbooks/${handbook.slug}/print`);
  expect(print.scripts).toBe(0);
  expect(print.htmlCss).toBeLessThanOrEqual(50 * KB);
});
