import { stemmer as nepaliStemmer } from "@orama/stemmers/nepali";

// Search stems, the same for every storage engine: the index holds each word's stem beside
// the text, and a query looks for the stems of its words. Only scripts whose languages the
// members write in and whose inflections are suffixes are stemmed; any other word is only
// lower-cased (FTS folds case and Latin accents itself).

/**
 * Bengali case, plural and classifier suffixes, longest first. Compiled from the
 * inflectional suffixes of the light Bengali stemmer in L. Dolamic and J. Savoy,
 * "Comparative Study of Indexing and Search Strategies for the Hindi, Marathi, and Bengali
 * Languages", ACM TALIP 9(3), 2010, and the noun inflections listed in H. Thompson,
 * "Bengali: A Comprehensive Grammar", Routledge 2010 (§ case, plural, classifiers).
 * Single vowel-sign endings (-ে, -র alone) are left alone: too many stems end in them.
 */
const BENGALI_SUFFIXES = [
  "গুলোকে",
  "গুলিকে",
  "গুলোর",
  "গুলির",
  "গুলোতে",
  "গুলিতে",
  "দেরকে",
  "গুলো",
  "গুলি",
  "গণের",
  "দের",
  "েরা",
  "য়েরা",
  "য়ের",
  "টাকে",
  "টিকে",
  "টার",
  "টির",
  "খানা",
  "কে",
  "রা",
  "তে",
  "ের",
  "টা",
  "টি",
  "য়ে",
  "েও",
]
  .map((s) => s.normalize("NFC"))
  .sort((a, b) => b.length - a.length);

/**
 * Khalkha Mongolian (Cyrillic) case and plural endings, longest first: genitive, accusative,
 * dative-locative, ablative, instrumental, comitative, directive, plural. From J. Janhunen,
 * "Mongolian" (London Oriental and African Language Library 19, 2012), ch. 5 (nominal
 * morphology). One-letter endings (-д, -т, -г, -н) are not stripped: too many stems end in them.
 */
const MONGOLIAN_SUFFIXES = [
  "нуудын",
  "нүүдийн",
  "уудын",
  "үүдийн",
  "нуудад",
  "нүүдэд",
  "уудад",
  "үүдэд",
  "нууд",
  "нүүд",
  "чууд",
  "чүүд",
  "ууд",
  "үүд",
  "гаас",
  "гээс",
  "гоос",
  "гөөс",
  "аас",
  "ээс",
  "оос",
  "өөс",
  "гаар",
  "гээр",
  "гоор",
  "гөөр",
  "аар",
  "ээр",
  "оор",
  "өөр",
  "тай",
  "тэй",
  "той",
  "руу",
  "рүү",
  "луу",
  "лүү",
  "ийн",
  "ийг",
  "анд",
  "энд",
  "онд",
  "өнд",
  "ын",
  "ыг",
  "ад",
  "эд",
  "од",
  "өд",
  "нд",
].sort((a, b) => b.length - a.length);

/** Letters in a word that are not combining signs: how long a Brahmic stem really is. */
const baseLetters = (word: string) => word.replace(/[\p{M}\u200c\u200d]/gu, "").length;

function stripSuffix(word: string, suffixes: string[], minStem: number) {
  for (const suffix of suffixes) {
    if (word.endsWith(suffix) && baseLetters(word.slice(0, -suffix.length)) >= minStem) return word.slice(0, -suffix.length);
  }
  return word;
}

const DEVANAGARI = /^[\u0900-\u097f\u200c\u200d]+$/;
const BENGALI = /^[\u0980-\u09ff\u200c\u200d]+$/;
const CYRILLIC = /^[\u0400-\u04ff]+$/;

const cache = new Map<string, string>();

/** A word's search stem: Nepali (Devanagari) by the Snowball Nepali stemmer, Bengali and Mongolian by suffix. */
export function stemWord(word: string): string {
  // NFC, so that য় typed as one code point or two is one letter.
  const lower = word.normalize("NFC").toLowerCase();
  const known = cache.get(lower);
  if (known !== undefined) return known;
  let stem = lower;
  if (DEVANAGARI.test(lower)) {
    const snowball = nepaliStemmer(lower);
    // Snowball strips postpositions down to a single letter at times (सिलाई → सि): too short to mean one word.
    stem = baseLetters(snowball) >= 2 ? snowball : lower;
  } else if (BENGALI.test(lower)) stem = stripSuffix(lower, BENGALI_SUFFIXES, 2);
  else if (CYRILLIC.test(lower)) stem = stripSuffix(lower, MONGOLIAN_SUFFIXES, 3);
  if (cache.size > 20_000) cache.clear();
  cache.set(lower, stem);
  return stem;
}

export const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** The stems of a text's words that differ from the words: what the index adds beside the text. */
export function extraStems(text: string): string {
  const stems: string[] = [];
  for (const [word] of text.matchAll(WORD)) {
    const stem = stemWord(word);
    if (stem !== word.normalize("NFC").toLowerCase()) stems.push(stem);
  }
  return stems.join(" ");
}
