import { SECTIONS, sectionLabel, type Section } from "../domain/practice";
import { useT } from "../i18n/react";

/**
 * A practice's summary and sections as its page shows them, and as its offline copy keeps
 * them (lang when it is not the page's). The sections' HTML was sanitised when the revision was saved.
 */
export function PracticeText({ summary, sections, lang }: { summary?: string | null; sections: Partial<Record<Section, string | null>>; lang?: string }) {
  const t = useT();
  return (
    <>
      {summary ? (
        <p className="summary" lang={lang}>
          {summary}
        </p>
      ) : null}
      {SECTIONS.map((s) =>
        sections[s] ? (
          <section key={s} aria-labelledby={`section-${s}`}>
            <h2 id={`section-${s}`}>{t(sectionLabel(s))}</h2>
            <div className="prose" lang={lang} dangerouslySetInnerHTML={{ __html: sections[s] /* sanitised when saved */ }} />
          </section>
        ) : null,
      )}
    </>
  );
}
