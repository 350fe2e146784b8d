import { PDFDocument, StandardFonts } from "pdf-lib";
import sharp from "sharp";
import { db, expect, test, waitForHydration, type Page } from "./fixtures";

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

interface FilePayload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** A one-page PDF whose Info dictionary names an author, as a word processor would write it. */
async function pdf(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([300, 200]).drawText(text, { x: 20, y: 100, size: 14, font });
  doc.setAuthor("Jane Author");
  return Buffer.from(await doc.save());
}

/** The files a member would pick, made afresh: a photo, a curriculum and its next version, a note; and ones that must be refused. */
async function sampleFiles() {
  const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: "#c03020" } })
    .jpeg()
    .toBuffer();
  return {
    photo: { name: "workshop.jpg", mimeType: "image/jpeg", buffer: photo },
    curriculum: { name: "curriculum.pdf", mimeType: "application/pdf", buffer: await pdf("Week 1: measuring and cutting") },
    curriculumV2: { name: "curriculum-v2.pdf", mimeType: "application/pdf", buffer: await pdf("Week 1: measuring, cutting and pricing") },
    extra: { name: "extra-notes.txt", mimeType: "text/plain", buffer: Buffer.from("Bring your own scissors.\n") },
    contacts: { name: "contacts.txt", mimeType: "text/plain", buffer: Buffer.from("For places, write to coordinator@example.org.\n") },
    // A web page named as text, and a Windows program named as a PDF: the content decides.
    htmlAsText: { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>") },
    programAsPdf: { name: "report.pdf", mimeType: "application/pdf", buffer: Buffer.concat([Buffer.from("MZ"), Buffer.alloc(510, 0x90)]) },
    tooLarge: { name: "scan.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20) },
  } satisfies Record<string, FilePayload>;
}

async function fillPractice(page: Page, title: string) {
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Summary").fill("A sewing cooperative that turns training into orders.");
  await page.getByLabel("Approach").fill("1. Six weeks of training.\n2. Orders from local schools.");
  await page.getByLabel("Vocational training").check();
}

const fileList = (page: Page) => page.getByRole("list", { name: "Files of this practice" });
/** A file's row by the file's name (the notes of other rows may name it too). */
const fileRow = (page: Page, name: string | RegExp) =>
  fileList(page)
    .getByRole("listitem")
    .filter({ has: page.getByText(name, { exact: true }) });

/** The id of a waiting upload, as the form carries it. */
async function pendingId(page: Page, name: string | RegExp) {
  return Number(await fileRow(page, name).locator('input[name="attachment"]').getAttribute("value"));
}

async function practiceAttachments(slug: string) {
  return db()
    .selectFrom("attachments")
    .innerJoin("practices", "practices.id", "attachments.practice_id")
    .select(["attachments.id", "attachments.name", "attachments.kind", "attachments.alt", "attachments.consent"])
    .where("practices.slug", "=", slug)
    .where("attachments.removed_at", "is", null)
    .where("attachments.purged_at", "is", null)
    .orderBy("attachments.position")
    .execute();
}

const slugOf = (page: Page) => decodeURIComponent(new URL(page.url()).pathname.split("/")[2]!);

async function giveAltAndConsent(page: Page, name: string | RegExp, alt: string) {
  const row = fileRow(page, name);
  await row.getByRole("textbox", { name: /^Alternative text/ }).fill(alt);
  await row.getByLabel("No person in this image can be recognised").check();
}

/** On the practice page: the image by its alternative text, the document by its name; their files as served. */
async function expectOnPracticePage(page: Page, { alt, document }: { alt: string; document: string }) {
  // Images may wait in a gallery the reader opens (a light page on a slow connection).
  const closed = page.getByRole("region", { name: "Files" }).locator("details:not([open]) > summary");
  if (await closed.count()) await closed.first().click();
  await expect(page.getByRole("img", { name: alt })).toBeVisible();
  await expect(page.getByRole("link", { name: document, exact: true })).toBeVisible();
}

test.describe("with JavaScript", () => {
  test("several files at once with progress, publish with alt text and consent, then replace and remove", async ({ page, signIn }) => {
    await signIn();
    const files = await sampleFiles();
    await page.goto("/practices/new");
    await waitForHydration(page);
    await expect(page.getByText("Up to 20 files, each at most 10 MB.")).toBeVisible();
    await expect(page.getByText(/^Left for you today: 60 files/)).toBeVisible();
    // The no-JavaScript button and its 40 MB note are for pages without the script.
    await expect(page.getByRole("button", { name: "Upload files" })).toHaveCount(0);
    const title = `Sewing cooperative ${unique()}`;
    await fillPractice(page, title);

    // Held until the progress bars and the waiting Publish button have been seen.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(
      (url) => url.pathname === "/attachments",
      async (route) => {
        await held;
        await route.continue();
      },
    );
    await page.getByLabel("Choose files").setInputFiles([files.photo, files.curriculum, files.extra]);
    await expect(page.getByRole("progressbar")).toHaveCount(3);
    await expect(page.getByRole("button", { name: "Publish" })).toBeDisabled();
    await expect(page.getByText("Wait until the files are uploaded")).toBeVisible();
    release();
    await expect(page.getByRole("progressbar")).toHaveCount(0);
    await page.unrouteAll();
    await expect(page.getByRole("button", { name: "Publish" })).toBeEnabled();

    const photo = fileRow(page, /^workshop\./);
    const thumb = photo.locator("img");
    await expect(thumb).toHaveAttribute("src", /^\/attachments\/\d+\/thumb$/);
    await expect(thumb).toHaveAttribute("width", /\d+/);
    await expect(thumb).toHaveAttribute("height", /\d+/);
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await expect(fileRow(page, "curriculum.pdf")).toContainText("PDF document");
    await expect(fileRow(page, "extra-notes.txt")).toContainText("not saved yet");

    // A waiting upload removed before saving is gone at once (and the form says so beforehand).
    await expect(page.getByText("Removing a file that is not saved yet deletes it at once")).toBeVisible();
    const extraId = await pendingId(page, "extra-notes.txt");
    await fileRow(page, "extra-notes.txt").getByRole("button", { name: "Remove" }).click();
    await expect(fileRow(page, "extra-notes.txt")).toHaveCount(0);
    const discarded = await db().selectFrom("attachments").select("purged_at").where("id", "=", extraId).executeTakeFirstOrThrow();
    expect(discarded.purged_at).not.toBeNull();

    const alt = "Three trainees cutting cloth at a long table";
    await giveAltAndConsent(page, /^workshop\./, alt);
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expectOnPracticePage(page, { alt, document: "curriculum.pdf" });
    const slug = slugOf(page);
    const attached = await practiceAttachments(slug);
    expect(attached.map((a) => [a.kind, a.name])).toEqual([
      ["image", expect.stringMatching(/^workshop/)],
      ["document", "curriculum.pdf"],
    ]);
    expect(attached[0]).toMatchObject({ alt, consent: "no_person" });

    // The files as served to this member: a download for the document, the re-encoded copy for the image.
    const document = await page.request.get(`/attachments/${attached[1]!.id}`);
    expect(document.status()).toBe(200);
    expect(document.headers()["content-type"]).toBe("application/pdf");
    expect(document.headers()["content-disposition"]).toMatch(/^attachment;.*curriculum\.pdf/);
    expect(document.headers()["x-content-type-options"]).toBe("nosniff");
    const served = await document.body();
    expect(served.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect((await PDFDocument.load(files.curriculum.buffer)).getAuthor()).toBe("Jane Author");
    expect((await PDFDocument.load(served, { updateMetadata: false })).getAuthor()).toBeUndefined();
    const image = await page.request.get(`/attachments/${attached[0]!.id}`);
    expect(image.status()).toBe(200);
    expect(image.headers()["content-type"]).toMatch(/^image\//);
    expect(image.headers()["content-disposition"] ?? "inline").not.toMatch(/^attachment/);

    // A moderator hid the photo meanwhile: its editor is told so, and may still take it off.
    await db().updateTable("attachments").set({ hidden_at: Date.now() }).where("id", "=", attached[0]!.id).execute();

    // Edit: the curriculum replaced by its next version, the photo taken off.
    await page.getByRole("link", { name: "Edit" }).click();
    await waitForHydration(page);
    await expect(fileRow(page, /^workshop\./)).toContainText("Hidden by a moderator");
    await expect(fileRow(page, /^workshop\./).getByRole("textbox", { name: /^Alternative text/ })).toHaveValue(alt);
    await fileRow(page, "curriculum.pdf").getByLabel("Replace “curriculum.pdf” with…").setInputFiles(files.curriculumV2);
    await expect(fileRow(page, "curriculum-v2.pdf")).toContainText("Takes the place of “curriculum.pdf” when you save.");
    await expect(fileRow(page, "curriculum.pdf")).toContainText("“curriculum-v2.pdf” takes its place when you save.");
    await fileRow(page, /^workshop\./)
      .getByLabel("Remove when saving")
      .check();
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(page.getByRole("link", { name: "curriculum-v2.pdf", exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: "curriculum.pdf", exact: true })).toHaveCount(0);
    // Counted in the markup, not on screen: a closed gallery hides its images as well.
    await expect(page.getByAltText(alt, { exact: true })).toHaveCount(0);
    expect((await practiceAttachments(slug)).map((a) => a.name)).toEqual(["curriculum-v2.pdf"]);
  });

  test("a refused file says why in its row, and what was typed stays", async ({ page, signIn }) => {
    const member = await signIn();
    const files = await sampleFiles();
    await page.goto("/practices/new");
    await waitForHydration(page);
    const title = `Refused files ${unique()}`;
    await fillPractice(page, title);
    const sent: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST" && new URL(request.url()).pathname === "/attachments") sent.push(request.url());
    });

    await page.getByLabel("Choose files").setInputFiles([files.htmlAsText, files.programAsPdf, files.tooLarge]);
    await expect(fileRow(page, "notes.txt").getByRole("alert")).toContainText("Web pages, SVG and other markup cannot be attached");
    await expect(fileRow(page, "report.pdf").getByRole("alert")).toContainText("This is a program, not a document, and cannot be attached.");
    // Too large is said before anything is sent.
    await expect(fileRow(page, "scan.pdf").getByRole("alert")).toContainText("This file is larger than 10 MB");
    expect(sent).toHaveLength(2);
    await expect(page.getByLabel("Title")).toHaveValue(title);
    await expect(page.getByLabel("Approach")).toHaveValue("1. Six weeks of training.\n2. Orders from local schools.");
    const kept = await db().selectFrom("attachments").select("id").where("uploader_id", "=", member.id).execute();
    expect(kept).toHaveLength(0);
    await fileRow(page, "scan.pdf").getByRole("button", { name: "Dismiss" }).click();
    await expect(fileRow(page, "scan.pdf")).toHaveCount(0);

    // The privacy check reads the text of documents too: its findings are shown under the file.
    await page.getByLabel("Choose files").setInputFiles(files.contacts);
    await expect(fileRow(page, "contacts.txt")).toContainText("not saved yet");
    await page.getByRole("button", { name: "Preview" }).click();
    const findings = fileRow(page, "contacts.txt").locator(".attachments-field-findings");
    await expect(findings).toContainText("In “contacts.txt”:");
    await expect(findings.getByText("E-mail address", { exact: true })).toBeVisible();

    // The session ends while writing: the upload says so, and the form stays as it was.
    await db().deleteFrom("sessions").where("user_id", "=", member.id).execute();
    await page.getByLabel("Choose files").setInputFiles(files.extra);
    await expect(fileRow(page, "extra-notes.txt").getByRole("alert")).toContainText("Your session has ended, so the file was not uploaded.");
    await expect(page).toHaveURL(/\/practices\/new$/);
    await expect(page.getByLabel("Title")).toHaveValue(title);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("upload with the form, publish only with alt text and consent, then replace and remove", async ({ page, signIn }) => {
    await signIn();
    const files = await sampleFiles();
    await page.goto("/practices/new");
    await expect(page.getByText("Without JavaScript, one save carries at most 40 MB of files")).toBeVisible();
    const title = `Tailoring workshop ${unique()}`;
    await fillPractice(page, title);
    await page.getByLabel("Choose files").setInputFiles([files.photo, files.curriculum, files.extra, files.htmlAsText]);
    await page.getByRole("button", { name: "Upload files" }).click();

    const refused = page.getByRole("alert").filter({ hasText: "These files were not attached:" });
    await expect(refused).toContainText("notes.txt: Web pages, SVG and other markup cannot be attached");
    await expect(page.getByLabel("Title")).toHaveValue(title);
    await expect(fileRow(page, /^workshop\./)).toContainText("not saved yet");
    await expect(fileRow(page, /^workshop\./).locator("img")).toHaveAttribute("src", /^\/attachments\/\d+\/thumb$/);
    await expect(fileRow(page, "curriculum.pdf")).toContainText("PDF document");
    await fileRow(page, "extra-notes.txt").getByLabel("Remove when saving").check();
    const extraId = await pendingId(page, "extra-notes.txt");

    // Publishing waits for the image's alternative text and consent; nothing typed or uploaded is lost.
    const refusedPublish = page.waitForResponse((r) => r.request().method() === "POST");
    await page.getByRole("button", { name: "Publish" }).click();
    expect((await refusedPublish).status()).toBe(400);
    await expect(page.getByText("Please correct the highlighted fields.")).toBeVisible();
    const photo = fileRow(page, /^workshop\./);
    await expect(photo.getByRole("textbox", { name: /^Alternative text/ })).toHaveAttribute("aria-invalid", "true");
    await expect(photo.getByText("Describe the image for someone who cannot see it.")).toBeVisible();
    await expect(photo.getByText("Confirm that nobody can be recognised in the image, or that consent was recorded.")).toBeVisible();
    await expect(page.getByRole("link", { name: /^Alternative text of “workshop/ })).toBeVisible();
    await expect(page.getByLabel("Title")).toHaveValue(title);
    await expect(page.getByLabel("Approach")).toHaveValue("1. Six weeks of training.\n2. Orders from local schools.");
    await expect(fileRow(page, "curriculum.pdf")).toBeVisible();
    await expect(fileRow(page, "extra-notes.txt").getByLabel("Remove when saving")).toBeChecked();

    const alt = "A tailor's table with chalk and a measuring tape";
    await giveAltAndConsent(page, /^workshop\./, alt);
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expectOnPracticePage(page, { alt, document: "curriculum.pdf" });
    const slug = slugOf(page);
    expect((await practiceAttachments(slug)).map((a) => a.kind)).toEqual(["image", "document"]);
    const extra = await db().selectFrom("attachments").select(["practice_id", "purged_at"]).where("id", "=", extraId).executeTakeFirstOrThrow();
    expect(extra.practice_id).toBeNull();
    expect(extra.purged_at).not.toBeNull();

    // Edit: replace the curriculum and take the photo off, in one save.
    await page.getByRole("link", { name: "Edit" }).click();
    await fileRow(page, "curriculum.pdf").getByLabel("Replace “curriculum.pdf” with…").setInputFiles(files.curriculumV2);
    await fileRow(page, /^workshop\./)
      .getByLabel("Remove when saving")
      .check();
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(page.getByRole("link", { name: "curriculum-v2.pdf", exact: true })).toBeVisible();
    // Counted in the markup, not on screen: a closed gallery hides its images as well.
    await expect(page.getByAltText(alt, { exact: true })).toHaveCount(0);
    expect((await practiceAttachments(slug)).map((a) => a.name)).toEqual(["curriculum-v2.pdf"]);
  });
});
