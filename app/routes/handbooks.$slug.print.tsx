import { json, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { dataTitle } from "../i18n/meta";
import type { Catalogue } from "../i18n/en";
import { SECTIONS, sectionLabel } from "../domain/practice";
import { catalogues } from "../i18n";
import { bookLabels } from "../i18n/locale.server";
import { I18nProvider, useI18n } from "../i18n/react";
import { getHandbookContents } from "../models/handbook.server";
import { useFormat } from "../ui/format";
import { HandbookBody, HandbookGlossary, TableOfContents } from "../ui/handbook-content";
import { editionGlossary } from "../models/handbook-glossary.server";
import { requireHandbook } from "../auth/handbook-access.server";

export const meta = dataTitle((data: { handbook: { title: string } }) => data.handbook.title, "handbooks.title");

/** One document for the browser's "Save as PDF": no header, no navigation, no JavaScript. */
export const handle = { bare: true };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/print.css" }];

export async function loader(args: LoaderFunctionArgs) {
  const { handbook } = await requireHandbook(args, "view");
  const chapters = await getHandbookContents(args.context.db, { handbookId: handbook.id });
  const glossary = await editionGlossary(args.context.db, { handbook, chapters });
  const book = bookLabels(handbook.language);
  // The entries' section headings and files are named in the book's language too.
  const sectionKeys = new Set<string>(SECTIONS.map(sectionLabel));
  const entryLabels = Object.entries(catalogues[book.locale]).filter(([key]) => sectionKeys.has(key) || /^attachment\.(type\.|size|images$|documents$)/.test(key));
  return json({
    handbook: { title: handbook.title, edition: handbook.edition, language: handbook.language, status: handbook.status, introHtml: handbook.intro_html, publishedAt: handbook.published_at },
    chapters,
    glossary,
    organisations: [...new Set(chapters.flatMap((c) => c.entries.map((e) => e.organisationName)))].sort(),
    book: { locale: book.locale, labels: { ...book.labels, ...Object.fromEntries(entryLabels) } },
  });
}

export default function PrintPage() {
  const { book } = useLoaderData<typeof loader>();
  return (
    // Only the keys the book uses: any other falls back to its key, which a test would see.
    <I18nProvider locale={book.locale} messages={book.labels as Catalogue}>
      <Book />
    </I18nProvider>
  );
}

function Book() {
  const { handbook, chapters, glossary, organisations } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const format = useFormat();
  return (
    <main id="main" className="book" lang={handbook.language}>
      <section className="title-page" aria-labelledby="book-title">
        <p className="book-network">{t("app.name")}</p>
        <h1 id="book-title">{handbook.title}</h1>
        <p className="book-edition">
          {t("handbook.editionN", { edition: handbook.edition })}
          {handbook.publishedAt ? ` · ${format.date(handbook.publishedAt)}` : ""}
        </p>
        {handbook.status !== "published" ? <p className="book-draft">{t("handbook.printDraft")}</p> : null}
        {organisations.length ? <p className="book-contributors">{t("handbook.contributors", { organisations: organisations.join(" · ") })}</p> : null}
      </section>
      {handbook.introHtml ? <section className="prose book-intro" dangerouslySetInnerHTML={{ __html: handbook.introHtml /* sanitised when saved */ }} /> : null}
      <TableOfContents chapters={chapters} />
      <HandbookBody chapters={chapters} linkSource={false} print />
      <HandbookGlossary concepts={glossary} language={handbook.language} published={handbook.status === "published"} />
    </main>
  );
}
