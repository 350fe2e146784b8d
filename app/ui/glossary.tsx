import { termStatusLabel, type GlossaryTerm, type TermStatus } from "../domain/glossary";
import { useT } from "../i18n/react";

/** A term's status as words (the colour only repeats them): preferred, admitted, to avoid. */
export function TermStatusBadge({ status }: { status: TermStatus }) {
  const t = useT();
  return <span className={`term-status term-status-${status}`}>{t(termStatusLabel(status))}</span>;
}

/**
 * One language's terms of a concept (pass them preferred first, as `termsIn` gives them):
 * each with its status, and for a term to avoid what to write instead and why. Each term
 * carries its own language, so screen readers and fonts read it right on any page.
 */
export function TermList({ terms }: { terms: GlossaryTerm[] }) {
  const t = useT();
  if (terms.length === 0) return <p className="muted">{t("glossary.noTerm")}</p>;
  return (
    <ul className="term-list">
      {terms.map((term) => (
        <li key={`${term.language}-${term.text}`}>
          <span lang={term.language} className="term-text">
            {term.text}
          </span>{" "}
          <TermStatusBadge status={term.status} />
          {term.status === "avoid" && term.alternative ? (
            <span className="term-detail">
              {t("glossary.useInstead")} <strong lang={term.language}>{term.alternative}</strong>
            </span>
          ) : null}
          {term.reason ? (
            <span className="term-detail" lang={term.language}>
              {term.reason}
            </span>
          ) : null}
          {term.source ? (
            <span className="term-detail muted">
              {t("glossary.source")} <span lang={term.language}>{term.source}</span>
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
