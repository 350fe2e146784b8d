import type { Page } from "@playwright/test";
import sharp from "sharp";
import { storePendingAttachment } from "../../app/models/attachment.server";
import { addChapter, addEntry, createHandbook } from "../../app/models/handbook.server";
import { createComment } from "../../app/models/comment.server";
import { createPractice } from "../../app/models/practice.server";
import { saveItem } from "../../app/models/saved.server";
import { prepareAttachment } from "../../app/utils/attachments/prepare.server";
import { makePractice, sampleWriteUp } from "../factories";
import { db, expect, makeMember, makeOrganisation, test } from "./fixtures";

const KB = 1024;

/**
 * A phone photo's weight, through the app's own cleaning: noise compresses about as badly as
 * the detail of a real photo, so the display copy and thumbnail weigh what a real photo's do.
 */
async function photo(name: string) {
  const source = await sharp({ create: { width: 1400, height: 1050, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 48 } } })
    .jpeg({ quality: 92 })
    .toBuffer();
  expect(source.byteLength).toBeGreaterThan(800 * KB);
  const prepared = await prepareAttachment(source, name);
  if (!prepared.ok || prepared.kind !== "image") throw new Error(`${name} was not kept as an image`);
  return prepared;
}

/** A published practice carrying six photos and an intake form. */
async function illustratedPractice(authorId: number, organisationId: number) {
  const photos = await Promise.all([1, 2, 3, 4, 5, 6].map(async (n) => storePendingAttachment(db(), { uploaderId: authorId, file: await photo(`workshop-${n}.jpg`) })));
  const text = "Intake: first name only.\n";
  const form = await storePendingAttachment(db(), { uploaderId: authorId, file: { kind: "document", type: "txt", name: "intake.txt", file: new TextEncoder().encode(text), text } });
  const practice = await createPractice(db(), {
    authorId,
    organisationId,
    publish: true,
    writeUp: sampleWriteUp({ title: `Illustrated practice ${Date.now()}` }),
    meta: { language: "en", themes: ["children-families"], countries: ["IN"] },
    attachments: { add: [...photos, form], remove: [], discard: [], images: new Map(photos.map((id, i) => [id, { alt: `Workshop, table ${i + 1}`, consent: "no_person" as const }])) },
  });
  return { practice, photos };
}

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

// A first visit has no service worker yet. Once one is installed it answers documents itself,
// which the network panel counts as nothing; its own fetches are the offline copies, measured
// by their budget (tests/offline.test.ts), not here.
test.use({ serviceWorkers: "block" });

test("every page's first load stays within the weight budget for slow connections", async ({ page, signIn }) => {
  const org = await makeOrganisation(db());
  const author = await makeMember(db(), { organisationId: org.id });
  const practice = await makePractice(db(), { authorId: author.id, organisationId: org.id, writeUp: { title: `Weighed practice ${Date.now()}` } });
  for (let i = 0; i < 50; i++) await createComment(db(), { practiceId: practice.id, authorId: author.id, bodyMd: `Comment number ${i} with **a little** Markdown.` });
  const handbook = await createHandbook(db(), { title: `Weighed handbook ${Date.now()}`, edition: 1, language: "en", introMd: "", createdBy: author.id });
  const chapter = await addChapter(db(), { handbookId: handbook.id, title: "Chapter", introMd: "" });
  await addEntry(db(), { chapterId: chapter, practiceId: practice.id, revisionNumber: 1, note: "", addedBy: author.id });
  const illustrated = await illustratedPractice(author.id, org.id);
  await addEntry(db(), { chapterId: chapter, practiceId: illustrated.practice.id, revisionNumber: 1, note: "", addedBy: author.id });
  const weigher = await signIn({ role: "curator" });
  for (const saved of [practice, illustrated.practice]) await saveItem(db(), { userId: weigher.id, practiceId: saved.id, revisionNumber: 1 });
  await saveItem(db(), { userId: weigher.id, handbookId: handbook.id });
  for (const path of [
    "/",
    "/practices",
    `/practices/${practice.slug}`,
    `/practices/${illustrated.practice.slug}`,
    "/search?q=weighed",
    `/handbooks/${handbook.slug}`,
    "/practices/new",
    "/settings",
    "/saved",
  ]) {
    const weight = await firstLoad(page, path);
    console.log(`first load of ${path}: HTML + CSS ${(weight.htmlCss / KB).toFixed(1)} KB, everything ${(weight.total / KB).toFixed(1)} KB`);
    expect(weight.htmlCss, `${path}: HTML + CSS ${weight.htmlCss} bytes`).toBeLessThanOrEqual(50 * KB);
    expect(weight.total, `${path}: everything ${weight.total} bytes`).toBeLessThanOrEqual(150 * KB);
    expect(weight.scripts, path).toBeGreaterThan(0);
  }

  // The photos are there, sized before they load, from the app alone: thumbnails, once the reader opens the gallery.
  await page.goto(`/practices/${illustrated.practice.slug}`);
  const loaded: string[] = [];
  page.on("requestfinished", (request) => {
    if (request.resourceType() === "image") loaded.push(request.url());
  });
  await page.getByText("Show the 6 images").click();
  const thumbnails = page.getByRole("list", { name: "Images" }).getByRole("img");
  await expect(thumbnails).toHaveCount(6);
  for (const [i, id] of illustrated.photos.entries()) {
    const img = thumbnails.nth(i);
    await expect(img).toHaveAccessibleName(`Workshop, table ${i + 1}`);
    await expect(img).toHaveAttribute("loading", "lazy");
    await expect(img).toHaveAttribute("src", `/attachments/${id}/thumb`);
    await expect(img).toHaveAttribute("srcset", new RegExp(`^/attachments/${id}/thumb 480w, /attachments/${id} 1400w$`));
    await expect(img).toHaveAttribute("width", "480");
    await expect(img).toHaveAttribute("height", "360");
    await expect(page.getByRole("link", { name: `Workshop, table ${i + 1}` })).toHaveAttribute("href", `/attachments/${id}`);
  }
  await thumbnails.last().scrollIntoViewIfNeeded();
  await expect.poll(() => thumbnails.evaluateAll((imgs) => imgs.every((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0))).toBe(true);
  const origin = new URL(page.url()).origin;
  for (const url of loaded) expect(new URL(url).origin).toBe(origin);
  expect(loaded.filter((url) => url.includes("/attachments/")).sort()).toEqual(illustrated.photos.map((id) => `${origin}/attachments/${id}/thumb`).sort());

  const print = await firstLoad(page, `/handbooks/${handbook.slug}/print`);
  expect(print.scripts).toBe(0);
  expect(print.htmlCss).toBeLessThanOrEqual(50 * KB);
});
