import { z } from "zod";
import { WORKING_LANGUAGES } from "../../domain/language";
import { isCountryCode } from "../../utils/countries";
import { optionalText, requiredText } from "../../utils/forms";

export const OrganisationSchema = /* @__PURE__ */ (() =>
  z.object({
    name: requiredText(200),
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .max(60, "validation.tooLong")
      .regex(/^([\p{L}\p{N}]+(-[\p{L}\p{N}]+)*)?$/u, "validation.slug")
      .default(""),
    country: z.string({ error: "validation.country" }).refine(isCountryCode, "validation.country"),
    description: optionalText(20_000),
    languages: z.array(z.enum(WORKING_LANGUAGES, { error: "validation.language" })).max(WORKING_LANGUAGES.length),
  }))();
export type OrganisationInput = z.infer<typeof OrganisationSchema>;
