import { createHash } from "node:crypto";
import type { Db } from "../../db/client";
import { BOOK_FORMATS, DEFAULT_PAPER, type BookFormat } from "../domain/book";
import { OFFLINE_LIMITS, type SavedKind } from "../domain/saved";
import { bookPath } from "../utils/book/paths";
import { bookContents } from "./book-contents.server";
import { findBookFile } from "./handbook-file.server";
import { getHandbookById } from "./handbook.server";
import { listSaved, type SavedEntry, type SavedReader } from "./saved.server";

// What the service worker (public/sw.js) keeps on this device: the member's saved items
// they may still read, as offline copies, in their order until the storage budget is spent.
// The worker deletes whatever is no longer listed here, so everything that takes a practice
// or an edition away from a member (withdrawal, hiding, a narrower audience, a disabled
// account, a session ended) reaches the phone through this list on its next connection.

/** The stylesheets the copies link (public/, no build step): kept with them. */
export const OFFLINE_ASSETS = ["/styles.css", "/print.css"] as const;
/** The page shown offline for any address that has no copy. */
export const OFFLINE_PAGE = "/offline";
/** A thumbnail larger than this stays out of a practice's copy (the copy then shows the alt text). */
const THUMB_LIMIT = 256 * 1024;
/** What a copy's page costs besides its text: the document, its header and the quick-exit script. */
const PAGE_OVERHEAD = 12 * 1024;

export interface OfflineUrl {
  url: string;
  /** A page is shown by navigation; a file is a thumbnail or a download. */
  as: "page" | "file";
}

export interface OfflineItem {
  key: string;
  kind: SavedKind;
  title: string;
  /** Changes whenever the copy must be fetched again. */
  version: string;
  /** About what the copy takes on the device. */
  bytes: number;
  /** False past the budget: listed on the offline page as not kept. */
  kept: boolean;
  urls: OfflineUrl[];
  /** The item's own addresses, which the worker answers with the copy when offline. */
  aliases: string[];
}

export interface OfflineManifest {
  scope: string;
  budgetBytes: number;
  offlinePage: typeof OFFLINE_PAGE;
  assets: string[];
  items: OfflineItem[];
}

/**
 * The name of this session's offline copies: a sign-out, another member signing in or a new
 * session gives another name, and the worker deletes every cache but the current one.
 */
export function offlineScope(sessionId: string): string {
  return createHash("sha256").update(`offline:${sessionId}`).digest("hex").slice(0, 32);
}

const utf8 = (text: string | null | undefined) => Buffer.byteLength(text ?? "", "utf8");

/** The member's offline copies as the worker is to keep them. Only ready book files: nothing is made here. */
export async function offlineManifest(db: Db, { member, origin }: { member: SavedReader & { sessionId: string }; origin: string }): Promise<OfflineManifest> {
  const entries = await listSaved(db, { reader: member });
  const practiceIds = entries.flatMap((e) => (e.practice ? [e.practice.id] : []));
  const [practices, thumbs] = await Promise.all([practiceTexts(db, practiceIds), practiceThumbs(db, practiceIds)]);
  const items: OfflineItem[] = [];
  for (const entry of entries) {
    const item = entry.practice ? practiceItem(entry.practice, practices.get(entry.practice.id), thumbs.get(entry.practice.id) ?? []) : await handbookItem(db, entry, origin);
    if (item) items.push(item);
  }
  // In the member's order until the budget is spent; a large item past it leaves room for smaller ones after it.
  let used = 0;
  for (const item of items) {
    item.kept = used + item.bytes <= OFFLINE_LIMITS.budgetBytes;
    if (item.kept) used += item.bytes;
  }
  return { scope: offlineScope(member.sessionId), budgetBytes: OFFLINE_LIMITS.budgetBytes, offlinePage: OFFLINE_PAGE, assets: [...OFFLINE_ASSETS], items };
}

const practicePath = (slug: string) => `/practices/${encodeURIComponent(slug)}`;
const handbookPath = (slug: string) => `/handbooks/${encodeURIComponent(slug)}`;

function practiceItem(practice: NonNullable<SavedEntry["practice"]>, textBytes: number | undefined, thumbs: { id: number; size: number; etag: string }[]): OfflineItem {
  const files = thumbs.filter((t) => t.size <= THUMB_LIMIT);
  return {
    key: `practice:${practice.id}`,
    kind: "practice",
    title: practice.title,
    version: hashOf([practice.currentRevision, practice.updatedAt, practice.slug, files.map((f) => f.etag)]),
    bytes: PAGE_OVERHEAD + (textBytes ?? 0) + files.reduce((sum, f) => sum + f.size, 0),
    kept: false,
    urls: [{ url: `${practicePath(practice.slug)}/offline`, as: "page" }, ...files.map((f) => ({ url: `/attachments/${f.id}/thumb`, as: "file" as const }))],
    aliases: [practicePath(practice.slug)],
  };
}

async function handbookItem(db: Db, entry: SavedEntry, origin: string): Promise<OfflineItem | null> {
  const saved = entry.handbook;
  const handbook = saved ? await getHandbookById(db, { id: saved.id }) : undefined;
  if (!saved || !handbook) return null;
  const contents = await bookContents(db, { handbook, origin });
  const files: { format: BookFormat; size: number; id: number }[] = [];
  for (const format of BOOK_FORMATS) {
    const file = await findBookFile(db, { handbookId: handbook.id, format, paper: format === "pdf" ? DEFAULT_PAPER : "", contentKey: contents.key });
    if (file?.status === "ready") files.push({ format, size: file.size ?? 0, id: file.id });
  }
  const textBytes = contents.chapters.reduce(
    (sum, c) => sum + utf8(c.title) + utf8(c.introHtml) + c.entries.reduce((s, e) => s + utf8(e.title) + utf8(e.summary) + utf8(JSON.stringify(e.sectionsHtml)), 0),
    0,
  );
  return {
    key: `handbook:${handbook.id}`,
    kind: "handbook",
    title: handbook.title,
    version: hashOf([contents.key, files.map((f) => [f.format, f.id])]),
    bytes: PAGE_OVERHEAD + utf8(handbook.intro_html) + textBytes + files.reduce((sum, f) => sum + f.size, 0),
    kept: false,
    urls: [{ url: `${handbookPath(handbook.slug)}/print`, as: "page" }, ...files.map((f) => ({ url: bookPath("download", handbook, f.format), as: "file" as const }))],
    aliases: [handbookPath(handbook.slug)],
  };
}

const hashOf = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);

/** The size of each practice's text as its copy carries it. */
async function practiceTexts(db: Db, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("practices")
    .select(["id", "title", "summary", "context_html", "approach_html", "resources_html", "outcomes_html", "lessons_html", "adapt_html"])
    .where("id", "in", ids)
    .execute();
  return new Map(rows.map(({ id, ...text }) => [id, Object.values(text).reduce((sum, t) => sum + utf8(t), 0)]));
}

/** Each practice's visible images' thumbnails (their size and etag), in the order the page shows them. */
async function practiceThumbs(db: Db, ids: number[]): Promise<Map<number, { id: number; size: number; etag: string }[]>> {
  const result = new Map<number, { id: number; size: number; etag: string }[]>();
  if (ids.length === 0) return result;
  const rows = await db
    .selectFrom("attachments")
    .innerJoin("attachment_files", "attachment_files.attachment_id", "attachments.id")
    .select(["attachments.id", "attachments.practice_id as practiceId", "attachment_files.size", "attachment_files.etag"])
    .where("attachments.practice_id", "in", ids)
    .where("attachments.kind", "=", "image")
    .where("attachments.removed_at", "is", null)
    .where("attachments.purged_at", "is", null)
    .where("attachments.hidden_at", "is", null)
    .where("attachment_files.variant", "=", "thumb")
    .orderBy("attachments.position")
    .orderBy("attachments.id")
    .execute();
  for (const { practiceId, ...thumb } of rows) if (practiceId !== null) result.set(practiceId, [...(result.get(practiceId) ?? []), thumb]);
  return result;
}

/** The thumbnails a practice's copy shows (the others are over the size a copy keeps). */
export async function offlineThumbIds(db: Db, { practiceId }: { practiceId: number }): Promise<Set<number>> {
  const thumbs = (await practiceThumbs(db, [practiceId])).get(practiceId) ?? [];
  return new Set(thumbs.filter((t) => t.size <= THUMB_LIMIT).map((t) => t.id));
}
