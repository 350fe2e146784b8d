import { describe, expect, it } from "vitest";
import { checkPrivacy, checkText, type PrivacyKind } from "../app/utils/privacy-check";
import { readCorpus, score } from "./privacy-corpus/score";

const HITS: [PrivacyKind, string][] = [
  ["email", "Contact the girl's aunt at asha.k@example.org for follow-up."],
  ["email", "लेखा: सीता@उदाहरण.नेपाल मा सम्पर्क"],
  ["phone", "Her mother can be reached on +977 9841 234567."],
  ["phone", "Call 0888 123 456 after school."],
  ["phone", "फोन: ९८४१२३४५६७"],
  ["phone", "ফোন ০১৭১২৩৪৫৬৭৮ নম্বরে"],
  ["phone", "Утас: 9911-2233"],
  ["idNumber", "Passport P1234567 was kept by the employer."],
  ["idNumber", "Her Aadhaar 1234 5678 9012 was used."],
  ["idNumber", "Her Canadian SIN 046 454 286 was on the tax form."],
  ["idNumber", "His KRA PIN A004829173K appeared on the contract."],
  ["idNumber", "The Irish PPS number 8472913TA was on the payslip."],
  ["idNumber", "National Insurance QQ 12 34 56 C belonged to the victim."],
  ["idNumber", "Personnummer 19850730-1234 was on the lease."],
  ["idNumber", "Register number УБ99112233 was written on the form."],
  ["idNumber", "नागरिकता नं. १२-३४-५६-७८९०१ भेटियो।"],
  ["idNumber", "Pasaporte estadounidense 483920175 retenido."],
  ["age", "A 14-year-old girl arrived at night."],
  ["age", "१५ वर्षकी किशोरी आइन्।"],
  ["age", "১৪ বছর বয়সী মেয়ে"],
  ["age", "14 настай охин"],
  ["age", "mtsikana wa zaka 14"],
  ["name", "Her name is Asha Gurung."],
  ["name", "उनको नाम सुनिता तामाङ हो।"],
  ["address", "She stays at 14 Sonagachi Lane near the market."],
  ["address", "We found her at 221B Baker Street."],
  ["address", "Elle vit au 12 rue des Lilas."],
  ["address", "вона живе: улица Ленина 5"],
  ["address", "Тэр Энхтайваны гудамж 12 тоот байранд"],
  ["address", "house no. 42 in Thamel"],
  ["address", "Rue Oberkampf 7, Paris"],
  ["nameAge", "Sita, 14, joined the sewing course."],
  ["nameAge", "Rina (15) was intercepted at the border."],
  ["nameAge", "A 16-year-old Maya told the worker."],
  ["nameAge", "Chikondi, aged 17, now works in a bakery."],
  ["nameAge", "Amélie, 13 ans, est arrivée en mars."],
  ["nameAge", "सीता, १४ वर्ष, सिलाई कक्षामा आइन्।"],
  ["nameAge", "রিনা, ১৫ বছর, সেলাই শিখছে।"],
  ["nameAge", "Сараа, 14 настай, байранд ирсэн."],
  ["birthDate", "She was born on 12 March 2009 in Lilongwe."],
  ["birthDate", "DOB: 03/07/2008"],
  ["birthDate", "née le 4 avril 2010"],
  ["birthDate", "जन्म मिति २०६५/०३/१२"],
  ["birthDate", "জন্ম তারিখ ১২/০৩/২০০৯"],
  ["birthDate", "2009 онд төрсөн он 2009"],
];

const CLEAN = [
  "Between 2021-2024 we supported 613 girls, boys and young women aged 13–25.",
  "Each cohort of 12 trainees meets 3 times a week for 6 months.",
  "The budget was 50,000 rupees per year, about 1,200,000 MWK in Malawi.",
  "Kathmandu, 14 participants completed the course.",
  "In 2023, 14 girls finished the bakery training.",
  "Chapter 3 explains the approach; see section 2.1.",
  "We work with the police at 4 border points and 2 transit homes.",
  "Contact the coordinator through the forum.",
  "काठमाडौंमा २०२३ मा ४५ जनाले तालिम पूरा गरे।",
  "কলকাতায় ২০২২ সালে ৩০ জন মেয়ে সেলাই শিখেছে।",
  "Улаанбаатарт 2023 онд 25 охин байранд хамрагдсан.",
  "Visit https://example.org/report for the evaluation.",
  "Step 1, 2, 3: outreach, trust, referral.",
  "Sessions run from 18:00 to 21:00 on weekdays.",
  "The road to 5 villages is closed in the rainy season.",
  "1. We review what worked in the past. 2. We plan the next cohort.",
  "Les partenaires ont signé leur convention en 2023.",
  "Plus de 3 100 repas ont été servis.",
  "Girls aged 13–17 and young people between 13 and 18 attend.",
  "Childline India 1098, Nepal's 1145 and the European 116 111 are free.",
  "Since 2019, 42 women; 38% more than in 2018; USD 85 each.",
];

describe("privacy check", () => {
  for (const [kind, text] of HITS) {
    it(`finds ${kind} in: ${text}`, () => {
      const findings = checkText(text, "approach");
      expect(findings.map((f) => f.kind)).toContain(kind);
      expect(findings[0]?.field).toBe("approach");
      expect(findings[0]?.snippet.length).toBeGreaterThan(0);
    });
  }
  for (const text of CLEAN) {
    it(`finds nothing in: ${text}`, () => {
      expect(checkText(text, "context")).toEqual([]);
    });
  }
  it("reports the field and a readable snippet", () => {
    const findings = checkPrivacy({ title: "Safe title", outcomes: "A long introduction to the outcomes of the work. Sita, 14, joined us. And more text follows here." });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: "nameAge", field: "outcomes" });
    expect(findings[0]!.snippet).toContain("Sita, 14");
    expect(findings[0]!.snippet.startsWith("…")).toBe(true);
  });
});

/**
 * The corpus (tests/privacy-corpus/<language>.json): sentences as write-ups say them, each
 * with the kinds that must be found, or none where the check must stay quiet. A miss or a
 * wrong warning a member reports becomes an item here.
 */
describe("privacy check on the corpus", () => {
  const corpus = readCorpus();
  const languages = ["en", "fr", "es", "pt", "de", "ne", "bn", "mn", "ny"];
  const scores = Object.fromEntries(Object.entries(corpus).map(([lang, items]) => [lang, score(items)]));
  const percent = (a: number, b: number) => (b === 0 ? 0 : (100 * a) / b);

  it("has every language, each with about forty sentences, roughly half of them quiet", () => {
    expect(Object.keys(corpus).sort()).toEqual([...languages].sort());
    for (const lang of languages) {
      const items = corpus[lang]!;
      expect(items.length, lang).toBeGreaterThanOrEqual(40);
      const quiet = items.filter((i) => i.expect.length === 0).length;
      expect(quiet / items.length, lang).toBeGreaterThan(0.35);
      expect(quiet / items.length, lang).toBeLessThan(0.65);
    }
  });

  it("catches at least 95 % of the personal details with at most 5 % false warnings", () => {
    const total = { details: 0, caught: 0, quiet: 0, falseWarnings: 0 };
    const lines: string[] = [];
    for (const lang of languages) {
      const s = scores[lang]!;
      total.details += s.details;
      total.caught += s.caught;
      total.quiet += s.quiet;
      total.falseWarnings += s.falseWarnings;
      lines.push(
        `${lang}: caught ${s.caught}/${s.details} (${percent(s.caught, s.details).toFixed(1)} %), false warnings ${s.falseWarnings}/${s.quiet} (${percent(s.falseWarnings, s.quiet).toFixed(1)} %)`,
      );
      for (const m of s.misses) lines.push(`  missed ${m.kind}: ${m.text}`);
      for (const w of s.warnings) lines.push(`  wrongly warned (${w.found.join(", ")}): ${w.text}`);
    }
    const recall = percent(total.caught, total.details);
    const falseRate = percent(total.falseWarnings, total.quiet);
    lines.push(`all: caught ${recall.toFixed(1)} %, false warnings ${falseRate.toFixed(1)} %`);
    console.log(`privacy corpus\n${lines.join("\n")}`);
    expect(recall, lines.join("\n")).toBeGreaterThanOrEqual(95);
    expect(falseRate, lines.join("\n")).toBeLessThanOrEqual(5);
  });
});
