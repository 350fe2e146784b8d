import type { Db } from "../../db/client";
import {
  foldTerm,
  GLOSSARY_LANGUAGES,
  GLOSSARY_LIMITS,
  headTerm,
  termsIn,
  type AnnexConcept,
  type GlossaryConceptData,
  type GlossaryContent,
  type GlossaryLanguage,
  type GlossaryTerm,
  type ProposalKind,
  type ProposalStatus,
  type TermStatus,
} from "../domain/glossary";
import { pageCount, type Page } from "../domain/paging";
import { findTerms, type AvoidTerm } from "../utils/glossary-check";
import { slugify } from "../utils/slug";
import { notify } from "./notification.server";

// The glossary (issue 23). A concept's content lives in its revisions (JSON of
// GlossaryContent); `glossary_terms` mirrors the current revision's terms for lookups and
// is rewritten with every revision. Nothing here is private: every member reads the
// whole glossary. Writes run inside the caller's transaction.

export interface ConceptRecord {
  id: number;
  slug: string;
  theme: string | null;
  currentRevision: number;
  deletedAt: number | null;
  updatedAt: number;
  content: GlossaryContent;
}

const parse = (json: string): GlossaryContent => JSON.parse(json) as GlossaryContent;

/** The content as stored: terms trimmed and NFC, empty definitions dropped, no duplicate term in a language. */
export function normaliseContent(content: GlossaryContent): GlossaryContent {
  const seen = new Set<string>();
  const terms: GlossaryTerm[] = [];
  for (const t of content.terms) {
    const text = t.text.normalize("NFC").replace(/\s+/gu, " ").trim();
    const key = `${t.language}\u0000${foldTerm(text)}`;
    if (!text || seen.has(key)) continue;
    seen.add(key);
    terms.push({
      language: t.language,
      text,
      status: t.status,
      reason: t.reason.trim(),
      alternative: t.status === "avoid" ? t.alternative.normalize("NFC").trim() : "",
      source: t.source.trim(),
    });
  }
  const definitions: GlossaryContent["definitions"] = {};
  for (const language of GLOSSARY_LANGUAGES) {
    const text = content.definitions[language]?.normalize("NFC").trim();
    if (text) definitions[language] = text;
  }
  return { theme: content.theme || null, definitions, notes: content.notes.normalize("NFC").trim(), terms };
}

const sameContent = (a: GlossaryContent, b: GlossaryContent) => JSON.stringify(normaliseContent(a)) === JSON.stringify(normaliseContent(b));

async function writeTerms(db: Db, conceptId: number, content: GlossaryContent) {
  await db.deleteFrom("glossary_terms").where("concept_id", "=", conceptId).execute();
  if (content.terms.length === 0) return;
  await db
    .insertInto("glossary_terms")
    .values(content.terms.map((t) => ({ concept_id: conceptId, language: t.language, text: t.text, folded: foldTerm(t.text), status: t.status, reason: t.reason, alternative: t.alternative })))
    .execute();
}

/** A free slug made from the concept's English name (or its first term). */
async function freeSlug(db: Db, content: GlossaryContent, wanted?: string) {
  const base = slugify(wanted || headTerm(content, "en") || content.terms[0]?.text || "concept") || "concept";
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    const taken = await db.selectFrom("glossary_concepts").select("id").where("slug", "=", slug).executeTakeFirst();
    if (!taken) return slug;
  }
}

export async function createConcept(
  db: Db,
  { content, authorId, summary = "", slug, now = Date.now() }: { content: GlossaryContent; authorId: number | null; summary?: string; slug?: string; now?: number },
): Promise<{ id: number; slug: string }> {
  const clean = normaliseContent(content);
  const free = await freeSlug(db, clean, slug);
  const { id } = await db
    .insertInto("glossary_concepts")
    .values({ slug: free, theme: clean.theme, current_revision: 1, deleted_at: null, created_at: now, updated_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("glossary_revisions")
    .values({ concept_id: id, number: 1, content: JSON.stringify(clean), summary, author_id: authorId, created_at: now })
    .execute();
  await writeTerms(db, id, clean);
  return { id, slug: free };
}

export type ReviseResult = { kind: "revised"; number: number } | { kind: "unchanged" } | { kind: "conflict"; current: number };

/**
 * A new revision, unless nothing changed. `basedOn` is the revision the editor started from:
 * another change since then is a conflict (the editor keeps what was typed and shows it).
 */
export async function reviseConcept(
  db: Db,
  { conceptId, content, authorId, summary = "", basedOn, now = Date.now() }: { conceptId: number; content: GlossaryContent; authorId: number | null; summary?: string; basedOn?: number; now?: number },
): Promise<ReviseResult> {
  const concept = await db.selectFrom("glossary_concepts").select(["current_revision"]).where("id", "=", conceptId).executeTakeFirstOrThrow();
  if (basedOn !== undefined && basedOn !== concept.current_revision) return { kind: "conflict", current: concept.current_revision };
  const current = await db.selectFrom("glossary_revisions").select("content").where("concept_id", "=", conceptId).where("number", "=", concept.current_revision).executeTakeFirstOrThrow();
  const clean = normaliseContent(content);
  if (sameContent(parse(current.content), clean)) return { kind: "unchanged" };
  const number = concept.current_revision + 1;
  // The conditional update makes two editors at once a conflict, not a lost change.
  const moved = await db
    .updateTable("glossary_concepts")
    .set({ current_revision: number, theme: clean.theme, updated_at: now })
    .where("id", "=", conceptId)
    .where("current_revision", "=", concept.current_revision)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) return { kind: "conflict", current: number };
  await db
    .insertInto("glossary_revisions")
    .values({ concept_id: conceptId, number, content: JSON.stringify(clean), summary, author_id: authorId, created_at: now })
    .execute();
  await writeTerms(db, conceptId, clean);
  return { kind: "revised", number };
}

/** Soft: editions may pin it, and it can be restored. Its terms stop warning and linking. */
export async function setConceptDeleted(db: Db, { conceptId, deleted, now = Date.now() }: { conceptId: number; deleted: boolean; now?: number }) {
  await db
    .updateTable("glossary_concepts")
    .set({ deleted_at: deleted ? now : null, updated_at: now })
    .where("id", "=", conceptId)
    .execute();
}

const conceptColumns = [
  "glossary_concepts.id",
  "glossary_concepts.slug",
  "glossary_concepts.theme",
  "glossary_concepts.current_revision as currentRevision",
  "glossary_concepts.deleted_at as deletedAt",
  "glossary_concepts.updated_at as updatedAt",
  "glossary_revisions.content",
] as const;

function currentConcepts(db: Db) {
  return db
    .selectFrom("glossary_concepts")
    .innerJoin("glossary_revisions", (j) => j.onRef("glossary_revisions.concept_id", "=", "glossary_concepts.id").onRef("glossary_revisions.number", "=", "glossary_concepts.current_revision"))
    .select(conceptColumns);
}

const toRecord = (row: { id: number; slug: string; theme: string | null; currentRevision: number; deletedAt: number | null; updatedAt: number; content: string }): ConceptRecord => ({
  ...row,
  content: parse(row.content),
});

export async function getConcept(db: Db, { slug }: { slug: string }): Promise<ConceptRecord | null> {
  const row = await currentConcepts(db).where("glossary_concepts.slug", "=", slug).executeTakeFirst();
  return row ? toRecord(row) : null;
}

export async function getConceptById(db: Db, { id }: { id: number }): Promise<ConceptRecord | null> {
  const row = await currentConcepts(db).where("glossary_concepts.id", "=", id).executeTakeFirst();
  return row ? toRecord(row) : null;
}

/** Every concept that is not deleted, current content: the glossary page, export, the annex. */
export async function allConcepts(db: Db): Promise<ConceptRecord[]> {
  const rows = await currentConcepts(db).where("glossary_concepts.deleted_at", "is", null).orderBy("glossary_concepts.slug").execute();
  return rows.map(toRecord);
}

export const exchangeData = (concepts: ConceptRecord[]): GlossaryConceptData[] => concepts.map((c) => ({ slug: c.slug, ...c.content }));

export interface GlossaryListItem {
  slug: string;
  /** The concept's name in the reader's language, or in another one when it has none there. */
  head: string;
  headLanguage: GlossaryLanguage;
  /** The other terms in the reader's language (admitted and to avoid). */
  others: GlossaryTerm[];
  definition: string;
  theme: string | null;
}

/** The name a reader sees: their language's, else English, else the first language that has one. */
export function headFor(content: GlossaryContent, language: GlossaryLanguage): { head: string; language: GlossaryLanguage } {
  for (const l of [language, "en" as const, ...GLOSSARY_LANGUAGES]) {
    const head = headTerm(content, l);
    if (head) return { head, language: l };
  }
  return { head: content.terms[0]?.text ?? "", language: content.terms[0]?.language ?? language };
}

/**
 * The glossary in a language's alphabetical order (its collation), filtered by a search
 * (any term in any language, or the definition) and a theme. The glossary is small (hundreds
 * of concepts): it is read whole and sorted here, where Intl knows each language's order.
 */
export async function listGlossary(
  db: Db,
  { language, q = "", theme, page = 1, pageSize = GLOSSARY_LIMITS.pageSize }: { language: GlossaryLanguage; q?: string; theme?: string; page?: number; pageSize?: number },
): Promise<Page<GlossaryListItem>> {
  const needle = foldTerm(q);
  const collator = new Intl.Collator(language, { sensitivity: "base", numeric: true });
  const items = (await allConcepts(db))
    .filter((c) => !theme || c.content.theme === theme)
    .filter((c) => !needle || c.content.terms.some((t) => foldTerm(t.text).includes(needle)) || Object.values(c.content.definitions).some((d) => foldTerm(d ?? "").includes(needle)))
    .map((c) => {
      const { head, language: headLanguage } = headFor(c.content, language);
      return {
        slug: c.slug,
        head,
        headLanguage,
        others: termsIn(c.content, language).filter((t) => !(t.text === head && headLanguage === language)),
        definition: c.content.definitions[language] ?? "",
        theme: c.content.theme,
      };
    })
    .sort((a, b) => collator.compare(a.head, b.head) || (a.slug < b.slug ? -1 : 1));
  const pages = pageCount(items.length, pageSize);
  const current = Math.min(Math.max(1, page), pages);
  return { items: items.slice((current - 1) * pageSize, current * pageSize), total: items.length, page: current, pageCount: pages };
}

/** A few concepts for the site's search results: any term or definition containing the words. */
export async function searchGlossary(db: Db, { q, language, limit = 5 }: { q: string; language: GlossaryLanguage; limit?: number }) {
  if (!foldTerm(q)) return [];
  const found = await listGlossary(db, { language, q, pageSize: limit });
  return found.items;
}

export interface RevisionRow {
  number: number;
  summary: string;
  createdAt: number;
  authorName: string | null;
  content: GlossaryContent;
}

export async function listConceptRevisions(db: Db, { conceptId }: { conceptId: number }): Promise<RevisionRow[]> {
  const rows = await db
    .selectFrom("glossary_revisions")
    .leftJoin("users", "users.id", "glossary_revisions.author_id")
    .select(["glossary_revisions.number", "glossary_revisions.summary", "glossary_revisions.created_at as createdAt", "glossary_revisions.content", "users.display_name as authorName"])
    .where("glossary_revisions.concept_id", "=", conceptId)
    .orderBy("glossary_revisions.number", "desc")
    .execute();
  return rows.map((r) => ({ ...r, content: parse(r.content) }));
}

/** The avoid-terms of every concept not deleted: what the editors warn about. */
export async function listAvoidTerms(db: Db): Promise<AvoidTerm[]> {
  const rows = await db
    .selectFrom("glossary_terms")
    .innerJoin("glossary_concepts", "glossary_concepts.id", "glossary_terms.concept_id")
    .select(["glossary_terms.text", "glossary_terms.language", "glossary_terms.alternative", "glossary_terms.reason", "glossary_concepts.slug"])
    .where("glossary_terms.status", "=", "avoid")
    .where("glossary_concepts.deleted_at", "is", null)
    .orderBy("glossary_terms.id")
    .execute();
  return rows;
}

/** The concept a `[[term]]` names: a term in any language, a concept not deleted first; its slug as a last resort. */
export async function resolveTerm(db: Db, { text }: { text: string }): Promise<string | null> {
  const folded = foldTerm(text);
  if (!folded) return null;
  const row = await db
    .selectFrom("glossary_terms")
    .innerJoin("glossary_concepts", "glossary_concepts.id", "glossary_terms.concept_id")
    .select("glossary_concepts.slug")
    .where("glossary_terms.folded", "=", folded)
    .where("glossary_concepts.deleted_at", "is", null)
    .orderBy("glossary_terms.id")
    .executeTakeFirst();
  if (row) return row.slug;
  const bySlug = await db.selectFrom("glossary_concepts").select("slug").where("slug", "=", slugify(text)).where("deleted_at", "is", null).executeTakeFirst();
  return bySlug?.slug ?? null;
}

export async function glossaryIsEmpty(db: Db) {
  return !(await db.selectFrom("glossary_concepts").select("id").limit(1).executeTakeFirst());
}

// ---------------------------------------------------------------- proposals

export interface ProposalInput {
  conceptId: number | null;
  kind: ProposalKind;
  language: GlossaryLanguage;
  term: string;
  statusProposed: TermStatus;
  message: string;
}

export async function createProposal(db: Db, { proposal, proposerId, now = Date.now() }: { proposal: ProposalInput; proposerId: number; now?: number }) {
  const { id } = await db
    .insertInto("glossary_proposals")
    .values({
      concept_id: proposal.conceptId,
      kind: proposal.kind,
      language: proposal.language,
      term: proposal.term.normalize("NFC").trim(),
      status_proposed: proposal.statusProposed,
      message: proposal.message.trim(),
      proposer_id: proposerId,
      status: "open",
      decided_by: null,
      decided_at: null,
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

function proposalQuery(db: Db) {
  return db
    .selectFrom("glossary_proposals")
    .leftJoin("glossary_concepts", "glossary_concepts.id", "glossary_proposals.concept_id")
    .leftJoin("users as proposer", "proposer.id", "glossary_proposals.proposer_id")
    .leftJoin("users as decider", "decider.id", "glossary_proposals.decided_by")
    .select([
      "glossary_proposals.id",
      "glossary_proposals.concept_id as conceptId",
      "glossary_concepts.slug as conceptSlug",
      "glossary_proposals.kind",
      "glossary_proposals.language",
      "glossary_proposals.term",
      "glossary_proposals.status_proposed as statusProposed",
      "glossary_proposals.message",
      "glossary_proposals.proposer_id as proposerId",
      "proposer.display_name as proposerName",
      "glossary_proposals.status",
      "decider.display_name as deciderName",
      "glossary_proposals.decided_at as decidedAt",
      "glossary_proposals.decision_note as decisionNote",
      "glossary_proposals.created_at as createdAt",
    ]);
}
export type ProposalRow = Awaited<ReturnType<ReturnType<typeof proposalQuery>["executeTakeFirstOrThrow"]>>;

export async function getProposal(db: Db, { id }: { id: number }) {
  return (await proposalQuery(db).where("glossary_proposals.id", "=", id).executeTakeFirst()) ?? null;
}

const PROPOSALS_PER_PAGE = 30;

export async function listProposals(db: Db, { status, page = 1 }: { status: ProposalStatus; page?: number }): Promise<Page<ProposalRow>> {
  const { count } = await db
    .selectFrom("glossary_proposals")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("status", "=", status)
    .executeTakeFirstOrThrow();
  const total = Number(count);
  const pages = pageCount(total, PROPOSALS_PER_PAGE);
  const current = Math.min(Math.max(1, page), pages);
  const items = await proposalQuery(db)
    .where("glossary_proposals.status", "=", status)
    .orderBy("glossary_proposals.created_at", status === "open" ? "asc" : "desc")
    .orderBy("glossary_proposals.id")
    .limit(PROPOSALS_PER_PAGE)
    .offset((current - 1) * PROPOSALS_PER_PAGE)
    .execute();
  return { items, total, page: current, pageCount: pages };
}

/** A member's own proposals about one concept (or new concepts when null) still waiting. */
export async function openProposalsBy(db: Db, { proposerId, conceptId }: { proposerId: number; conceptId: number | null }) {
  let query = proposalQuery(db).where("glossary_proposals.proposer_id", "=", proposerId).where("glossary_proposals.status", "=", "open");
  query = conceptId === null ? query.where("glossary_proposals.concept_id", "is", null) : query.where("glossary_proposals.concept_id", "=", conceptId);
  return query.orderBy("glossary_proposals.id").execute();
}

export async function countOpenProposals(db: Db) {
  const { count } = await db
    .selectFrom("glossary_proposals")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("status", "=", "open")
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** Marks an open proposal decided; false when someone decided it first. */
/** Decides an open proposal once (false when it was already decided), and tells its proposer. */
export async function decideProposal(
  db: Db,
  { id, status, deciderId, note = "", now = Date.now() }: { id: number; status: Exclude<ProposalStatus, "open">; deciderId: number; note?: string; now?: number },
) {
  const result = await db
    .updateTable("glossary_proposals")
    .set({ status, decided_by: deciderId, decided_at: now, decision_note: note.trim() })
    .where("id", "=", id)
    .where("status", "=", "open")
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  const { proposer_id } = await db.selectFrom("glossary_proposals").select("proposer_id").where("id", "=", id).executeTakeFirstOrThrow();
  if (proposer_id !== null) {
    await notify(db, { recipients: [proposer_id], kind: status === "accepted" ? "glossary_accepted" : "glossary_declined", practiceId: null, actorId: deciderId, glossaryProposalId: id, now });
  }
  return true;
}

/** The concept an accepted new-concept proposal created, so the proposal (and its notification) lead to it. */
export async function recordProposalConcept(db: Db, { id, conceptId }: { id: number; conceptId: number }) {
  await db.updateTable("glossary_proposals").set({ concept_id: conceptId }).where("id", "=", id).where("concept_id", "is", null).execute();
}

/** A proposed term as it joins a concept. */
export function proposedTerm(p: Pick<ProposalRow, "language" | "term" | "statusProposed" | "message">): GlossaryTerm {
  return { language: p.language, text: p.term, status: p.statusProposed, reason: p.statusProposed === "avoid" ? p.message : "", alternative: "", source: "" };
}

// ---------------------------------------------------------------- handbook annex

export type { AnnexConcept };

function annexOf(concepts: { slug: string; revision: number; content: GlossaryContent }[], language: GlossaryLanguage): AnnexConcept[] {
  const collator = new Intl.Collator(language, { sensitivity: "base", numeric: true });
  return concepts
    .map((c) => {
      const { head, language: headLanguage } = headFor(c.content, language);
      return { slug: c.slug, revision: c.revision, head, headLanguage, terms: termsIn(c.content, language), definition: c.content.definitions[language] ?? "" };
    })
    .sort((a, b) => collator.compare(a.head, b.head) || (a.slug < b.slug ? -1 : 1));
}

/** The concepts (current, not deleted) any of these texts use: a term of theirs in any language. */
export async function conceptsUsedIn(db: Db, { texts }: { texts: string[] }) {
  const concepts = await allConcepts(db);
  const terms = concepts.flatMap((c) => c.content.terms.map((t) => ({ text: t.text, conceptId: c.id })));
  const used = new Set<number>();
  for (const text of texts) for (const i of findTerms(text, terms)) used.add(terms[i]!.conceptId);
  return concepts.filter((c) => used.has(c.id));
}

const languageOf = (code: string): GlossaryLanguage => ((GLOSSARY_LANGUAGES as readonly string[]).includes(code) ? (code as GlossaryLanguage) : "en");

/**
 * An edition's glossary annex. Published, it is what was pinned when it was published
 * (`pinGlossaryAnnex`), deleted concepts included; before that, the glossary as it is now.
 */
export async function glossaryAnnex(db: Db, { handbookId, language, texts }: { handbookId: number; language: string; texts: () => string[] }): Promise<AnnexConcept[]> {
  const pins = await db
    .selectFrom("handbook_glossary")
    .innerJoin("glossary_concepts", "glossary_concepts.id", "handbook_glossary.concept_id")
    .innerJoin("glossary_revisions", (j) => j.onRef("glossary_revisions.concept_id", "=", "handbook_glossary.concept_id").onRef("glossary_revisions.number", "=", "handbook_glossary.revision_number"))
    .select(["glossary_concepts.slug", "handbook_glossary.revision_number as revision", "glossary_revisions.content"])
    .where("handbook_glossary.handbook_id", "=", handbookId)
    .execute();
  const handbook = await db.selectFrom("handbooks").select("status").where("id", "=", handbookId).executeTakeFirstOrThrow();
  if (handbook.status === "published")
    return annexOf(
      pins.map((p) => ({ slug: p.slug, revision: p.revision, content: parse(p.content) })),
      languageOf(language),
    );
  const used = await conceptsUsedIn(db, { texts: texts() });
  return annexOf(
    used.map((c) => ({ slug: c.slug, revision: c.currentRevision, content: c.content })),
    languageOf(language),
  );
}

/** Pins the concepts the edition's texts use at their current revisions (on publishing). */
export async function pinGlossaryAnnex(db: Db, { handbookId, texts }: { handbookId: number; texts: string[] }) {
  await db.deleteFrom("handbook_glossary").where("handbook_id", "=", handbookId).execute();
  const used = await conceptsUsedIn(db, { texts });
  if (used.length === 0) return 0;
  await db
    .insertInto("handbook_glossary")
    .values(used.map((c) => ({ handbook_id: handbookId, concept_id: c.id, revision_number: c.currentRevision })))
    .execute();
  return used.length;
}

// ---------------------------------------------------------------- import

export interface ImportChange {
  slug: string;
  kind: "new" | "changed" | "unchanged";
  /** The English (or first) name, for the preview. */
  head: string;
  termsAdded: number;
  termsRemoved: number;
  /** A deleted concept of that slug comes back. */
  restores: boolean;
}

const termKey = (t: GlossaryTerm) => JSON.stringify([t.language, foldTerm(t.text), t.status, t.reason, t.alternative, t.source]);

/**
 * What importing these concepts would do, matched by slug. An import adds and changes, never
 * deletes: a concept the file does not hold stays as it is.
 */
export async function previewGlossaryImport(db: Db, { concepts }: { concepts: GlossaryConceptData[] }): Promise<ImportChange[]> {
  const existing = await db
    .selectFrom("glossary_concepts")
    .innerJoin("glossary_revisions", (j) => j.onRef("glossary_revisions.concept_id", "=", "glossary_concepts.id").onRef("glossary_revisions.number", "=", "glossary_concepts.current_revision"))
    .select(["glossary_concepts.slug", "glossary_concepts.deleted_at as deletedAt", "glossary_revisions.content"])
    .execute();
  const bySlug = new Map(existing.map((e) => [e.slug, e]));
  return concepts.map(({ slug, ...incoming }) => {
    const clean = normaliseContent(incoming);
    const head = headFor(clean, "en").head;
    const before = bySlug.get(slug);
    if (!before) return { slug, kind: "new", head, termsAdded: clean.terms.length, termsRemoved: 0, restores: false };
    const old = parse(before.content);
    const oldKeys = new Set(old.terms.map(termKey));
    const newKeys = new Set(clean.terms.map(termKey));
    const unchanged = sameContent(old, clean) && before.deletedAt === null;
    return {
      slug,
      kind: unchanged ? "unchanged" : "changed",
      head,
      termsAdded: [...newKeys].filter((k) => !oldKeys.has(k)).length,
      termsRemoved: [...oldKeys].filter((k) => !newKeys.has(k)).length,
      restores: before.deletedAt !== null,
    };
  });
}

/** Imports concepts (a file, or the starter glossary): new ones created, changed ones revised, by slug. */
export async function applyGlossaryImport(
  db: Db,
  { concepts, authorId, summary, now = Date.now() }: { concepts: GlossaryConceptData[]; authorId: number | null; summary: string; now?: number },
): Promise<{ created: number; revised: number; unchanged: number }> {
  const counts = { created: 0, revised: 0, unchanged: 0 };
  for (const { slug, ...content } of concepts) {
    const existing = await db.selectFrom("glossary_concepts").select(["id", "deleted_at"]).where("slug", "=", slug).executeTakeFirst();
    if (!existing) {
      await createConcept(db, { content, authorId, summary, slug, now });
      counts.created += 1;
      continue;
    }
    const result = await reviseConcept(db, { conceptId: existing.id, content, authorId, summary, now });
    if (existing.deleted_at !== null) await setConceptDeleted(db, { conceptId: existing.id, deleted: false, now });
    if (result.kind === "revised" || existing.deleted_at !== null) counts.revised += 1;
    else counts.unchanged += 1;
  }
  return counts;
}
