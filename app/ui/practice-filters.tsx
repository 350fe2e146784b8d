import { WORKING_LANGUAGES } from "../domain/language";
import { useT } from "../i18n/react";
import { SelectField } from "./forms";
import { useFormat } from "./format";

/** The four filters of the practice list and of search: theme, country, organisation, language ("any" first). */
export function PracticeFilterFields({
  filters,
  themes,
  countries,
  organisations,
}: {
  filters: { theme?: string; country?: string; organisation?: string; language?: string };
  themes: string[];
  countries: { code: string; name: string }[];
  organisations: { id: number; name: string }[];
}) {
  const t = useT();
  const format = useFormat();
  const any = { value: "", label: t("practices.any") };
  return (
    <>
      <SelectField label={t("practices.theme")} name="theme" options={[any, ...themes.map((k) => ({ value: k, label: format.theme(k) }))]} defaultValue={filters.theme} />
      <SelectField label={t("practices.country")} name="country" options={[any, ...countries.map((c) => ({ value: c.code, label: c.name }))]} defaultValue={filters.country} />
      <SelectField label={t("practices.organisation")} name="organisation" options={[any, ...organisations.map((o) => ({ value: String(o.id), label: o.name }))]} defaultValue={filters.organisation} />
      <SelectField label={t("practices.language")} name="language" options={[any, ...WORKING_LANGUAGES.map((l) => ({ value: l, label: format.language(l) }))]} defaultValue={filters.language} />
    </>
  );
}
