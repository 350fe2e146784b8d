/**
 * Finds `@Name` mentions in any script. A mention may run over up to four words
 * ("@Sita Gurung"); which of those prefixes is a real member is for the caller to decide,
 * longest first. Underscores stand for spaces ("@Sita_Gurung").
 */
const MENTION = /(?<![\p{L}\p{M}\p{N}_@.])@([\p{L}\p{N}_][\p{L}\p{M}\p{N}_'’.-]*(?: [\p{L}\p{N}][\p{L}\p{M}\p{N}_'’.-]*){0,3})/gu;

/**
 * At most this many members are looked up, linked and notified from one text: more is a
 * list, not a conversation, and each name asked for is one more condition in one query.
 */
export const MAX_MENTIONS = 20;

export interface MentionCandidate {
  /** Where the "@" stands in the text. */
  start: number;
  /** Possible names, longest first, with the length of text each covers after the "@". */
  names: { name: string; length: number }[];
}

export function findMentionCandidates(text: string): MentionCandidate[] {
  const found: MentionCandidate[] = [];
  for (const m of text.matchAll(MENTION)) {
    const words = m[1]!.split(" ");
    const names: MentionCandidate["names"] = [];
    for (let n = words.length; n >= 1; n--) {
      // Punctuation that ends a sentence is not part of a name: "@Karim. Next…".
      const raw = words
        .slice(0, n)
        .join(" ")
        .replace(/[.'’-]+$/u, "");
      if (raw) names.push({ name: raw.replace(/_/g, " "), length: raw.length });
    }
    found.push({ start: m.index ?? 0, names });
  }
  return found;
}

/** The first words of the text's mentions, the first MAX_MENTIONS distinct ones: what the member directory is asked for. */
export function mentionFirstWords(text: string): string[] {
  const words = new Set<string>();
  for (const candidate of findMentionCandidates(text)) {
    words.add(candidate.names.at(-1)!.name);
    if (words.size === MAX_MENTIONS) break;
  }
  return [...words];
}

export function normaliseName(name: string): string {
  return name.normalize("NFC").toLocaleLowerCase().replace(/\s+/g, " ").trim();
}

/**
 * Rewrites resolved mentions as Markdown links to the members' profiles, leaving unknown
 * names, and members past the first MAX_MENTIONS, as they were. `resolve` returns the
 * member id for a name, or undefined.
 */
export function linkMentions(text: string, resolve: (name: string) => number | undefined): { text: string; userIds: number[] } {
  const userIds = new Set<number>();
  let out = "";
  let cursor = 0;
  for (const candidate of findMentionCandidates(text)) {
    if (candidate.start < cursor) continue;
    for (const { name, length } of candidate.names) {
      const id = resolve(name);
      if (id === undefined || (userIds.size >= MAX_MENTIONS && !userIds.has(id))) continue;
      const shown = text.slice(candidate.start, candidate.start + 1 + length);
      out += `${text.slice(cursor, candidate.start)}[${shown.replace(/([[\]\\])/g, "\\$1")}](/members/${id})`;
      cursor = candidate.start + 1 + length;
      userIds.add(id);
      break;
    }
  }
  return { text: out + text.slice(cursor), userIds: [...userIds] };
}
