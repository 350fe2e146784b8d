import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import type { GlossaryContent, GlossaryTerm } from "../app/domain/glossary";
import {
  applyGlossaryImport,
  createConcept,
  createProposal,
  decideProposal,
  getConcept,
  listAvoidTerms,
  listConceptRevisions,
  listGlossary,
  previewGlossaryImport,
  resolveTerm,
  reviseConcept,
  setConceptDeleted,
} from "../app/models/glossary.server";
import { collectMemberData, eraseMember } from "../app/models/account.server";
import { createTestDb } from "./helpers/db";
import { makeMember } from "./factories";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

const term = (language: GlossaryTerm["language"], text: string, status: GlossaryTerm["status"] = "preferred", alternative = ""): GlossaryTerm => ({
  language,
  text,
  status,
  reason: status === "avoid" ? "It names a person by what was done to them." : "",
  alternative,
  source: "",
});
const content = (terms: GlossaryTerm[], definitions: GlossaryContent["definitions"] = {}): GlossaryContent => ({ theme: null, definitions, notes: "", terms });

describe("glossary concepts and their revisions", () => {
  it("keeps every change as a revision and mirrors the current terms for lookups", async () => {
    const curator = await makeMember(db, { role: "curator" });
    const c = await createConcept(db, { content: content([term("en", "persons in prostitution"), term("en", "prostitute", "avoid", "persons in prostitution")]), authorId: curator.id });
    expect(c.slug).toBe("persons-in-prostitution");
    const revised = await reviseConcept(db, {
      conceptId: c.id,
      content: content([term("en", "persons in prostitution"), term("en", "prostitute", "avoid", "persons in prostitution"), term("fr", "personnes prostituées")]),
      authorId: curator.id,
      summary: "French",
      basedOn: 1,
    });
    expect(revised).toEqual({ kind: "revised", number: 2 });
    expect(await reviseConcept(db, { conceptId: c.id, content: (await getConcept(db, { slug: c.slug }))!.content, authorId: curator.id })).toEqual({ kind: "unchanged" });
    // Another editor started from revision 1: a conflict, nothing written.
    expect(await reviseConcept(db, { conceptId: c.id, content: content([term("en", "x")]), authorId: curator.id, basedOn: 1 })).toEqual({ kind: "conflict", current: 2 });
    const history = await listConceptRevisions(db, { conceptId: c.id });
    expect(history.map((r) => [r.number, r.summary])).toEqual([
      [2, "French"],
      [1, ""],
    ]);
    expect(await listAvoidTerms(db)).toEqual([{ text: "prostitute", language: "en", alternative: "persons in prostitution", reason: expect.any(String), slug: c.slug }]);
    expect(await resolveTerm(db, { text: "Personnes  Prostituées" })).toBe(c.slug);
    await setConceptDeleted(db, { conceptId: c.id, deleted: true });
    expect(await listAvoidTerms(db)).toEqual([]);
    expect(await resolveTerm(db, { text: "prostitute" })).toBeNull();
  });

  it("lists the glossary in each language's alphabetical order", async () => {
    for (const [en, fr, mn] of [
      ["water", "eau", "ус"],
      ["pupil", "élève", "сурагч"],
      ["to do", "faire", "өөрчлөх"],
      ["zero", "zéro", "яах"],
    ] as const)
      await createConcept(db, { content: content([term("en", en), term("fr", fr), term("mn", mn)]), authorId: null });
    const order = async (language: "fr" | "mn") => (await listGlossary(db, { language })).items.map((i) => i.head);
    expect(await order("fr")).toEqual(["eau", "élève", "faire", "zéro"]);
    // Mongolian: ө after о, ү after у, я last.
    expect(await order("mn")).toEqual(["сурагч", "ус", "өөрчлөх", "яах"].sort(new Intl.Collator("mn").compare));
    expect((await listGlossary(db, { language: "fr", q: "ус" })).items.map((i) => i.head)).toEqual(["eau"]);
  });
});

describe("proposals and imports", () => {
  it("records a member's proposal, decided once, and erases it with the member", async () => {
    const member = await makeMember(db);
    const curator = await makeMember(db, { role: "curator" });
    const c = await createConcept(db, { content: content([term("en", "exit")]), authorId: curator.id });
    const id = await createProposal(db, { proposal: { conceptId: c.id, kind: "term", language: "ne", term: "बाहिरिनु", statusProposed: "preferred", message: "xxmymessagexx" }, proposerId: member.id });
    expect(JSON.stringify(await collectMemberData(db, { userId: member.id }))).toContain("xxmymessagexx");
    expect(await decideProposal(db, { id, status: "declined", deciderId: curator.id, note: "Already there" })).toBe(true);
    expect(await decideProposal(db, { id, status: "accepted", deciderId: curator.id })).toBe(false);
    await eraseMember(db, { userId: member.id, deleteComments: false });
    expect(await db.selectFrom("glossary_proposals").select("id").execute()).toEqual([]);
  });

  it("previews an import, then adds and changes by slug, never deleting", async () => {
    const kept = await createConcept(db, { content: content([term("en", "survivor")]), authorId: null });
    const changed = await createConcept(db, { content: content([term("en", "exit")]), authorId: null });
    const incoming = [
      { slug: changed.slug, ...content([term("en", "exit"), term("fr", "sortie")]) },
      { slug: "sex-buyer", ...content([term("en", "sex buyer"), term("en", "client", "avoid", "sex buyer")]) },
    ];
    expect(await previewGlossaryImport(db, { concepts: incoming })).toEqual([
      { slug: "exit", kind: "changed", head: "exit", termsAdded: 1, termsRemoved: 0, restores: false },
      { slug: "sex-buyer", kind: "new", head: "sex buyer", termsAdded: 2, termsRemoved: 0, restores: false },
    ]);
    expect(await db.selectFrom("glossary_concepts").select("slug").execute()).toHaveLength(2);
    expect(await applyGlossaryImport(db, { concepts: incoming, authorId: null, summary: "Imported" })).toEqual({ created: 1, revised: 1, unchanged: 0 });
    expect(await applyGlossaryImport(db, { concepts: incoming, authorId: null, summary: "Imported" })).toEqual({ created: 0, revised: 0, unchanged: 2 });
    expect((await getConcept(db, { slug: kept.slug }))?.deletedAt).toBeNull();
    expect((await getConcept(db, { slug: "exit" }))?.currentRevision).toBe(2);
  });
});
