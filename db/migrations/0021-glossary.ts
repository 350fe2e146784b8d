import type { Kysely } from "kysely";

// The glossary (issue 23): concepts with their terms in the nine languages. Every change is
// a revision holding the whole concept as JSON (app/domain/glossary.ts GlossaryContent);
// `glossary_terms` copies the current revision's terms so lookups (the editors' warning,
// `[[term]]`, search) need no JSON. Members' proposals wait for a curator. A published
// handbook edition pins the revisions its glossary annex shows.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("glossary_concepts")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    // A theme key (themes.key), or null.
    .addColumn("theme", "text")
    .addColumn("current_revision", "integer", (c) => c.notNull())
    // Deleted concepts stay (editions may pin them) and can be restored.
    .addColumn("deleted_at", "integer")
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("updated_at", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("glossary_revisions")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("concept_id", "integer", (c) => c.notNull().references("glossary_concepts.id"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("content", "text", (c) => c.notNull())
    // What changed, in the editor's words ("" when none); an import or a proposal says so.
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("author_id", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addUniqueConstraint("glossary_revisions_number", ["concept_id", "number"])
    .execute();

  await db.schema
    .createTable("glossary_terms")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("concept_id", "integer", (c) => c.notNull().references("glossary_concepts.id"))
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    // NFC, lower case, spaces collapsed (foldTerm): what lookups compare.
    .addColumn("folded", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("alternative", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("glossary_terms_concept_idx").on("glossary_terms").column("concept_id").execute();
  await db.schema.createIndex("glossary_terms_folded_idx").on("glossary_terms").column("folded").execute();

  await db.schema
    .createTable("glossary_proposals")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    // null: a new concept.
    .addColumn("concept_id", "integer", (c) => c.references("glossary_concepts.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("language", "text", (c) => c.notNull())
    // The term proposed ("" for a correction in words only).
    .addColumn("term", "text", (c) => c.notNull())
    .addColumn("status_proposed", "text", (c) => c.notNull())
    .addColumn("message", "text", (c) => c.notNull())
    .addColumn("proposer_id", "integer", (c) => c.references("users.id"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("decided_by", "integer", (c) => c.references("users.id"))
    .addColumn("decided_at", "integer")
    .addColumn("decision_note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("glossary_proposals_status_idx").on("glossary_proposals").columns(["status", "created_at"]).execute();

  await db.schema
    .createTable("handbook_glossary")
    .addColumn("handbook_id", "integer", (c) => c.notNull().references("handbooks.id"))
    .addColumn("concept_id", "integer", (c) => c.notNull().references("glossary_concepts.id"))
    .addColumn("revision_number", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("handbook_glossary_pk", ["handbook_id", "concept_id"])
    .execute();

  // A proposer hears of the decision on their proposal.
  await db.schema
    .alterTable("notifications")
    .addColumn("glossary_proposal_id", "integer", (c) => c.references("glossary_proposals.id"))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("notifications").dropColumn("glossary_proposal_id").execute();
  await db.schema.dropTable("handbook_glossary").execute();
  await db.schema.dropTable("glossary_proposals").execute();
  await db.schema.dropTable("glossary_terms").execute();
  await db.schema.dropTable("glossary_revisions").execute();
  await db.schema.dropTable("glossary_concepts").execute();
}
