import { z } from "zod";

/** `?page=` as a positive integer; anything else is page 1. */
export const pageParam = /* @__PURE__ */ (() => z.coerce.number().int().min(1).max(100_000).catch(1))();

/** Reads URL search params through a zod schema whose fields all have `.catch()` fallbacks. */
export function parseSearchParams<S extends z.ZodType>(schema: S, request: Request): z.infer<S> {
  const params = new URL(request.url).searchParams;
  const input: Record<string, string> = {};
  for (const [key, value] of params) input[key] = value;
  return schema.parse(input);
}
