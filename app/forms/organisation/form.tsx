import { Form, useNavigation } from "@remix-run/react";
import { useI18n } from "../../i18n/react";
import type { CountryOption } from "../../utils/countries";
import { WORKING_LANGUAGES } from "../../domain/language";
import { AUDIENCES, audienceLabel } from "../../domain/practice";
import { ErrorSummary, Field, SelectField, TextareaField, useFormState, valueOf, type FormState } from "../../ui/forms";
import { useFormat } from "../../ui/format";

interface Defaults {
  name: string;
  slug: string;
  country: string;
  description: string;
  languages: string[];
}

/** What an existing organisation's authors see preselected when publishing, and the groups it may name. */
export interface AudienceDefaults {
  defaultAudience: string;
  defaultGroupId: number | null;
  groups: { id: number; name: string }[];
}

/**
 * Create and edit share one form; a failed submit shows what was typed, not what was saved.
 * The default audience is only offered when editing: a new organisation belongs to no group.
 */
export function OrganisationForm({ defaults, submitLabel, countries, audience }: { defaults?: Defaults; submitLabel: string; countries: CountryOption[]; audience?: AudienceDefaults }) {
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
      {audience ? <DefaultAudienceFields state={state} audience={audience} /> : null}
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </Form>
  );
}

function DefaultAudienceFields({ state, audience }: { state: FormState; audience: AudienceDefaults }) {
  const { t } = useI18n();
  const chosen = valueOf(state, "defaultAudience") ?? audience.defaultAudience;
  const error = state.errors?.defaultAudience;
  const noGroups = audience.groups.length === 0;
  return (
    <fieldset aria-describedby={["default-audience-hint", error ? "default-audience-error" : null].filter(Boolean).join(" ")} aria-invalid={error ? true : undefined}>
      <legend>{t("org.defaultAudience")}</legend>
      <p id="default-audience-hint" className="hint">
        {t("org.defaultAudienceHint")}
      </p>
      {error ? (
        <p id="default-audience-error" className="field-error">
          {t(error.key)}
        </p>
      ) : null}
      {AUDIENCES.map((value) => (
        <div key={value}>
          <label>
            <input type="radio" name="defaultAudience" value={value} defaultChecked={chosen === value} disabled={value === "group" && noGroups && chosen !== "group"} /> {t(audienceLabel(value))}
          </label>
        </div>
      ))}
      {noGroups ? (
        <p className="muted">{t("org.defaultGroupNone")}</p>
      ) : (
        <SelectField
          label={t("org.defaultGroup")}
          name="defaultGroupId"
          hint={t("org.defaultGroupHint")}
          placeholder={t("org.chooseGroup")}
          options={audience.groups.map((g) => ({ value: String(g.id), label: g.name }))}
          defaultValue={valueOf(state, "defaultGroupId") ?? (audience.defaultGroupId ? String(audience.defaultGroupId) : "")}
          error={state.errors?.defaultGroupId}
        />
      )}
    </fieldset>
  );
}
