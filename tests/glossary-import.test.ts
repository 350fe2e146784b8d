import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import type { GlossaryContent, GlossaryTerm } from "../app/domain/glossary";
import { allConcepts, createConcept, exchangeData, getConcept, listConceptRevisions, setConceptDeleted } from "../app/models/glossary.server";
import { listThemes } from "../app/models/practice.server";
import { loader as exportLoader } from "../app/routes/glossary.export.$format";
import { action as importAction, loader as importLoader, type ImportResult } from "../app/routes/glossary.import";
import { createRequestContext } from "../app/server/context";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makeMember, makeSignedIn } from "./factories";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

const term = (t: Partial<GlossaryTerm> & Pick<GlossaryTerm, "language" | "text">): GlossaryTerm => ({ status: "admitted", reason: "", alternative: "", source: "", ...t });

/** Several languages, every status, reasons, alternatives, sources, definitions, notes, a theme. */
async function seedGlossary(on: Kysely<Database>) {
  const author = await makeMember(on, { role: "curator" });
  const [theme] = await listThemes(on);
  const concepts: (GlossaryContent & { slug: string })[] = [
    {
      slug: "survivor",
      theme: theme!,
      definitions: { en: "A person who has left prostitution, on their own terms.", fr: "Une personne sortie de la prostitution.", ne: "वेश्यावृत्तिबाट बाहिर निस्किएको व्यक्ति।" },
      notes: 'Say "survivor" when the person chooses it.\n\n- a line, with a comma\n- another',
      terms: [
        term({ language: "en", text: "survivor", status: "preferred", source: "Network decision 2024, Kathmandu" }),
        term({ language: "en", text: "person with lived experience", status: "admitted" }),
        term({ language: "en", text: "victim", status: "avoid", reason: 'Reduces a person to harm; "victim" is a legal word.', alternative: "survivor" }),
        term({ language: "fr", text: "survivante", status: "preferred" }),
        term({ language: "fr", text: "victime", status: "avoid", reason: "Réduit la personne au tort subi.", alternative: "survivante" }),
        term({ language: "ne", text: "बाँचेका व्यक्ति", status: "preferred" }),
        term({ language: "bn", text: "বেঁচে থাকা ব্যক্তি", status: "preferred" }),
        term({ language: "mn", text: "Амьд үлдэгч", status: "admitted", source: "Улаанбаатарын сүлжээ" }),
      ],
    },
    {
      slug: "2-step-exit",
      theme: null,
      // A definition in a language that has no term yet.
      definitions: { de: "Ausstieg in zwei Schritten, begleitet." },
      notes: "",
      terms: [
        term({ language: "en", text: "two-step exit", status: "preferred" }),
        term({ language: "es", text: "=salida en dos pasos", status: "admitted", reason: "-begins like a formula" }),
        term({ language: "pt", text: "saída em duas etapas", status: "preferred" }),
        term({ language: "ny", text: "kutuluka pang'onopang'ono", status: "admitted" }),
      ],
    },
  ];
  for (const { slug, ...content } of concepts) await createConcept(on, { content, slug, authorId: author.id, summary: "Seeded" });
  // Deleted: not exported.
  const gone = await createConcept(on, { content: { theme: null, definitions: {}, notes: "", terms: [term({ language: "en", text: "old word", status: "preferred" })] }, authorId: author.id });
  await setConceptDeleted(on, { conceptId: gone.id, deleted: true });
}

async function download(on: Kysely<Database>, format: string, cookie: string) {
  return call(exportLoader, { db: on, cookie, params: { format }, path: `/glossary/export/${format}` });
}

/** The import form as the browser sends it: multipart, with a file when one is given. */
async function postImport(on: Kysely<Database>, cookie: string, fields: Record<string, string>, file?: { name: string; bytes: Uint8Array<ArrayBuffer> | string; type?: string }) {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.append(key, value);
  if (file) body.append("file", new Blob([file.bytes], { type: file.type ?? "application/octet-stream" }), file.name);
  else body.append("file", new Blob([]), "");
  const request = new Request("http://localhost/glossary/import", { method: "POST", headers: { Cookie: cookie }, body });
  try {
    return (await importAction({ request, params: {}, context: createRequestContext(on, { clientIp: "127.0.0.1" }) })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

const result = async (response: Response) => (await response.json()) as ImportResult;
const preview = async (response: Response) => {
  const r = await result(response);
  if (r.kind !== "preview") throw new Error(`expected a preview, got ${JSON.stringify(r)}`);
  return r;
};

const counts = async (on: Kysely<Database>) => ({
  concepts: Number(
    (
      await on
        .selectFrom("glossary_concepts")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  revisions: Number(
    (
      await on
        .selectFrom("glossary_revisions")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  terms: Number(
    (
      await on
        .selectFrom("glossary_terms")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  audit: Number(
    (
      await on
        .selectFrom("audit_log")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  ),
});

const importAudit = (on: Kysely<Database>) => on.selectFrom("audit_log").select(["actor_id", "target_type", "detail"]).where("action", "=", "glossary.imported").execute();

describe.each(["tbx", "csv"] as const)("the %s round trip", (format) => {
  it("exports one forum's glossary and imports it into an empty forum: the same concepts and terms", async () => {
    await seedGlossary(db);
    const reader = await makeSignedIn(db);
    const exported = await download(db, format, reader.cookie);
    expect(exported.status).toBe(200);
    const file = await exported.text();
    const source = exchangeData(await allConcepts(db));
    expect(source.map((c) => c.slug)).toEqual(["2-step-exit", "survivor"]);

    const empty = await createTestDb();
    const curator = await makeSignedIn(empty, { role: "curator" });
    const before = await counts(empty);
    const shown = await preview(await postImport(empty, curator.cookie, { intent: "preview", format: "auto", summary: "" }, { name: `glossary.${format}`, bytes: file }));
    expect(shown.format).toBe(format);
    expect(shown.errors).toEqual([]);
    expect(shown.changes.map((c) => [c.slug, c.kind, c.termsAdded, c.termsRemoved, c.restores])).toEqual([
      ["2-step-exit", "new", 4, 0, false],
      ["survivor", "new", 8, 0, false],
    ]);
    expect(shown.changes.find((c) => c.slug === "survivor")!.head).toBe("survivor");
    // The file's text comes back for the apply form, with LF line ends (as the text of a form sent back would be).
    expect(shown.values.text.replace(/^\uFEFF/, "")).toBe(file.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n"));
    // Previewing changed nothing.
    expect(await counts(empty)).toEqual(before);

    const applied = await postImport(empty, curator.cookie, { intent: "apply", text: shown.values.text, format: shown.format, summary: "From the other forum", fingerprint: shown.fingerprint });
    expect(applied.status).toBe(302);
    expect(applied.headers.get("Location")).toBe("/glossary?done=imported&created=2&revised=0&unchanged=0");

    expect(exchangeData(await allConcepts(empty))).toEqual(source);
    const survivor = (await getConcept(empty, { slug: "survivor" }))!;
    expect(survivor.currentRevision).toBe(1);
    const [revision] = await listConceptRevisions(empty, { conceptId: survivor.id });
    expect(revision!.summary).toBe("From the other forum");
    // The lookup table holds the same terms as the content.
    const avoid = await empty.selectFrom("glossary_terms").select(["language", "text", "alternative"]).where("status", "=", "avoid").orderBy("language").execute();
    expect(avoid).toEqual([
      { language: "en", text: "victim", alternative: "survivor" },
      { language: "fr", text: "victime", alternative: "survivante" },
    ]);

    const audit = await importAudit(empty);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_id).toBe(curator.id);
    expect(audit[0]!.target_type).toBe("glossary");
    expect(JSON.parse(audit[0]!.detail!)).toMatchObject({ format, created: 2, revised: 0, unchanged: 0, restored: 0, summary: "From the other forum" });

    // The same file again: everything unchanged, and applying it writes no revision.
    const again = await preview(await postImport(empty, curator.cookie, { intent: "preview", format: "auto" }, { name: `glossary.${format}`, bytes: file }));
    expect(again.changes.map((c) => c.kind)).toEqual(["unchanged", "unchanged"]);
    const revisions = (await counts(empty)).revisions;
    const reapplied = await postImport(empty, curator.cookie, { intent: "apply", text: again.values.text, format: "auto", fingerprint: again.fingerprint });
    expect(reapplied.headers.get("Location")).toBe("/glossary?done=imported&created=0&revised=0&unchanged=2");
    expect((await counts(empty)).revisions).toBe(revisions);

    // And the second forum's export is the first one's, byte for byte but for the date in the TBX header.
    const undated = (text: string) => text.replace(/<p>.*<\/p>/, "");
    expect(undated(await (await download(empty, format, curator.cookie)).text())).toBe(undated(file));
    await empty.destroy();
  });
});

describe("importing", () => {
  const CSV =
    "concept,language,term,status,reason,alternative\nsafe-house,en,safe house,preferred,,\nsafe-house,en,shelter,avoid,Sounds like a homeless shelter.,safe house\nsafe-house,fr,refuge,preferred,,\n";

  it("takes pasted text (URL-encoded too), defaults the revision note, and never deletes", async () => {
    await seedGlossary(db);
    const curator = await makeSignedIn(db, { role: "admin" });
    const shown = await preview(await call(importAction, { db, cookie: curator.cookie, form: { intent: "preview", format: "auto", text: CSV, summary: "" }, path: "/glossary/import" }));
    expect(shown.format).toBe("csv");
    expect(shown.changes).toEqual([{ slug: "safe-house", kind: "new", head: "safe house", termsAdded: 3, termsRemoved: 0, restores: false }]);
    const applied = await call(importAction, {
      db,
      cookie: curator.cookie,
      form: { intent: "apply", format: "csv", text: CSV, summary: "", fingerprint: shown.fingerprint },
      path: "/glossary/import",
    });
    expect(applied.headers.get("Location")).toBe("/glossary?done=imported&created=1&revised=0&unchanged=0");
    const concept = (await getConcept(db, { slug: "safe-house" }))!;
    expect(concept.content.terms.map((t) => [t.language, t.text, t.status, t.alternative])).toEqual([
      ["en", "safe house", "preferred", ""],
      ["en", "shelter", "avoid", "safe house"],
      ["fr", "refuge", "preferred", ""],
    ]);
    expect((await listConceptRevisions(db, { conceptId: concept.id }))[0]!.summary).toBe("Imported from a CSV file");
    // The seeded concepts, absent from the file, are still there.
    expect((await allConcepts(db)).map((c) => c.slug)).toEqual(["2-step-exit", "safe-house", "survivor"]);
  });

  it("shows a changed concept's terms added and removed, and a deleted one restored", async () => {
    await seedGlossary(db);
    const curator = await makeSignedIn(db, { role: "curator" });
    const gone = (await db.selectFrom("glossary_concepts").select(["id", "slug"]).where("deleted_at", "is not", null).executeTakeFirstOrThrow())!;
    const csv = `concept,language,term,status,source\nsurvivor,en,survivor,preferred,"Network decision 2024, Kathmandu"\nsurvivor,en,thriver,admitted,\n${gone.slug},en,old word,preferred,\n`;
    const shown = await preview(await postImport(db, curator.cookie, { intent: "preview", text: csv }));
    expect(shown.changes.map((c) => [c.slug, c.kind, c.termsAdded, c.termsRemoved, c.restores])).toEqual([
      ["survivor", "changed", 1, 7, false],
      [gone.slug, "changed", 0, 0, true],
    ]);
    const applied = await postImport(db, curator.cookie, { intent: "apply", text: csv, fingerprint: shown.fingerprint });
    expect(applied.headers.get("Location")).toBe("/glossary?done=imported&created=0&revised=2&unchanged=0");
    expect((await getConcept(db, { slug: gone.slug }))!.deletedAt).toBeNull();
    expect(JSON.parse((await importAudit(db))[0]!.detail!)).toMatchObject({ revised: 2, restored: 1 });
  });

  it("does not apply when the glossary changed after the preview: it shows the new preview", async () => {
    const curator = await makeSignedIn(db, { role: "curator" });
    const shown = await preview(await postImport(db, curator.cookie, { intent: "preview", text: CSV }));
    await createConcept(db, {
      content: { theme: null, definitions: {}, notes: "", terms: [term({ language: "en", text: "safe house", status: "preferred" })] },
      slug: "safe-house",
      authorId: curator.id,
    });
    const response = await postImport(db, curator.cookie, { intent: "apply", text: CSV, fingerprint: shown.fingerprint });
    expect(response.status).toBe(409);
    const now = await preview(response);
    expect(now.stale).toBe(true);
    expect(now.changes.map((c) => c.kind)).toEqual(["changed"]);
    expect(await importAudit(db)).toEqual([]);
    expect((await getConcept(db, { slug: "safe-house" }))!.currentRevision).toBe(1);
  });

  it("lists the problems with their lines, and imports what can be", async () => {
    const curator = await makeSignedIn(db, { role: "curator" });
    const csv = "concept,language,term,status\na,en,alpha,preferred\nb,xx,beta,preferred\n";
    const shown = await preview(await postImport(db, curator.cookie, { intent: "preview", text: csv }));
    expect(shown.changes.map((c) => c.slug)).toEqual(["a"]);
    expect(shown.errors).toEqual(expect.arrayContaining([expect.objectContaining({ message: "glossary.import.error.unknownLanguage", line: 3 })]));
  });

  it("refuses garbage with 400, the message and the text kept", async () => {
    const curator = await makeSignedIn(db, { role: "curator" });
    const before = await counts(db);
    const xml = "<tbx>\n  <text><body>\n    <conceptEntry id='x'>\n</tbx>";
    const broken = await postImport(db, curator.cookie, { intent: "preview", text: xml });
    expect(broken.status).toBe(400);
    const r = await result(broken);
    expect(r.kind).toBe("failed");
    // As a browser sends a form's text (CRLF), kept with the line ends it had.
    expect(r.values.text).toBe(xml);
    expect(r.errors).toEqual([expect.objectContaining({ message: "glossary.import.error.notXml", line: 4 })]);

    const words = "just some words\nand more";
    const csv = await result(await postImport(db, curator.cookie, { intent: "apply", text: words }));
    expect(csv).toMatchObject({ kind: "failed", format: "csv", values: { text: words }, errors: [{ message: "glossary.import.error.csvHeader", line: 1 }] });

    const nothing = await postImport(db, curator.cookie, { intent: "preview", text: "  \n" });
    expect(nothing.status).toBe(400);
    expect(await result(nothing)).toMatchObject({ kind: "failed", noInput: true });

    const latin1 = await postImport(db, curator.cookie, { intent: "preview" }, { name: "glossary.csv", bytes: new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]) });
    expect(latin1.status).toBe(400);
    expect((await result(latin1)).errors).toEqual([{ message: "glossary.import.error.notUtf8" }]);

    const big = await postImport(db, curator.cookie, { intent: "preview" }, { name: "glossary.tbx", bytes: new Uint8Array(2 * 1024 * 1024 + 1).fill(0x20) });
    expect(big.status).toBe(400);
    expect((await result(big)).errors).toEqual([expect.objectContaining({ message: "glossary.import.error.tooLarge" })]);
    expect(await counts(db)).toEqual(before);
  });

  it("is for curators and administrators: a member gets 403 on the page and on the action", async () => {
    const member = await makeSignedIn(db);
    expect((await call(importLoader, { db, cookie: member.cookie, path: "/glossary/import" })).status).toBe(403);
    expect((await postImport(db, member.cookie, { intent: "apply", text: CSV })).status).toBe(403);
    expect((await call(importAction, { db, cookie: member.cookie, form: { intent: "apply", text: CSV }, path: "/glossary/import" })).status).toBe(403);
    expect(await getConcept(db, { slug: "safe-house" })).toBeNull();
    const curator = await makeSignedIn(db, { role: "curator" });
    expect((await call(importLoader, { db, cookie: curator.cookie, path: "/glossary/import" })).status).toBe(200);
    // Signed out: to sign-in, coming back here.
    const anonymous = await call(importLoader, { db, path: "/glossary/import" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toContain("redirectTo=%2Fglossary%2Fimport");
  });
});

describe("exporting", () => {
  it("sends a dated attachment of the right type to any member, and 404 for another format", async () => {
    await seedGlossary(db);
    const member = await makeSignedIn(db);
    const day = new Date().toISOString().slice(0, 10);
    const tbx = await download(db, "tbx", member.cookie);
    expect(tbx.headers.get("Content-Type")).toBe("application/x-tbx+xml; charset=utf-8");
    expect(tbx.headers.get("Content-Disposition")).toBe(`attachment; filename="practice-exchange-glossary-${day}.tbx"`);
    expect(tbx.headers.get("Cache-Control")).toContain("no-store");
    const xml = await tbx.text();
    expect(xml).toContain("<tbx ");
    expect(xml).toContain("<title>Practice Exchange glossary</title>");
    expect(xml).not.toContain("old word");
    const csv = await download(db, "csv", member.cookie);
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("Content-Disposition")).toBe(`attachment; filename="practice-exchange-glossary-${day}.csv"`);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    // A byte-order mark first, so that Excel reads the file as UTF-8.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes).split("\r\n")[0]).toBe("concept,theme,language,term,status,reason,alternative,source,definition,notes");
    expect((await download(db, "xlsx", member.cookie)).status).toBe(404);
    expect((await call(exportLoader, { db, params: { format: "tbx" }, path: "/glossary/export/tbx" })).status).toBe(302);
  });
});
