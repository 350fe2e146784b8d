import { json, type AppLoadContext } from "@remix-run/node";
import { listThemes } from "../../models/practice.server";
import { formValues } from "../../utils/forms";
import { MORE_ROWS, readConceptForm, submittedRows, type ConceptForm } from "./schema";

/**
 * Reads a concept editor's submission: "Add more rows" and errors answer with the page again
 * (everything typed kept, errors 400); otherwise the checked concept.
 */
export async function readConceptSubmission(formData: FormData, db: AppLoadContext["db"]): Promise<{ ok: true; data: ConceptForm } | { ok: false; response: Response }> {
  if (formData.get("intent") === "rows") {
    const values = formValues(formData, { omit: ["intent"] });
    return { ok: false, response: json({ values: { ...values, rows: String(submittedRows(formData) + MORE_ROWS) } }) };
  }
  const read = readConceptForm(formData, { themes: await listThemes(db) });
  if (!read.ok) return { ok: false, response: json({ errors: read.errors, values: read.values }, { status: 400 }) };
  return { ok: true, data: read.data };
}
