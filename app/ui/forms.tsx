import { useActionData } from "@remix-run/react";
import {
  useEffect,
  useId,
  useRef,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";
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

interface ShellProps {
  label: string;
  error?: FieldError;
  hint?: ReactNode;
  required?: boolean;
  children: (control: { id: string; "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode;
}

/** Label, hint, the control and its error, wired together for screen readers. */
function FieldShell({ label, error, hint, required, children }: ShellProps) {
  const id = useId();
  const t = useT();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? <span className="required"> {t("form.required")}</span> : null}
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
}

export function Field({ label, error, hint, required, ...input }: FieldProps) {
  return (
    <FieldShell label={label} error={error} hint={hint} required={required}>
      {(control) => <input {...control} required={required} {...input} />}
    </FieldShell>
  );
}

interface TextareaFieldProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  label: string;
  name: string;
  error?: FieldError;
  hint?: ReactNode;
}

export function TextareaField({ label, error, hint, required, ...textarea }: TextareaFieldProps) {
  return (
    <FieldShell label={label} error={error} hint={hint} required={required}>
      {(control) => <textarea {...control} required={required} {...textarea} />}
    </FieldShell>
  );
}

interface SelectFieldProps extends SelectHTMLAttributes<HTMLSelectElement> {
  label: string;
  name: string;
  error?: FieldError;
  hint?: ReactNode;
  options: { value: string; label: string }[];
  placeholder?: string;
}

export function SelectField({ label, error, hint, options, placeholder, required, ...select }: SelectFieldProps) {
  return (
    <FieldShell label={label} error={error} hint={hint} required={required}>
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

/** Announces that the form has errors and, with JavaScript, moves focus to the first one. */
export function ErrorSummary({ state }: { state: FormState }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const hasErrors = Boolean(state.formError) || Object.keys(state.errors ?? {}).length > 0;
  useEffect(() => {
    if (!hasErrors) return;
    const form = ref.current?.closest("form");
    const first = form?.querySelector<HTMLElement>("[aria-invalid='true']");
    (first ?? ref.current)?.focus();
  }, [hasErrors, state]);
  if (!hasErrors) return null;
  return (
    <div ref={ref} className="error-summary" role="alert" tabIndex={-1}>
      {state.formError ? t(state.formError.key, state.formError.params) : t("form.errors")}
    </div>
  );
}
