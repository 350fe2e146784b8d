import { z } from "zod";
import { WORKING_LANGUAGES } from "../../domain/language";
import { AUDIENCE_VALUE, SECTIONS } from "../../domain/practice";
import { isCountryCode } from "../../utils/countries";
import { requiredText } from "../../utils/forms";

/** `autosave` is a draft saved by the browser while typing: answered with json, never a redirect. */
export const PRACTICE_INTENTS = ["preview", "draft", "publish", "save", "autosave", "upload"] as const;

/**
 * A section of a write-up: about 1,500 words, several printed pages, more than any section a
 * handbook holds. The bound keeps a whole form under the request limit (server.js) in any
 * script, and a section's rendering and diff quick.
 */
export const SECTION_MAX_LENGTH = 10_000;

const section = /* @__PURE__ */ (() => z.string().max(SECTION_MAX_LENGTH, "validation.tooLong").default(""))();

// Built only where a schema is (the browser imports this file for its lists, not its schemas).
const fields = /* @__PURE__ */ (() => ({
  title: requiredText(200),
  summary: z.string().trim().max(2_000, "validation.tooLong").default(""),
  ...(Object.fromEntries(SECTIONS.map((s) => [s, section])) as Record<(typeof SECTIONS)[number], typeof section>),
  language: z.enum(WORKING_LANGUAGES, { error: "validation.language" }),
  themes: z.array(z.string().max(40)).max(15).default([]),
  countries: z.array(z.string().refine(isCountryCode, "validation.country")).max(60, "validation.tooLong").default([]),
  note: z.string().trim().max(300, "validation.tooLong").default(""),
  privacyChecked: z.literal("on").optional(),
  translationOf: z.coerce.number().int().positive().optional(),
  // Who may read it: absent when the editor may not choose (a moderator editing), then unchanged.
  audience: z.string().regex(AUDIENCE_VALUE, "audience.choose").optional(),
}))();

/** A draft needs only a title; everything may be empty. */
export const DraftSchema = /* @__PURE__ */ (() => z.object({ intent: z.enum(PRACTICE_INTENTS), ...fields }))();

/** A preview shows whatever is there, even without a title. */
export const PreviewSchema = /* @__PURE__ */ (() => DraftSchema.extend({ title: z.string().trim().max(200, "validation.tooLong").default("") }))();

/** What PublishSchema requires beyond a draft: the form says so in these fields' labels. */
export const REQUIRED_TO_PUBLISH: readonly string[] = ["summary", "approach", "themes"];

/** Publishing needs a title, a summary, the approach and at least one theme. */
export const PublishSchema = /* @__PURE__ */ (() =>
  DraftSchema.extend({
    summary: requiredText(2_000),
    approach: z.string().trim().min(1, "validation.required").max(SECTION_MAX_LENGTH, "validation.tooLong"),
    themes: z.array(z.string().max(40)).min(1, "validation.theme").max(15),
  }))();

export const PRACTICE_ARRAY_FIELDS = ["themes", "countries"];
