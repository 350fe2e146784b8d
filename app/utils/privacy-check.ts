/**
 * Looks for what could identify a person described in a write-up: phone numbers, e-mail
 * addresses, identity documents of the network's countries, street addresses, the name or
 * the age of one person (and the two together), dates of birth. Pure and heuristic: it
 * warns, the author decides. Works on Latin, Devanagari, Bengali and Cyrillic text (native
 * digits included), in the nine languages the members write.
 *
 * It stays quiet on what write-ups normally say: the ages of a group or an age range,
 * counts, years, percentages, money and public hotlines. It is held to a corpus the tests
 * keep (tests/privacy-corpus/), which grows with the misses and wrong warnings members
 * report from the practice form.
 */
import type { PrivacyKind } from "../domain/privacy-report";

export { PRIVACY_KINDS, type PrivacyKind } from "../domain/privacy-report";

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

const re = (source: string, flags = "gu") => new RegExp(source.normalize("NFC"), flags);
/** Both first-letter cases of each alternative, for patterns that cannot take the i flag. */
const bothCases = (words: string) =>
  words
    .split("|")
    .flatMap((w) => [w, w.charAt(0).toUpperCase() + w.slice(1)])
    .join("|");

// Word edges that know every script: \b is ASCII-only in JavaScript.
const B = String.raw`(?<![\p{L}\p{M}\p{N}])`;
const E = String.raw`(?![\p{L}\p{M}\p{N}])`;

const EMAIL = /[\p{L}\p{M}\p{N}._%+-]{1,64}@[\p{L}\p{M}\p{N}-]{1,63}(?:\.[\p{L}\p{M}\p{N}-]{1,63}){0,4}\.\p{L}[\p{L}\p{M}]{1,23}/gu;
const PHONE = /(?<![\p{L}\p{N}])\+?\d(?:[\d\s()./-]{0,24}\d)?(?![\p{L}\p{N}])/gu;
const YEAR_RANGE = /^(?:19|20)\d\d\s*[-–/]\s*(?:19|20)?\d\d$/;
/** "In 2022-2023 25 officers …": a span of years, then a count. */
const STARTS_WITH_YEARS = /^(?:19|20)\d\d\s*[-–/]\s*(?:19|20)?\d\d\s/;

// ---------------------------------------------------------------- identity documents
// Formats specific enough to need no word before them.
const ID_FORMATS = [
  String.raw`\d{4}[ -]\d{4}[ -]\d{4}`, // India: Aadhaar, 4-4-4
  String.raw`[A-Z]{5}\d{4}[A-Z]`, // India: PAN
  String.raw`[А-ЯЁӨҮ]{2} ?\d{8}`, // Mongolia: register number, two Cyrillic letters and eight digits
  String.raw`\d{1,2}[-/]\d{2}[-/]\d{2}[-/]\d{3,6}`, // Nepal: citizenship certificate (district-…-serial)
  String.raw`\d{3}-\d{2}-\d{4}`, // United States: social security number
  String.raw`\d{3}\.\d{3}\.\d{3}-\d{2}`, // Brazil: CPF
  String.raw`\d{1,2}\.\d{3}\.\d{3}-[\dXx]`, // Brazil: RG
  String.raw`\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2}`, // Belgium: national register number
  String.raw`(?:19|20)?\d{6}[-+]\d{4}`, // Sweden: personnummer
  String.raw`[A-CEGHJ-PR-TW-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]`, // United Kingdom: National Insurance
  String.raw`\d{8}[A-HJ-NP-TV-Z]`, // Spain: DNI
  String.raw`[XYZ]\d{7}[A-Z]`, // Spain: NIE
  String.raw`\d{7}[A-W][A-IW]?`, // Ireland: PPS number
  String.raw`[12] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}`, // France: NIR (sécurité sociale)
  String.raw`\d{8} ?\d ?[A-Z]{2}\d`, // Portugal: cartão de cidadão
  String.raw`\d{2}[A-Z]{2}\d{5}`, // France and others: passport
  String.raw`\d{13}|\d{17}`, // South Africa ID, Bangladesh NID (13), birth registration (17)
  String.raw`[AP]\d{9}[A-Z]`, // Kenya: KRA PIN
  String.raw`[A-Z]{1,3}[- ]?\d{6,9}`, // passports: a letter or three, then digits (India, Nepal, Malawi, Kenya, …)
].join("|");
const ID_FORMAT = re(String.raw`${B}(?:${ID_FORMATS})${E}`);
// Letters and digits mixed, 8–10 long: Malawi national ID, German ID card, passports.
const MIXED_ID = re(String.raw`${B}(?=[A-Z0-9]*\d[A-Z]+\d|[A-Z0-9]*[A-Z]\d+[A-Z])(?=(?:[A-Z0-9]*\d){3})(?=(?:[A-Z0-9]*[A-Z]){2})[A-Z0-9]{8,10}${E}`);
const CURRENCIES = /^(?:MWK|MK|NPR|INR|RS|USD|EUR|BDT|TK|MNT|KES|KSH|ZAR|BRL|ARS|GBP|CAD|SEK|CHF|R)[- ]?\d/i;

// A document named, then its number (up to a few words later in the same sentence).
const ID_WORDS = [
  "passports?",
  "passport\\s+no",
  "national\\s+id",
  "id\\s+card",
  "identity\\s+card",
  "id",
  "nid",
  "aadhaar",
  "pan",
  "voter\\s+id",
  "epic",
  "citizenship",
  "social\\s+security",
  "ssn",
  "national\\s+insurance",
  "ni\\s+number",
  "pps",
  "sin",
  "social\\s+insurance(?:\\s+number)?",
  "kra\\s+pin",
  "huduma(?:\\s+namba)?",
  "register\\s+number",
  "passeport",
  "carte\\s+(?:nationale\\s+)?d['’]identité",
  "cni",
  "sécurité\\s+sociale",
  "registre\\s+national",
  "titre\\s+de\\s+séjour",
  "carte\\s+de\\s+séjour",
  "residence\\s+permit",
  "tarjeta\\s+de\\s+residencia",
  "autorização\\s+de\\s+residência",
  "aufenthalts(?:karte|titel|erlaubnis)",
  "pasaporte",
  "dni",
  "nie",
  "cédula",
  "documento",
  "seguridad\\s+social",
  "passaporte",
  "cpf",
  "rg",
  "nif",
  "bi",
  "cartão\\s+de\\s+cidadão",
  "identidade",
  "reisepass(?:nummer)?",
  "pass(?:nummer)?",
  "(?:personal)?ausweis(?:nummer|nr)?",
  "steuer-?id(?:entifikationsnummer)?",
  "sozialversicherungsnummer",
  "personnummer",
  "आधार",
  "नागरिकता",
  "परिचयपत्र",
  "परिचय\\s+पत्र",
  "राहदानी",
  "पासपोर्ट",
  "জাতীয়\\s+পরিচয়পত্র",
  "পরিচয়পত্র",
  "এনআইডি",
  "জন্ম\\s+নিবন্ধন",
  "পাসপোর্ট",
  "আধার",
  "регистр(?:ийн|ээр)?",
  "регистрийн\\s+дугаар",
  "үнэмлэх(?:ийн)?",
  "паспорт(?:ын)?",
  "chiphaso",
  "pasipoti",
].join("|");
// "No.", "Nr.", "n.º" may sit between the word and the number; another full stop ends the sentence.
const ID_AFTER_WORD = re(
  String.raw`${B}(?:${ID_WORDS})${E}(?:[^\d.!?।\n]|\.(?<=(?<![\p{L}])(?:no|nr|n|núm|num|nos)\.)){0,50}?(?<![\p{L}\p{N}])([A-Z]{0,3}\d(?:[\d .-]|(?<=\d)[A-Z](?=\d)){3,20}\d[A-Z]?)(?![\p{L}\p{N}])`,
  "giu",
);

// ---------------------------------------------------------------- addresses
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
  "travessa",
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
  "өргөн\\s+чөлөө",
].join("|");
// Without the i flag (\p{Lu} must stay upper case), so both spellings are listed.
const STREET_WORDS_BOTH_CASES = bothCases(STREET_WORDS);
const PARTICLES = "d[aeo]s?|de|del|la|las|los|le|les|der|von|dos";
const ADDRESS_AFTER_NUMBER = re(String.raw`(?<![\p{L}\p{N}])\d{1,5}[A-Za-z]?,?\s+(?:[\p{L}\p{M}'’.-]{1,40}\s+){0,3}(?:${STREET_WORDS})(?![\p{L}])`, "giu");
const ADDRESS_NUMBER_AFTER = re(
  String.raw`(?<![\p{L}])(?:${STREET_WORDS_BOTH_CASES})\s+(?:(?:\p{Lu}[\p{L}\p{M}'’.-]{0,40}|${PARTICLES})\s+){0,3}?(?:\p{Lu}[\p{L}\p{M}'’.-]{0,40},?\s+)?(?:no\.?\s*|n[º°]\.?\s*)?\d{1,5}(?![\p{N}])`,
);
const COMPOUND_STREET = re(String.raw`${B}\p{Lu}\p{Ll}+(?:straße|strasse|gasse|weg|platz|allee|ring|damm)\s+\d{1,4}[a-z]?(?![\p{N}])`);
const HOUSE_NUMBER = re(
  String.raw`(?<![\p{L}])(?:house|flat|apartment|apt\.?|maison|casa|piso|apartamento|wohnung|nyumba|घर|বাড়ি|тоот)\s*(?:no\.?|nº|n°|नं\.?|নং|nambala)?\s*\d{1,5}[A-Za-z]?(?![\p{N}])`,
  "giu",
);
const MONGOLIAN_FLAT = re(String.raw`(?<![\p{N}])\d{1,4}(?:-р\s+байр|\s+тоот)`);

// ---------------------------------------------------------------- names
const CAP = String.raw`\p{Lu}[\p{Ll}\p{M}'’-]{1,30}`;
const LATIN_NAME = String.raw`${CAP}(?:[ \u00A0]${CAP}){0,2}`;
// Devanagari and Bengali have no capitals: a word is any run of the script's letters.
const DEV_WORD = String.raw`[\u0900-\u0963\u0971-\u097F\u200C\u200D]+`;
const BEN_WORD = String.raw`[\u0980-\u09E5\u09F0-\u09FF\u200C\u200D]+`;
const DEV_NAME = String.raw`${DEV_WORD}(?: ${DEV_WORD}){0,2}`;
const BEN_NAME = String.raw`${BEN_WORD}(?: ${BEN_WORD}){0,2}`;

/** One person: if one of these comes shortly before "named" or "called", a name follows. */
const PERSON_NOUNS = [
  "girl|boy|woman|man|lady|survivor|victim|mother|father|sister|brother|daughter|son|child|client|resident|aunt|uncle|wife|husband|teenager|widow|grandmother|niece|friend|person",
  "fille|femme|garçon|victime|mère|père|sœur|frère|enfant|cliente?|résidente?|tante|adolescente?|survivante?|jeune|dame|mineure?",
  "niña|niño|chica|chico|mujer|hombre|víctima|madre|padre|hermana|hermano|hija|hijo|joven|adolescente|sobreviviente|superviviente|tía|señora",
  "menina|menino|moça|mulher|homem|vítima|mãe|pai|irmã|irmão|filha|filho|jovem|sobrevivente|senhora",
  "mädchen|junge|frau|mann|betroffene|opfer|mutter|vater|schwester|bruder|tochter|sohn|kind|klientin|jugendliche|tante|überlebende",
].join("|");
const PERSON_BEFORE = re(String.raw`${B}(?:${PERSON_NOUNS})${E}[^.!?।]{0,40}$`, "iu");

const NAME_CUES: RegExp[] = [
  // English
  re(String.raw`${B}(?:[Hh]er|[Hh]is|[Mm]y|[Tt]heir)\s+(?:(?:first|real|full|given)\s+)?name\s+(?:is|was)\s+(${LATIN_NAME})`),
  re(String.raw`${B}(?:Mr|Mrs|Ms|Miss|Mx)\.?\s+(${LATIN_NAME})`),
  re(String.raw`${B}called\s+(${LATIN_NAME})\s+by${E}`),
  // French
  re(String.raw`${B}(?:[Ee]lle|[Ii]l)\s+s['’]appelle\s+(${LATIN_NAME})`),
  re(String.raw`${B}(?:Mme|Mlle|Madame|Mademoiselle|Monsieur)\.?\s+(${LATIN_NAME})`),
  re(String.raw`${B}(?:prénommée?|surnommée?)\s+(${LATIN_NAME})`),
  // Spanish, Portuguese
  re(String.raw`${B}(?:[Ss]e\s+llama|[Ss]e\s+chama|[Cc]hama-se)\s+(${LATIN_NAME})`),
  re(String.raw`${B}(?:Sra|Sr|Srta|Dra)\.\s*(${LATIN_NAME})`),
  re(String.raw`${B}(?:Doña|Dona|Señora|Senhora|doña|dona|señora|senhora|madame|monsieur)\s+(${LATIN_NAME})`),
  re(String.raw`${B}(?:apodada|apelidada)\s+(${LATIN_NAME})`),
  // German
  re(String.raw`${B}(?:[Ss]ie|[Ee]r)\s+heißt\s+(${LATIN_NAME})`),
  re(String.raw`${B}(?:namens|mit\s+Namen)\s+(${LATIN_NAME})`),
  re(
    String.raw`(?<!(?:die|eine|jede|der|keine|einer|jeder|diese|dieser|deren|ihre|seine)\s)(?<![\p{L}\p{M}])(?:Frau|Herr)\s+(${LATIN_NAME})(?=\s*[,;)(]|\s+\p{Lu}|\s+(?:sagte|erzählte|berichtete|kam|wollte|lebt|wohnt)${E})`,
  ),
  re(String.raw`${B}von\s+\p{L}+\s+(${CAP})\s+genannt${E}`),
  // Chichewa
  re(String.raw`${B}[Dd]zina\s+(?:lake|lawo|la\s+mtsikanayo)\s+(?:ndi\s+)?(${LATIN_NAME})`),
  re(String.raw`${B}(?:wotchedwa|amamutcha|amutcha|amatchedwa)\s+(${LATIN_NAME})`),
  re(String.raw`(?<![\p{L}\p{M}])(?:Mayi|Bambo|Abambo|Amayi|Agogo)\s+(${LATIN_NAME})`),
  // Nepali
  re(String.raw`(?<![\p{L}\p{M}])नाम\s+(${DEV_NAME})\s+(?:हो|थियो|हुन्|रहेको)`),
  re(String.raw`(${DEV_NAME})\s+नाम\s+(?:गरेकी|गरेको|गरेका|भएकी|भएको)`),
  re(String.raw`(?<![\p{L}\p{M}])(?:श्रीमती|सुश्री|श्री|कुमारी)\s+(${DEV_NAME})`),
  re(String.raw`(${DEV_WORD})\s+भनेर\s+(?:बोलाउँछन्|बोलाउँथे|बोलाइन्छ|चिनिन्छ|चिनिन्छिन्|चिनिन्थिन्)`),
  // Bengali
  re(String.raw`(?<![\p{L}\p{M}])নাম\s+(${BEN_NAME})(?=\s*[,।]|\s+(?:হলো|ছিল|এবং))`),
  // "X নামের এক নারী" names her; "নিজের নামে" is only "in her own name".
  re(String.raw`(${BEN_NAME})\s+নামের\s+(?:এক|একটি|একজন)(?![\p{L}\p{M}])`),
  re(String.raw`(?<![\p{L}\p{M}])(?:মিসেস|মিস|জনাব|শ্রীমতী)\s+(${BEN_NAME})`),
  re(String.raw`(${BEN_WORD})\s+বলে\s+ডাক`),
  // Mongolian
  re(String.raw`${B}нэр(?:ийг|\s+нь)\s+(${LATIN_NAME})\s+(?:гэдэг|гэнэ|юм)`),
  re(String.raw`(${LATIN_NAME})\s+(?:гэдэг|гэх|гэгч)\s+(?:эмэгтэй|охин|хүү|эр|залуу|бүсгүй|хүн|ээж|эгч)`),
  re(String.raw`(${CAP})\s+(?:нэртэй|хатагтай|гуай)${E}`),
  re(String.raw`${B}(?:ноён|хатагтай)\s+(${LATIN_NAME})`),
];
// "named" / "called" only count after a person: "a programme called Safe Futures" is not one.
const NAMED_AFTER_PERSON = re(String.raw`${B}(?:named|called|known\s+as|nommée?|appelée?|llamad[ao]|de\s+nombre|chamad[ao]|de\s+nome|genannt)\s+(${LATIN_NAME})`);
// Two capitalised words with a person right before or after: "survivor Grace Banda", "Grace Banda, a survivor".
const NAME_PAIR = String.raw`${CAP}[ \u00A0]${CAP}`;
const PERSON_NOUNS_BOTH_CASES = bothCases(PERSON_NOUNS);
const PAIR_AFTER_PERSON = re(String.raw`${B}(?:${PERSON_NOUNS_BOTH_CASES})\s+(${NAME_PAIR})(?=\s*[,;.]|\s+(?:who|qui|que|die|der|yemwe|amene)${E})`);
const PAIR_BEFORE_PERSON = re(String.raw`(${NAME_PAIR}),\s+(?:(?:a|an|the|une?|la|una?|um|uma|eine?|die)\s+)?(?:\p{L}+\s+)?(?:${PERSON_NOUNS_BOTH_CASES})${E}`);
// Met, interviewed, accompanied: what follows is a person. Latin needs first name and surname.
const MET_VERBS = [
  "met|meet|meets|meeting|interviewed|rescued|accompanied|counselled|counseled",
  "rencontré|rencontrée|rencontre|accompagné|accompagnée|accompagne|interrogé",
  "conoció\\s+a|conocimos\\s+a|conocí\\s+a|entrevistamos\\s+a|entrevistó\\s+a|acompañamos\\s+a|acompañó\\s+a|rescatamos\\s+a",
  "conheceu|conhecemos|conheci|entrevistamos|entrevistou|acompanhamos|acompanhou|resgatamos",
  "traf|trafen|getroffen|begleitete|begleiteten|begleitet|interviewte|interviewten",
  "kumana\\s+(?:koyamba\\s+)?ndi|anakumana\\s+(?:koyamba\\s+)?ndi|tinakumana\\s+(?:koyamba\\s+)?ndi",
].join("|");
const NAME_AFTER_MET = re(String.raw`${B}(?:${bothCases(MET_VERBS)})\s+(?:(?:first|again|later|koyamba|zum\s+ersten\s+Mal)\s+)?(${NAME_PAIR})${E}`);
// Mongolian: a capitalised name with the comitative "-тай/-тэй/-той" before "уулз-" (meet).
const MONGOLIAN_MET = re(String.raw`(${CAP})(?:тай|тэй|той)(?:\s+\S+){0,4}\s+уулз`);
/** Common surnames in Devanagari and Bengali: a word before one of them is a first name. */
const SURNAMES_DEV = "तामाङ|गुरुङ|श्रेष्ठ|थापा|राई|लामा|मगर|बिक|विश्वकर्मा|नेपाली|शर्मा|अधिकारी|पौडेल|खड्का|कार्की|बस्नेत|सुनार|परियार|यादव|चौधरी|थारु|महर्जन|शाही|के\\.सी\\.|भट्टराई|पोखरेल|घिमिरे|ढकाल|सिंह|कुमारी|देवी";
const SURNAMES_BEN = "আক্তার|বেগম|খাতুন|ইসলাম|হোসেন|রহমান|আহমেদ|দাস|রায়|সরকার|মণ্ডল|শেখ|মিয়া|চৌধুরী|পারভীন|সুলতানা|নাহার|বিবি|হক|আলী|উদ্দিন|দেবী|বিশ্বাস|ঘোষ|পাল";
const DEV_FULL_NAME = re(String.raw`(?<![\p{L}\p{M}])(${DEV_WORD}\s+(?:${SURNAMES_DEV}))(?:लाई|को|की|ले|सँग)?(?![\p{L}\p{M}])`);
const BEN_FULL_NAME = re(String.raw`(?<![\p{L}\p{M}])(${BEN_WORD}\s+(?:${SURNAMES_BEN}))(?:ের|র|কে|ও)?(?![\p{L}\p{M}])`);

/** Words before a capitalised word that make it a place, a month or an organisation, not a person. */
const PLACE_WORDS = "in|at|from|to|near|of|the|en|dans|au|aux|à|de|du|des|em|no|na|do|da|aus|nach|bei|im|am|von|zu|ku|mu|pa|ochokera|wa|ya|la|del|el|los|las";
/** Words before a Devanagari or Bengali age that say who, not name her. */
const NOT_A_NAME = new Set(
  "केटी केटा किशोरी किशोर युवती युवा बालिका बालक महिला उनी ऊ यी ती बहिनी छोरी छोरा जम्मा मात्र करिब झन्डै मेয়ে মেয়ে ছেলে কিশোরী কিশোর তরুণী তরুণ শিশু সে তিনি মাত্র প্রায় মহিলা নারী".normalize("NFC").split(" "),
);

// ---------------------------------------------------------------- ages
const N = String.raw`(?<![\p{N}.,])[1-9]\d?(?![\p{N}]|[.,]\d|\s*%)`;
/** "13 to 17", "13–17", "de 13 à 17": a range is a group. */
const RANGE_BEFORE = /(?:\d\s*(?:-|–|—|to|and|à|a|y|e|et|und|bis|mpaka|ndi|देखि|থেকে)\s*|-аас\s*|(?<![\p{L}])(?:between|entre|zwischen)\s+)$/iu;
const RANGE_AFTER = /^\s*(?:-|–|—|to|and|à|a|y|e|et|und|bis|mpaka|ndi|देखि|থেকে|-аас)\s*\d/iu;
/** What sits before a number that is a limit, not an age: "under 18", "moins de 5". */
const LIMIT_BEFORE = /(?:under|over|below|above|moins\s+de|plus\s+de|menos\s+de|más\s+de|menores\s+de|mayores\s+de|mais\s+de|unter|über|ab|osakwana|oposa)\s+$/iu;
/** What follows a number that is a limit: "25-এর নিচে", "25-аас доош", "18 or younger". */
const LIMIT_AFTER =
  /^\s*(?:-?এর\s+(?:নিচে|ওপরে|উপরে|কম|বেশি)|(?:এর\s+)?(?:নিচে|ওপরে)|-?аас\s+(?:доош|дээш)|(?:years?\s+)?(?:or|and)\s+(?:younger|older|under|over|above|below)|(?:ans\s+)?ou\s+(?:moins|plus)|(?:años\s+)?o\s+(?:menos|más)|(?:anos\s+)?ou\s+(?:menos|mais)|(?:Jahre\s+)?oder\s+(?:jünger|älter))/iu;
/** An average describes a group. */
const AVERAGE = /average|mean age|moyen|media|médi[ao]|promedio|durchschnitt|औसत|গড়|дундаж|zapakatikati/iu;

const AGE_PATTERNS: RegExp[] = [
  // English
  re(String.raw`${B}(${N})[- ]years?[- ]old(?!s)(?!\s+(?:girls|boys|children|women|men|people|youths|survivors|participants)${E})`, "giu"),
  re(String.raw`${B}(${N})\s+years?\s+old(?!s)`, "giu"),
  re(
    String.raw`${B}(?:she|he|she's|he's)\s+(?:is|was|'s|turned|had\s+just\s+turned|will\s+be|is\s+now|was\s+only|was\s+just|is\s+only|is\s+just)?\s*(?:only\s+|just\s+|barely\s+|nearly\s+|almost\s+)?(${N})(?:\s+years?(?:\s+old)?)?(?=\s*[,.;:)]|\s+(?:and|when|at|but|now)${E}|$)`,
    "giu",
  ),
  re(String.raw`${B}aged\s+(${N})`, "giu"),
  re(String.raw`${B}who\s+(?:is|was|turned|had\s+just\s+turned)\s+(?:now\s+|only\s+|just\s+|barely\s+)?(${N})(?:\s+years?(?:\s+old)?)?(?=\s*[,.;:)]|\s+(?:and|when|at|but|now)${E}|$)`, "giu"),
  re(String.raw`${B}(?:at\s+(?:the\s+)?age\s+(?:of\s+)?)(${N})`, "giu"),
  // "At 13 she was sold", "she was sold at 13"
  re(String.raw`${B}at\s+(${N})(?=\s*,?\s+(?:she|he)${E})`, "giu"),
  re(String.raw`${B}(?:she|he)\s+(?:[\p{L}'’]+\s+){1,5}at\s+(${N})(?=\s*[,.;:)]|$)`, "giu"),
  // French
  re(String.raw`${B}(?:une?|la|le|cette|ce|l['’])\s*(?:[\p{L}\p{M}-]+,?\s+){1,2}(?:âgée?\s+)?de\s+(?:seulement\s+|à\s+peine\s+)?(${N})\s+ans${E}`, "giu"),
  re(String.raw`${B}(?:elle|il)\s+(?:a|avait|aura|vient\s+d['’]avoir|a\s+eu)\s+(?:seulement\s+|à\s+peine\s+)?(${N})\s+ans${E}`, "giu"),
  re(String.raw`${B}(?:elle|il)\s+n['’](?:a|avait|aura)\s+que\s+(${N})\s+ans${E}`, "giu"),
  re(String.raw`${B}âgée?\s+de\s+(${N})\s+ans${E}`, "giu"),
  re(String.raw`${B}qui\s+(?:a|avait)\s+(?:aujourd['’]hui\s+|maintenant\s+|désormais\s+|alors\s+|seulement\s+)?(${N})\s+ans${E}`, "giu"),
  // "À 13 ans, elle a été vendue": an age at an event, with the person beside it
  re(String.raw`(?<!jusqu['’])${B}à\s+(${N})\s+ans(?=\s*,?\s+(?:elle|il)${E})`, "giu"),
  re(String.raw`${B}(?:elle|il)\s+(?:[\p{L}'’]+\s+){1,5}à\s+(${N})\s+ans${E}`, "giu"),
  // Spanish
  re(String.raw`${B}(?:una?|la|el|esta|este)\s+(?:[\p{L}\p{M}-]+,?\s+){1,2}de\s+(?:apenas\s+|solo\s+|sólo\s+)?(${N})\s+años${E}`, "giu"),
  re(String.raw`${B}(?:tiene|tenía|tendrá|cumplió|ha\s+cumplido|cumple)\s+(?:apenas\s+|solo\s+|sólo\s+)?(${N})\s+años${E}`, "giu"),
  re(String.raw`${B}a\s+los\s+(${N})\s+años${E}`, "giu"),
  // Portuguese
  re(String.raw`${B}(?:uma?|a|o|esta|este|essa|esse)\s+(?:[\p{L}\p{M}-]+,?\s+){1,2}de\s+(?:apenas\s+|só\s+)?(${N})\s+anos${E}`, "giu"),
  re(String.raw`${B}(?:tem|tinha|terá|fez|completou|completa)\s+(?:apenas\s+|só\s+)?(${N})\s+anos${E}`, "giu"),
  re(String.raw`${B}com\s+(?:apenas\s+|só\s+)?(${N})\s+anos${E}`, "giu"),
  re(String.raw`${B}aos\s+(${N})\s+anos${E}`, "giu"),
  // German
  re(String.raw`${B}(${N})-jährige[rs]?${E}`, "giu"),
  re(String.raw`${B}(${N})\s+Jahre\s+alt${E}`, "giu"),
  re(String.raw`${B}(?:sie|er)\s+(?:ist|war|wird|wurde)\s+(?:gerade\s+|erst\s+|knapp\s+|kaum\s+)?(${N})(?:\s+Jahre(?:\s+alt)?)?(?=\s*[,.;:)]|\s+(?:und|als|wenn|aber)${E}|$)`, "giu"),
  re(String.raw`${B}im\s+Alter\s+von\s+(${N})${E}`, "giu"),
  re(String.raw`${B}(?:das|die|der)\s+(?:inzwischen\s+|jetzt\s+|nun\s+|erst\s+|gerade\s+|damals\s+)?(${N})(?:\s+Jahre\s+alt)?\s+(?:ist|war|wurde)${E}`, "giu"),
  // "Mit 13 wurde sie verkauft", "sie wurde mit 13 verkauft"
  re(String.raw`${B}mit\s+(${N})(?:\s+Jahren)?(?=\s*,?\s+\p{L}+\s+(?:sie|er)${E})`, "giu"),
  re(String.raw`${B}(?:sie|er)\s+(?:\p{L}+\s+){0,3}mit\s+(${N})(?:\s+Jahren)?${E}`, "giu"),
  re(String.raw`${B}(?:ist|war|wird|wurde)\s+(?:sie|er)\s+(?:gerade\s+|erst\s+|knapp\s+|kaum\s+)?(${N})(?:\s+Jahre(?:\s+alt)?)?(?=\s*[,.;:)]|\s+(?:und|als|wenn|aber)${E}|$)`, "giu"),
  // Nepali: -की/-को is one person, -का a group
  re(String.raw`(${N})\s*वर्ष(?:की|को|कि|ीया|िया|ीय)(?![\p{L}\p{M}])`),
  re(String.raw`(?:उमेर|उमेरमा)\s+(${N})\s*(?:वर्ष)?(?:की|को)?\s+(?:थियो|छ|हो|थिइन्)`),
  // Bengali
  re(String.raw`(${N})\s*বছর\s*বয়সী(?!রা|দের)(?![\p{L}\p{M}])`),
  re(String.raw`(${N})\s*বছর\s*বয়সে(?![\p{L}\p{M}])`),
  re(String.raw`(${N})\s*বছরের(?![\p{L}\p{M}])(?!\s*(?:কম|বেশি|মধ্যে|উপরে|নিচে|ঊর্ধ্ব))`),
  re(String.raw`বয়স\s+(?:এখন\s+|তখন\s+)?(?:ছিল\s+|হয়েছিল\s+|মাত্র\s+)?(${N})(?:\s*বছর)?`),
  // Mongolian
  re(String.raw`(${N})\s*настай`, "giu"),
  re(String.raw`(${N})\s*насны\s+(?:охин|хүү|эмэгтэй|бүсгүй|залуу)${E}`, "giu"),
  // Chichewa: "wa zaka" is one person, "a zaka" a group
  re(String.raw`${B}(?:wa\s+zaka|wazaka)\s+(${N})`, "giu"),
  re(String.raw`${B}(?:ali|anali|adali|ali\s+ndi)\s+(?:ndi\s+)?zaka\s+(${N})`, "giu"),
];

// A name and an age written together: "Sita, 14", "Rina (15)", "Grace, wa zaka 15".
const NAME = String.raw`(?:\p{Lu}[\p{Ll}\p{M}'’-]{1,40}|[\p{Script=Devanagari}\p{Script=Bengali}\p{M}]{1,40})`;
const AGE_WORDS = String.raw`(?:years?(?:\s+old)?|yrs?|ans|años|anos|jahre|वर्ष(?:को|की)?|साल|বছর(?:ের)?|настай|нас|лет|годa?)`;
const NAME_THEN_AGE = re(String.raw`${NAME}\s*(?:,\s*(?:aged\s+|âgée?\s+de\s+|de\s+|wa\s+zaka\s+|wazaka\s+)?|\(\s*)(?:[1-9]\d?)(?:\s*${AGE_WORDS})?(?=\s*[),.;:]|\s+${AGE_WORDS}|\s*$)`);
const AGE_THEN_NAME = re(String.raw`(?<![\p{N}])[1-9]\d?[- ]year[- ]old\s+${NAME}`);
const NAME_AGED = re(String.raw`${NAME},?\s+(?:aged|âgée?\s+de)\s+[1-9]\d?(?![\p{N}])`);

// ---------------------------------------------------------------- dates of birth
const BIRTH_WORDS = String.raw`(?:born(?:\s+on)?|date\s+of\s+birth|d\.?o\.?b\.?|née?\s+le|nacid[oa]\s+el|naci[óo]\s+el|nasceu\s+(?:em|a|no\s+dia)|nascid[oa]\s+em|geboren\s+am|anabadwa\s+(?:pa|mu)|जन्म(?:\s*मिति)?|জন্ম(?:\s*তারিখ)?|төрсөн(?:\s+он)?|родил(?:ся|ась))`;
const BIRTH_DATE = re(String.raw`(?<![\p{L}\p{M}])${BIRTH_WORDS}(?![\p{L}\p{M}])\s*[:\-–]?\s*(?:[\p{L}\p{N}]{1,30}[\s,./-]{0,3}){0,4}?\d{1,4}(?:[./-]\d{1,2}[./-]\d{2,4})?`, "giu");
// The date first, the word after: German "am 5. Mai 2008 in X geboren", Mongolian "2008 оны 5 сарын 5-нд төрсөн".
const DATE_THEN_BORN = re(String.raw`(?<![\p{N}])(?:\d{1,2}\.?\s+\p{L}+\s+)?(?:19|20)\d\d(?:[\s\p{L}\p{N}.,-]{0,30}?)\s+(?:geboren|төрсөн)(?![\p{L}\p{M}])`, "giu");

// ---------------------------------------------------------------- public numbers
/** A number right after these is one the public is meant to call. */
const HOTLINE_BEFORE =
  /(?:helpline|hotline|toll[- ]free|free(?:phone)?|childline|line|ligne|numéro\s+vert|gratuit[oae]?|línea|linha|disque|hilfetelefon|nummer\s+gegen|beratung|kostenlos|हेल्पलाइन|निःशुल्क|टोल\s*फ्री|হেল্পলাইন|টোল\s*ফ্রি|тусламжийн\s+утас|лавлах|yaulere|ulere)[^.!?।\d]{0,40}$/iu;
const HOTLINE_AFTER = /^[^.!?।\d]{0,30}(?:gratuit|gratuita|gratuito|kostenlos|free|toll[- ]free|निःशुल्क|বিনা খরচে|үнэ төлбөргүй|yaulere)/iu;
const TOLL_FREE = /^(?:\+?\d{1,3}[\s-]?)?(?:0800|0805|0808|0900|080\s|1800|1-800|800|900|116)/;

function snippetAround(text: string, start: number, end: number): string {
  const from = Math.max(0, start - 25);
  const to = Math.min(text.length, end + 25);
  return `${from > 0 ? "…" : ""}${text.slice(from, to).replace(/\s+/g, " ").trim()}${to < text.length ? "…" : ""}`;
}

function digitCount(s: string): number {
  return (s.match(/\d/g) ?? []).length;
}

/** The text of the sentence before `at`, for the checks that look back. */
function before(text: string, at: number, length = 60): string {
  return text.slice(Math.max(0, at - length), at);
}

/** Longer text is refused by the forms anyway; the check never looks past this. */
const MAX_CHECKED = 60_000;

interface Span {
  kind: PrivacyKind;
  start: number;
  end: number;
}

/** A name and an age of the same sentence, close together, are one finding: the person. */
function joinNameAndAge(found: Span[], text: string): Span[] {
  const names = found.filter((f) => f.kind === "name");
  const ages = found.filter((f) => f.kind === "age");
  const joined = new Set<Span>();
  const out: Span[] = [];
  for (const name of names) {
    const age = ages.find((a) => !joined.has(a) && Math.max(a.start - name.end, name.start - a.end) <= 60 && !/[.!?।]\s/.test(text.slice(Math.min(name.end, a.end), Math.max(name.start, a.start))));
    if (!age) continue;
    joined.add(name).add(age);
    out.push({ kind: "nameAge", start: Math.min(name.start, age.start), end: Math.max(name.end, age.end) });
  }
  return [...found.filter((f) => !joined.has(f)), ...out];
}

// A capitalised word inside the sentence (not its first), not right after a word for a place.
const CAPITALISED_INSIDE = re(String.raw`(?<![.!?।]\s*)(?<=[\p{L}\p{M},]\s+)(?<!(?:${PLACE_WORDS})\s+)\p{Lu}[\p{Ll}\p{M}'’-]{2,30}${E}`, "u");
// The word right before a Devanagari or Bengali age, when it is not a word for a person.
const WORD_BEFORE_AGE = re(String.raw`(${DEV_WORD}|${BEN_WORD})\s+$`);

/**
 * An age with a name in the same sentence, close by, is the person: "When we met Sunita she
 * was 14". Devanagari and Bengali have no capitals: there the word right before the age,
 * unless it says who (girl, she, young woman), is taken for the name.
 */
function withNameNearby(age: Span, text: string): Span {
  const from = Math.max(0, age.start - 60);
  const to = Math.min(text.length, age.end + 40);
  const sentenceStart = Math.max(from, ...[".", "!", "?", "।"].map((p) => text.lastIndexOf(p, age.start) + 1));
  const window = text.slice(sentenceStart, to).split(/[.!?।]/)[0] ?? "";
  const ahead = text.slice(sentenceStart, age.start);
  const word = WORD_BEFORE_AGE.exec(ahead)?.[1];
  const named = CAPITALISED_INSIDE.test(window.replace(/^\s*\S+/, (first) => first.toLowerCase())) || (word !== undefined && !NOT_A_NAME.has(word));
  return named ? { ...age, kind: "nameAge" } : age;
}

/** Findings in one piece of text, each once, in order of appearance. */
export function checkText(input: string, field: string): PrivacyFinding[] {
  const text = input.slice(0, MAX_CHECKED).normalize("NFC");
  const ascii = asciiDigits(text);
  let found: Span[] = [];
  const taken = (start: number, end: number) => found.some((f) => start < f.end && end > f.start);
  const push = (kind: PrivacyKind, start: number, end: number) => {
    if (!taken(start, end)) found.push({ kind, start, end });
  };
  const add = (kind: PrivacyKind, regex: RegExp, accept: (m: RegExpMatchArray) => boolean = () => true) => {
    for (const m of ascii.matchAll(regex)) {
      const start = m.index ?? 0;
      if (accept(m)) push(kind, start, start + m[0].length);
    }
  };
  const isHotline = (start: number, end: number, number: string) => HOTLINE_BEFORE.test(before(ascii, start)) || HOTLINE_AFTER.test(ascii.slice(end, end + 40)) || TOLL_FREE.test(number.trim());

  add("email", EMAIL);
  add("birthDate", BIRTH_DATE, (m) => /\d/.test(m[0]));
  add("birthDate", DATE_THEN_BORN);
  add("idNumber", ID_AFTER_WORD, (m) => digitCount(m[1]!) >= 5 && !/^\d{1,3}(?:,\d{3})+$/.test(m[1]!.trim()) && !YEAR_RANGE.test(m[1]!.trim()));
  add("idNumber", ID_FORMAT, (m) => !CURRENCIES.test(m[0]) && !isHotline(m.index ?? 0, (m.index ?? 0) + m[0].length, m[0]));
  add("idNumber", MIXED_ID);
  add("address", ADDRESS_AFTER_NUMBER);
  add("address", ADDRESS_NUMBER_AFTER);
  add("address", COMPOUND_STREET);
  add("address", HOUSE_NUMBER);
  add("address", MONGOLIAN_FLAT);
  add("phone", PHONE, (m) => {
    const s = m[0].trim();
    const start = m.index ?? 0;
    return (
      digitCount(s) >= 8 &&
      digitCount(s) <= 15 &&
      !YEAR_RANGE.test(s) &&
      !STARTS_WITH_YEARS.test(s) &&
      !/^\d{1,3}([,.]\d{3})+$/.test(s) &&
      !/\/(?:19|20)\d\d$/.test(s) &&
      !isHotline(start, start + m[0].length, s)
    );
  });
  const notARange = (m: RegExpMatchArray) => !RANGE_AFTER.test(ascii.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 12));
  add("nameAge", AGE_THEN_NAME);
  add("nameAge", NAME_AGED, notARange);
  add("nameAge", NAME_THEN_AGE, notARange);

  const sentenceHasAverage = (at: number) => {
    const from = Math.max(ascii.lastIndexOf(". ", at), ascii.lastIndexOf("। ", at), 0);
    return AVERAGE.test(ascii.slice(from, at + 40));
  };
  for (const pattern of AGE_PATTERNS) {
    add("age", pattern, (m) => {
      const start = m.index ?? 0;
      const numberAt = start + m[0].indexOf(m[1]!);
      const numberEnd = numberAt + m[1]!.length;
      const pre = before(ascii, numberAt, 30);
      const post = ascii.slice(numberEnd, numberEnd + 24);
      return !RANGE_BEFORE.test(pre) && !RANGE_AFTER.test(post) && !LIMIT_BEFORE.test(pre) && !LIMIT_AFTER.test(post) && !sentenceHasAverage(start);
    });
  }

  const addName = (regex: RegExp, accept: (m: RegExpMatchArray) => boolean = () => true) => {
    for (const m of ascii.matchAll(regex)) {
      if (!accept(m)) continue;
      const start = (m.index ?? 0) + m[0].indexOf(m[1]!);
      push("name", start, start + m[1]!.length);
    }
  };
  for (const cue of NAME_CUES) addName(cue);
  addName(NAMED_AFTER_PERSON, (m) => PERSON_BEFORE.test(before(ascii, m.index ?? 0, 45)));
  addName(PAIR_AFTER_PERSON);
  addName(NAME_AFTER_MET);
  addName(MONGOLIAN_MET);
  addName(DEV_FULL_NAME);
  addName(BEN_FULL_NAME);
  addName(PAIR_BEFORE_PERSON);

  found = joinNameAndAge(found, ascii);
  found = found.map((f) => (f.kind === "age" ? withNameNearby(f, ascii) : f));
  return found.sort((a, b) => a.start - b.start).map((f) => ({ kind: f.kind, field, snippet: snippetAround(text, f.start, f.end) }));
}

/** Findings across every field of a write-up (field name → text). */
export function checkPrivacy(fields: Record<string, string>): PrivacyFinding[] {
  return Object.entries(fields).flatMap(([field, text]) => checkText(text, field));
}
