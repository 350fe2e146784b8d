import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireHandbookBook } from "../auth/handbook-access.server";
import { bookFormatLabel, paperLabel } from "../domain/book";
import { dataTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { retryBookFile } from "../models/handbook-file.server";
import { inTransaction } from "../server/database.server";
import { bookState, runBookQueue } from "../server/book-queue.server";
import { runAfterResponse } from "../server/background.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { Link } from "../ui/link";
import { bookPath } from "../utils/book/paths";
import { siteOrigin } from "../utils/mail.server";
import { parseForm } from "../utils/forms";

/** How often the waiting page asks again (a meta refresh: it works without JavaScript). */
const REFRESH_SECONDS = 4;

const title = dataTitle((data: { handbook: { title: string } }) => data.handbook.title, "handbooks.title");
export const meta: MetaFunction<typeof loader> = (args) => {
  const state = args.data?.state;
  // Ready: the download starts by itself, once; while waiting the page looks again.
  const refresh = state === "ready" ? `0;url=${args.data!.downloadUrl}` : state === "queued" || state === "preparing" ? String(REFRESH_SECONDS) : null;
  return [...title(args), ...(refresh ? [{ httpEquiv: "refresh", content: refresh } as const] : [])];
};

/**
 * The edition's PDF or EPUB while it is being made: its place in the queue, then the
 * download; or why it cannot be made, with the way back (try again, the print page).
 */
export async function loader(args: LoaderFunctionArgs) {
  const { handbook, format, paper } = await requireHandbookBook(args);
  const book = await bookState(args.context.db, { handbook, format, paper, origin: siteOrigin(args.request) });
  return json(
    {
      handbook: { slug: handbook.slug, title: handbook.title, edition: handbook.edition },
      format,
      paper,
      state: book.state,
      ahead: book.state === "queued" || book.state === "preparing" ? book.ahead : 0,
      downloadUrl: bookPath("download", handbook, format, paper),
    },
    { status: book.state === "unavailable" ? 503 : book.state === "queued" || book.state === "preparing" ? 202 : 200, headers: { "Cache-Control": "no-store" } },
  );
}

const Retry = /* @__PURE__ */ (() => z.object({ intent: z.literal("retry") }))();

/** "Try again" after a file could not be made: queued afresh. */
export async function action(args: ActionFunctionArgs) {
  const { handbook, format, paper } = await requireHandbookBook(args);
  const db = args.context.db;
  const form = parseForm(Retry, await args.request.formData());
  if (!form.ok) return json({ error: true }, { status: 400 });
  const book = await bookState(db, { handbook, format, paper, origin: siteOrigin(args.request) });
  if (book.state === "failed" && (await inTransaction(db, (trx) => retryBookFile(trx, book.file)))) runAfterResponse("book queue", () => runBookQueue(db));
  throw redirect(bookPath("preparing", handbook, format, paper), 303);
}

export default function PreparingBook() {
  const { handbook, format, paper, state, ahead, downloadUrl } = useLoaderData<typeof loader>();
  const t = useT();
  const what = format === "pdf" ? `${t(bookFormatLabel(format))} (${t(paperLabel(paper))})` : t(bookFormatLabel(format));
  return (
    <section aria-labelledby="book-heading">
      <h1 id="book-heading">{handbook.title}</h1>
      <p className="muted">
        {t("handbook.editionN", { edition: handbook.edition })} · {what}
      </p>
      <div role="status">
        {state === "ready" ? (
          <p>
            {t("book.ready")} <a href={downloadUrl}>{t("book.downloadAgain")}</a>
          </p>
        ) : state === "queued" || state === "preparing" ? (
          <>
            <p>{t(state === "preparing" ? "book.preparing" : "book.queued", { count: ahead })}</p>
            <p className="muted">{t("book.preparingHint")}</p>
          </>
        ) : state === "failed" ? (
          <p>{t("book.failed")}</p>
        ) : (
          <p>{t("book.unavailable")}</p>
        )}
      </div>
      <p className="button-row">
        {state === "failed" ? (
          <Form method="post" className="inline-form">
            <button type="submit" name="intent" value="retry">
              {t("book.retry")}
            </button>
          </Form>
        ) : null}
        {state === "failed" || state === "unavailable" ? (
          <Link to={`/handbooks/${handbook.slug}/print`} className="button button-secondary" reloadDocument>
            {t("handbook.print")}
          </Link>
        ) : null}
        <Link to={`/handbooks/${handbook.slug}`} className="button button-secondary">
          {t("book.backToHandbook")}
        </Link>
      </p>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
