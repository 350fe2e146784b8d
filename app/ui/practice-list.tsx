import { Link } from "./link";
import { useI18n } from "../i18n/react";
import { CountryName, useFormat } from "./format";

export interface PracticeListItem {
  id: number;
  slug: string;
  title: string;
  summary: string;
  language: string;
  publishedAt: number | null;
  organisationName?: string;
  themes?: string[];
  countries?: string[];
}

/** A list of practice cards: title, organisation, language, themes, summary. */
export function PracticeList({ items, headingLevel = 3 }: { items: PracticeListItem[]; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const { locale } = useI18n();
  const format = useFormat();
  return (
    <ul className="practice-list">
      {items.map((p) => {
        const lang = p.language !== locale ? p.language : undefined;
        return (
          <li key={p.id}>
            <Heading>
              <Link to={`/practices/${p.slug}`} lang={lang}>
                {p.title}
              </Link>
            </Heading>
            <p className="muted">
              {[p.organisationName, format.language(p.language), p.publishedAt ? format.date(p.publishedAt) : null].filter(Boolean).join(" · ")}
              {(p.countries ?? []).map((code) => (
                <span key={code}>
                  {" · "}
                  <CountryName code={code} />
                </span>
              ))}
            </p>
            {p.summary ? <p lang={lang}>{p.summary.length > 280 ? `${p.summary.slice(0, 280)}…` : p.summary}</p> : null}
            {p.themes?.length ? (
              <ul className="tags">
                {p.themes.map((key) => (
                  <li key={key}>
                    <Link to={`/practices?theme=${encodeURIComponent(key)}`}>{format.theme(key)}</Link>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
