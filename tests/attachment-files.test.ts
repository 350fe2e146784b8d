/**
 * What an upload becomes (app/utils/attachments/): the type its content proves, the
 * refusals, and — checked with exiftool, the tool a person would use — that nothing of the
 * GPS position, the authors, the company or the commenters survives cleaning.
 * Fixtures: tests/fixtures/attachments/make-fixtures.ts.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync, crc32 } from "node:zlib";
import { strFromU8, unzipSync, zipSync } from "fflate";
import { PDFDict, PDFDocument, PDFName, PDFRawStream } from "pdf-lib";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { ATTACHMENT_LIMITS, IMAGE_SIZES, type AttachmentRefusal, type AttachmentType } from "../app/domain/attachment";
import { prepareAttachment, sanitiseFileName, type PreparedAttachment } from "../app/utils/attachments/prepare.server";
import { checkPrivacy } from "../app/utils/privacy-check";
import { BODY, COMPANY, PEOPLE } from "./fixtures/attachments/people";

const FIXTURES = fileURLToPath(new URL("./fixtures/attachments/", import.meta.url));
const NAMES = [...Object.values(PEOPLE), COMPANY];

function fixture(name: string): Buffer {
  const file = path.join(FIXTURES, name);
  if (!fs.existsSync(file)) throw new Error(`Missing fixture ${name}: run  npx tsx tests/fixtures/attachments/make-fixtures.ts`);
  return fs.readFileSync(file);
}

async function prepared(name: string, bytes = fixture(name)): Promise<Exclude<PreparedAttachment, { ok: false }>> {
  const result = await prepareAttachment(bytes, path.basename(name));
  if (!result.ok) throw new Error(`${name} was refused: ${result.refusal}`);
  return result;
}

async function cleanedBytes(name: string): Promise<Buffer> {
  const result = await prepared(name);
  return result.kind === "image" ? result.display.bytes : result.file;
}

/** exiftool's every tag of these bytes and of the pictures placed in them (-ee), as group:tag → value, without its own and the file system's. */
function exiftool(bytes: Uint8Array, extension: string): Record<string, string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "px-exiftool-"));
  const file = path.join(dir, `file.${extension}`);
  fs.writeFileSync(file, bytes);
  try {
    const run = spawnSync("exiftool", ["-j", "-ee", "-a", "-G1", file], { encoding: "utf8" });
    if (run.error) throw new Error(`exiftool could not be run (${run.error.message}). Install it with  node tests/ensure-exiftool.js  (Debian: apt-get install libimage-exiftool-perl).`);
    const [tags] = JSON.parse(run.stdout) as [Record<string, unknown>];
    return Object.fromEntries(
      Object.entries(tags)
        .filter(([key]) => !/^(?:System|ExifTool):|^SourceFile$/.test(key))
        .map(([key, value]) => [key, JSON.stringify(value)]),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const PERSON_TAG = /(?:Author|Creator|Artist|LastModifiedBy|Company|Manager|Initial-creator|User-defined|CaseWorker)$/i;
const personTags = (tags: Record<string, string>) => Object.entries(tags).filter(([key, value]) => PERSON_TAG.test(key) && value !== '""' && value !== "[]");
const gpsTags = (tags: Record<string, string>) => Object.keys(tags).filter((key) => /GPS/i.test(key));
const namesIn = (text: string) => NAMES.filter((name) => text.includes(name));

describe("what each fixture is decided to be", () => {
  const accepted: [string, AttachmentType][] = [
    ["photo.jpg", "jpeg"],
    ["alpha.png", "png"],
    ["photo.webp", "webp"],
    ["report.pdf", "pdf"],
    ["photo.pdf", "pdf"],
    ["report.docx", "docx"],
    ["notes.odt", "odt"],
    ["budget.xlsx", "xlsx"],
    ["slides.pptx", "pptx"],
    ["note.txt", "txt"],
    ["contacts.csv", "csv"],
  ];
  it.each(accepted)("%s is accepted as %s", async (name, type) => {
    expect((await prepared(name)).type).toBe(type);
  });

  const refused: [string, AttachmentRefusal][] = [
    ["renamed/report.pdf", "executable"],
    ["renamed/photo.png", "markup"],
    ["renamed/notes.txt", "markup"],
    ["cleanup.sh", "script"],
    ["archive.zip", "archive"],
    ["macro.docm", "macro"],
    ["hidden-macro.docx", "macro"],
    ["bomb.docx", "zipBomb"],
    ["bomb-lying.docx", "zipBomb"],
    ["bomb.pdf", "zipBomb"],
    ["photo.heic", "heic"],
  ];
  it.each(refused)("%s is refused as %s", async (name, refusal) => {
    expect(await prepareAttachment(fixture(name), path.basename(name))).toEqual({ ok: false, refusal });
  });

  it("refuses what is empty, too large, binary or not UTF-8", async () => {
    expect(await prepareAttachment(new Uint8Array(), "a.txt")).toEqual({ ok: false, refusal: "empty" });
    expect(await prepareAttachment(new Uint8Array(ATTACHMENT_LIMITS.fileBytes + 1), "a.txt")).toEqual({ ok: false, refusal: "tooLarge" });
    expect(await prepareAttachment(Uint8Array.from([0x13, 0x37, 0x00, 0xfe, 0x01, 0x02, 0x03, 0x04]), "a.txt")).toEqual({ ok: false, refusal: "type" });
    expect(await prepareAttachment(Buffer.from("caf\xe9 au lait", "latin1"), "a.txt")).toEqual({ ok: false, refusal: "type" });
  });

  it("tells markup and scripts from prose", async () => {
    const decide = async (text: string, name = "a.txt") => {
      const result = await prepareAttachment(Buffer.from(text), name);
      return result.ok ? result.type : result.refusal;
    };
    expect(await decide('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "logo.png")).toBe("markup");
    expect(await decide("\uFEFF  \n<HTML><body>hi</body></HTML>")).toBe("markup");
    expect(await decide("Meeting notes\n<script>alert(1)</script>")).toBe("markup");
    expect(await decide("<?php system($_GET['c']); ?>")).toBe("script");
    expect(await decide("@echo off\r\ndel /q C:\\*\r\n", "run.txt")).toBe("script");
    expect(await decide('Set sh = CreateObject("WScript.Shell")\nsh.Run "cmd"')).toBe("script");
    expect(await decide("Ages 5 < 7 in group A; #1 priority is safety.\nThe script for the role-play is below.")).toBe("txt");
    expect(await decide("We met, talked, and agreed; nothing more.", "minutes.csv")).toBe("txt");
    expect(await decide("a,b\n1,2\n", "data.txt")).toBe("txt");
  });

  it("refuses an Office file that is damaged or not what it says", async () => {
    const docx = fixture("report.docx");
    expect(await prepareAttachment(docx.subarray(0, docx.length - 30), "report.docx")).toEqual({ ok: false, refusal: "damaged" });
    const entries = unzipSync(docx);
    delete entries["word/document.xml"];
    expect(await prepareAttachment(zipSync(entries), "report.docx")).toEqual({ ok: false, refusal: "damaged" });
  });

  it("refuses an OpenDocument file with Basic macros", async () => {
    const entries = unzipSync(fixture("notes.odt"));
    const withMacro = zipSync({ mimetype: [entries.mimetype!, { level: 0 }], ...entries, "Basic/Standard/Module1.xml": new TextEncoder().encode("<script:module/>") });
    expect(await prepareAttachment(withMacro, "notes.odt")).toEqual({ ok: false, refusal: "macro" });
    const content = strFromU8(entries["content.xml"]!).replace(
      "<office:body>",
      '<office:scripts><office:event-listeners><script:event-listener xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" script:language="ooo:script" script:event-name="dom:load" xlink:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic&amp;location=application"/></office:event-listeners></office:scripts><office:body>',
    );
    const withEvent = zipSync({ mimetype: [entries.mimetype!, { level: 0 }], ...entries, "content.xml": new TextEncoder().encode(content) });
    expect(await prepareAttachment(withEvent, "notes.odt")).toEqual({ ok: false, refusal: "macro" });
  });

  it("refuses an encrypted or unreadable PDF", async () => {
    const doc = await PDFDocument.load(fixture("report.pdf"), { updateMetadata: false });
    doc.context.trailerInfo.Encrypt = doc.context.obj({ Filter: "Standard", V: 2, R: 3 });
    expect(await prepareAttachment(await doc.save(), "report.pdf")).toEqual({ ok: false, refusal: "encrypted" });
    expect(await prepareAttachment(Buffer.from("%PDF-1.7\nnot a document at all\n"), "report.pdf")).toEqual({ ok: false, refusal: "damaged" });
  });

  it("refuses an image whose canvas is larger than the pixel limit before decoding it", async () => {
    // A PNG header that declares 20000 × 20000 pixels, with one tiny data chunk.
    const chunk = (type: string, data: Buffer) => {
      const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
      const length = Buffer.alloc(4);
      length.writeUInt32BE(data.length);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(body) >>> 0);
      return Buffer.concat([length, body, crc]);
    };
    const header = Buffer.alloc(13);
    header.writeUInt32BE(20000, 0);
    header.writeUInt32BE(20000, 4);
    header.set([8, 2, 0, 0, 0], 8);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", deflateSync(Buffer.alloc(100))), chunk("IEND", Buffer.alloc(0))]);
    expect(await prepareAttachment(png, "huge.png")).toEqual({ ok: false, refusal: "tooLarge" });
  });
});

describe("metadata removed, as exiftool sees it", () => {
  const cases: [fixture: string, extension: string][] = [
    ["photo.jpg", "jpg"],
    ["alpha.png", "png"],
    ["report.pdf", "pdf"],
    ["photo.pdf", "pdf"],
    ["report.docx", "docx"],
    ["notes.odt", "odt"],
    ["budget.xlsx", "xlsx"],
    ["slides.pptx", "pptx"],
  ];

  it.each(cases)("%s: the original carries names, the cleaned copy none", async (name, extension) => {
    const original = exiftool(fixture(name), extension);
    expect(personTags(original).length, `exiftool finds no author in the original ${name}: the fixture proves nothing`).toBeGreaterThan(0);
    expect(namesIn(JSON.stringify(original)).length).toBeGreaterThan(0);

    const cleaned = exiftool(await cleanedBytes(name), extension);
    expect(cleaned["File:Error"], "exiftool cannot read the cleaned file").toBeUndefined();
    expect(gpsTags(cleaned)).toEqual([]);
    expect(personTags(cleaned)).toEqual([]);
    expect(namesIn(JSON.stringify(cleaned))).toEqual([]);
  });

  it("the photo loses its GPS position, camera and author; both copies", async () => {
    const original = exiftool(fixture("photo.jpg"), "jpg");
    expect(gpsTags(original).length).toBeGreaterThan(0);
    expect(original["IFD0:Make"]).toBe('"Canon"');
    const photo = await prepared("photo.jpg");
    if (photo.kind !== "image") throw new Error("not an image");
    for (const copy of [photo.display, photo.thumb]) {
      const tags = exiftool(copy.bytes, "jpg");
      expect(gpsTags(tags)).toEqual([]);
      expect(Object.keys(tags).filter((key) => /^(?:IFD0|ExifIFD|XMP|IPTC|MakerNotes)/.test(key))).toEqual([]);
    }
  });

  it("no person's name is left in any part of the cleaned Office and ODF files", async () => {
    for (const name of ["report.docx", "notes.odt", "budget.xlsx", "slides.pptx"]) {
      const before = Object.values(unzipSync(fixture(name)))
        .map((part) => strFromU8(part))
        .join("\n");
      expect(namesIn(before).length, name).toBeGreaterThan(1);
      const parts = unzipSync(await cleanedBytes(name));
      const after = Object.values(parts)
        .map((part) => strFromU8(part))
        .join("\n");
      expect(namesIn(after), name).toEqual([]);
      expect(after).not.toMatch(/<(?:\w+:)?(?:Company|Manager|Template)>/);
    }
  });

  it("a photo placed in a document loses its GPS position too", async () => {
    const entries = unzipSync(fixture("report.docx"));
    const docx = zipSync({ ...entries, "word/media/image1.jpeg": fixture("photo.jpg") });
    const result = await prepared("report.docx", Buffer.from(docx));
    if (result.kind !== "document") throw new Error("not a document");
    const picture = unzipSync(result.file)["word/media/image1.jpeg"]!;
    expect(gpsTags(exiftool(fixture("photo.jpg"), "jpg")).length).toBeGreaterThan(0);
    const tags = exiftool(picture, "jpg");
    expect(gpsTags(tags)).toEqual([]);
    expect(namesIn(JSON.stringify(tags))).toEqual([]);
  });

  it("WebP and TIFF pictures, embedded workbooks, SharePoint people and local paths lose their names too", async () => {
    const tiffFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "px-tiff-")), "photo.tif");
    await sharp(fixture("photo.jpg")).tiff().toFile(tiffFile);
    spawnSync("exiftool", ["-q", "-overwrite_original", `-Artist=${PEOPLE.author}`, "-GPSLatitude=13.9", "-GPSLatitudeRef=S", tiffFile]);
    const tiff = fs.readFileSync(tiffFile);
    fs.rmSync(path.dirname(tiffFile), { recursive: true, force: true });
    expect(namesIn(JSON.stringify(exiftool(tiff, "tif"))).length, "the TIFF proves nothing").toBeGreaterThan(0);
    const entries = unzipSync(fixture("report.docx"));
    const rels = strFromU8(entries["word/_rels/document.xml.rels"]!).replace(
      "</Relationships>",
      `<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="file:///C:/Users/${PEOPLE.editor}/Documents/intake.docx" TargetMode="External"/></Relationships>`,
    );
    const docx = zipSync({
      ...entries,
      "word/_rels/document.xml.rels": new TextEncoder().encode(rels),
      "word/media/image2.webp": fixture("photo.webp"),
      "word/media/image3.tiff": tiff,
      "word/embeddings/Microsoft_Excel_Worksheet.xlsx": fixture("budget.xlsx"),
      "customXml/item1.xml": new TextEncoder().encode(
        `<p:properties xmlns:p="http://schemas.microsoft.com/office/2006/metadata/properties"><documentManagement><CaseWorker xmlns="x"><UserInfo><DisplayName>${PEOPLE.manager}</DisplayName><AccountId>12</AccountId><Email>${PEOPLE.manager}@example.org</Email></UserInfo></CaseWorker></documentManagement></p:properties>`,
      ),
    });
    const result = await prepared("report.docx", Buffer.from(docx));
    if (result.kind !== "document") throw new Error("not a document");
    const parts = unzipSync(result.file);
    for (const [picture, extension] of [
      ["word/media/image2.webp", "webp"],
      ["word/media/image3.tiff", "tif"],
    ] as const) {
      const tags = exiftool(parts[picture]!, extension);
      expect(namesIn(JSON.stringify(tags)), picture).toEqual([]);
      expect(gpsTags(tags), picture).toEqual([]);
      expect(await sharp(parts[picture]!).metadata(), picture).toMatchObject({ width: 300, height: 200 });
    }
    const workbook = unzipSync(parts["word/embeddings/Microsoft_Excel_Worksheet.xlsx"]!);
    expect(workbook["xl/workbook.xml"]).toBeDefined();
    const text = (files: Record<string, Uint8Array>) =>
      Object.entries(files)
        .filter(([name]) => !/\.(?:webp|tiff|xlsx)$/.test(name))
        .map(([, part]) => strFromU8(part))
        .join("\n");
    expect(namesIn(text(parts))).toEqual([]);
    expect(namesIn(text(workbook))).toEqual([]);
    expect(text(parts)).toContain("<DisplayName></DisplayName>");
  });

  it("an embedded workbook with macros is refused like the document itself", async () => {
    const docx = zipSync({ ...unzipSync(fixture("report.docx")), "word/embeddings/Sheet.xlsm": fixture("budget.xlsx") });
    expect(await prepareAttachment(docx, "report.docx")).toEqual({ ok: false, refusal: "macro" });
    const disguised = zipSync({ ...unzipSync(fixture("report.docx")), "word/embeddings/Sheet.xlsx": fixture("hidden-macro.docx") });
    expect((await prepareAttachment(disguised, "report.docx")).ok).toBe(false);
  });

  it("the ODF file loses its printer and a sub-document's author", async () => {
    const entries = unzipSync(fixture("notes.odt"));
    const settings = `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-settings xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0"><office:settings><config:config-item-set config:name="ooo:configuration-settings"><config:config-item config:name="PrinterName" config:type="string">${PEOPLE.editor}'s LaserJet</config:config-item><config:config-item config:name="PrinterSetup" config:type="base64Binary">${Buffer.from(`${PEOPLE.editor}'s LaserJet`).toString("base64")}</config:config-item></config:config-item-set></office:settings></office:document-settings>`;
    const odt = zipSync({
      mimetype: [entries.mimetype!, { level: 0 }],
      ...entries,
      "settings.xml": new TextEncoder().encode(settings),
      "Object 1/meta.xml": entries["meta.xml"]!,
    });
    const result = await prepared("notes.odt", Buffer.from(odt));
    if (result.kind !== "document") throw new Error("not a document");
    const parts = unzipSync(result.file);
    const after = Object.values(parts)
      .map((part) => strFromU8(part))
      .join("\n");
    expect(namesIn(after)).toEqual([]);
    expect(after).not.toContain(Buffer.from(`${PEOPLE.editor}'s LaserJet`).toString("base64"));
    expect(strFromU8(parts["settings.xml"]!)).toContain('config:name="PrinterName" config:type="string"></config:config-item>');
  });

  it("cleans a part full of unclosed elements and attributes, and refuses a part over 20 MiB", async () => {
    const entries = unzipSync(fixture("report.docx"));
    const app = `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">${"<Company>x".repeat(90_000)}</Properties>`;
    const comments = `<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${'<w:p w:author="x>'.repeat(50_000)}</w:comments>`;
    const hostile = zipSync({ ...entries, "docProps/app.xml": new TextEncoder().encode(app), "word/comments.xml": new TextEncoder().encode(comments) });
    // No stopwatch here (speed is the benchmark's): a quadratic scan of these parts runs for
    // minutes, far past the test's own time-out, where the linear one takes a moment.
    expect((await prepareAttachment(hostile, "report.docx")).ok).toBe(true);

    const rows = Array.from({ length: 1_300_000 }, (_, n) => `<w:t>${n}</w:t>`).join("");
    expect(rows.length).toBeGreaterThan(20 * 1024 * 1024);
    const huge = zipSync({ ...entries, "word/document.xml": new TextEncoder().encode(`<w:document xmlns:w="x"><w:body>${rows}</w:body></w:document>`) }, { level: 9 });
    expect(huge.length).toBeLessThan(ATTACHMENT_LIMITS.fileBytes);
    expect(await prepareAttachment(huge, "report.docx")).toEqual({ ok: false, refusal: "zipBomb" });
  }, 30_000);

  it("the ODF file keeps mimetype first and stored, and every entry in order", async () => {
    const original = Object.keys(unzipSync(fixture("notes.odt")));
    const cleaned = await cleanedBytes("notes.odt");
    expect(Object.keys(unzipSync(cleaned))).toEqual(original);
    expect(cleaned.readUInt16LE(8), "compression method of the first entry").toBe(0);
    expect(cleaned.toString("latin1", 30, 38)).toBe("mimetype");
    expect(cleaned.toString("latin1", 38, 38 + 39)).toBe("application/vnd.oasis.opendocument.text");
  });

  it("the PDF keeps no Info, XMP, comment author or opening script", async () => {
    const doc = await PDFDocument.load(await cleanedBytes("report.pdf"), { updateMetadata: false });
    expect(doc.context.trailerInfo.Info).toBeUndefined();
    for (const key of ["Metadata", "OpenAction", "AA"]) expect(doc.catalog.has(PDFName.of(key)), key).toBe(false);
    const names = doc.catalog.lookup(PDFName.of("Names"));
    if (names instanceof PDFDict) expect(names.has(PDFName.of("JavaScript"))).toBe(false);
    const everything = doc.context
      .enumerateIndirectObjects()
      .map(([, object]) => object.toString())
      .join("\n");
    expect(namesIn(everything)).toEqual([]);
    expect(everything).not.toContain("app.alert");
    expect(everything).toContain("Check the date");
    expect(doc.getPageCount()).toBe(1);
  });

  it("the PDF's placed photo loses its GPS position and author but not a pixel, and its attached files go", async () => {
    expect(gpsTags(exiftool(fixture("photo.pdf"), "pdf")).length, "the fixture proves nothing").toBeGreaterThan(0);
    const cleaned = await cleanedBytes("photo.pdf");
    const doc = await PDFDocument.load(cleaned, { updateMetadata: false });
    const names = doc.catalog.lookup(PDFName.of("Names"));
    if (names instanceof PDFDict) expect(names.has(PDFName.of("EmbeddedFiles"))).toBe(false);
    const dicts = doc.context.enumerateIndirectObjects().map(([, object]) => (object instanceof PDFDict ? object : object instanceof PDFRawStream ? object.dict : undefined));
    expect(dicts.filter((dict) => dict?.get(PDFName.of("Type")) === PDFName.of("EmbeddedFile") || dict?.get(PDFName.of("Subtype")) === PDFName.of("FileAttachment"))).toEqual([]);
    const images = doc.context.enumerateIndirectObjects().flatMap(([, object]) => (object instanceof PDFRawStream && object.dict.get(PDFName.of("Subtype")) === PDFName.of("Image") ? [object] : []));
    expect(images).toHaveLength(1);
    const jpeg = Buffer.from(images[0]!.contents);
    const metadata = await sharp(jpeg).metadata();
    expect(metadata).toMatchObject({ format: "jpeg", width: 300, height: 200 });
    expect([metadata.exif, metadata.xmp, metadata.iptc]).toEqual([undefined, undefined, undefined]);
    const pixels = async (bytes: Buffer) => (await sharp(bytes).raw().toBuffer()).toString("base64");
    expect(await pixels(jpeg)).toBe(await pixels(fixture("photo.jpg")));
  });
  it("a PDF photo stored behind a Flate filter loses its metadata too, and is stored as plain JPEG", async () => {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const page = doc.addPage([300, 200]);
    const image = doc.context.register(
      doc.context.stream(deflateSync(fixture("photo.jpg")), {
        Type: "XObject",
        Subtype: "Image",
        Width: 300,
        Height: 200,
        ColorSpace: "DeviceRGB",
        BitsPerComponent: 8,
        Filter: ["FlateDecode", "DCTDecode"],
      }),
    );
    page.node.setXObject(PDFName.of("Im1"), image);
    const result = await prepared("photo.pdf", Buffer.from(await doc.save({ useObjectStreams: false })));
    if (result.kind !== "document") throw new Error("not a document");
    const cleaned = await PDFDocument.load(result.file, { updateMetadata: false });
    const [stream] = cleaned.context
      .enumerateIndirectObjects()
      .flatMap(([, object]) => (object instanceof PDFRawStream && object.dict.get(PDFName.of("Subtype")) === PDFName.of("Image") ? [object] : []));
    expect(stream!.dict.get(PDFName.of("Filter"))).toBe(PDFName.of("DCTDecode"));
    const metadata = await sharp(Buffer.from(stream!.contents)).metadata();
    expect(metadata).toMatchObject({ format: "jpeg", width: 300, height: 200 });
    expect(metadata.exif).toBeUndefined();
    expect(gpsTags(exiftool(result.file, "pdf"))).toEqual([]);
  });
});

describe("images re-encoded", () => {
  it("applies the EXIF orientation: a 300 × 200 photo turned 90° becomes 200 × 300", async () => {
    const photo = await prepared("photo.jpg");
    if (photo.kind !== "image") throw new Error("not an image");
    expect(photo.display).toMatchObject({ mime: "image/jpeg", width: 200, height: 300 });
    expect(await sharp(photo.display.bytes).metadata()).toMatchObject({ width: 200, height: 300 });
    // The red left half is at the top once turned clockwise.
    const { data } = await sharp(photo.display.bytes).extract({ left: 100, top: 20, width: 1, height: 1 }).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(150);
    expect(data[2]).toBeLessThan(100);
  });

  it("fits the display copy and the thumbnail in their boxes, never enlarging", async () => {
    const wide = await sharp({ create: { width: 4000, height: 1000, channels: 3, background: "#888" } })
      .jpeg()
      .toBuffer();
    const result = await prepared("wide.jpg", wide);
    if (result.kind !== "image") throw new Error("not an image");
    expect(result.display).toMatchObject({ width: IMAGE_SIZES.display, height: 400 });
    expect(result.thumb).toMatchObject({ width: IMAGE_SIZES.thumb, height: 120 });

    const small = await prepared("alpha.png");
    if (small.kind !== "image") throw new Error("not an image");
    expect(small.display).toMatchObject({ width: 64, height: 48 });
  });

  it("keeps transparency as PNG and writes opaque images as JPEG", async () => {
    const png = await prepared("alpha.png");
    const webp = await prepared("photo.webp");
    if (png.kind !== "image" || webp.kind !== "image") throw new Error("not an image");
    expect(png.display.mime).toBe("image/png");
    expect((await sharp(png.display.bytes).metadata()).hasAlpha).toBe(true);
    expect(webp.display.mime).toBe("image/jpeg");
    expect(webp.name).toBe("photo.jpg");
    expect(Buffer.compare(png.display.bytes, fixture("alpha.png"))).not.toBe(0);
  });
});

describe("text for the privacy check", () => {
  it.each(["report.docx", "notes.odt", "report.pdf"])("%s: its body text is read and the privacy check finds the child's name and age", async (name) => {
    const result = await prepared(name);
    if (result.kind !== "document") throw new Error("not a document");
    expect(result.text).toContain(BODY);
    expect(checkPrivacy({ file: result.text }).map((finding) => finding.kind)).toContain("nameAge");
  });

  it("reads comments, tracked insertions and entities of a DOCX", async () => {
    const result = await prepared("report.docx");
    if (result.kind !== "document") throw new Error("not a document");
    expect(result.text).toContain("Seen by the nurse & the counsellor.");
    expect(result.text).toContain("Check her age.");
  });

  it("reads a text file and a CSV as they are, and the privacy check finds the phone number", async () => {
    for (const name of ["note.txt", "contacts.csv"]) {
      const result = await prepared(name);
      if (result.kind !== "document") throw new Error("not a document");
      expect(result.text).toContain("+265 991 234 567");
      expect(result.text.startsWith("\uFEFF")).toBe(false);
      expect(checkPrivacy({ file: result.text }).map((finding) => finding.kind)).toContain("phone");
    }
  });

  it("gives no text for spreadsheets and presentations", async () => {
    for (const name of ["budget.xlsx", "slides.pptx"]) {
      const result = await prepared(name);
      expect(result.kind === "document" && result.text).toBe("");
    }
  });
});

describe("sanitiseFileName", () => {
  it.each([
    ["../../etc/passwd", "pdf", "passwd.pdf"],
    ["C:\\Users\\Asha\\Desktop\\intake form.docx", "docx", "intake form.docx"],
    ["invoice\u202Egpj.exe", "pdf", "invoicegpj.pdf"],
    ["\u2066report\u2069.pdf", "pdf", "report.pdf"],
    ["line\nbreak\u0000.txt", "txt", "linebreak.txt"],
    ["photo.png", "jpeg", "photo.jpg"],
    ["report.exe", "pdf", "report.pdf"],
    ["budget", "xlsx", "budget.xlsx"],
    ["what?<is>this*.csv", "csv", "what__is_this_.csv"],
    ["CON.txt", "txt", "_CON.txt"],
    ["", "pdf", "attachment.pdf"],
    ["...", "txt", "attachment.txt"],
    [".pdf", "pdf", "attachment.pdf"],
    ["प्रशिक्षण योजना.odt", "odt", "प्रशिक्षण योजना.odt"],
  ] as [string, AttachmentType, string][])("%j as %s → %j", (original, type, expected) => {
    expect(sanitiseFileName(original, type)).toBe(expected);
  });

  it("cuts a very long name to the limit, keeping the extension and whole characters", () => {
    const long = sanitiseFileName(`${"a".repeat(200)}.pdf`, "pdf");
    expect(long).toHaveLength(ATTACHMENT_LIMITS.nameMax);
    expect(long.endsWith("a.pdf")).toBe(true);
    const emoji = sanitiseFileName(`${"🙂".repeat(200)}.docx`, "docx");
    expect(emoji.endsWith(".docx")).toBe(true);
    expect(emoji.length).toBeLessThanOrEqual(ATTACHMENT_LIMITS.nameMax);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});
