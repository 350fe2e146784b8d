import { z } from "zod";
import type { MessageKey, MessageParams } from "../i18n";

/** Shared by every form that sets a password (client-safe: route schemas run in the browser too). */
export const MIN_PASSWORD_LENGTH = 12;

/** A field error as the form shows it: a catalogue key and its placeholders. */
export interface FieldError {
  key: MessageKey;
  params?: MessageParams;
}
export type FieldErrors = Record<string, FieldError>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, string | string[]> };

/** Required, trimmed text of bounded length. Error messages are catalogue keys. */
export function requiredText(max: number) {
  return z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(max, "validation.tooLong");
}

export function optionalText(max: number) {
  return z.string({ error: "validation.required" }).trim().max(max, "validation.tooLong").default("");
}

export const emailField = /* @__PURE__ */ (() => z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(254, "validation.tooLong").pipe(z.email("validation.email")))();

/** Passwords are not trimmed: a space is a character the person chose. */
export function newPasswordField(min: number) {
  return z.string({ error: "validation.required" }).min(min, "validation.passwordTooShort").max(200, "validation.tooLong");
}

/** Every submitted value as typed (files dropped), so a failed form re-renders with it. */
export function formValues(formData: FormData, { omit = [] }: { omit?: string[] } = {}) {
  const values: Record<string, string | string[]> = {};
  for (const key of new Set(formData.keys())) {
    if (omit.includes(key)) continue;
    const all = formData.getAll(key).filter((v): v is string => typeof v === "string");
    values[key] = all.length > 1 ? all : (all[0] ?? "");
  }
  return values;
}

function issueToError(issue: z.core.$ZodIssue): FieldError {
  // Schemas give catalogue keys as messages; zod's own English messages fall back to "required".
  const key = (/^[a-z]+\.[a-zA-Z.]+$/.test(issue.message) ? issue.message : "validation.required") as MessageKey;
  if (issue.code === "too_small") return { key, params: { min: Number(issue.minimum) } };
  if (issue.code === "too_big") return { key, params: { max: Number(issue.maximum) } };
  return { key };
}

/**
 * Parses a submitted form with a zod schema. Multi-valued fields (checkbox groups)
 * are arrays when `arrays` names them. Passwords are never echoed back.
 * Every field is text: a file in any field (no form takes one; only a hand-made request
 * sends it) is thrown as a 400 naming the field, never dropped, so a form that comes to
 * take files must read them itself.
 */
export function parseForm<S extends z.ZodType>(
  schema: S,
  formData: FormData,
  { arrays = [], secret = ["password", "currentPassword", "newPassword"] }: { arrays?: string[]; secret?: string[] } = {},
): FormResult<z.infer<S>> {
  const input: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key);
    if (!all.every((v): v is string => typeof v === "string")) throw fileWhereTextWasExpected(key);
    // No keyboard types a NUL, and PostgreSQL cannot store one: it goes, on every engine alike.
    const text = all.map(withoutNul);
    input[key] = arrays.includes(key) ? text : text[0];
  }
  for (const key of arrays) input[key] ??= [];
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issueToError(issue);
  }
  return { ok: false, errors, values: formValues(formData, { omit: secret }) };
}

const withoutNul = (value: string) => (value.includes("\u0000") ? value.replaceAll("\u0000", "") : value);

function fileWhereTextWasExpected(field: string): Response {
  return new Response(`Bad Request: the field "${field.slice(0, 100)}" must be text, not a file.`, {
    status: 400,
    statusText: "Bad Request",
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}
