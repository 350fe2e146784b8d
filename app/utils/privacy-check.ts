/**
 * Looks for what could identify a person described in a write-up: phone numbers,
 * e-mail addresses, ID or passport-like numbers, street addresses, a name next to an
 * age, dates of birth. Pure and heuristic: it warns, the author decides. Works on
 * Latin, Devanagari, Bengali and Cyrillic text (native digits included).
 */
export type PrivacyKind = "email" | "phone" | "idNumber" | "address" | "nameAge" | "birthDate";

export interface PrivacyFinding {
  kind: PrivacyKind;
  field: string;
  snippet: string;
}

// Devanagari, Bengali and Mongolian digits.
const NATIVE_DIGITS: Record<string, string> = {};
for (const zero of ["०", "০", "᠐"]) {
  const base = zero.codePointAt(0)!;
  for (let d = 0; d <= 9; d++) NATIVE_DIGITS[String.fromCodePoint(base + d)] = String(d);
}

/** Native digits become ASCII one for one, so offsets stay the same. */
function asciiDigits(text: string): string {
  return text.replace(/[०-९০-৯᠐-᠙]/g, (d) => NATIVE_DIGITS[d] ?? d);
}

const EMAIL = /[\p{L}\p{M}\p{N}._%+-]{1,64}@[\p{L}\p{M}\p{N}-]{1,63}(?:\.[\p{L}\p{M}\p{N}-]{1,63}){0,4}\.\p{L}[\p{L}\p{M}]{1,23}/gu;
const PHONE = /(?<![\p{L}\p{N}])\+?\d(?:[\d\s()./-]{0,24}\d)?(?![\p{L}\p{N}])/gu;
const ID_NUMBER = /(?<![\p{L}\p{N}])(?:[A-Z]{1,3}[- ]?\d{6,10}|\d{4}[ -]\d{4}[ -]\d{4})(?![\p{L}\p{N}])/gu;
const YEAR_RANGE = /^(?:19|20)\d\d\s*[-–/]\s*(?:19|20)?\d\d$/;

const STREET_WORDS = [
  "street",
  "st\\.",
  "road",
  "rd\\.",
  "avenue",
  "ave\\.",
  "lane",
  "boulevard",
  "blvd",
  "rue",
  "chemin",
  "calle",
  "avenida",
  "rua",
  "straße",
  "strasse",
  "weg",
  "marg",
  "sadak",
  "मार्ग",
  "सडक",
  "सड़क",
  "रोड",
  "রোড",
  "সড়ক",
  "লেন",
  "гудамж",
  "улица",
  "ул\\.",
  "проспект",
].join("|");
// Without the i flag (\p{Lu} must stay upper case), so both spellings are listed.
const STREET_WORDS_BOTH_CASES = STREET_WORDS.split("|")
  .flatMap((w) => [w, w.charAt(0).toUpperCase() + w.slice(1)])
  .join("|");
const ADDRESS_AFTER_NUMBER = new RegExp(`(?<![\\p{L}\\p{N}])\\d{1,5}[A-Za-z]?,?\\s+(?:[\\p{L}\\p{M}'’.-]{1,40}\\s+){0,3}(?:${STREET_WORDS})(?![\\p{L}])`, "giu");
const ADDRESS_NUMBER_AFTER = new RegExp(`(?<![\\p{L}])(?:${STREET_WORDS_BOTH_CASES})\\s+(?:\\p{Lu}[\\p{L}\\p{M}'’.-]{0,40}\\s+){0,2}(?:no\\.?\\s*)?\\d{1,5}(?![\\p{N}])`, "gu");
const HOUSE_NUMBER = /(?<![\p{L}])(?:house|flat|apartment|apt\.?|maison|casa|piso|घर|বাড়ি|байр|тоот)\s*(?:no\.?|nº|n°|नं\.?|নং)?\s*\d{1,5}[A-Za-z]?(?![\p{N}])/giu;

// A capitalised Latin or Cyrillic word, or any Devanagari/Bengali word, then an age.
const NAME = String.raw`(?:\p{Lu}[\p{Ll}\p{M}'’-]{1,40}|[\p{Script=Devanagari}\p{Script=Bengali}]{1,40})`;
const AGE_WORDS = String.raw`(?:years?(?:\s+old)?|yrs?|ans|años|anos|jahre|वर्ष(?:को|की)?|साल|বছর(?:ের)?|настай|нас|лет|годa?)`;
const NAME_THEN_AGE = new RegExp(String.raw`${NAME}\s*(?:,\s*(?:aged\s+|âgée?\s+de\s+|de\s+)?|\(\s*)(?:[1-9]\d?)(?:\s*${AGE_WORDS})?(?=\s*[),.;:]|\s+${AGE_WORDS}|\s*$)`, "gu");
const AGE_THEN_NAME = new RegExp(String.raw`(?<![\p{N}])[1-9]\d?[- ]year[- ]old\s+${NAME}`, "gu");
const NAME_AGED = new RegExp(String.raw`${NAME},?\s+(?:aged|âgée?\s+de)\s+[1-9]\d?(?![\p{N}])`, "gu");

const BIRTH_WORDS = String.raw`(?:born(?:\s+on)?|date\s+of\s+birth|d\.?o\.?b\.?|née?\s+le|nacid[oa]\s+el|geboren\s+am|जन्म(?:\s*मिति)?|জন্ম(?:\s*তারিখ)?|төрсөн(?:\s+он)?|родил(?:ся|ась))`;
const BIRTH_DATE = new RegExp(String.raw`(?<![\p{L}\p{M}])${BIRTH_WORDS}(?![\p{L}\p{M}])\s*[:\-–]?\s*(?:[\p{L}\p{N}]{1,30}[\s,./-]{0,3}){0,3}?\d{1,4}(?:[./-]\d{1,2}[./-]\d{2,4})?`, "giu");

function snippetAround(text: string, start: number, end: number): string {
  const from = Math.max(0, start - 25);
  const to = Math.min(text.length, end + 25);
  return `${from > 0 ? "…" : ""}${text.slice(from, to).replace(/\s+/g, " ").trim()}${to < text.length ? "…" : ""}`;
}

function digitCount(s: string): number {
  return (s.match(/\d/g) ?? []).length;
}

/** Longer text is refused by the forms anyway; the check never looks past this. */
const MAX_CHECKED = 60_000;

/** Findings in one piece of text, each once, in order of appearance. */
export function checkText(input: string, field: string): PrivacyFinding[] {
  const text = input.slice(0, MAX_CHECKED);
  const ascii = asciiDigits(text);
  const found: { kind: PrivacyKind; start: number; end: number }[] = [];
  const taken = (start: number, end: number) => found.some((f) => start < f.end && end > f.start);
  const add = (kind: PrivacyKind, regex: RegExp, accept: (m: string) => boolean = () => true) => {
    for (const m of ascii.matchAll(regex)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      if (!taken(start, end) && accept(m[0])) found.push({ kind, start, end });
    }
  };
  add("email", EMAIL);
  add("birthDate", BIRTH_DATE, (m) => /\d/.test(m));
  add("idNumber", ID_NUMBER);
  add("address", ADDRESS_AFTER_NUMBER);
  add("address", ADDRESS_NUMBER_AFTER);
  add("address", HOUSE_NUMBER);
  add("phone", PHONE, (m) => digitCount(m) >= 8 && digitCount(m) <= 15 && !YEAR_RANGE.test(m.trim()) && !/^\d{1,3}([,.]\d{3})+$/.test(m.trim()));
  add("nameAge", AGE_THEN_NAME);
  add("nameAge", NAME_AGED);
  add("nameAge", NAME_THEN_AGE);
  return found.sort((a, b) => a.start - b.start).map((f) => ({ kind: f.kind, field, snippet: snippetAround(text, f.start, f.end) }));
}

/** Findings across every field of a write-up (field name → text). */
export function checkPrivacy(fields: Record<string, string>): PrivacyFinding[] {
  return Object.entries(fields).flatMap(([field, text]) => checkText(text, field));
}
