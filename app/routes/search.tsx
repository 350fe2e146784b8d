import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useLocation } from "@remix-run/react";
import { Link } from "../ui/link";
import { z } from "zod";
import { writeUpFieldLabel } from "../domain/practice";
import { requireMember } from "../auth/guards.server";
import { can } from "../auth/permissions.server";
import { countryOptions, requestLocale } from "../i18n/locale.server";
import { pageTitle } from "../i18n/meta";
import { useI18n } from "../i18n/react";
import type { MessageKey } from "../i18n";
import { listOrganisationChoices } from "../models/organisation.server";
import { listThemes } from "../models/practice.server";
import { searchPractices, type SearchField } from "../models/search.server";
import { searchGlossary } from "../models/glossary.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { PracticeFilterFields } from "../ui/practice-filters";
import { Field } from "../ui/forms";
import { CountryName, useFormat } from "../ui/format";
import { isCountryCode } from "../utils/countries";
import { WORKING_LANGUAGES } from "../domain/language";
import { parseSearchParams } from "../utils/query";
import { practiceSubject } from "../auth/practice-access.server";

export const meta = pageTitle("search.title");

const Query = /* @__PURE__ */ (() =>
  z.object({
    q: z.string().max(2_000).catch(""),
    theme: z.string().max(40).optional().catch(undefined),
    country: z.string().refine(isCountryCode).optional().catch(undefined),
    organisation: z.coerce.number().int().positive().optional().catch(undefined),
    language: z.enum(WORKING_LANGUAGES).optional().catch(undefined),
    page: z.coerce.number().int().min(1).max(1_000).catch(1),
  }))();

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  const query = parseSearchParams(Query, args.request);
  const db = args.context.db;
  const [found, themes, organisations, locale] = await Promise.all([
    query.q.trim()
      ? searchPractices(db, {
          reader: member,
          query: query.q,
          filters: { theme: query.theme, country: query.country, organisationId: query.organisation, language: query.language },
          page: query.page,
        })
      : null,
    listThemes(db),
    listOrganisationChoices(db),
    requestLocale(args),
  ]);
  const glossary = query.q.trim() && query.page === 1 ? await searchGlossary(db, { q: query.q, language: locale }) : [];
  return json({
    q: query.q,
    filters: { theme: query.theme ?? "", country: query.country ?? "", organisation: query.organisation ? String(query.organisation) : "", language: query.language ?? "" },
    found: found && {
      ...found,
      // Which other languages a result exists in: only the versions this member may read.
      results: found.results.map(({ otherVersions, ...r }) => ({
        ...r,
        alsoIn: otherVersions.filter((v) => can(member, "viewPractice", practiceSubject(v))).map((v) => ({ slug: v.slug, language: v.language })),
      })),
    },
    themes,
    organisations,
    countries: countryOptions(locale),
    glossary: glossary.map((c) => ({ slug: c.slug, head: c.head, headLanguage: c.headLanguage, definition: c.definition })),
  });
}

/** Where in a result the words were found: a field of the write-up, its discussion, or its themes and countries. */
const foundInLabel = (field: SearchField): MessageKey => (field === "body" ? "search.inDiscussion" : field === "meta" ? "search.inMeta" : writeUpFieldLabel(field));

function Parts({ parts }: { parts: { text: string; hit: boolean }[] }) {
  return <>{parts.map((part, i) => (part.hit ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}</>;
}

export default function SearchPage() {
  const { q, filters, found, themes, organisations, countries, glossary } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const format = useFormat();
  const location = useLocation();
  const pageLink = (page: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(page));
    return `/search?${params}`;
  };
  return (
    <>
      <h1>{t("search.title")}</h1>
      <Form method="get" role="search" className="filters" aria-label={t("search.title")}>
        <Field label={t("search.query")} name="q" type="search" defaultValue={q} hint={t("search.syntax")} />
        <PracticeFilterFields filters={filters} themes={themes} countries={countries} organisations={organisations} />
        <button type="submit">{t("search.submit")}</button>
      </Form>
      {glossary.length ? (
        <section aria-labelledby="search-glossary" className="search-glossary">
          <h2 id="search-glossary">{t("glossary.inSearch")}</h2>
          <ul>
            {glossary.map((c) => (
              <li key={c.slug}>
                <Link to={`/glossary/${encodeURIComponent(c.slug)}`} lang={c.headLanguage}>
                  {c.head}
                </Link>
                {c.definition ? <span className="muted"> — {c.definition.length > 160 ? `${c.definition.slice(0, 160)}…` : c.definition}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {found === null ? (
        <p className="muted">{t("search.prompt")}</p>
      ) : found.results.length === 0 ? (
        <p className="empty" role="status">
          {found.terms.length ? t("search.nothing", { q }) : t("search.nothingSearchable")}
        </p>
      ) : (
        <ol className="search-results" start={(found.page - 1) * 20 + 1}>
          {found.results.map((r) => {
            const lang = r.practice.language !== locale ? r.practice.language : undefined;
            const href = `/practices/${r.practice.slug}${r.kind === "comment" ? `#comment-${r.refId}` : ""}`;
            return (
              <li key={`${r.kind}-${r.refId}`}>
                <h2>
                  <Link to={href} lang={lang}>
                    {r.kind === "comment" ? t("search.commentOn", { title: r.practice.title }) : <Parts parts={r.title} />}
                  </Link>
                </h2>
                <p className="muted">
                  {t(foundInLabel(r.field))} · {r.practice.organisationName} · <CountryName code={r.practice.country} /> · {t("search.endorsements", { count: r.practice.endorsementCount })}
                </p>
                {r.summary ? (
                  <p className="snippet" lang={lang}>
                    <Parts parts={r.summary} />
                  </p>
                ) : null}
                {r.alsoIn.length ? (
                  <p className="muted">
                    {t("search.alsoIn")}{" "}
                    {r.alsoIn.map((v, i) => (
                      <span key={v.slug}>
                        {i > 0 ? ", " : null}
                        <Link to={`/practices/${v.slug}`} hrefLang={v.language}>
                          {format.language(v.language)}
                        </Link>
                      </span>
                    ))}
                  </p>
                ) : null}
                {r.snippet ? (
                  <p className="snippet" lang={lang}>
                    <Parts parts={r.snippet} />
                  </p>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
      {found && (found.page > 1 || found.hasMore) ? (
        <nav className="pagination" aria-label={t("pagination.label")}>
          {found.page > 1 ? <Link to={pageLink(found.page - 1)}>{t("pagination.previous")}</Link> : null}
          {found.hasMore ? <Link to={pageLink(found.page + 1)}>{t("pagination.next")}</Link> : null}
        </nav>
      ) : null}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
