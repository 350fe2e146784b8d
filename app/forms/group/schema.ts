import { z } from "zod";
import { optionalText, requiredText } from "../../utils/forms";

/** A group's name and description, the same when creating and when editing. */
export const GroupSchema = /* @__PURE__ */ (() =>
  z.object({
    name: requiredText(200),
    description: optionalText(2_000),
  }))();
export type GroupInput = z.infer<typeof GroupSchema>;
