import { readFileSync } from "node:fs";
import path from "node:path";
import { strToU8, zipSync } from "fflate";
import type { Kysely } from "kysely";
import { PDFDocument, StandardFonts } from "pdf-lib";
import sharp from "sharp";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import { ATTACHMENT_LIMITS, IMAGE_SIZES } from "../app/domain/attachment";
import { storePendingAttachment, type StorableAttachment } from "../app/models/attachment.server";
import { createFlag, resolveFlag } from "../app/models/flag.server";
import { createPractice, getPracticeBySlug, setPracticeAudience } from "../app/models/practice.server";
import { loader as fileLoader } from "../app/routes/attachments.$id.($variant)";
import { action as uploadAction } from "../app/routes/attachments._index";
import { action as editAction, loader as editLoader } from "../app/routes/practices.$slug.edit";
import { loader as practiceLoader } from "../app/routes/practices.$slug._index/route";
import { action as newAction } from "../app/routes/practices.new";
import { createRequestContext } from "../app/server/context";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makeOrganisation, makeSignedIn, sampleWriteUp } from "./factories";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

/** The files tests/fixtures/attachments/make-fixtures.ts writes: real formats, carrying names, GPS and authors. */
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(__dirname, "fixtures", "attachments", name)));

const XMP = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Asha Gurung</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>`;
/** A phone photo larger than the display size, with its author in EXIF and XMP and a GPS position. */
const largePhoto = async () =>
  new Uint8Array(
    await sharp({ create: { width: 2400, height: 1800, channels: 3, background: "#3a6" } })
      .jpeg()
      .withExif({ IFD0: { Artist: "Asha Gurung" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "27/1 42/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "85/1 19/1 0/1" } })
      .withXmp(XMP)
      .toBuffer(),
  );
const smallJpeg = async (background = "#c00") =>
  new Uint8Array(
    await sharp({ create: { width: 40, height: 30, channels: 3, background } })
      .jpeg()
      .toBuffer(),
  );

const DOCX_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const DOCX_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;
const docxBody = (paragraphs: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${p}</w:t></w:r></w:p>`).join("")}</w:body></w:document>`;
/** A Word document with these paragraphs (the smallest one Word opens). */
const docx = (paragraphs: string[]) => zipSync({ "[Content_Types].xml": strToU8(DOCX_TYPES), "_rels/.rels": strToU8(DOCX_RELS), "word/document.xml": strToU8(docxBody(paragraphs)) });
async function pdf(lines: string[]) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 20, size: 12, font }));
  doc.setAuthor("Asha Gurung");
  return doc.save();
}
const PLAIN = ["Intake form: ask for the first name only.", "Two carers, a rented room, donated beds."];

const file = (bytes: Uint8Array | string, name: string, type = "application/octet-stream") => new File([new Uint8Array(typeof bytes === "string" ? strToU8(bytes) : bytes)], name, { type });

/** A multipart POST to a route's action, as a browser sends a form with files. */
async function send(
  fn: (args: never) => unknown,
  { cookie, path: url, params = {}, fields = {}, files = [] }: { cookie: string; path: string; params?: Record<string, string>; fields?: Record<string, string | string[]>; files?: [string, File][] },
) {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  for (const [key, f] of files) body.append(key, f);
  const request = new Request(`http://localhost${url}`, { method: "POST", headers: { Cookie: cookie }, body });
  try {
    const result = await (fn as (args: unknown) => unknown)({ request, params, context: createRequestContext(db, { clientIp: "127.0.0.1" }) });
    return result instanceof Response ? result : Response.json(result);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
const upload = (cookie: string, f: File, fields: Record<string, string> = {}) =>
  send(uploadAction, { cookie, path: "/attachments?index", fields: { intent: "upload", ...fields }, files: [["file", f]] });
const fetchFile = (cookie: string, id: number, { variant, headers }: { variant?: "thumb"; headers?: Record<string, string> } = {}) =>
  call(fileLoader, { db, cookie, path: `/attachments/${id}${variant ? `/${variant}` : ""}`, params: variant ? { id: String(id), variant } : { id: String(id) }, headers });
const bytesOf = async (response: Response) => new Uint8Array(await response.arrayBuffer());
const variantsOf = async (id: number) => (await db.selectFrom("attachment_files").select("variant").where("attachment_id", "=", id).orderBy("variant").execute()).map((r) => r.variant);

const writeUpFields = (overrides: Record<string, string | string[]> = {}) => ({ ...sampleWriteUp(), language: "en", themes: ["vocational-training"], countries: ["NP"], ...overrides });
const slugOf = (response: Response) => response.headers.get("Location")!.split("?")[0]!.split("/").at(-1)!;
const asList = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

describe("the upload endpoint (with JavaScript)", () => {
  it("keeps a JPEG as a waiting upload, re-encoded: only its uploader fetches it, and discarding it removes its bytes", async () => {
    const member = await makeSignedIn(db);
    const other = await makeSignedIn(db, { organisationId: member.organisationId });
    const response = await upload(member.cookie, file(await largePhoto(), "workshop.jpg", "image/jpeg"));
    expect(response.status).toBe(200);
    const { attachment } = await response.json();
    expect(attachment).toMatchObject({ kind: "image", type: "jpeg", name: "workshop.jpg", consent: null, replaces: null, alt: "" });
    // 2400 × 1800 as taken; its longest side brought down to the display size.
    expect([attachment.width, attachment.height]).toEqual([IMAGE_SIZES.display, 1200]);
    expect(Math.max(attachment.thumbWidth, attachment.thumbHeight)).toBeLessThanOrEqual(IMAGE_SIZES.thumb);
    // Only the re-encoded copies are kept: nothing of the upload as it came.
    expect(await variantsOf(attachment.id)).toEqual(["display", "thumb"]);
    const row = await db.selectFrom("attachments").select(["practice_id", "uploader_id"]).where("id", "=", attachment.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ practice_id: null, uploader_id: member.id });

    const own = await fetchFile(member.cookie, attachment.id);
    expect(own.status).toBe(200);
    const served = await sharp(await bytesOf(own)).metadata();
    expect(Math.max(served.width!, served.height!)).toBeLessThanOrEqual(IMAGE_SIZES.display);
    expect((await fetchFile(member.cookie, attachment.id, { variant: "thumb" })).status).toBe(200);
    expect((await fetchFile(other.cookie, attachment.id)).status).toBe(404);
    expect((await fetchFile(other.cookie, attachment.id, { variant: "thumb" })).status).toBe(404);

    // Someone else cannot take it back; its uploader can, and its bytes go at once.
    expect((await send(uploadAction, { cookie: other.cookie, path: "/attachments?index", fields: { intent: "discard", id: String(attachment.id) } })).status).toBe(404);
    const discarded = await send(uploadAction, { cookie: member.cookie, path: "/attachments?index", fields: { intent: "discard", id: String(attachment.id) } });
    expect(discarded.status).toBe(200);
    expect(await discarded.json()).toEqual({ discarded: attachment.id });
    expect(await variantsOf(attachment.id)).toEqual([]);
    expect((await fetchFile(member.cookie, attachment.id)).status).toBe(404);
  });

  it("refuses what is not what it says it is, or is too much, each with its reason", async () => {
    const member = await makeSignedIn(db);
    const refusals: [File, string, number][] = [
      [file(fixture("renamed/report.pdf"), "report.pdf", "application/pdf"), "executable", 400],
      [file(fixture("renamed/photo.png"), "photo.png", "image/png"), "markup", 400],
      [file(fixture("renamed/notes.txt"), "notes.txt", "text/plain"), "markup", 400],
      [file(fixture("cleanup.sh"), "cleanup.txt", "text/plain"), "script", 400],
      [file(fixture("macro.docm"), "plan.docm"), "macro", 400],
      // Named .docx, and its content types say so, but it carries a VBA project.
      [file(fixture("hidden-macro.docx"), "plan.docx"), "macro", 400],
      [file(fixture("bomb.docx"), "curriculum.docx"), "zipBomb", 400],
      // Its directory says 2 KB; it inflates to 48 MB.
      [file(fixture("bomb-lying.docx"), "curriculum.docx"), "zipBomb", 400],
      [file(fixture("archive.zip"), "resources.zip", "application/zip"), "archive", 400],
      [file(fixture("photo.heic"), "photo.heic", "image/heic"), "heic", 400],
      [file(new Uint8Array(0), "empty.txt", "text/plain"), "empty", 400],
      [file(new Uint8Array(ATTACHMENT_LIMITS.fileBytes + 1), "scan.pdf", "application/pdf"), "tooLarge", 413],
    ];
    const got = [];
    for (const [f] of refusals) {
      const response = await upload(member.cookie, f);
      got.push([f.name, (await response.json()).refusal?.reason, response.status]);
    }
    expect(got).toEqual(refusals.map(([f, reason, status]) => [f.name, reason, status]));
    // Nothing of any of them was kept.
    expect(await db.selectFrom("attachment_files").select("attachment_id").execute()).toEqual([]);
    expect(await db.selectFrom("attachments").select("id").execute()).toEqual([]);
  });

  it("refuses the 21st file of a practice, counting those the form already lists", async () => {
    const author = await makeSignedIn(db);
    const ids = [];
    for (let i = 0; i < ATTACHMENT_LIMITS.perPractice; i++) ids.push(await storePendingAttachment(db, { uploaderId: author.id, file: textFile(`sheet-${i}.txt`) }));
    const practice = await createPractice(db, {
      authorId: author.id,
      organisationId: author.organisationId,
      writeUp: sampleWriteUp(),
      meta: { language: "en", themes: ["children-families"], countries: ["IN"] },
      publish: true,
      attachments: { add: ids, remove: [], discard: [], images: new Map() },
    });
    const onPractice = await upload(author.cookie, file("One more sheet.\n", "more.txt", "text/plain"), { practice: practice.slug });
    expect(onPractice.status).toBe(400);
    expect((await onPractice.json()).refusal).toEqual({ name: "more.txt", reason: "tooMany" });
    // A replacement takes a place already counted.
    const replacing = await upload(author.cookie, file("A better sheet.\n", "better.txt", "text/plain"), { practice: practice.slug, replaces: String(ids[0]) });
    expect(replacing.status).toBe(200);
    expect((await replacing.json()).attachment).toMatchObject({ name: "better.txt", replaces: ids[0] });
    // A new practice whose form lists twenty waiting uploads already.
    const listed = await upload(author.cookie, file("One more sheet.\n", "more.txt", "text/plain"), { listed: String(ATTACHMENT_LIMITS.perPractice) });
    expect(listed.status).toBe(400);
    expect((await listed.json()).refusal.reason).toBe("tooMany");
  });

  it("refuses an upload past the day's quota with 429", async () => {
    const member = await makeSignedIn(db);
    for (let i = 0; i < ATTACHMENT_LIMITS.dailyFiles; i++) await storePendingAttachment(db, { uploaderId: member.id, file: textFile(`note-${i}.txt`) });
    const response = await upload(member.cookie, file(await smallJpeg(), "one-more.jpg", "image/jpeg"));
    expect(response.status).toBe(429);
    expect((await response.json()).refusal).toEqual({ name: "one-more.jpg", reason: "quota" });
    // A day later the allowance is back.
    await db
      .updateTable("attachments")
      .set({ created_at: Date.now() - 25 * 60 * 60 * 1000 })
      .execute();
    expect((await upload(member.cookie, file(await smallJpeg(), "one-more.jpg", "image/jpeg"))).status).toBe(200);
  });
});

const textFile = (name: string): StorableAttachment => ({ kind: "document", type: "txt", name, file: strToU8("A sheet.\n"), text: "A sheet." });

describe("whose files a form may attach", () => {
  it("attaches only the member's own waiting uploads, uploads for a practice only its editors, and no more than 20", async () => {
    const member = await makeSignedIn(db);
    const stranger = await makeSignedIn(db);
    const theirs = await storePendingAttachment(db, { uploaderId: stranger.id, file: textFile("their-notes.txt") });
    const saved = await send(newAction, { cookie: member.cookie, path: "/practices/new", fields: writeUpFields({ intent: "publish", attachment: String(theirs) }) });
    expect(saved.status).toBe(302);
    const practice = (await getPracticeBySlug(db, { slug: slugOf(saved) }))!;
    expect(await db.selectFrom("attachments").select("id").where("practice_id", "=", practice.id).execute()).toEqual([]);
    expect(await db.selectFrom("attachments").select(["practice_id", "uploader_id"]).where("id", "=", theirs).executeTakeFirstOrThrow()).toEqual({ practice_id: null, uploader_id: stranger.id });
    // Nor takes them back.
    expect((await send(uploadAction, { cookie: member.cookie, path: "/attachments?index", fields: { intent: "discard", id: String(theirs) } })).status).toBe(404);

    // Uploading for another organisation's practice is uploading for a practice that, for them, does not exist.
    const forTheirs = await upload(stranger.cookie, file("A sheet.\n", "sheet.txt", "text/plain"), { practice: practice.slug });
    expect(forTheirs.status).toBe(404);
    // A curator edits published practices, but not one addressed to others than them: for them it does not exist.
    const curator = await makeSignedIn(db, { role: "curator" });
    await setPracticeAudience(db, { id: practice.id, audience: { audience: "organisation", groupId: null } });
    expect((await upload(curator.cookie, file("A sheet.\n", "sheet.txt", "text/plain"), { practice: practice.slug })).status).toBe(404);
    await setPracticeAudience(db, { id: practice.id, audience: { audience: "all", groupId: null } });
    expect((await upload(curator.cookie, file("A sheet.\n", "sheet.txt", "text/plain"), { practice: practice.slug })).status).toBe(200);

    const ids = [];
    for (let i = 0; i <= ATTACHMENT_LIMITS.perPractice; i++) ids.push(String(await storePendingAttachment(db, { uploaderId: member.id, file: textFile(`sheet-${i}.txt`) })));
    const tooMany = await send(newAction, { cookie: member.cookie, path: "/practices/new", fields: writeUpFields({ intent: "draft", title: "Twenty-one sheets", attachment: ids }) });
    expect(tooMany.status).toBe(400);
    const body = await tooMany.json();
    expect(body.errors.attachments).toEqual({ key: "attachment.refused.tooMany", params: { max: ATTACHMENT_LIMITS.perPractice } });
    expect(body.attachments.pending).toHaveLength(ATTACHMENT_LIMITS.perPractice + 1);
    expect(await db.selectFrom("practices").select("id").where("title", "=", "Twenty-one sheets").execute()).toEqual([]);
  });
});

describe("the practice form with JavaScript", () => {
  it("a file uploaded to replace another takes its place on saving, and one taken back before saving is discarded", async () => {
    const { author, practice, image, document } = await publishedWithTwoFiles();
    const replacement = (await (await upload(author.cookie, file(fixture("photo.jpg"), "workshop-2.jpg", "image/jpeg"), { practice: practice.slug, replaces: String(image), listed: "0" })).json())
      .attachment;
    expect(replacement).toMatchObject({ name: "workshop-2.jpg", replaces: image });
    const second = (await (await upload(author.cookie, file(docx(PLAIN), "draft-budget.docx"), { practice: practice.slug, listed: "1" })).json()).attachment;
    const edited = await send(editAction, {
      cookie: author.cookie,
      path: `/practices/${practice.slug}/edit`,
      params: { slug: practice.slug },
      fields: writeUpFields({
        intent: "save",
        attachment: [String(replacement.id), String(second.id)],
        removeAttachment: String(second.id),
        [`alt:${replacement.id}`]: "Trainees shaping loaves",
        [`consent:${replacement.id}`]: "no_person",
      }),
    });
    expect(edited.status).toBe(302);
    expect(await revisionFiles(practice.id, 2)).toEqual([replacement.id, document]);
    expect(await revisionFiles(practice.id, 1)).toEqual([image, document]);
    const rows = await db.selectFrom("attachments").select(["id", "practice_id", "removed_at", "purged_at", "alt"]).where("id", "in", [image, replacement.id, second.id]).orderBy("id").execute();
    expect(rows.map((r) => [r.id, r.practice_id, r.removed_at !== null, r.purged_at !== null, r.alt])).toEqual([
      [image, practice.id, true, false, "Trainees kneading dough"],
      [replacement.id, practice.id, false, false, "Trainees shaping loaves"],
      [second.id, null, false, true, ""],
    ]);
    expect(await variantsOf(second.id)).toEqual([]);
  });
});

describe("the practice form without JavaScript", () => {
  it("uploads with the form, asks alt text and consent before publishing, and records the files in revision 1", async () => {
    const author = await makeSignedIn(db);
    const photo = file(fixture("photo.jpg"), "workshop.jpg", "image/jpeg");
    const plan = file(docx(PLAIN), "session-plan.docx");
    const uploaded = await send(newAction, {
      cookie: author.cookie,
      path: "/practices/new",
      fields: writeUpFields({ intent: "upload", title: "Bakery course with photos" }),
      files: [
        ["files", photo],
        ["files", plan],
      ],
    });
    expect(uploaded.status).toBe(200);
    const first = await uploaded.json();
    expect(first.attachments.pending.map((p: { name: string; kind: string }) => [p.name, p.kind])).toEqual([
      ["workshop.jpg", "image"],
      ["session-plan.docx", "document"],
    ]);
    expect(first.attachments.refusals).toEqual([]);
    expect(first.values).toMatchObject({ title: "Bakery course with photos", summary: sampleWriteUp().summary, themes: "vocational-training" });
    const [image, document] = first.attachments.pending as { id: number }[];
    expect(asList(first.values.attachment)).toEqual([String(image!.id), String(document!.id)]);
    expect(await db.selectFrom("practices").select("id").execute()).toEqual([]);

    // The re-rendered form sends the waiting uploads back as hidden `attachment` fields.
    const attached = { attachment: [String(image!.id), String(document!.id)] };
    const refused = await send(newAction, { cookie: author.cookie, path: "/practices/new", fields: writeUpFields({ intent: "publish", title: "Bakery course with photos", ...attached }) });
    expect(refused.status).toBe(400);
    const second = await refused.json();
    expect(Object.keys(second.errors).sort()).toEqual([`alt:${image!.id}`, `consent:${image!.id}`]);
    expect(second.values).toMatchObject({ title: "Bakery course with photos" });
    expect(second.attachments.pending.map((p: { id: number }) => p.id)).toEqual([image!.id, document!.id]);
    expect(await db.selectFrom("practices").select("id").execute()).toEqual([]);

    const published = await send(newAction, {
      cookie: author.cookie,
      path: "/practices/new",
      fields: writeUpFields({ intent: "publish", title: "Bakery course with photos", ...attached, [`alt:${image!.id}`]: "Trainees kneading dough", [`consent:${image!.id}`]: "no_person" }),
    });
    expect(published.status).toBe(302);
    const practice = (await getPracticeBySlug(db, { slug: slugOf(published) }))!;
    const page = await (await call(practiceLoader, { db, cookie: author.cookie, params: { slug: practice.slug } })).json();
    expect(page.attachments.map((a: { name: string; alt: string; hidden: boolean }) => [a.name, a.alt, a.hidden])).toEqual([
      ["workshop.jpg", "Trainees kneading dough", false],
      ["session-plan.docx", "", false],
    ]);
    const revision1 = await revisionFiles(practice.id, 1);
    expect(revision1).toEqual([image!.id, document!.id]);
  });

  it("replaces one file and removes another in revision 2; revision 1 keeps both and its readers still fetch the removed one", async () => {
    const { author, practice, image, document } = await publishedWithTwoFiles();
    const reader = await makeSignedIn(db);
    const replacement = file(await pdf(PLAIN), "session-plan-v2.pdf", "application/pdf");
    const edited = await send(editAction, {
      cookie: author.cookie,
      path: `/practices/${practice.slug}/edit`,
      params: { slug: practice.slug },
      fields: writeUpFields({ intent: "save", note: "a clearer plan", removeAttachment: String(image) }),
      files: [[`replace:${document}`, replacement]],
    });
    expect(edited.status).toBe(302);
    const current = await db.selectFrom("attachments").select(["id", "name", "position"]).where("practice_id", "=", practice.id).where("removed_at", "is", null).execute();
    expect(current).toHaveLength(1);
    const documentPosition = (await db.selectFrom("attachments").select("position").where("id", "=", document).executeTakeFirstOrThrow()).position;
    expect(current[0]).toMatchObject({ name: "session-plan-v2.pdf", position: documentPosition });
    expect(await revisionFiles(practice.id, 2)).toEqual([current[0]!.id]);
    expect(await revisionFiles(practice.id, 1)).toEqual([image, document]);

    const page = await (await call(practiceLoader, { db, cookie: reader.cookie, params: { slug: practice.slug } })).json();
    expect(page.attachments.map((a: { name: string }) => a.name)).toEqual(["session-plan-v2.pdf"]);
    // Revision 1 still has them: whoever reads the practice reads its earlier files.
    for (const id of [image, document]) expect((await fetchFile(reader.cookie, id)).status).toBe(200);
    expect((await fetchFile(reader.cookie, current[0]!.id)).status).toBe(200);
  });

  it("removes a draft's file for good: no revision ever had it", async () => {
    const author = await makeSignedIn(db);
    const saved = await send(newAction, {
      cookie: author.cookie,
      path: "/practices/new",
      fields: { intent: "draft", title: "A draft with a plan", language: "en" },
      files: [["files", file(docx(PLAIN), "plan.docx")]],
    });
    expect(saved.status).toBe(302);
    const slug = slugOf(saved);
    const form = await (await call(editLoader, { db, cookie: author.cookie, params: { slug } })).json();
    const [plan] = form.attachments.current as { id: number; name: string }[];
    expect(plan!.name).toBe("plan.docx");
    expect((await fetchFile(author.cookie, plan!.id)).status).toBe(200);

    const removed = await send(editAction, {
      cookie: author.cookie,
      path: `/practices/${slug}/edit`,
      params: { slug },
      fields: { intent: "draft", title: "A draft with a plan", language: "en", removeAttachment: String(plan!.id) },
    });
    expect(removed.status).toBe(302);
    const row = await db.selectFrom("attachments").select(["purged_at", "text"]).where("id", "=", plan!.id).executeTakeFirstOrThrow();
    expect(row.purged_at).not.toBeNull();
    expect(row.text).toBe("");
    expect(await variantsOf(plan!.id)).toEqual([]);
    expect((await fetchFile(author.cookie, plan!.id)).status).toBe(404);
    expect((await (await call(editLoader, { db, cookie: author.cookie, params: { slug } })).json()).attachments.current).toEqual([]);
  });

  it("refuses a file over the limit with its reason, keeping the text and saving nothing", async () => {
    const author = await makeSignedIn(db);
    const big = file(new Uint8Array(ATTACHMENT_LIMITS.fileBytes + 1), "scan.pdf", "application/pdf");
    for (const intent of ["upload", "publish"]) {
      const response = await send(newAction, { cookie: author.cookie, path: "/practices/new", fields: writeUpFields({ intent, title: "Bakery course" }), files: [["files", big]] });
      expect(response.status, intent).toBe(400);
      const body = await response.json();
      expect(body.attachments.refusals).toEqual([{ name: "scan.pdf", reason: "tooLarge" }]);
      expect(body.attachments.pending).toEqual([]);
      expect(body.values).toMatchObject({ title: "Bakery course", summary: sampleWriteUp().summary });
    }
    expect(await db.selectFrom("practices").select("id").execute()).toEqual([]);
  });

  it("keeps 40 MB of files from one form, names those past it, and keeps the text sent after them", async () => {
    const author = await makeSignedIn(db);
    const nineMegabytes = (n: number) => file("Budget line, cost\n".repeat(Math.floor((9 * 1024 * 1024) / 18)), `budget-${n}.txt`, "text/plain");
    // The files first, then the text, as a form whose file field comes before the others sends it.
    const body = new FormData();
    for (let n = 1; n <= 5; n++) body.append("files", nineMegabytes(n));
    for (const [key, value] of Object.entries(writeUpFields({ intent: "upload", title: "Bakery course" }))) for (const v of asList(value)) body.append(key, v);
    const request = new Request("http://localhost/practices/new", { method: "POST", headers: { Cookie: author.cookie }, body });
    const response = (await newAction({ request, params: {}, context: createRequestContext(db, { clientIp: "127.0.0.1" }) } as never)) as Response;
    expect(response.status).toBe(400);
    const answer = await response.json();
    expect(answer.attachments.pending.map((p: { name: string }) => p.name)).toEqual(["budget-1.txt", "budget-2.txt", "budget-3.txt", "budget-4.txt"]);
    expect(answer.attachments.refusals).toEqual([{ name: "budget-5.txt", reason: "formTooLarge" }]);
    expect(answer.values).toMatchObject({ title: "Bakery course", summary: sampleWriteUp().summary });
  });
});

/** A published practice of its author's with a photo (alt text and consent given) and a Word document. */
async function publishedWithTwoFiles() {
  const org = await makeOrganisation(db);
  const author = await makeSignedIn(db, { organisationId: org.id });
  const first = await (
    await send(newAction, {
      cookie: author.cookie,
      path: "/practices/new",
      fields: writeUpFields({ intent: "upload" }),
      files: [
        ["files", file(await smallJpeg(), "workshop.jpg", "image/jpeg")],
        ["files", file(docx(PLAIN), "session-plan.docx")],
      ],
    })
  ).json();
  const [image, document] = (first.attachments.pending as { id: number }[]).map((p) => p.id) as [number, number];
  const published = await send(newAction, {
    cookie: author.cookie,
    path: "/practices/new",
    fields: writeUpFields({ intent: "publish", attachment: [String(image), String(document)], [`alt:${image}`]: "Trainees kneading dough", [`consent:${image}`]: "consent_recorded" }),
  });
  expect(published.status).toBe(302);
  const practice = (await getPracticeBySlug(db, { slug: slugOf(published) }))!;
  return { author, practice, image, document };
}

async function revisionFiles(practiceId: number, number: number) {
  const rows = await db
    .selectFrom("revision_attachments")
    .innerJoin("practice_revisions", "practice_revisions.id", "revision_attachments.revision_id")
    .select("revision_attachments.attachment_id")
    .where("practice_revisions.practice_id", "=", practiceId)
    .where("practice_revisions.number", "=", number)
    .orderBy("revision_attachments.position")
    .execute();
  return rows.map((r) => r.attachment_id);
}

describe("personal data edited out", () => {
  it("a photo taken off the practice goes with the earlier revisions a moderator redacts", async () => {
    const { author, practice, image, document } = await publishedWithTwoFiles();
    const reader = await makeSignedIn(db);
    const curator = await makeSignedIn(db, { role: "curator" });
    const { id: flagId } = await createFlag(db, { subjectType: "practice", subjectId: practice.id, reporterId: reader.id, reason: "personal_data", note: "a child's face in the photo" });
    const edited = await send(editAction, {
      cookie: author.cookie,
      path: `/practices/${practice.slug}/edit`,
      params: { slug: practice.slug },
      fields: writeUpFields({ intent: "save", note: "photo taken off", removeAttachment: String(image) }),
    });
    expect(edited.status).toBe(302);
    expect(await resolveFlag(db, { id: flagId, moderatorId: curator.id, outcome: { resolution: "edited", note: "photo removed" } })).toMatchObject({ ok: true, redactedRevisions: 1 });
    // Revision 1 no longer reads: the photo only it had is nobody's to fetch, moderators included.
    for (const who of [reader, author, curator]) {
      expect((await fetchFile(who.cookie, image)).status, "the photo").toBe(404);
      expect((await fetchFile(who.cookie, image, { variant: "thumb" })).status, "its thumbnail").toBe(404);
      expect((await fetchFile(who.cookie, document)).status, "the document still on the practice").toBe(200);
    }
  });
});

describe("the privacy check reads the attachments", () => {
  it("finds a child's name and age in a DOCX and a PDF, and holds back publishing until the author confirms", async () => {
    const author = await makeSignedIn(db);
    // Both say "Asha, aged 14, stays at the shelter." (tests/fixtures/attachments/make-fixtures.ts).
    const word = file(fixture("report.docx"), "case-notes.docx");
    const paper = file(fixture("report.pdf"), "case-notes.pdf", "application/pdf");
    const previewed = await send(newAction, {
      cookie: author.cookie,
      path: "/practices/new",
      fields: writeUpFields({ intent: "preview" }),
      files: [
        ["files", word],
        ["files", paper],
      ],
    });
    expect(previewed.status).toBe(200);
    const preview = await previewed.json();
    const [wordId, paperId] = (preview.attachments.pending as { id: number }[]).map((p) => p.id);
    const fields = new Set((preview.findings as { field: string }[]).map((f) => f.field));
    expect(fields).toEqual(new Set([`attachment:${wordId}`, `attachment:${paperId}`]));
    for (const id of [wordId, paperId]) expect(preview.findings).toContainEqual(expect.objectContaining({ field: `attachment:${id}`, kind: "nameAge" }));

    const attached = { attachment: [String(wordId), String(paperId)] };
    const held = await send(newAction, { cookie: author.cookie, path: "/practices/new", fields: writeUpFields({ intent: "publish", ...attached }) });
    expect(held.status).toBe(400);
    const body = await held.json();
    expect(body.formError).toEqual({ key: "practice.privacyConfirm" });
    expect(body.findings.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining([`attachment:${wordId}`, `attachment:${paperId}`]));
    expect(body.attachments.pending.map((p: { id: number }) => p.id)).toEqual([wordId, paperId]);
    expect(await db.selectFrom("practices").select("id").execute()).toEqual([]);

    const published = await send(newAction, { cookie: author.cookie, path: "/practices/new", fields: writeUpFields({ intent: "publish", privacyChecked: "on", ...attached }) });
    expect(published.status).toBe(302);
    const practice = (await getPracticeBySlug(db, { slug: slugOf(published) }))!;
    expect(practice.status).toBe("published");
    expect(await revisionFiles(practice.id, 1)).toEqual([wordId, paperId]);
  });
});

describe("serving a file", () => {
  it("downloads a document under its name, never sniffed, run or kept for others, with an ETag and ranges", async () => {
    const member = await makeSignedIn(db);
    // A path, a right-to-left override and a reserved character, as a careless or hostile client sends them.
    const { attachment } = await (await upload(member.cookie, file(docx(PLAIN), "C:\\Users\\asha\\Plan d’accueil: été\u202e.docx"))).json();
    expect(attachment.name).toBe("Plan d’accueil_ été.docx");
    const response = await fetchFile(member.cookie, attachment.id);
    expect(response.status).toBe(200);
    const whole = await bytesOf(response);
    const disposition = response.headers.get("Content-Disposition")!;
    expect(disposition).toMatch(/^attachment; /);
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(attachment.name)}`);
    expect(attachment.name).toMatch(/\.docx$/);
    expect([...attachment.name].filter((c) => c === "/" || c === "\\" || c.charCodeAt(0) < 0x20)).toEqual([]);
    expect(response.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("Content-Security-Policy")).toBe("sandbox; default-src 'none'");
    expect(response.headers.get("Cache-Control")).toContain("private");
    const etag = response.headers.get("ETag")!;
    expect(etag).toMatch(/^"[^"]+"$/);

    const notModified = await fetchFile(member.cookie, attachment.id, { headers: { "If-None-Match": etag } });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe("");

    const first = await fetchFile(member.cookie, attachment.id, { headers: { Range: "bytes=0-9" } });
    expect(first.status).toBe(206);
    expect(first.headers.get("Content-Range")).toBe(`bytes 0-9/${whole.byteLength}`);
    expect(await bytesOf(first)).toEqual(whole.slice(0, 10));
    const last = await fetchFile(member.cookie, attachment.id, { headers: { Range: "bytes=-5" } });
    expect(last.status).toBe(206);
    expect(last.headers.get("Content-Range")).toBe(`bytes ${whole.byteLength - 5}-${whole.byteLength - 1}/${whole.byteLength}`);
    expect(await bytesOf(last)).toEqual(whole.slice(-5));
    const beyond = await fetchFile(member.cookie, attachment.id, { headers: { Range: "bytes=999999999-" } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("Content-Range")).toBe(`bytes */${whole.byteLength}`);
    // The file changed since the client began: it gets the whole of the new one.
    const changed = await fetchFile(member.cookie, attachment.id, { headers: { Range: "bytes=0-9", "If-Range": '"an-older-etag"' } });
    expect(changed.status).toBe(200);
    expect(await bytesOf(changed)).toEqual(whole);
    const resumed = await fetchFile(member.cookie, attachment.id, { headers: { Range: "bytes=0-9", "If-Range": etag } });
    expect(resumed.status).toBe(206);
    // A document has no thumbnail.
    expect((await fetchFile(member.cookie, attachment.id, { variant: "thumb" })).status).toBe(404);
  });

  it("shows an image inline from its re-encoded copy only: other bytes, no EXIF, XMP or IPTC", async () => {
    const member = await makeSignedIn(db);
    const original = fixture("photo.jpg");
    const before = await sharp(original).metadata();
    expect(before.exif ?? before.xmp).toBeDefined();
    const { attachment } = await (await upload(member.cookie, file(original, "workshop.jpg", "image/jpeg"))).json();
    for (const variant of [undefined, "thumb"] as const) {
      const response = await fetchFile(member.cookie, attachment.id, { variant });
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Disposition")).toBe("inline");
      expect(response.headers.get("Content-Type")).toMatch(/^image\//);
      expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(response.headers.get("Content-Security-Policy")).toBe("sandbox; default-src 'none'");
      const served = await bytesOf(response);
      expect(Buffer.from(served).equals(Buffer.from(original))).toBe(false);
      const metadata = await sharp(served).metadata();
      expect({ exif: metadata.exif, xmp: metadata.xmp, iptc: metadata.iptc }).toEqual({ exif: undefined, xmp: undefined, iptc: undefined });
      expect(Buffer.from(served).includes("Asha Gurung")).toBe(false);
    }
  });

  it("answers 404 for an attachment that does not exist or a variant that does not", async () => {
    const member = await makeSignedIn(db);
    expect((await fetchFile(member.cookie, 999999)).status).toBe(404);
    expect((await call(fileLoader, { db, cookie: member.cookie, params: { id: "abc" } })).status).toBe(404);
    const { attachment } = await (await upload(member.cookie, file(await smallJpeg(), "a.jpg", "image/jpeg"))).json();
    expect((await call(fileLoader, { db, cookie: member.cookie, params: { id: String(attachment.id), variant: "file" } })).status).toBe(404);
    expect((await call(fileLoader, { db, cookie: member.cookie, params: { id: String(attachment.id), variant: "display" } })).status).toBe(404);
  });
});
