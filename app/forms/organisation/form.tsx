import { Form, useNavigation } from "@remix-run/react";
import { useI18n } from "../../i18n/react";
import type { CountryOption } from "../../utils/countries";
import { WORKING_LANGUAGES } from "../../domain/language";
import { ErrorSummary, Field, SelectField, TextareaField, useFormState, valueOf } from "../../ui/forms";
import { useFormat } from "../../ui/format";

interface Defaults {
  name: string;
  slug: string;
  country: string;
  description: string;
  languages: string[];
}

/** Create and edit share one form; a failed submit shows what was typed, not what was saved. */
export function OrganisationForm({ defaults, submitLabel, countries }: { defaults?: Defaults; submitLabel: string; countries: CountryOption[] }) {
  const { t } = useI18n();
  const format = useFormat();
  const state = useFormState();
  const busy = useNavigation().state === "submitting";
  const typedLanguages = state.values ? [state.values.languages ?? []].flat() : undefined;
  const checked = new Set(typedLanguages ?? defaults?.languages ?? []);
  return (
    <Form method="post" noValidate>
      <ErrorSummary state={state} />
      <Field label={t("org.name")} name="name" required defaultValue={valueOf(state, "name") ?? defaults?.name} error={state.errors?.name} />
      <Field label={t("org.slug")} name="slug" hint={t("org.slugHint")} defaultValue={valueOf(state, "slug") ?? defaults?.slug} error={state.errors?.slug} />
      <SelectField
        label={t("org.country")}
        name="country"
        required
        options={countries.map((c) => ({ value: c.code, label: c.name }))}
        placeholder={t("setup.chooseCountry")}
        defaultValue={valueOf(state, "country") ?? defaults?.country ?? ""}
        error={state.errors?.country}
      />
      <TextareaField
        label={t("org.description")}
        name="description"
        rows={8}
        hint={t("org.descriptionHint")}
        defaultValue={valueOf(state, "description") ?? defaults?.description}
        error={state.errors?.description}
      />
      <fieldset>
        <legend>{t("org.languages")}</legend>
        <ul className="checkbox-list">
          {WORKING_LANGUAGES.map((code) => (
            <li key={code}>
              <label>
                <input type="checkbox" name="languages" value={code} defaultChecked={checked.has(code)} /> {format.language(code)}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </Form>
  );
}
