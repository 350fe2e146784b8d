import { Link } from "./link";
import { attachmentTypeLabel, type AttachmentView } from "../domain/attachment";
import { entryWithdrawalLabel, type HandbookChapterView, type HandbookEntryView } from "../domain/handbook";
import { SECTIONS, sectionLabel } from "../domain/practice";
import { useI18n } from "../i18n/react";
import { CountryName, useFormat } from "./format";
import { fileSize } from "../utils/file-size";
import type { AnnexConcept } from "../domain/glossary";
import { annexStatusWords } from "../utils/glossary-annex";

type Entry = HandbookEntryView;
type Chapter = HandbookChapterView;

export const entryAnchor = (entryId: number) => `entry-${entryId}`;
export const chapterAnchor = (chapterId: number) => `chapter-${chapterId}`;

export function TableOfContents({ chapters }: { chapters: Chapter[] }) {
  const { t } = useI18n();
  return (
    <nav aria-labelledby="toc-heading" className="toc">
      <h2 id="toc-heading">{t("handbook.contents")}</h2>
      <ol>
        {chapters.map((c) => (
          <li key={c.id}>
            <a href={`#${chapterAnchor(c.id)}`}>{c.title}</a>
            {c.entries.length ? (
              <ol>
                {c.entries.map((e) => (
                  <li key={e.entryId}>
                    {e.title ? (
                      <a href={`#${entryAnchor(e.entryId)}`} lang={e.language}>
                        {e.title}
                      </a>
                    ) : (
                      <a href={`#${entryAnchor(e.entryId)}`}>{t("handbook.entryWithdrawnTitle")}</a>
                    )}
                  </li>
                ))}
              </ol>
            ) : null}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** Organisation, country, author (unless they chose not to be named), pinned revision and date, endorsing organisations. */
export function EntryCredit({ entry, linkSource }: { entry: Entry; linkSource: boolean }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <p className="credit">
      {entry.organisationName} (<CountryName code={entry.organisationCountry} />){entry.authorName ? ` · ${entry.authorName}` : ""} ·{" "}
      {t("handbook.revisionOf", { number: entry.revisionNumber, date: format.date(entry.revisionDate) })}
      {entry.endorsingOrganisations.length ? ` · ${t("handbook.endorsedBy", { organisations: entry.endorsingOrganisations.join(", ") })}` : ""}
      {linkSource && entry.practiceSlug ? (
        <>
          {" · "}
          <Link to={`/practices/${entry.practiceSlug}`}>{t("handbook.source")}</Link>
        </>
      ) : null}
    </p>
  );
}

/**
 * An entry's files at its pinned revision: images in the text, documents listed as the
 * entry's resources. Online, the images wait in a closed gallery the reader opens, as on the
 * practice page (a photo weighs more than the page's whole budget for a slow connection);
 * the printed book shows every one, loaded before the browser makes the PDF.
 */
export function EntryAttachments({ attachments, print }: { attachments: AttachmentView[]; print: boolean }) {
  const { t, locale } = useI18n();
  const images = attachments.filter((a) => a.kind === "image");
  const documents = attachments.filter((a) => a.kind === "document");
  const figures = images.map((a) => (
    <figure key={a.id}>
      <img
        src={`/attachments/${a.id}`}
        srcSet={print ? undefined : `/attachments/${a.id}/thumb ${a.thumbWidth ?? 480}w, /attachments/${a.id} ${a.width ?? 1600}w`}
        sizes={print ? undefined : "(min-width: 48rem) 42rem, 100vw"}
        width={a.width ?? undefined}
        height={a.height ?? undefined}
        loading={print ? "eager" : "lazy"}
        decoding="async"
        alt={a.alt}
      />
    </figure>
  ));
  return (
    <>
      {images.length ? (
        <div className="entry-images">
          <h4>{t("attachment.images")}</h4>
          {print ? (
            figures
          ) : (
            <details className="attachment-gallery">
              <summary>{t("attachment.showImages", { count: images.length })}</summary>
              {figures}
            </details>
          )}
        </div>
      ) : null}
      {documents.length ? (
        <div className="entry-resources">
          <h4>{t("attachment.documents")}</h4>
          <ul>
            {documents.map((a) => (
              <li key={a.id}>
                {print ? (
                  a.name
                ) : (
                  <a href={`/attachments/${a.id}`} download>
                    {a.name}
                  </a>
                )}{" "}
                ({t(attachmentTypeLabel(a.type))}, {fileSize(a.size, t, locale)})
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}

/** The book's chapters and entries, each entry at its pinned revision. */
export function HandbookBody({ chapters, linkSource, print = false }: { chapters: Chapter[]; linkSource: boolean; print?: boolean }) {
  const { t, locale } = useI18n();
  return (
    <>
      {chapters.map((chapter, i) => (
        <section key={chapter.id} className="chapter" aria-labelledby={chapterAnchor(chapter.id)}>
          <h2 id={chapterAnchor(chapter.id)}>
            {t("handbook.chapterN", { number: i + 1 })} {chapter.title}
          </h2>
          {chapter.introHtml ? <div className="prose" dangerouslySetInnerHTML={{ __html: chapter.introHtml /* sanitised when saved */ }} /> : null}
          {chapter.entries.length === 0 ? <p className="muted">{t("handbook.emptyChapter")}</p> : null}
          {chapter.entries.map((entry) => {
            const lang = entry.language !== locale ? entry.language : undefined;
            if (entry.withdrawn !== null && !entry.title) {
              return (
                <article key={entry.entryId} className="entry entry-withdrawn" aria-labelledby={entryAnchor(entry.entryId)}>
                  <h3 id={entryAnchor(entry.entryId)}>{t("handbook.entryWithdrawnTitle")}</h3>
                  <p className="muted">{t(entryWithdrawalLabel(entry.withdrawn), { organisation: entry.organisationName })}</p>
                </article>
              );
            }
            return (
              <article key={entry.entryId} className="entry" aria-labelledby={entryAnchor(entry.entryId)}>
                <h3 id={entryAnchor(entry.entryId)} lang={lang}>
                  {entry.title}
                </h3>
                <EntryCredit entry={entry} linkSource={linkSource} />
                {entry.withdrawn !== null ? (
                  <p className="notice" role="note">
                    {t("handbook.entryWithdrawnCurator")}
                  </p>
                ) : null}
                {entry.curatorNote ? (
                  <p className="curator-note">
                    <strong>{t("handbook.curatorNote")}</strong> {entry.curatorNote}
                  </p>
                ) : null}
                {entry.summary ? (
                  <p className="summary" lang={lang}>
                    {entry.summary}
                  </p>
                ) : null}
                {SECTIONS.map((s) =>
                  entry.sectionsHtml[s] ? (
                    <div key={s} className="entry-section">
                      <h4>{t(sectionLabel(s))}</h4>
                      <div className="prose" lang={lang} dangerouslySetInnerHTML={{ __html: entry.sectionsHtml[s] /* sanitised when saved */ }} />
                    </div>
                  ) : null,
                )}
                <EntryAttachments attachments={entry.attachments} print={print} />
              </article>
            );
          })}
        </section>
      ))}
    </>
  );
}

export const GLOSSARY_ANCHOR = "glossary";

/**
 * The edition's glossary annex (issue 23): each concept its texts use, named in the edition's
 * language, with that language's terms and their status, and the definition. Nothing when the
 * edition uses no concept of the glossary.
 */
export function HandbookGlossary({ concepts, language, published }: { concepts: AnnexConcept[]; language: string; published: boolean }) {
  const { t, locale } = useI18n();
  if (concepts.length === 0) return null;
  const lang = (l: string) => (l !== locale ? l : undefined);
  return (
    <section className="chapter handbook-glossary" aria-labelledby={GLOSSARY_ANCHOR}>
      <h2 id={GLOSSARY_ANCHOR}>{t("handbook.glossary")}</h2>
      <p className="muted">{t(published ? "handbook.glossaryIntro" : "handbook.glossaryIntroDraft")}</p>
      <dl className="glossary-annex">
        {concepts.map((c) => (
          <div key={c.slug} className="glossary-annex-concept">
            <dt lang={c.headLanguage}>
              <a href={`/glossary/${encodeURIComponent(c.slug)}`}>{c.head}</a>
            </dt>
            {c.terms.length ? (
              <dd>
                <ul className="glossary-annex-terms">
                  {c.terms.map((term) => (
                    <li key={`${term.status}:${term.text}`}>
                      <span lang={lang(term.language)}>{term.text}</span> ({annexStatusWords(term, t)})
                    </li>
                  ))}
                </ul>
              </dd>
            ) : null}
            {c.definition ? <dd lang={lang(language)}>{c.definition}</dd> : null}
          </div>
        ))}
      </dl>
    </section>
  );
}
