import { z } from "zod";
import { WORKING_LANGUAGES } from "../../domain/language";
import { AUDIENCES } from "../../domain/practice";
import { isCountryCode } from "../../utils/countries";
import { optionalText, requiredText } from "../../utils/forms";

export const OrganisationSchema = /* @__PURE__ */ (() =>
  z
    .object({
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
      // What its authors see preselected when publishing; the create form leaves it at every member.
      defaultAudience: z.enum(AUDIENCES, { error: "validation.audience" }).default("all"),
      defaultGroupId: z
        .string()
        .regex(/^\d{0,12}$/, "validation.defaultGroup")
        .default("")
        .transform((id) => (id ? Number(id) : null)),
    })
    .superRefine((input, ctx) => {
      // Whether it is one of the organisation's own groups is checked against the database (read.server).
      if (input.defaultAudience === "group" && input.defaultGroupId === null) ctx.addIssue({ code: "custom", path: ["defaultGroupId"], message: "validation.defaultGroup" });
    }))();
export type OrganisationInput = z.infer<typeof OrganisationSchema>;
