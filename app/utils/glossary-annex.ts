import type { GlossaryTerm } from "../domain/glossary";
import type { Translate } from "../i18n";

/**
 * A term's status in a handbook's glossary annex, in words: "preferred", "admitted", or
 * "to avoid — write <alternative> instead". The same words online, in print, in the
 * Markdown file and in the books.
 */
export function annexStatusWords(term: Pick<GlossaryTerm, "status" | "alternative">, t: Translate): string {
  if (term.status === "preferred") return t("handbook.glossaryPreferred");
  if (term.status === "admitted") return t("handbook.glossaryAdmitted");
  return term.alternative.trim() ? t("handbook.glossaryAvoidInstead", { alternative: term.alternative.trim() }) : t("handbook.glossaryAvoid");
}
