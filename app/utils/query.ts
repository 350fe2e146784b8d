import { z } from "zod";

/** `?page=` as a positive integer; anything else is page 1. */
export const pageParam = /* @__PURE__ */ (() => z.coerce.number().int().min(1).max(100_000).catch(1))();

/** `?after=<value>.<id>`: a keyset cursor (app/domain/paging.ts), or none when absent or malformed. */
export const cursorParam = /* @__PURE__ */ (() =>
  z
    .string()
    .regex(/^\d{1,15}\.\d{1,12}$/)
    .transform((s) => {
      const [value, id] = s.split(".").map(Number);
      return { value: value!, id: id! };
    })
    .optional()
    .catch(undefined))();

/** Reads URL search params through a zod schema whose fields all have `.catch()` fallbacks. */
export function parseSearchParams<S extends z.ZodType>(schema: S, request: Request): z.infer<S> {
  const params = new URL(request.url).searchParams;
  const input: Record<string, string> = {};
  for (const [key, value] of params) input[key] = value;
  return schema.parse(input);
}

/**
 * A LIKE pattern for `text` (anywhere in the value, or at its start), to be compared as
 * `lower(column) like pattern escape '\'`. lower() folds ASCII letters only, on SQLite and
 * on PostgreSQL (text collate "C") alike, so the pattern is folded the same way; wildcards
 * typed by a person are escaped.
 */
export function likePattern(text: string, { at = "anywhere" }: { at?: "anywhere" | "start" } = {}) {
  const escaped = text.replace(/[A-Z]/g, (c) => c.toLowerCase()).replace(/[\\%_]/g, (c) => `\\${c}`);
  return at === "start" ? `${escaped}%` : `%${escaped}%`;
}
