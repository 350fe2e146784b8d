import { Form, useNavigation } from "@remix-run/react";
import { GLOSSARY_LANGUAGES, TERM_STATUSES, termStatusLabel, type GlossaryLanguage } from "../../domain/glossary";
import { useI18n } from "../../i18n/react";
import { useFormat } from "../../ui/format";
import { ErrorSummary, Field, SelectField, TextareaField, type FormState } from "../../ui/forms";
import { definitionField, termField } from "./schema";

type Values = Record<string, string | string[]>;

const valueIn = (values: Values, name: string) => {
  const v = values[name];
  return Array.isArray(v) ? (v[0] ?? "") : (v ?? "");
};

/** The rows to show: what the values hold (the rows count, or the highest row typed in). */
function rowCount(values: Values) {
  let rows = Number(valueIn(values, "rows")) || 0;
  for (const key of Object.keys(values)) {
    const match = /^term\.(\d{1,4})\.text$/.exec(key);
    if (match) rows = Math.max(rows, Number(match[1]) + 1);
  }
  return Math.max(rows, 1);
}

/**
 * The concept editor, for a new concept and for a revision. `values` are the fields as the
 * page shows them: the concept's own (loader) or what was typed (the action, after an error or
 * "Add more rows"). Works without JavaScript: more rows are a submit that comes back with them.
 */
export function ConceptForm({
  values,
  errors,
  themes,
  basedOn,
  proposalId,
  submitLabel,
}: {
  values: Values;
  errors?: FormState["errors"];
  themes: string[];
  basedOn?: number;
  proposalId?: number;
  submitLabel: string;
}) {
  const { t, locale } = useI18n();
  const format = useFormat();
  const busy = useNavigation().state === "submitting";
  const rows = rowCount(values);
  const languages: GlossaryLanguage[] = [locale, ...GLOSSARY_LANGUAGES.filter((l) => l !== locale)];
  const languageOptions = languages.map((l) => ({ value: l, label: format.language(l) }));
  const statusOptions = TERM_STATUSES.map((s) => ({ value: s, label: t(termStatusLabel(s)) }));
  const state: FormState = { errors, values };
  const labels: Record<string, string> = { theme: t("glossary.edit.theme"), notes: t("glossary.edit.notes"), summary: t("glossary.edit.summary") };
  for (const l of languages) labels[definitionField(l)] = t("glossary.edit.definitionIn", { language: format.language(l) });
  const partLabels = {
    language: t("glossary.edit.termLanguage"),
    text: t("glossary.edit.termText"),
    status: t("glossary.edit.termStatus"),
    reason: t("glossary.edit.termReason"),
    alternative: t("glossary.edit.termAlternative"),
    source: t("glossary.edit.termSource"),
  } as const;
  for (let row = 0; row < rows; row++)
    for (const [part, label] of Object.entries(partLabels)) labels[termField(row, part as keyof typeof partLabels)] = t("glossary.edit.rowField", { row: row + 1, field: label });
  const v = (name: string) => valueIn(values, name);
  const e = (name: string) => errors?.[name];

  return (
    <Form method="post" noValidate className="glossary-form">
      <ErrorSummary state={state} labels={labels} />
      {basedOn ? <input type="hidden" name="basedOn" value={basedOn} /> : null}
      {proposalId ? <input type="hidden" name="proposal" value={proposalId} /> : null}
      {/* Enter in a field saves: a form's first submit button is the one Enter presses, and "Add more rows" comes before "Save". */}
      <button type="submit" name="intent" value="save" className="sr-only" tabIndex={-1} aria-hidden="true" disabled={busy}>
        {submitLabel}
      </button>

      <fieldset>
        <legend>{t("glossary.edit.terms")}</legend>
        <p className="hint">{t("glossary.edit.termsHint")}</p>
        {Array.from({ length: rows }, (_, row) => (
          <fieldset key={row} className="glossary-term-row">
            <legend>{t("glossary.edit.row", { row: row + 1 })}</legend>
            <SelectField
              label={partLabels.language}
              name={termField(row, "language")}
              options={languageOptions}
              defaultValue={v(termField(row, "language")) || locale}
              error={e(termField(row, "language"))}
            />
            <Field label={partLabels.text} name={termField(row, "text")} defaultValue={v(termField(row, "text"))} error={e(termField(row, "text"))} maxLength={200} />
            <SelectField
              label={partLabels.status}
              name={termField(row, "status")}
              options={statusOptions}
              defaultValue={v(termField(row, "status")) || "admitted"}
              error={e(termField(row, "status"))}
            />
            <Field
              label={partLabels.reason}
              name={termField(row, "reason")}
              hint={row === 0 ? t("glossary.edit.reasonHint") : undefined}
              defaultValue={v(termField(row, "reason"))}
              error={e(termField(row, "reason"))}
            />
            <Field
              label={partLabels.alternative}
              name={termField(row, "alternative")}
              hint={row === 0 ? t("glossary.edit.alternativeHint") : undefined}
              defaultValue={v(termField(row, "alternative"))}
              error={e(termField(row, "alternative"))}
            />
            <Field label={partLabels.source} name={termField(row, "source")} defaultValue={v(termField(row, "source"))} error={e(termField(row, "source"))} />
          </fieldset>
        ))}
        <button type="submit" name="intent" value="rows" formNoValidate>
          {t("glossary.edit.moreRows")}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t("glossary.edit.definitions")}</legend>
        {languages.map((l) => (
          <TextareaField
            key={l}
            label={labels[definitionField(l)]!}
            name={definitionField(l)}
            lang={l}
            rows={l === locale ? 4 : 2}
            defaultValue={v(definitionField(l))}
            error={e(definitionField(l))}
          />
        ))}
      </fieldset>

      <SelectField
        label={labels.theme!}
        name="theme"
        placeholder={t("glossary.edit.noTheme")}
        options={themes.map((key) => ({ value: key, label: format.theme(key) }))}
        defaultValue={v("theme")}
        error={e("theme")}
      />
      <TextareaField label={labels.notes!} name="notes" rows={4} defaultValue={v("notes")} error={e("notes")} />
      <Field label={labels.summary!} name="summary" hint={t("glossary.edit.summaryHint")} defaultValue={v("summary")} error={e("summary")} />
      <button type="submit" name="intent" value="save" disabled={busy}>
        {submitLabel}
      </button>
    </Form>
  );
}
