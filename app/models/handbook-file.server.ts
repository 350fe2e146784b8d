import { sql, type ExpressionBuilder } from "kysely";
import { BOOK_LIMITS, type BookFormat, type PaperSize } from "../domain/book";
import type { Db } from "../../db/client";
import type { Database } from "../../db/schema";

// Stored handbook files and the queue that makes them (migration 0019); what a file is made
// from, and its key, is book-contents.server.ts.

const FILE_COLUMNS = [
  "id",
  "handbook_id as handbookId",
  "format",
  "paper",
  "content_key as contentKey",
  "origin",
  "status",
  "attempts",
  "requested_at as requestedAt",
  "finished_at as finishedAt",
  "started_at as startedAt",
  "worker",
  "size",
  "pages",
  "error",
] as const;

export interface BookFileKey {
  handbookId: number;
  format: BookFormat;
  /** "" for an EPUB. */
  paper: PaperSize | "";
  contentKey: string;
}

/** The file made (or being made) from this content, without its bytes. */
export async function findBookFile(db: Db, key: BookFileKey) {
  return db
    .selectFrom("handbook_files")
    .select(FILE_COLUMNS)
    .where("handbook_id", "=", key.handbookId)
    .where("format", "=", key.format)
    .where("paper", "=", key.paper)
    .where("content_key", "=", key.contentKey)
    .executeTakeFirst();
}
export type BookFileRecord = NonNullable<Awaited<ReturnType<typeof findBookFile>>>;

export async function readBookFileBytes(db: Db, { id }: { id: number }) {
  const row = await db.selectFrom("handbook_files").select("bytes").where("id", "=", id).where("status", "=", "ready").executeTakeFirst();
  return row?.bytes ?? null;
}

/**
 * Files of this handbook and format made from other content for the same origin: never served
 * again (the key no longer matches what members may read), so their bytes go at once. A file
 * being made is left to its maker; `keepQueued` leaves requests made since, too.
 */
async function discardOtherVersions(db: Db, key: BookFileKey & { origin: string }, { keepQueued = false }: { keepQueued?: boolean } = {}) {
  await db
    .deleteFrom("handbook_files")
    .where("handbook_id", "=", key.handbookId)
    .where("format", "=", key.format)
    .where("paper", "=", key.paper)
    .where("origin", "=", key.origin)
    .where("content_key", "!=", key.contentKey)
    .where("status", "in", keepQueued ? ["ready", "failed"] : ["ready", "failed", "queued"])
    .execute();
}

/**
 * Asks for the file: queued unless it exists or is on its way. Older versions of it are
 * deleted (what they hold may since have been withdrawn, hidden or erased).
 */
export async function requestBookFile(db: Db, key: BookFileKey & { origin: string; now?: number }) {
  await discardOtherVersions(db, key);
  await db
    .insertInto("handbook_files")
    .values({ handbook_id: key.handbookId, format: key.format, paper: key.paper, content_key: key.contentKey, origin: key.origin, status: "queued", requested_at: key.now ?? Date.now() })
    .onConflict((oc) => oc.columns(["handbook_id", "format", "paper", "content_key"]).doNothing())
    .execute();
  const file = await findBookFile(db, key);
  if (!file) throw new Error("the book file just asked for is missing");
  return file;
}

/** A failed file asked for again: back in the queue for one more try (a book that always fails takes the queue's one slot once more, not without end). */
export async function retryBookFile(db: Db, { id, now = Date.now() }: { id: number; now?: number }) {
  const { numUpdatedRows } = await db
    .updateTable("handbook_files")
    .set({ status: "queued", attempts: BOOK_LIMITS.attempts - 1, error: null, requested_at: now, finished_at: null })
    .where("id", "=", id)
    .where("status", "=", "failed")
    .executeTakeFirst();
  return numUpdatedRows > 0n;
}

/** How many files will be made before this one: those queued before it, and the one being made. */
export async function bookQueuePosition(db: Db, file: Pick<BookFileRecord, "id" | "requestedAt" | "status">) {
  if (file.status !== "queued") return 0;
  const row = await db
    .selectFrom("handbook_files")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where((eb) =>
      eb.or([
        eb("status", "=", "preparing"),
        eb.and([eb("status", "=", "queued"), eb.or([eb("requested_at", "<", file.requestedAt), eb.and([eb("requested_at", "=", file.requestedAt), eb("id", "<", file.id)])])]),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A file is being made for longer than this only if its maker died: it goes back in the queue. */
const STALE_MS = BOOK_LIMITS.renderMs * 2;

/**
 * The next file to make, claimed for `worker` by a conditional update, or null. One file at a
 * time: nothing is claimed while another is being made (unless its maker stopped answering),
 * so a queue of twenty books never takes more than one core from the servers.
 */
export async function claimNextBookFile(db: Db, { worker, formats, now = Date.now() }: { worker: string; formats: readonly BookFormat[]; now?: number }) {
  if (formats.length === 0) return null;
  // A maker that died mid-way: its file is tried again, or counts as failed after its last try.
  await db
    .updateTable("handbook_files")
    .set((eb) => ({
      status: sql<"queued" | "failed">`case when ${eb.ref("attempts")} >= ${BOOK_LIMITS.attempts} then 'failed' else 'queued' end`,
      error: sql<string | null>`case when ${eb.ref("attempts")} >= ${BOOK_LIMITS.attempts} then 'stopped' else null end`,
      worker: null,
    }))
    .where("status", "=", "preparing")
    .where("started_at", "<", now - STALE_MS)
    .execute();
  const busy = await db.selectFrom("handbook_files").select("id").where("status", "=", "preparing").limit(1).executeTakeFirst();
  if (busy) return null;
  // A server without the PDF engine leaves PDFs to one that has it.
  const next = await db
    .selectFrom("handbook_files")
    .select("id")
    .where("status", "=", "queued")
    .where("format", "in", [...formats])
    .orderBy("requested_at")
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
  if (!next) return null;
  const { numUpdatedRows } = await db
    .updateTable("handbook_files")
    .set((eb) => ({ status: "preparing", worker, started_at: now, attempts: eb("attempts", "+", 1) }))
    .where("id", "=", next.id)
    .where("status", "=", "queued")
    .executeTakeFirst();
  if (numUpdatedRows === 0n) return null;
  return db.selectFrom("handbook_files").select(FILE_COLUMNS).where("id", "=", next.id).executeTakeFirstOrThrow();
}

/**
 * Still this maker's claim: not taken back as stale and claimed again by another process
 * since (whose result then counts, not this one's).
 */
const claimedBy = (eb: ExpressionBuilder<Database, "handbook_files">, file: Pick<BookFileRecord, "id" | "worker" | "startedAt">) =>
  eb.and([eb("id", "=", file.id), eb("status", "=", "preparing"), eb("worker", "=", file.worker ?? ""), eb("started_at", "=", file.startedAt ?? -1)]);

/** The file is made: stored, and the files made from older content deleted (requests made since stay queued). */
export async function finishBookFile(db: Db, { file, bytes, pages, renderMs, now = Date.now() }: { file: BookFileRecord; bytes: Uint8Array; pages: number | null; renderMs: number; now?: number }) {
  const { numUpdatedRows } = await db
    .updateTable("handbook_files")
    .set({ status: "ready", bytes: Buffer.from(bytes), size: bytes.byteLength, pages, render_ms: renderMs, finished_at: now, worker: null, error: null })
    .where((eb) => claimedBy(eb, file))
    .executeTakeFirst();
  if (numUpdatedRows > 0n) await discardOtherVersions(db, file, { keepQueued: true });
  return numUpdatedRows > 0n;
}

/** It could not be made: queued again while tries remain, else failed (with a short reason for the log). */
export async function failBookFile(db: Db, { file, error, now = Date.now() }: { file: BookFileRecord; error: string; now?: number }) {
  await db
    .updateTable("handbook_files")
    .set((eb) => ({
      status: sql<"queued" | "failed">`case when ${eb.ref("attempts")} >= ${BOOK_LIMITS.attempts} then 'failed' else 'queued' end`,
      error: error.slice(0, 500),
      finished_at: now,
      worker: null,
    }))
    .where((eb) => claimedBy(eb, file))
    .execute();
}

/** Made from content that has changed since it was asked for: nobody can be served it. */
export async function dropBookFile(db: Db, { id }: { id: number }) {
  await db.deleteFrom("handbook_files").where("id", "=", id).execute();
}

/**
 * Every stored file of the handbooks that hold these practices, deleted: text or a name in
 * them was redacted, withdrawn or erased, and a book must not keep what the forum no longer
 * holds. They are made again, from what remains, when next asked for.
 */
export async function discardBookFilesOfPractices(db: Db, { practiceIds }: { practiceIds: readonly number[] }) {
  if (practiceIds.length === 0) return;
  await db
    .deleteFrom("handbook_files")
    .where("handbook_id", "in", (eb) =>
      eb
        .selectFrom("handbook_entries")
        .innerJoin("handbook_chapters", "handbook_chapters.id", "handbook_entries.chapter_id")
        .select("handbook_chapters.handbook_id")
        .where("handbook_entries.practice_id", "in", [...practiceIds]),
    )
    .execute();
}
