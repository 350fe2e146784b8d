import { Form } from "@remix-run/react";
import { DIGEST_FREQUENCIES, digestFrequencyLabel, type DigestFrequency } from "../domain/digest";
import type { MessageKey } from "../i18n";
import { useT } from "../i18n/react";
import type { CountryOption } from "../utils/countries";
import { ErrorSummary, fieldIdFor, valueOf, type FormState } from "./forms";

export interface DigestSettingsData {
  /** The member's own choice; null: the administrator's default applies. */
  chosen: DigestFrequency | null;
  effective: DigestFrequency;
  follows: { themes: string[]; countries: string[] };
  themes: string[];
  countries: CountryOption[];
}

const submitted = (state: FormState, name: string): string[] | undefined => {
  const value = state.values?.[name];
  if (value === undefined) return state.values ? [] : undefined;
  return Array.isArray(value) ? value : [value];
};

/** The weekly e-mail section of the settings page: how often, and what it follows. Plain form, radio buttons and checkboxes. */
export function DigestSettings({ digest, state, busy }: { digest: DigestSettingsData; state: FormState; busy: boolean }) {
  const t = useT();
  const frequency = valueOf(state, "frequency") ?? digest.effective;
  const themes = new Set(submitted(state, "themes") ?? digest.follows.themes);
  const countries = new Set(submitted(state, "countries") ?? digest.follows.countries);
  const frequencyError = state.errors?.frequency;
  return (
    <section aria-labelledby="digest-heading">
      <h2 id="digest-heading">{t("settings.digest")}</h2>
      <p>{t("settings.digestExplain")}</p>
      <Form method="post" noValidate>
        <ErrorSummary state={state} />
        <input type="hidden" name="intent" value="digest" />
        <fieldset role="radiogroup" className="field" aria-invalid={frequencyError ? true : undefined} aria-describedby={frequencyError ? "digest-frequency-error" : undefined}>
          <legend>{t("settings.digestFrequency")}</legend>
          {digest.chosen === null ? <p className="hint">{t("settings.digestDefaultNote", { frequency: t(digestFrequencyLabel(digest.effective)) })}</p> : null}
          {frequencyError ? (
            <p id="digest-frequency-error" className="field-error">
              {t(frequencyError.key, frequencyError.params)}
            </p>
          ) : null}
          <ul className="checkbox-list">
            {DIGEST_FREQUENCIES.map((value, i) => (
              <li key={value}>
                <label>
                  <input type="radio" name="frequency" value={value} defaultChecked={value === frequency} id={i === 0 && frequencyError ? fieldIdFor("frequency") : undefined} />{" "}
                  {t(digestFrequencyLabel(value))}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <p className="hint" id="digest-follow-hint">
          {t("settings.digestFollowHint")}
        </p>
        <fieldset className="field" aria-describedby="digest-follow-hint">
          <legend>{t("settings.digestThemes")}</legend>
          <ul className="checkbox-list">
            {digest.themes.map((key) => (
              <li key={key}>
                <label>
                  <input type="checkbox" name="themes" value={key} defaultChecked={themes.has(key)} /> {t(`theme.${key}` as MessageKey)}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        {digest.countries.length ? (
          <fieldset className="field" aria-describedby="digest-follow-hint">
            <legend>{t("settings.digestCountries")}</legend>
            <ul className="checkbox-list">
              {digest.countries.map((c) => (
                <li key={c.code}>
                  <label>
                    <input type="checkbox" name="countries" value={c.code} defaultChecked={countries.has(c.code)} /> {c.name}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        ) : null}
        <button type="submit" disabled={busy}>
          {t("settings.saveDigest")}
        </button>
      </Form>
    </section>
  );
}
