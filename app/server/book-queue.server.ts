import os from "node:os";
import { BOOK_FORMATS, BOOK_LIMITS, DEFAULT_PAPER, type BookFormat, type PaperSize } from "../domain/book";
import { bookContents, loadBook } from "../models/book-contents.server";
import { bookQueuePosition, claimNextBookFile, dropBookFile, failBookFile, findBookFile, finishBookFile, requestBookFile, type BookFileRecord } from "../models/handbook-file.server";
import { getHandbookById, type HandbookRecord } from "../models/handbook.server";
import { renderEpub } from "../utils/book/epub.server";
import { pdfEngine, renderPdf } from "../utils/book/pdf.server";
import { runAfterResponse } from "./background.server";
import { inTransaction, type Db } from "../../db/client";

/** host:pid, so a file's row says which server process is making it. */
const WORKER = `${os.hostname()}:${process.pid}`;

let draining: Promise<void> | null = null;
let timer: ReturnType<typeof setInterval> | null = null;

/**
 * Makes the queued files one after another until none is left. A process that is already at
 * it is not started twice; across processes and servers, claiming is a conditional update
 * that waits while another file is being made (claimNextBookFile).
 */
export function runBookQueue(db: Db): Promise<void> {
  draining ??= (async () => {
    while (await makeNextBookFile(db));
  })().finally(() => {
    draining = null;
  });
  return draining;
}

/**
 * Started by the first request for a book: every 15 s the process looks for files queued by
 * another server, or left half made by a process that stopped. The timer never keeps the
 * process alive.
 */
function watchBookQueue(db: Db) {
  if (timer) return;
  timer = setInterval(() => runBookQueue(db).catch((error: unknown) => console.error("[books] queue failed:", error)), 15_000);
  timer.unref();
}

/**
 * Claims one queued file and makes it. The layout runs in a child process (WeasyPrint, with
 * a time limit and a lower priority), so page serving goes on meanwhile; the EPUB is a zip
 * of the same markup, made in milliseconds. False when nothing was waiting.
 */
export async function makeNextBookFile(db: Db): Promise<boolean> {
  const formats = (await pdfEngine()).available ? BOOK_FORMATS : BOOK_FORMATS.filter((f) => f !== "pdf");
  const file = await inTransaction(db, (trx) => claimNextBookFile(trx, { worker: WORKER, formats }));
  if (!file) return false;
  const started = performance.now();
  try {
    const handbook = await getHandbookById(db, { id: file.handbookId });
    const contents = handbook ? await bookContents(db, { handbook, origin: file.origin }) : null;
    // What it was asked for has changed since (a new pin, a withdrawal): nobody may be served it.
    if (!handbook || !contents || contents.key !== file.contentKey) {
      await inTransaction(db, (trx) => dropBookFile(trx, file));
      return true;
    }
    const book = await loadBook(db, { handbook, contents, origin: file.origin });
    const made = file.format === "pdf" ? await renderPdf(book, { paper: file.paper || DEFAULT_PAPER, timeoutMs: BOOK_LIMITS.renderMs }) : { bytes: await renderEpub(book), pages: null };
    const renderMs = Math.round(performance.now() - started);
    // Stored only if the edition still reads as it did: something hidden or redacted while the
    // file was being made must not be kept in it.
    await inTransaction(db, async (trx) => {
      const now = await bookContents(trx, { handbook, origin: file.origin });
      if (now.key !== file.contentKey) await dropBookFile(trx, file);
      else await finishBookFile(trx, { file, bytes: made.bytes, pages: made.pages, renderMs });
    });
  } catch (error) {
    console.error(`[books] the ${file.format} of handbook ${file.handbookId} could not be made:`, error);
    await inTransaction(db, (trx) => failBookFile(trx, { file, error: error instanceof Error ? error.message : String(error) }));
  }
  return true;
}

export type BookState =
  | { state: "ready"; file: BookFileRecord }
  | { state: "queued" | "preparing"; file: BookFileRecord; ahead: number }
  | { state: "failed"; file: BookFileRecord }
  /** This server cannot make PDFs (WeasyPrint is not installed): the print page remains. */
  | { state: "unavailable" };

/**
 * Where the book made from the edition as it is now stands; one not yet made (or made from
 * older content) is queued, and this process starts on the queue once the answer is on its way.
 */
export async function bookState(db: Db, { handbook, format, paper, origin }: { handbook: HandbookRecord; format: BookFormat; paper: PaperSize; origin: string }): Promise<BookState> {
  if (format === "pdf" && !(await pdfEngine()).available) return { state: "unavailable" };
  const { key } = await bookContents(db, { handbook, origin });
  const fileKey = { handbookId: handbook.id, format, paper: format === "pdf" ? paper : ("" as const), contentKey: key };
  const file = (await findBookFile(db, fileKey)) ?? (await inTransaction(db, (trx) => requestBookFile(trx, { ...fileKey, origin })));
  if (file.status === "ready" || file.status === "failed") return { state: file.status, file };
  // Waiting: this process makes sure the queue is being worked (after a restart, say, nobody else may be at it).
  watchBookQueue(db);
  runAfterResponse("book queue", () => runBookQueue(db));
  return { state: file.status, file, ahead: await bookQueuePosition(db, file) };
}
