import { useActionData } from "@remix-run/react";
import { useEffect, useId, useRef, type InputHTMLAttributes, type MouseEvent, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import { useT } from "../i18n/react";
import type { FieldError, FieldErrors } from "../utils/forms";

export interface FormState {
  errors?: FieldErrors;
  values?: Record<string, string | string[]>;
  formError?: FieldError;
}

/** The action's errors and the values the person typed, if the last submit failed. */
export function useFormState(): FormState {
  return (useActionData() as FormState | undefined) ?? {};
}

export function valueOf(state: FormState, name: string): string | undefined {
  const v = state.values?.[name];
  return Array.isArray(v) ? v[0] : v;
}

function ErrorText({ id, error }: { id: string; error?: FieldError }) {
  const t = useT();
  if (!error) return null;
  return (
    <p id={id} className="field-error">
      {t(error.key, error.params)}
    </p>
  );
}

/**
 * The id a field in error carries, derived from its name, so the error summary links to it
 * with JavaScript off too. Only the submitted form has errors, so the id stays unique.
 */
export function fieldIdFor(name: string) {
  return `field-${name}`;
}

interface ShellProps {
  label: string;
  name?: string;
  error?: FieldError;
  hint?: ReactNode;
  required?: boolean;
  /** Said in the label instead of "(required)" when the field is needed only at one step (publishing). */
  requiredNote?: string;
  /** Ids of other text about this field (a privacy finding under it), read with it. */
  describedBy?: string;
  children: (control: { id: string; "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode;
}

/** Label, hint, the control and its error, wired together for screen readers. */
function FieldShell({ label, name, error, hint, required, requiredNote, describedBy: more, children }: ShellProps) {
  const generatedId = useId();
  const id = error && name ? fieldIdFor(name) : generatedId;
  const t = useT();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : null, error ? errorId : null, more ?? null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required || requiredNote ? <span className="required"> {requiredNote ?? t("form.required")}</span> : null}
      </label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      <ErrorText id={errorId} error={error} />
    </div>
  );
}

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  name: string;
  error?: FieldError;
  hint?: ReactNode;
  requiredNote?: string;
  describedBy?: string;
}

export function Field({ label, error, hint, required, requiredNote, describedBy, ...input }: FieldProps) {
  return (
    <FieldShell label={label} name={input.name} error={error} hint={hint} required={required} requiredNote={requiredNote} describedBy={describedBy}>
      {(control) => <input {...control} required={required} {...input} />}
    </FieldShell>
  );
}

interface TextareaFieldProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  label: string;
  name: string;
  error?: FieldError;
  hint?: ReactNode;
  requiredNote?: string;
  describedBy?: string;
}

export function TextareaField({ label, error, hint, required, requiredNote, describedBy, ...textarea }: TextareaFieldProps) {
  return (
    <FieldShell label={label} name={textarea.name} error={error} hint={hint} required={required} requiredNote={requiredNote} describedBy={describedBy}>
      {(control) => <textarea {...control} required={required} {...textarea} />}
    </FieldShell>
  );
}

interface SelectFieldProps extends SelectHTMLAttributes<HTMLSelectElement> {
  label: string;
  name: string;
  error?: FieldError;
  hint?: ReactNode;
  requiredNote?: string;
  options: { value: string; label: string }[];
  placeholder?: string;
}

export function SelectField({ label, error, hint, options, placeholder, required, requiredNote, ...select }: SelectFieldProps) {
  return (
    <FieldShell label={label} name={select.name} error={error} hint={hint} required={required} requiredNote={requiredNote}>
      {(control) => (
        <select {...control} required={required} {...select}>
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

/**
 * Announces that the form has errors and lists each as a link to its field (the ids come
 * from the names, see fieldIdFor); with JavaScript, focus moves to the first field in error.
 * `labels` names the fields: each link says the field's name (its error is said at the field,
 * so no message is read twice); a form that passes no labels keeps the one sentence.
 */
export function ErrorSummary({ state, labels = {} }: { state: FormState; labels?: Record<string, string> }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const errors = Object.entries(state.errors ?? {}).filter((entry): entry is [string, FieldError] => Boolean(entry[1]));
  const hasErrors = Boolean(state.formError) || errors.length > 0;
  const linked = errors.filter(([name]) => labels[name]);
  useEffect(() => {
    if (!hasErrors) return;
    const form = ref.current?.closest("form");
    const first = form?.querySelector<HTMLElement>("[aria-invalid='true']");
    (first ?? ref.current)?.focus();
  }, [hasErrors, state]);
  if (!hasErrors) return null;
  const jump = (event: MouseEvent<HTMLAnchorElement>, name: string) => {
    const field = document.getElementById(fieldIdFor(name));
    if (!field) return;
    event.preventDefault();
    field.focus();
    field.scrollIntoView({ block: "center" });
  };
  return (
    <div ref={ref} className="error-summary" role="alert" tabIndex={-1}>
      <p>{state.formError ? t(state.formError.key, state.formError.params) : t("form.errors")}</p>
      {linked.length ? (
        <ul>
          {linked.map(([name]) => (
            <li key={name}>
              <a href={`#${fieldIdFor(name)}`} onClick={(event) => jump(event, name)}>
                {labels[name]}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
