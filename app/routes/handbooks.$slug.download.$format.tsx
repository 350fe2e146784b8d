import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireHandbookBook } from "../auth/handbook-access.server";
import { BOOK_MIME } from "../domain/book";
import { recordAudit } from "../models/audit.server";
import { readBookFileBytes } from "../models/handbook-file.server";
import { bookState } from "../server/book-queue.server";
import { bookFileName } from "../utils/book/book";
import { bookPath } from "../utils/book/paths";
import { fileResponse } from "../utils/file-response.server";
import { siteOrigin } from "../utils/mail.server";

/**
 * The edition as a PDF or EPUB: the stored file made from what it holds now, or, while it is
 * being made (or cannot be), a redirect to the page that says so.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { member, handbook, format, paper } = await requireHandbookBook(args);
  const db = args.context.db;
  const book = await bookState(db, { handbook, format, paper, origin: siteOrigin(args.request) });
  const bytes = book.state === "ready" ? await readBookFileBytes(db, book.file) : null;
  if (book.state !== "ready" || !bytes) throw redirect(bookPath("preparing", handbook, format, paper), 303);
  const name = bookFileName(handbook, format);
  const response = fileResponse(
    args.request,
    { bytes, mime: BOOK_MIME[format], etag: `"${book.file.contentKey}-${format}-${book.file.paper || "epub"}"` },
    { download: { name, fallback: `handbook-${handbook.id}-edition-${handbook.edition}-${handbook.language}.${format}` } },
  );
  // Like the Markdown export: who took the edition away, once per download (not per revalidation or range).
  if (response.status === 200) {
    await recordAudit(db, {
      actorId: member.id,
      action: "handbook.exported",
      targetType: "handbook",
      targetId: handbook.id,
      detail: { format, paper: format === "pdf" ? paper : null },
      ip: args.context.clientIp,
    });
  }
  return response;
}
