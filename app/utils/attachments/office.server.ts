/**
 * Office Open XML (docx, xlsx, pptx) and OpenDocument (odt, ods, odp) files: checked to be
 * what file-type said and free of macros, then rewritten without the names of the people
 * who wrote, edited or commented on them (in the parts, the placed pictures' metadata, the
 * Office files embedded in them, SharePoint's columns, local paths and printer names), and
 * read for their text. Every scan of a part is linear in its length, and a part is at most
 * XML_PART_MAX_BYTES.
 */
import sharp from "sharp";
import type { AttachmentRefusal } from "../../domain/attachment";
import { TEXT_MAX_CHARS, xmlText } from "./text.server";
import { readZip, writeZip, ZipRefusal, type ZipEntry } from "./zip.server";

export type OfficeType = "docx" | "xlsx" | "pptx" | "odt" | "ods" | "odp";
export type OfficeResult = { ok: true; file: Buffer; text: string } | { ok: false; refusal: AttachmentRefusal };

/** Each OOXML type's main part and the content type [Content_Types].xml must give it. */
const OOXML_MAIN = {
  docx: { part: "word/document.xml", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml" },
  xlsx: { part: "xl/workbook.xml", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml" },
  pptx: { part: "ppt/presentation.xml", contentType: "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml" },
} as const;

const ODF_MIMETYPE = {
  odt: "application/vnd.oasis.opendocument.text",
  ods: "application/vnd.oasis.opendocument.spreadsheet",
  odp: "application/vnd.oasis.opendocument.presentation",
} as const;

const utf8 = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

/** No real document part is this large; a larger one is made to exhaust the cleaner. */
export const XML_PART_MAX_BYTES = 20 * 1024 * 1024;

function decodeXml(entry: ZipEntry): string {
  if (entry.data.length > XML_PART_MAX_BYTES) throw new ZipRefusal("zipBomb");
  try {
    return utf8.decode(entry.data);
  } catch {
    throw new ZipRefusal("damaged");
  }
}

const isXmlPart = (name: string) => /\.(?:xml|rels|vml)$/i.test(name);

// ---------------------------------------------------------------- OOXML

const CORE_EMPTY =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>';
const CUSTOM_EMPTY =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>';

/**
 * Replaces each element of these names (with any prefix), opener to its first closer, by
 * what `replacement` makes of its qualified name. Linear in the part's length: an opener
 * never scans past the next `<`, and a closer that is missing is looked for once per name,
 * not once per opener (a regex with a backreference would rescan the rest for each).
 */
function replaceElements(xml: string, names: string, replacement: (qname: string) => string): string {
  const opener = new RegExp(String.raw`<((?:[\w.-]+:)?(?:${names}))(?=[\s/>])[^<>]*>`, "g");
  const noCloserAfter = new Map<string, number>();
  let out = "";
  let copied = 0;
  for (let match = opener.exec(xml); match; match = opener.exec(xml)) {
    const qname = match[1]!;
    let end = opener.lastIndex;
    if (!match[0].endsWith("/>")) {
      if ((noCloserAfter.get(qname) ?? Infinity) <= end) continue;
      const closer = new RegExp(String.raw`</${qname.replace(/[.]/g, "\\.")}\s*>`, "g");
      closer.lastIndex = end;
      const found = closer.exec(xml);
      if (!found) {
        noCloserAfter.set(qname, end);
        continue;
      }
      end = closer.lastIndex;
    }
    out += xml.slice(copied, match.index) + replacement(qname);
    copied = end;
    opener.lastIndex = end;
  }
  return out + xml.slice(copied);
}
/** Who the application says owns the file, and where it came from. */
const APP_PERSONAL = "Company|Manager|Template|HyperlinkBase";
/** Attributes naming a person in comments, tracked changes, threaded comments and co-authoring. */
const PERSON_ATTRIBUTES = /(\s(?:[\w.-]+:)?(?:author|initials|userId|userName|displayName|providerId)\s*=\s*)(?:"[^"<]*"|'[^'<]*')/g;
/** The `name` attribute, only in the parts that list the people who commented (pptx, xlsx). */
const NAME_ATTRIBUTE = /(\s(?:[\w.-]+:)?name\s*=\s*)(?:"[^"<]*"|'[^'<]*')/g;
const PEOPLE_PARTS = /(?:^|\/)(?:commentAuthors\.xml|authors\.xml|people\.xml|persons?\/[^/]*\.xml|revisions\/userNames\.xml)$/i;
/** xlsx comment authors, as element text. */
const AUTHOR_TEXT = /<((?:[\w.-]+:)?author)>[^<]*<\/\1>/g;
/** The folder the workbook was last saved in, which holds the account name on most machines. */
const ABS_PATH = "absPath";
/**
 * A relationship's target that is a template attached by path (settings.xml.rels), a file
 * on the author's disk or share (file:///C:/Users/<name>/…, \\server\<name>\…): each holds
 * an account name. Blanked in every .rels part.
 */
function cleanRelationships(xml: string): string {
  return xml.replace(/<Relationship\b[^<>]*>/g, (tag) => {
    const type = /\bType\s*=\s*"([^"]*)"/.exec(tag)?.[1] ?? "";
    const target = /\bTarget\s*=\s*"([^"]*)"/.exec(tag)?.[1] ?? "";
    if (!type.endsWith("/attachedTemplate") && !/^(?:file:|[a-z]:[\\/]|\\\\|\/\/)/i.test(target)) return tag;
    return tag.replace(/(\bTarget\s*=\s*)"[^"]*"/, '$1""');
  });
}

/** SharePoint's people columns, kept in customXml/item*.xml: a person's name, account and address. */
const CUSTOM_XML_PEOPLE = /(<((?:[\w.-]+:)?(?:DisplayName|AccountId|Email))(?=[\s/>])[^<>]*(?<!\/)>)[^<]*(<\/\2\s*>)/g;

function ooxmlMacros(entries: ZipEntry[], contentTypes: string): boolean {
  if (/macroEnabled|vbaProject|vbaData/i.test(contentTypes)) return true;
  return entries.some((e) => /(?:^|\/)vba[^/]*$/i.test(e.name));
}

/** The package's core, app and custom property parts, wherever _rels/.rels puts them. */
function propertyParts(entries: ZipEntry[]): { core: Set<string>; app: Set<string>; custom: Set<string> } {
  const parts = { core: new Set(["docProps/core.xml"]), app: new Set(["docProps/app.xml"]), custom: new Set(["docProps/custom.xml"]) };
  const rels = entries.find((e) => e.name === "_rels/.rels");
  if (!rels) return parts;
  for (const match of decodeXml(rels).matchAll(/<Relationship\b[^<>]*>/g)) {
    const type = /\bType="([^"]*)"/.exec(match[0])?.[1] ?? "";
    const target = (/\bTarget="([^"]*)"/.exec(match[0])?.[1] ?? "").replace(/^\//, "");
    if (type.endsWith("/core-properties")) parts.core.add(target);
    else if (type.endsWith("/extended-properties")) parts.app.add(target);
    else if (type.endsWith("/custom-properties")) parts.custom.add(target);
  }
  return parts;
}

function cleanOoxmlPart(name: string, xml: string, parts: ReturnType<typeof propertyParts>): string {
  if (parts.core.has(name)) return CORE_EMPTY;
  if (parts.custom.has(name)) return CUSTOM_EMPTY;
  let out = xml;
  if (parts.app.has(name)) out = replaceElements(out, APP_PERSONAL, () => "");
  out = replaceElements(out.replace(PERSON_ATTRIBUTES, '$1""').replace(AUTHOR_TEXT, "<$1></$1>"), ABS_PATH, () => "");
  if (/\.rels$/i.test(name)) out = cleanRelationships(out);
  if (/^customXml\//i.test(name)) out = out.replace(CUSTOM_XML_PEOPLE, "$1$3");
  if (PEOPLE_PARTS.test(name)) out = out.replace(NAME_ATTRIBUTE, '$1""');
  return out;
}

const DOCX_TEXT_PARTS = /^word\/(?:document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$/;

function docxText(entries: ZipEntry[]): string {
  const order = (name: string) => (name === "word/document.xml" ? 0 : 1);
  return entries
    .filter((e) => DOCX_TEXT_PARTS.test(e.name))
    .sort((a, b) => order(a.name) - order(b.name))
    .map((e) => xmlText(decodeXml(e), { paragraph: /<\/w:p>/g, lineBreak: /<w:(?:br|cr)\b[^>]*\/>/g, tab: /<w:tab\b[^>]*\/>/g }))
    .join("\n\n");
}

// ---------------------------------------------------------------- ODF

const META_EMPTY = (version: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="${version}"><office:meta/></office:document-meta>`;
/** Who wrote a comment or a tracked change, in content.xml and styles.xml. */
const ODF_PEOPLE = "creator|initial-creator|creator-initials|printed-by";
/** The printer a settings.xml names (often "… on \\\\OFFICE-PC") and its driver's setup, which holds it again. */
const ODF_PRINTER = /(<config:config-item\b[^<>]*\bconfig:name="(?:PrinterName|PrinterSetup)"[^<>]*>)[^<]*(<\/config:config-item>)/g;

function cleanOdfPart(name: string, xml: string): string {
  let out = replaceElements(xml, ODF_PEOPLE, (qname) => `<${qname}></${qname}>`);
  if (/(?:^|\/)settings\.xml$/.test(name)) out = out.replace(ODF_PRINTER, "$1$2");
  return out;
}

/** Macro libraries of the file, or events and links that start a macro (vnd.sun.star.script: and macro: URLs). */
const odfMacros = (entries: ZipEntry[]) => entries.some((e) => /^(?:Basic|Scripts)\//i.test(e.name) || (isXmlPart(e.name) && /vnd\.sun\.star\.script:|"macro:\/\//i.test(decodeXml(e))));

function odtText(entries: ZipEntry[]): string {
  const content = entries.find((e) => e.name === "content.xml");
  if (!content) return "";
  // A comment's or a change's date is not text anyone wrote; a comment starts a line of its own.
  const xml = decodeXml(content).replace(/<dc:date>[^<]*<\/dc:date>/g, "");
  return xmlText(xml, {
    paragraph: /<\/text:(?:p|h)>|<office:annotation\b[^>]*>/g,
    lineBreak: /<text:line-break\s*\/>/g,
    tab: /<text:tab\s*\/>/g,
    space: /<text:s(?:\s+text:c="(\d+)")?\s*\/>/g,
  });
}

// ---------------------------------------------------------------- embedded pictures

const ascii = (data: Uint8Array, from: number, to: number) => Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("latin1", from, to);

/**
 * A photo placed in a document keeps its own EXIF (GPS included) and XMP, so every JPEG,
 * PNG, WebP and TIFF in the container is re-encoded at its size and format without
 * metadata (an animated WebP keeps its frames). GIF stays as it is: its only text is a
 * comment extension, which cameras never write, and a PNG in its place would need the part
 * renamed and every relationship to it rewritten. Vector pictures (EMF, WMF, SVG) stay too.
 */
async function cleanPicture(data: Uint8Array): Promise<Uint8Array> {
  const isJpeg = data[0] === 0xff && data[1] === 0xd8;
  const isPng = data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47;
  const isWebp = ascii(data, 0, 4) === "RIFF" && ascii(data, 8, 12) === "WEBP";
  const isTiff = ascii(data, 0, 4) === "II*\0" || ascii(data, 0, 4) === "MM\0*";
  if (!isJpeg && !isPng && !isWebp && !isTiff) return data;
  try {
    const image = sharp(data, { limitInputPixels: 50_000_000, animated: isWebp });
    const encoded = isJpeg ? image.jpeg({ quality: 90, mozjpeg: true }) : isPng ? image.png({ compressionLevel: 9 }) : isWebp ? image.webp({ quality: 90 }) : image.tiff({ compression: "lzw" });
    return await encoded.toBuffer();
  } catch {
    throw new ZipRefusal("damaged");
  }
}

// ---------------------------------------------------------------- embedded documents

/** An Office file placed in an OOXML one (a chart's workbook, a pasted document), by its extension. */
const EMBEDDED_PACKAGE = /^(?:word|xl|ppt)\/embeddings\/[^/]+\.(docx|xlsx|pptx|docm|xlsm|pptm)$/i;

/**
 * Each embedded Office package is cleaned with the same rules, one level deep; a package
 * inside an embedded one is refused as damaged, since no application writes that.
 * Embedded OLE objects (.bin) stay as they are: their streams are not parsed here. ODF's
 * sub-documents ("Object 1/") are folders of the same container and are cleaned with it.
 */
async function cleanEmbedded(entry: ZipEntry, depth: number): Promise<ZipEntry | AttachmentRefusal> {
  const extension = EMBEDDED_PACKAGE.exec(entry.name)?.[1]?.toLowerCase();
  if (!extension) return entry;
  if (extension.endsWith("m")) return "macro";
  if (depth > 0) return "damaged";
  const result = await cleanOffice(entry.data, extension as "docx" | "xlsx" | "pptx", depth + 1);
  return result.ok ? { name: entry.name, data: result.file } : result.refusal;
}

// ---------------------------------------------------------------- both

async function cleanOffice(bytes: Uint8Array, type: OfficeType, depth = 0): Promise<OfficeResult> {
  const entries = readZip(bytes);
  const byName = new Map(entries.map((e) => [e.name, e]));
  let text = "";
  let cleaned: ZipEntry[];
  let stored = new Set<string>();

  if (type === "docx" || type === "xlsx" || type === "pptx") {
    const contentTypesEntry = byName.get("[Content_Types].xml");
    const main = OOXML_MAIN[type];
    if (!contentTypesEntry) return { ok: false, refusal: "damaged" };
    const contentTypes = decodeXml(contentTypesEntry);
    if (ooxmlMacros(entries, contentTypes)) return { ok: false, refusal: "macro" };
    const mainOverride = new RegExp(
      String.raw`<Override\b[^<>]*PartName="/${main.part.replace(/[./]/g, "\\$&")}"[^<>]*ContentType="${main.contentType.replace(/[.+]/g, "\\$&")}"|<Override\b[^<>]*ContentType="${main.contentType.replace(/[.+]/g, "\\$&")}"[^<>]*PartName="/${main.part.replace(/[./]/g, "\\$&")}"`,
    );
    if (!byName.has(main.part) || !mainOverride.test(contentTypes)) return { ok: false, refusal: "damaged" };
    const parts = propertyParts(entries);
    cleaned = entries.map((e) => (isXmlPart(e.name) ? { name: e.name, data: encoder.encode(cleanOoxmlPart(e.name, decodeXml(e), parts)) } : e));
    if (type === "docx") text = docxText(cleaned);
  } else {
    const mimetype = byName.get("mimetype");
    if (!mimetype || Buffer.from(mimetype.data).toString("latin1").trim() !== ODF_MIMETYPE[type] || !byName.has("content.xml")) return { ok: false, refusal: "damaged" };
    if (odfMacros(entries)) return { ok: false, refusal: "macro" };
    cleaned = [mimetype];
    for (const e of entries) {
      if (e === mimetype) continue;
      // A sub-document's meta.xml ("Object 1/meta.xml") names its author as the document's does.
      if (/^(?:[^/]+\/)?meta\.xml$/.test(e.name) && e.name !== "META-INF/meta.xml") {
        const version = /office:version="([\d.]{1,8})"/.exec(decodeXml(e))?.[1] ?? "1.2";
        cleaned.push({ name: e.name, data: encoder.encode(META_EMPTY(version)) });
      } else if (isXmlPart(e.name)) cleaned.push({ name: e.name, data: encoder.encode(cleanOdfPart(e.name, decodeXml(e))) });
      else cleaned.push(e);
    }
    stored = new Set(["mimetype"]);
    if (type === "odt") text = odtText(cleaned);
  }

  for (const [n, entry] of cleaned.entries()) {
    if (isXmlPart(entry.name)) continue;
    const embedded = await cleanEmbedded(entry, depth);
    if (typeof embedded === "string") return { ok: false, refusal: embedded };
    cleaned[n] = embedded === entry ? { name: entry.name, data: await cleanPicture(entry.data) } : embedded;
  }
  return { ok: true, file: writeZip(cleaned, stored), text: text.slice(0, TEXT_MAX_CHARS) };
}

/** The file without its people, with its text (docx and odt; "" for the others), or why it is refused. */
export async function prepareOffice(bytes: Uint8Array, type: OfficeType): Promise<OfficeResult> {
  try {
    return await cleanOffice(bytes, type);
  } catch (error) {
    if (error instanceof ZipRefusal) return { ok: false, refusal: error.reason };
    throw error;
  }
}
