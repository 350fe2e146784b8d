/** ISO 3166-1 alpha-2 codes. Names come from Intl.DisplayNames in the reader's language. */
export const COUNTRY_CODES = (
  "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
  "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
  "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP " +
  "KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT " +
  "MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW " +
  "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG " +
  "UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
).split(" ");

const COUNTRY_SET = new Set(COUNTRY_CODES);

export function isCountryCode(code: string): boolean {
  return COUNTRY_SET.has(code.toUpperCase());
}

export function countryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: "region" }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

export interface CountryOption {
  code: string;
  name: string;
}

/**
 * Every country as {code, name}, sorted by name in the reader's language. Made in a
 * loader and sent with the page: browsers name a few countries differently from Node.
 * The catalogue names the network's countries; where the locale has no country names
 * at all (Chichewa), the others are named in English and say so.
 */
const optionsByLocale = new Map<string, CountryOption[]>();

export function countryOptions(locale: string, messages: Record<string, string>, namesInEnglish: boolean): CountryOption[] {
  const cached = optionsByLocale.get(locale);
  if (cached) return cached;
  const options = buildCountryOptions(locale, messages, namesInEnglish);
  optionsByLocale.set(locale, options);
  return options;
}

function buildCountryOptions(locale: string, messages: Record<string, string>, namesInEnglish: boolean): CountryOption[] {
  const collator = new Intl.Collator(locale);
  const inEnglish = messages["countries.inEnglish"] ?? "{name}";
  return COUNTRY_CODES.map((code) => {
    const own = messages[`country.${code}`];
    const name = own ?? (namesInEnglish ? inEnglish.replace("{name}", countryName(code, "en")) : countryName(code, locale));
    return { code, name };
  }).sort((a, b) => collator.compare(a.name, b.name));
}

/** The zone a member is first given from their organisation's country (its capital's, or most populous). */
export const COUNTRY_TIME_ZONES: Record<string, string> = {
  IN: "Asia/Kolkata",
  MW: "Africa/Blantyre",
  MN: "Asia/Ulaanbaatar",
  NP: "Asia/Kathmandu",
  FR: "Europe/Paris",
  ES: "Europe/Madrid",
  KE: "Africa/Nairobi",
  BE: "Europe/Brussels",
  DE: "Europe/Berlin",
  SE: "Europe/Stockholm",
  IE: "Europe/Dublin",
  GB: "Europe/London",
  CA: "America/Toronto",
  US: "America/New_York",
  ZA: "Africa/Johannesburg",
  BR: "America/Sao_Paulo",
  PT: "Europe/Lisbon",
  AR: "America/Argentina/Buenos_Aires",
  BD: "Asia/Dhaka",
};

/** The zones offered in settings: the network's countries', the other zones of its large countries, and UTC. */
export const TIME_ZONE_CHOICES = [
  "UTC",
  ...new Set([
    ...Object.values(COUNTRY_TIME_ZONES),
    "Asia/Hovd",
    "America/Vancouver",
    "America/Edmonton",
    "America/Winnipeg",
    "America/Halifax",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Manaus",
    "America/Recife",
    "Atlantic/Canary",
    "Atlantic/Azores",
    "America/Cayenne",
    "Indian/Reunion",
  ]),
].sort();
