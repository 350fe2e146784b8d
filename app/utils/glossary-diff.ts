import { foldTerm, GLOSSARY_LANGUAGES, type GlossaryContent, type GlossaryLanguage, type GlossaryTerm, type TermStatus } from "../domain/glossary";
import { diffText, hasChanges, type DiffPart } from "./diff";

export interface TermChange {
  text: string;
  /** Set when the status changed. */
  status?: { before: TermStatus; after: TermStatus };
  /** The reason, alternative or source changed (shown as they are now). */
  details: boolean;
  after: GlossaryTerm;
}

export interface LanguageDiff {
  language: GlossaryLanguage;
  added: GlossaryTerm[];
  removed: GlossaryTerm[];
  changed: TermChange[];
  /** The definition in this language, word by word; null when unchanged. */
  definition: DiffPart[] | null;
}

export interface GlossaryDiff {
  theme: { before: string | null; after: string | null } | null;
  languages: LanguageDiff[];
  notes: DiffPart[] | null;
}

const EMPTY: GlossaryContent = { theme: null, definitions: {}, notes: "", terms: [] };

/**
 * What a revision changed against the one before (none for the first): per language, the
 * terms added, removed and changed (matched by their folded text), and the definitions and
 * notes word by word. Languages without a change are left out.
 */
export function diffGlossary(before: GlossaryContent | null, after: GlossaryContent): GlossaryDiff {
  const old = before ?? EMPTY;
  const languages: LanguageDiff[] = [];
  for (const language of GLOSSARY_LANGUAGES) {
    const a = old.terms.filter((t) => t.language === language);
    const b = after.terms.filter((t) => t.language === language);
    const byText = new Map(a.map((t) => [foldTerm(t.text), t]));
    const kept = new Set<string>();
    const added: GlossaryTerm[] = [];
    const changed: TermChange[] = [];
    for (const term of b) {
      const key = foldTerm(term.text);
      const was = byText.get(key);
      if (!was) {
        added.push(term);
        continue;
      }
      kept.add(key);
      const details = was.reason !== term.reason || was.alternative !== term.alternative || was.source !== term.source || was.text !== term.text;
      if (was.status !== term.status || details) changed.push({ text: term.text, status: was.status !== term.status ? { before: was.status, after: term.status } : undefined, details, after: term });
    }
    const removed = a.filter((t) => !kept.has(foldTerm(t.text)));
    const definitionParts = diffText(old.definitions[language] ?? "", after.definitions[language] ?? "");
    const definition = hasChanges(definitionParts) ? definitionParts : null;
    if (added.length || removed.length || changed.length || definition) languages.push({ language, added, removed, changed, definition });
  }
  const notesParts = diffText(old.notes, after.notes);
  return {
    theme: (old.theme ?? null) !== (after.theme ?? null) ? { before: old.theme ?? null, after: after.theme ?? null } : null,
    languages,
    notes: hasChanges(notesParts) ? notesParts : null,
  };
}

export const isEmptyDiff = (diff: GlossaryDiff) => !diff.theme && !diff.notes && diff.languages.length === 0;
