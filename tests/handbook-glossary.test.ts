import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import { createConcept, getConcept, reviseConcept } from "../app/models/glossary.server";
import { addChapter, createHandbook, setHandbookStatus } from "../app/models/handbook.server";
import { editionGlossary, pinEditionGlossary } from "../app/models/handbook-glossary.server";
import { getHandbookContents } from "../app/models/handbook.server";
import { loader as exportLoader } from "../app/routes/handbooks.$slug.export";
import { loader as handbookLoader } from "../app/routes/handbooks.$slug._index";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { glossaryContent as content, glossaryTerm as term, makeSignedIn } from "./factories";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

async function scene() {
  const curator = await makeSignedIn(db, { role: "curator" });
  const prostitution = await createConcept(db, {
    content: content([term("en", "prostitution"), term("en", "sex work", "avoid", "prostitution"), term("fr", "prostitution"), term("fr", "travail du sexe", "avoid", "prostitution")], {
      en: "The exchange of sexual acts for money.",
      fr: "L’échange d’actes sexuels contre de l’argent.",
    }),
    authorId: curator.id,
  });
  const exit = await createConcept(db, {
    content: content([term("en", "exit programme"), term("fr", "programme de sortie")], { en: "Support to leave.", fr: "Un accompagnement pour en sortir." }),
    authorId: curator.id,
  });
  const handbook = await createHandbook(db, { title: "Guide", edition: 1, language: "fr", introMd: "Un guide.", createdBy: curator.id });
  await addChapter(db, { handbookId: handbook.id, title: "Sortir", introMd: "Le travail du sexe et le programme de sortie." });
  const record = await db.selectFrom("handbooks").selectAll().where("id", "=", handbook.id).executeTakeFirstOrThrow();
  const annex = async () => editionGlossary(db, { handbook: record, chapters: await getHandbookContents(db, { handbookId: handbook.id }) });
  return { curator, prostitution, exit, handbook, record, annex };
}

describe("a handbook edition's glossary annex", () => {
  it("lists the concepts the edition uses in its language, in collation order", async () => {
    const { annex } = await scene();
    const concepts = await annex();
    expect(concepts.map((c) => c.head)).toEqual(["programme de sortie", "prostitution"]);
    expect(concepts[1]!.terms.map((t) => [t.text, t.status])).toEqual([
      ["prostitution", "preferred"],
      ["travail du sexe", "avoid"],
    ]);
    expect(concepts[1]!.definition).toBe("L’échange d’actes sexuels contre de l’argent.");
  });

  it("is pinned when published: a later revision changes a draft's annex, not the published one", async () => {
    const { curator, prostitution, handbook, record, annex } = await scene();
    const draft = await createHandbook(db, { title: "Brouillon", edition: 2, language: "fr", introMd: "Le travail du sexe.", createdBy: curator.id });
    await setHandbookStatus(db, { id: handbook.id, status: "published" });
    expect(await pinEditionGlossary(db, { handbook: record })).toBe(2);
    const current = (await getConcept(db, { slug: prostitution.slug }))!;
    await reviseConcept(db, { conceptId: prostitution.id, content: { ...current.content, definitions: { ...current.content.definitions, fr: "Nouvelle définition." } }, authorId: curator.id });
    expect((await annex()).find((c) => c.slug === prostitution.slug)!.definition).toBe("L’échange d’actes sexuels contre de l’argent.");
    const draftRecord = await db.selectFrom("handbooks").selectAll().where("id", "=", draft.id).executeTakeFirstOrThrow();
    const draftAnnex = await editionGlossary(db, { handbook: draftRecord, chapters: [] });
    expect(draftAnnex.map((c) => c.definition)).toEqual(["Nouvelle définition."]);
  });

  it("is in the handbook page's data and in the Markdown export", async () => {
    const { curator, record } = await scene();
    const page = await (await call(handbookLoader, { db, cookie: curator.cookie, params: { slug: record.slug } })).json();
    expect(page.glossary.map((c: { head: string }) => c.head)).toEqual(["programme de sortie", "prostitution"]);
    const markdown = await (await call(exportLoader, { db, cookie: curator.cookie, params: { slug: record.slug } })).text();
    expect(markdown).toContain("## Glossary");
    expect(markdown).toContain("travail du sexe (to avoid — write prostitution instead)");
  });
});
