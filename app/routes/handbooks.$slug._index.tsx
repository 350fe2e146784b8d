import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "../ui/link";
import { can } from "../auth/permissions.server";
import { dataTitle } from "../i18n/meta";
import { useI18n } from "../i18n/react";
import { getHandbookContents, listLanguageEditions } from "../models/handbook.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { useFormat } from "../ui/format";
import { HandbookBody, HandbookGlossary, TableOfContents } from "../ui/handbook-content";
import { editionGlossary } from "../models/handbook-glossary.server";
import { handbookStatusLabel } from "../domain/handbook";
import { requireHandbook } from "../auth/handbook-access.server";
import { PAPER_SIZES, paperLabel } from "../domain/book";
import { bookPath } from "../utils/book/paths";
import { pdfEngine } from "../utils/book/pdf.server";
import { savedState } from "../models/saved.server";
import { SaveButton } from "../ui/save-button";

export const meta = dataTitle((data: { handbook: { title: string } }) => data.handbook.title, "handbooks.title");

export async function loader(args: LoaderFunctionArgs) {
  const { member, handbook } = await requireHandbook(args, "view");
  const curator = can(member, "curate");
  const [chapters, editions, engine, saved] = await Promise.all([
    getHandbookContents(args.context.db, { handbookId: handbook.id, showWithdrawn: curator }),
    listLanguageEditions(args.context.db, { handbook }),
    pdfEngine(),
    savedState(args.context.db, { userId: member.id, handbookId: handbook.id }),
  ]);
  const glossary = await editionGlossary(args.context.db, { handbook, chapters });
  return json({
    handbook: {
      id: handbook.id,
      slug: handbook.slug,
      title: handbook.title,
      edition: handbook.edition,
      language: handbook.language,
      status: handbook.status,
      introHtml: handbook.intro_html,
      publishedAt: handbook.published_at,
    },
    chapters,
    glossary,
    editions: editions.filter((e) => curator || e.status === "published"),
    curator,
    saved,
    // Without the PDF engine on this server the PDF links would lead only to "cannot be made".
    pdfAvailable: engine.available,
  });
}

export default function HandbookPage() {
  const { handbook, chapters, glossary, editions, curator, saved, pdfAvailable } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const format = useFormat();
  return (
    <article className="handbook" lang={handbook.language !== locale ? handbook.language : undefined}>
      <header>
        <h1>{handbook.title}</h1>
        <p className="muted">
          {t("handbook.editionN", { edition: handbook.edition })} · {format.language(handbook.language)} · {t(handbookStatusLabel(handbook.status))}
          {handbook.publishedAt ? ` · ${t("practice.publishedOn", { date: format.date(handbook.publishedAt) })}` : ""}
        </p>
        <p className="button-row">
          <Link to={`/handbooks/${handbook.slug}/print`} className="button button-secondary" reloadDocument>
            {t("handbook.print")}
          </Link>
          <a href={`/handbooks/${handbook.slug}/export`} className="button button-secondary" download>
            {t("handbook.export")}
          </a>
          {curator ? (
            <Link to={`/handbooks/${handbook.slug}/curate`} className="button">
              {t("handbook.curate")}
            </Link>
          ) : null}
        </p>
        {/* A form may not sit inside the paragraph above (the browser would close it first). */}
        <div className="button-row">
          <SaveButton kind="handbook" handbookId={handbook.id} saved={saved} />
        </div>
        <p className="book-downloads">
          {t("book.download")}{" "}
          {(pdfAvailable ? PAPER_SIZES : []).map((paper) => (
            <span key={paper}>
              <a href={bookPath("download", handbook, "pdf", paper)} type="application/pdf">
                {t("book.downloadPdf", { paper: t(paperLabel(paper)) })}
              </a>
              {" · "}
            </span>
          ))}
          <a href={bookPath("download", handbook, "epub")} type="application/epub+zip">
            {t("book.downloadEpub")}
          </a>
          <br />
          <span className="muted">{t(pdfAvailable ? "book.downloadHint" : "book.unavailable")}</span>
        </p>
        {editions.length ? (
          <p>
            {t("handbook.otherEditions")}{" "}
            {editions.map((e, i) => (
              <span key={e.id}>
                {i > 0 ? ", " : ""}
                <Link to={`/handbooks/${e.slug}`} hrefLang={e.language}>
                  {format.language(e.language)}
                </Link>
              </span>
            ))}
          </p>
        ) : null}
      </header>
      {handbook.introHtml ? <div className="prose" dangerouslySetInnerHTML={{ __html: handbook.introHtml /* sanitised when saved */ }} /> : null}
      {chapters.length ? <TableOfContents chapters={chapters} /> : <p className="empty">{t("handbook.noChapters")}</p>}
      <HandbookBody chapters={chapters} linkSource />
      <HandbookGlossary concepts={glossary} language={handbook.language} published={handbook.status === "published"} />
    </article>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
