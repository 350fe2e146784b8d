import type { AudienceOptions } from "../domain/practice";
import { useT } from "../i18n/react";
import type { FieldError } from "../utils/forms";
import { fieldIdFor } from "./forms";

/** "Who can read this", as radio buttons: one field named `audience`, working without JavaScript. */
export function AudienceField({ options, error, legend, hint }: { options: AudienceOptions; error?: FieldError; legend?: string; hint?: string }) {
  const t = useT();
  const choices = [
    { value: "organisation", label: t("audience.organisationNamed", { organisation: options.organisationName }) },
    ...options.groups.map((g) => ({ value: `group:${g.id}`, label: t("audience.groupNamed", { group: g.name }) })),
    { value: "all", label: t("audience.all") },
  ];
  const checked = choices.some((c) => c.value === options.value) ? options.value : "organisation";
  return (
    <fieldset className="field audience-field" aria-describedby={error ? "audience-error" : "audience-hint"}>
      <legend>{legend ?? t("audience.legend")}</legend>
      <p id="audience-hint" className="hint">
        {hint ?? t("audience.hint")}
      </p>
      {error ? (
        <p id="audience-error" className="field-error">
          {t(error.key, error.params)}
        </p>
      ) : null}
      <ul className="checkbox-list">
        {choices.map((c, i) => (
          <li key={c.value}>
            <label>
              <input type="radio" name="audience" value={c.value} defaultChecked={c.value === checked} id={i === 0 && error ? fieldIdFor("audience") : undefined} /> {c.label}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
