import { Fragment, type ReactNode } from "react";
import type { MessageKey } from "../i18n";
import type { MessageParams, Translate } from "../i18n/format";
import { useI18n } from "../i18n/react";
import type { TermFinding } from "../utils/glossary-check";
import { useFormat } from "./format";
import { Link } from "./link";

/** A placeholder's text in the message, to put an element (a term in its own language) in its place. */
const MARK = "\u0001";

/** A message with elements where some of its placeholders are: `{term}` becomes <span lang="ne">…</span>. */
function rich(t: Translate, key: MessageKey, params: MessageParams, elements: Record<string, ReactNode>): ReactNode {
  const marked = { ...params, ...Object.fromEntries(Object.keys(elements).map((name) => [name, `${MARK}${name}${MARK}`])) };
  return t(key, marked)
    .split(MARK)
    .map((part, i) => <Fragment key={i}>{i % 2 === 1 && part in elements ? elements[part] : part}</Fragment>);
}

/**
 * The glossary's advice on a write-up or a comment as typed: each term to avoid that was
 * found, where, in which language, what to write instead and why, with the way to its
 * concept. Advice, not a warning to confirm (role="status", unlike the privacy check's
 * alert): publishing and posting go ahead whatever it says. `fieldLabel` names the field of
 * each finding on a form with several.
 */
export function TermFindings({ findings, fieldLabel, level = 2 }: { findings: TermFinding[]; fieldLabel?: (field: string) => string | undefined; level?: 2 | 3 }) {
  const { t } = useI18n();
  const format = useFormat();
  if (findings.length === 0) return null;
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <div className="term-findings" role="status">
      <Heading>{t("termFindings.heading")}</Heading>
      <p>{t("termFindings.advice")}</p>
      <ul>
        {findings.map((f) => {
          const term = <span lang={f.language}>{f.term}</span>;
          const label = fieldLabel?.(f.field);
          return (
            <li key={`${f.field}:${f.language}:${f.term}:${f.slug}`}>
              <p>
                {label ? <strong>{t("termFindings.inField", { field: label })} </strong> : null}
                <q>{f.snippet}</q>
              </p>
              <p>
                {f.alternative
                  ? rich(t, "termFindings.writeInstead", { language: format.language(f.language) }, { term, alternative: <strong lang={f.language}>{f.alternative}</strong> })
                  : rich(t, "termFindings.toAvoid", { language: format.language(f.language) }, { term })}
                {f.reason ? (
                  <>
                    {" "}
                    <span lang={f.language}>{f.reason}</span>
                  </>
                ) : null}
              </p>
              <p>
                <Link to={`/glossary/${encodeURIComponent(f.slug)}`}>{rich(t, "termFindings.conceptLink", {}, { term: <span lang={f.language}>{f.term}</span> })}</Link>
              </p>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** After "Check words": what it found, or that it found nothing, so the member knows it ran. */
export function CheckedWords({ findings, level }: { findings: TermFinding[]; level?: 2 | 3 }) {
  const { t } = useI18n();
  if (findings.length > 0) return <TermFindings findings={findings} level={level} />;
  return (
    <p className="notice" role="status">
      {t("termFindings.none")}
    </p>
  );
}
