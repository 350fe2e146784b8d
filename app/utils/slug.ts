/**
 * Letters and digits of any script survive, so "नेपाल" keeps a readable slug; Latin
 * accents fold. A long title is cut at a word boundary.
 */
export function slugify(text: string, maxLength = 60): string {
  const full = text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, (marks, offset: number, whole: string) => (/\p{Script=Latin}/u.test(whole[offset - 1] ?? "") ? "" : marks))
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .normalize("NFC");
  if (full.length <= maxLength) return full;
  const cut = full.slice(0, maxLength + 1);
  const lastHyphen = cut.lastIndexOf("-");
  return lastHyphen > maxLength / 2 ? cut.slice(0, lastHyphen) : full.slice(0, maxLength).replace(/-+$/, "");
}
