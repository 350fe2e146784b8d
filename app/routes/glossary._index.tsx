import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireMember } from "../auth/guards.server";
import { can } from "../auth/permissions.server";
import { requestLocale } from "../i18n/locale.server";
import { pageTitle } from "../i18n/meta";
import { sectionHandle, withSection } from "../i18n/sections";
import { useI18n } from "../i18n/react";
import { countOpenProposals, listGlossary } from "../models/glossary.server";
import { listThemes } from "../models/practice.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { Field, SelectField } from "../ui/forms";
import { useFormat } from "../ui/format";
import { TermList } from "../ui/glossary";
import { GlossaryDoneNotice } from "../ui/glossary-proposal-form";
import { Link } from "../ui/link";
import { Pagination } from "../ui/pagination";
import { pageParam, parseSearchParams } from "../utils/query";

export const meta = pageTitle("glossary.title");
// The glossary's strings come with its pages (app/i18n/sections.ts).
export const handle = sectionHandle("glossary");
export const clientLoader = withSection("glossary");

const Query = /* @__PURE__ */ (() =>
  z.object({
    q: z.string().max(200).catch(""),
    theme: z.string().max(40).optional().catch(undefined),
    page: pageParam,
  }))();

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  const query = parseSearchParams(Query, args.request);
  const db = args.context.db;
  const editor = can(member, "editGlossary");
  const locale = await requestLocale(args);
  const q = query.q.trim();
  const [found, themes, openProposals] = await Promise.all([
    listGlossary(db, { language: locale, q, theme: query.theme || undefined, page: query.page }),
    listThemes(db),
    editor ? countOpenProposals(db) : 0,
  ]);
  return json({
    ...found,
    q,
    theme: query.theme ?? "",
    themes,
    editor,
    openProposals,
  });
}

export default function GlossaryPage() {
  const { items, total, page, pageCount, q, theme, themes, editor, openProposals } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const format = useFormat();
  const filtered = Boolean(q || theme);
  return (
    <>
      <h1>{t("glossary.title")}</h1>
      <GlossaryDoneNotice />
      <p>{t("glossary.intro")}</p>
      <p className="button-row">
        {editor ? (
          <>
            <Link to="/glossary/new" className="button">
              {t("glossary.newConcept")}
            </Link>
            <Link to="/glossary/import">{t("glossary.importLink")}</Link>
            <Link to="/glossary/proposals">{t("glossary.proposals", { count: openProposals })}</Link>
          </>
        ) : null}
        <Link to="/glossary/proposals/new">{t("glossary.propose")}</Link>
      </p>
      <Form method="get" role="search" className="filters" aria-label={t("glossary.filters")}>
        <Field label={t("glossary.search")} name="q" type="search" defaultValue={q} hint={t("glossary.searchHint")} />
        <SelectField label={t("practices.theme")} name="theme" options={[{ value: "", label: t("glossary.any") }, ...themes.map((k) => ({ value: k, label: format.theme(k) }))]} defaultValue={theme} />
        <button type="submit">{t("glossary.apply")}</button>
      </Form>
      {items.length === 0 ? (
        <div className="empty" role={filtered ? "status" : undefined}>
          {!filtered ? (
            <>
              <p>{t("glossary.empty")}</p>
              {editor ? (
                <p>
                  {t("glossary.emptyEditor")} <Link to="/glossary/new">{t("glossary.newConcept")}</Link> · <Link to="/glossary/import">{t("glossary.importLink")}</Link>
                </p>
              ) : null}
            </>
          ) : (
            <p>{q ? t("glossary.noMatch", { q }) : t("glossary.noneFiltered")}</p>
          )}
        </div>
      ) : (
        <>
          <p className="muted">{t("glossary.total", { count: total })}</p>
          <ul className="glossary-list">
            {items.map((item) => (
              <li key={item.slug}>
                <h2>
                  <Link to={`/glossary/${encodeURIComponent(item.slug)}`} lang={item.headLanguage}>
                    {item.head}
                  </Link>
                  {item.headLanguage !== locale ? <span className="muted"> ({t("glossary.notInLanguage", { language: format.language(locale) })})</span> : null}
                </h2>
                {item.others.length ? <TermList terms={item.others} /> : null}
                {item.definition ? <p lang={locale}>{item.definition}</p> : null}
                {item.theme ? <p className="muted">{t("glossary.themeLine", { theme: format.theme(item.theme) })}</p> : null}
              </li>
            ))}
          </ul>
        </>
      )}
      <Pagination page={page} pageCount={pageCount} />
      <p className="muted">
        {t("glossary.export")}{" "}
        <Link to="/glossary/export/tbx" reloadDocument>
          {t("glossary.exportTbx")}
        </Link>{" "}
        ·{" "}
        <Link to="/glossary/export/csv" reloadDocument>
          {t("glossary.exportCsv")}
        </Link>
      </p>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
