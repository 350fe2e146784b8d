import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useLocation } from "@remix-run/react";
import { Link } from "../ui/link";
import { z } from "zod";
import { requireMember } from "../auth/guards.server";
import { countryOptions, requestLocale } from "../i18n/locale.server";
import { pageTitle } from "../i18n/meta";
import { useI18n } from "../i18n/react";
import { listOrganisationChoices } from "../models/organisation.server";
import { listPublishedPractices, listThemes } from "../models/practice.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { PracticeFilterFields } from "../ui/practice-filters";
import { SelectField } from "../ui/forms";
import { PracticeList } from "../ui/practice-list";
import { isCountryCode } from "../utils/countries";
import { WORKING_LANGUAGES } from "../domain/language";
import { PRACTICE_SORTS, practiceSortLabel } from "../domain/practice";
import { cursorParam, parseSearchParams } from "../utils/query";

export const meta = pageTitle("practices.title");

const Filters = /* @__PURE__ */ (() =>
  z.object({
    theme: z.string().max(40).optional().catch(undefined),
    country: z.string().refine(isCountryCode).optional().catch(undefined),
    organisation: z.coerce.number().int().positive().optional().catch(undefined),
    language: z.enum(WORKING_LANGUAGES).optional().catch(undefined),
    sort: z.enum(PRACTICE_SORTS).catch("newest"),
    after: cursorParam,
  }))();

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  const filters = parseSearchParams(Filters, args.request);
  const [page, themes, organisations] = await Promise.all([
    listPublishedPractices(args.context.db, {
      reader: member,
      filters: { theme: filters.theme, country: filters.country, organisationId: filters.organisation, language: filters.language },
      sort: filters.sort,
      after: filters.after,
    }),
    listThemes(args.context.db),
    listOrganisationChoices(args.context.db),
  ]);
  return json({
    items: page.items,
    next: page.next ? `${page.next.value}.${page.next.id}` : null,
    isFirstPage: !filters.after,
    filters: {
      theme: filters.theme ?? "",
      country: filters.country ?? "",
      organisation: filters.organisation ? String(filters.organisation) : "",
      language: filters.language ?? "",
      sort: filters.sort,
    },
    themes,
    organisations,
    countries: countryOptions(await requestLocale(args)),
  });
}

export default function PracticesPage() {
  const { items, next, isFirstPage, filters, themes, organisations, countries } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const location = useLocation();
  const pageLink = (after: string | null) => {
    const params = new URLSearchParams(location.search);
    if (after) params.set("after", after);
    else params.delete("after");
    return `${location.pathname}?${params}`;
  };
  const filtered = Boolean(filters.theme || filters.country || filters.organisation || filters.language);
  return (
    <>
      <h1>{t("practices.title")}</h1>
      <p>
        <Link to="/practices/new" className="button">
          {t("practices.write")}
        </Link>
      </p>
      <Form method="get" className="filters" aria-label={t("practices.filters")}>
        <PracticeFilterFields filters={filters} themes={themes} countries={countries} organisations={organisations} />
        <SelectField label={t("practices.sort")} name="sort" options={PRACTICE_SORTS.map((s) => ({ value: s, label: t(practiceSortLabel(s)) }))} defaultValue={filters.sort} />
        <button type="submit">{t("practices.apply")}</button>
      </Form>
      {items.length === 0 ? <p className="empty">{filtered ? t("practices.noneFiltered") : t("practices.none")}</p> : <PracticeList items={items} headingLevel={2} />}
      <nav className="pagination" aria-label={t("pagination.label")}>
        {!isFirstPage ? <Link to={pageLink(null)}>{t("pagination.first")}</Link> : null}
        {next ? (
          <Link to={pageLink(next)} rel="next">
            {t("pagination.next")}
          </Link>
        ) : null}
      </nav>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
