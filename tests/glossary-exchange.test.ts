import { describe, expect, it } from "vitest";
import { GLOSSARY_LIMITS, type GlossaryConceptData, type GlossaryTerm } from "../app/domain/glossary";
import { catalogues } from "../app/i18n";
import { parseCsv, parseStatus, parseTbx, readCsvRecords, toCsv, toTbx } from "../app/utils/glossary-exchange";

const term = (t: Partial<GlossaryTerm> & Pick<GlossaryTerm, "language" | "text">): GlossaryTerm => ({ status: "admitted", reason: "", alternative: "", source: "", ...t });

const SAMPLE: GlossaryConceptData[] = [
  {
    slug: "survivor",
    theme: "exit",
    definitions: {
      en: "A person who has left prostitution & lives <on> their own terms.",
      ne: "वेश्यावृत्तिबाट बाहिर निस्किएको व्यक्ति।",
      mn: "Биеэ үнэлэхээс гарсан хүн.",
    },
    notes: 'Say "survivor", not "victim", when the person chooses it.\n\n- first line, with a comma\n- second line',
    terms: [
      term({ language: "en", text: "survivor", status: "preferred", source: "Network decision 2024, Kathmandu" }),
      term({ language: "en", text: "victim", status: "avoid", reason: 'Reduces a person to harm; "victim" is a legal word.', alternative: "survivor" }),
      term({ language: "ne", text: "बाँचेका व्यक्ति", status: "preferred" }),
      term({ language: "bn", text: "বেঁচে থাকা ব্যক্তি", status: "preferred" }),
      term({ language: "bn", text: "ভুক্তভোগী", status: "avoid", reason: "ক্ষতির দিকে মনোযোগ", alternative: "বেঁচে থাকা ব্যক্তি" }),
      term({ language: "mn", text: "Амьд үлдэгч", status: "admitted" }),
    ],
  },
  {
    slug: "2-step-exit",
    theme: null,
    // A definition in a language without a term must survive too.
    definitions: { fr: "Sortie en deux étapes, « accompagnée »." },
    notes: "",
    terms: [
      term({ language: "en", text: "two-step exit", status: "preferred" }),
      // In the glossary's language order, as export writes them (within a language the given order is kept).
      term({ language: "es", text: "=SUM(A1)", status: "admitted", reason: "-starts with a dash" }),
      term({ language: "de", text: "Ausstieg in <zwei> Schritten", status: "avoid", reason: "Old wording", alternative: "Zwei-Stufen-Ausstieg" }),
    ],
  },
];

describe("TBX", () => {
  it("writes TBX-Basic v3 and reads it back to the same concepts", () => {
    const xml = toTbx(SAMPLE, { title: "Practice Exchange & friends", origin: "https://example.org/glossary" });
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml).toContain('<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">');
    expect(xml).toContain("<title>Practice Exchange &amp; friends</title>");
    expect(xml).toContain("&lt;on&gt;");
    expect(xml).toContain('<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>');
    expect(xml).toContain('<conceptEntry id="_2-step-exit">');
    expect(xml).toContain('<descrip type="definition" xml:lang="fr">');
    // The alternative points at the preferred term's termSec.
    expect(xml).toMatch(/<termSec id="survivor-en-1">/);
    expect(xml).toContain('<ref type="crossReference" target="survivor-en-1">survivor</ref>');
    // Concepts come out by slug whatever order they went in.
    expect(xml.indexOf("_2-step-exit")).toBeLessThan(xml.indexOf('"survivor"'));
    expect(toTbx([...SAMPLE].reverse(), { title: "Practice Exchange & friends", origin: "https://example.org/glossary" })).toBe(xml);

    const back = parseTbx(xml);
    expect(back.errors).toEqual([]);
    expect(back.concepts).toEqual([...SAMPLE].sort((a, b) => (a.slug < b.slug ? -1 : 1)));
  });

  it("reads TBX v2 (martif) with termEntry, langSet, tig and ntig", () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX" xml:lang="en-US">
  <martifHeader><fileDesc><sourceDesc><p>Exported</p></sourceDesc></fileDesc></martifHeader>
  <text>
    <body>
      <termEntry id="c1">
        <descrip type="subjectField">exit</descrip>
        <note>From the old termbase</note>
        <langSet xml:lang="en-US">
          <descripGrp><descrip type="definition">Leaving prostitution,
            step by step.</descrip></descripGrp>
          <ntig>
            <termGrp>
              <term>exit pathway</term>
              <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
            </termGrp>
            <admin type="source">Handbook 2023</admin>
          </ntig>
          <tig>
            <term>rescue</term>
            <termNote type="normativeAuthorization">deprecatedTerm</termNote>
            <note>Implies the person is passive.</note>
          </tig>
        </langSet>
        <langSet xml:lang="fr-FR">
          <tig><term>parcours de sortie</term></tig>
        </langSet>
      </termEntry>
    </body>
  </text>
</martif>`;
    const { concepts, errors } = parseTbx(xml);
    expect(errors).toEqual([]);
    expect(concepts).toEqual([
      {
        slug: "c1",
        theme: "exit",
        notes: "From the old termbase",
        definitions: { en: "Leaving prostitution,\nstep by step." },
        terms: [
          term({ language: "en", text: "exit pathway", status: "preferred", source: "Handbook 2023" }),
          term({ language: "en", text: "rescue", status: "avoid", reason: "Implies the person is passive." }),
          term({ language: "fr", text: "parcours de sortie" }),
        ],
      },
    ]);
  });

  it("reads TBX-Basic v3 as a translation tool writes it: transactions, contexts, other namespaces, no ids", () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<?xml-model href="TBXcoreStructV03_TBX-Basic_integrated.rng" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
\t<tbxHeader><fileDesc><sourceDesc><p>TBX file, created via MultiTerm Export</p></sourceDesc></fileDesc></tbxHeader>
\t<text>
\t\t<body>
\t\t\t<conceptEntry>
\t\t\t\t<transacGrp><transac type="transactionType">origination</transac><date>2024-04-17</date></transacGrp>
\t\t\t\t<descrip type="subjectField">health</descrip>
\t\t\t\t<langSec xml:lang="EN-gb">
\t\t\t\t\t<descripGrp>
\t\t\t\t\t\t<descrip type="definition">Care that does not judge.</descrip>
\t\t\t\t\t\t<admin type="source">WHO</admin>
\t\t\t\t\t</descripGrp>
\t\t\t\t\t<termSec>
\t\t\t\t\t\t<term>Harm   reduction</term>
\t\t\t\t\t\t<termNote type="partOfSpeech">noun</termNote>
\t\t\t\t\t\t<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
\t\t\t\t\t\t<descripGrp>
\t\t\t\t\t\t\t<descrip type="context">Harm reduction saves lives.</descrip>
\t\t\t\t\t\t\t<admin type="source">A context's source, not the term's</admin>
\t\t\t\t\t\t</descripGrp>
\t\t\t\t\t</termSec>
\t\t\t\t\t<termSec id="t2">
\t\t\t\t\t\t<term>damage limitation</term>
\t\t\t\t\t\t<termNote type="administrativeStatus">supersededTerm-admn-sts</termNote>
\t\t\t\t\t\t<note>Dated.</note>
\t\t\t\t\t\t<note>N-Source: style guide</note>
\t\t\t\t\t</termSec>
\t\t\t\t\t<termSec>
\t\t\t\t\t\t<term>risk reduction</term>
\t\t\t\t\t\t<termNote type="administrativeStatus">somethingElse</termNote>
\t\t\t\t\t</termSec>
\t\t\t\t</langSec>
\t\t\t\t<langSec xml:lang="pt-BR">
\t\t\t\t\t<termSec><term><![CDATA[redução de danos & riscos]]></term></termSec>
\t\t\t\t</langSec>
\t\t\t</conceptEntry>
\t\t</body>
\t</text>
</tbx>`;
    const { concepts, errors } = parseTbx(xml);
    expect(errors).toEqual([]);
    expect(concepts).toEqual([
      {
        slug: "harm-reduction",
        theme: "health",
        notes: "",
        definitions: { en: "Care that does not judge." },
        terms: [
          term({ language: "en", text: "Harm reduction", status: "preferred" }),
          term({ language: "en", text: "damage limitation", status: "avoid", reason: "Dated.\n\nN-Source: style guide" }),
          term({ language: "en", text: "risk reduction", status: "admitted" }),
          term({ language: "pt", text: "redução de danos & riscos" }),
        ],
      },
    ]);
  });

  it("reports an unknown language and an over-long term, and keeps the rest", () => {
    const long = "x".repeat(GLOSSARY_LIMITS.termLength + 1);
    const xml = `<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><tbxHeader><fileDesc><sourceDesc><p>t</p></sourceDesc></fileDesc></tbxHeader><text><body>
<conceptEntry id="ok"><langSec xml:lang="en"><termSec><term>fine</term></termSec></langSec>
<langSec xml:lang="it"><termSec><term>bene</term></termSec></langSec></conceptEntry>
<conceptEntry id="too-long"><langSec xml:lang="en"><termSec><term>${long}</term></termSec></langSec></conceptEntry>
</body></text></tbx>`;
    const { concepts, errors } = parseTbx(xml);
    expect(concepts.map((c) => c.slug)).toEqual(["ok"]);
    expect(concepts[0]!.terms).toEqual([term({ language: "en", text: "fine" })]);
    expect(errors).toEqual([
      { message: "glossary.import.error.unknownLanguage", concept: "ok", line: 3, params: { concept: "ok", language: "it" } },
      { message: "glossary.import.error.termTooLong", concept: "too-long", line: 4, params: { concept: "too-long", term: `${"x".repeat(60)}…`, max: GLOSSARY_LIMITS.termLength } },
    ]);
    for (const e of errors) expect(catalogues.en[e.message]).toBeTruthy();
  });

  it("refuses a DOCTYPE that declares entities", () => {
    const xml = `<?xml version="1.0"?>
<!DOCTYPE tbx [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<tbx type="TBX-Basic" style="dca" xml:lang="en"><text><body><conceptEntry id="a"><langSec xml:lang="en"><termSec><term>&xxe;</term></termSec></langSec></conceptEntry></body></text></tbx>`;
    expect(parseTbx(xml)).toEqual({ concepts: [], errors: [{ message: "glossary.import.error.doctype", line: 2 }] });
  });

  it("reports malformed XML instead of throwing", () => {
    expect(parseTbx(`<tbx><text><body><conceptEntry id="a">\n<langSec xml:lang="en"><termSec><term>cut</term></termSec>`).errors[0]).toMatchObject({ message: "glossary.import.error.notXml" });
    expect(parseTbx(`<tbx><text>\n<body></text></tbx>`).errors).toEqual([{ message: "glossary.import.error.notXml", line: 2, params: { line: 2 } }]);
    expect(parseTbx(`<tbx></tbx><tbx></tbx>`).errors[0]).toMatchObject({ message: "glossary.import.error.notXml" });
    expect(parseTbx(`not xml at all`).errors[0]).toMatchObject({ message: "glossary.import.error.notXml" });
    expect(parseTbx(`<html><body>hi</body></html>`).errors).toEqual([{ message: "glossary.import.error.notTbx" }]);
    expect(parseTbx("").errors).toEqual([{ message: "glossary.import.error.notTbx" }]);
  });

  it("makes a slug from the English term when there is no id, and keeps slugs apart", () => {
    const entry = (lang: string, text: string) => `<conceptEntry><langSec xml:lang="${lang}"><termSec><term>${text}</term></termSec></langSec></conceptEntry>`;
    const xml = `<tbx xml:lang="en"><text><body>${entry("en", "Peer support")}${entry("en", "peer support")}${entry("ne", "साथी सहयोग")}</body></text></tbx>`;
    expect(parseTbx(xml).concepts.map((c) => c.slug)).toEqual(["peer-support", "peer-support-2", "साथी-सहयोग"]);
  });
});

describe("CSV", () => {
  it("writes one row per term with a BOM and reads it back to the same concepts", () => {
    const csv = toCsv(SAMPLE);
    expect(csv.startsWith("\uFEFFconcept,theme,language,term,status,reason,alternative,source,definition,notes\r\n")).toBe(true);
    expect(csv).toContain('"Network decision 2024, Kathmandu"');
    expect(csv).toContain(",'=SUM(A1),"); // a formula is defused
    expect(csv).toContain('2-step-exit,,fr,,,,,,"Sortie en deux étapes, « accompagnée ».",');
    const back = parseCsv(csv);
    expect(back.errors).toEqual([]);
    expect(back.concepts).toEqual([...SAMPLE].sort((a, b) => (a.slug < b.slug ? -1 : 1)));
    expect(toCsv([...SAMPLE].reverse())).toBe(csv);
  });

  it("follows RFC 4180: quotes, doubled quotes, line breaks in fields, CRLF or LF", () => {
    expect(readCsvRecords('a,"b ""c"", d"\r\n"x\ny",z\n\nlast,').records).toEqual([
      { fields: ["a", 'b "c", d'], line: 1 },
      { fields: ["x\ny", "z"], line: 2 },
      { fields: ["last", ""], line: 5 },
    ]);
    expect(parseCsv('language,term\nen,"open').errors).toEqual([{ message: "glossary.import.error.csvQuote", line: 2, params: { line: 2 } }]);
  });

  it("reads a spreadsheet's own file: any column order, semicolons, TBX status words, no concept ids", () => {
    const csv = "Term;Language;Status;Concept\r\nsurvivor;en;preferredTerm-admn-sts;\r\nvictim;en-GB;deprecatedTerm-admn-sts;s\r\nvictime;fr;AVOID;s\r\nvittima;it;avoid;s\r\n";
    const { concepts, errors } = parseCsv(csv);
    expect(concepts).toEqual([
      { slug: "survivor", theme: null, notes: "", definitions: {}, terms: [term({ language: "en", text: "survivor", status: "preferred" })] },
      { slug: "s", theme: null, notes: "", definitions: {}, terms: [term({ language: "en", text: "victim", status: "avoid" }), term({ language: "fr", text: "victime", status: "avoid" })] },
    ]);
    expect(errors).toEqual([{ message: "glossary.import.error.unknownLanguage", concept: "s", line: 5, params: { concept: "s", language: "it" } }]);
    expect(parseCsv("concept,term\nx,y\n").errors).toEqual([{ message: "glossary.import.error.csvHeader", line: 1, params: { columns: "language" } }]);
  });

  it("reports an over-long term", () => {
    const { concepts, errors } = parseCsv(`concept,language,term\nlong,en,${"y".repeat(GLOSSARY_LIMITS.termLength + 1)}\nshort,en,ok\n`);
    expect(concepts.map((c) => c.slug)).toEqual(["short"]);
    expect(errors).toMatchObject([{ message: "glossary.import.error.termTooLong", concept: "long", line: 2 }]);
  });
});

it("maps status words of ours and of TBX", () => {
  expect(["preferred", "preferredTerm-admn-sts", "admitted", "admittedTerm-admn-sts", "avoid", "deprecatedTerm-admn-sts", "supersededTerm", "", "odd"].map(parseStatus)).toEqual([
    "preferred",
    "preferred",
    "admitted",
    "admitted",
    "avoid",
    "avoid",
    "avoid",
    "admitted",
    "admitted",
  ]);
});
