/**
 * Fills an EMPTY database with the demo content of scripts/demo-content.ts:
 * organisations, members (one shared password) and practice write-ups, with
 * translations, drafts and a few second revisions; then a discussion (comments,
 * replies, @mentions) and endorsements on the published practices.
 *
 *   npx tsx scripts/seed-demo.ts            (DATABASE_URL, else DATABASE_PATH, default data/practice-exchange.sqlite)
 *
 * Refuses, writing nothing, when the database already has a user.
 */
import { createComment } from "../app/models/comment.server";
import { endorsePractice } from "../app/models/endorsement.server";
import { addChapter, addEntry, createHandbook, linkLanguageEditions, setHandbookStatus } from "../app/models/handbook.server";
import { applyGlossaryImport } from "../app/models/glossary.server";
import { pinEditionGlossary } from "../app/models/handbook-glossary.server";
import { STARTER_GLOSSARY } from "../app/domain/glossary-starter";
import { createNomination } from "../app/models/nomination.server";
import { createOrganisation } from "../app/models/organisation.server";
import { addGroupMember, createGroup } from "../app/models/organisation-group.server";
import { createPractice, updatePractice } from "../app/models/practice.server";
import type { WriteUp } from "../app/domain/practice";
import { createUser, hasAnyUser } from "../app/models/user.server";
import { hashPassword } from "../app/auth/password.server";
import { MIN_PASSWORD_LENGTH } from "../app/utils/forms";
import { isCountryCode } from "../app/utils/countries";
import { renderMarkdown } from "../app/utils/markdown.server";
import { findMentionCandidates, normaliseName } from "../app/utils/mentions";
import { checkText } from "../app/utils/privacy-check";
import { databaseTarget, describeTarget, inTransaction, openDatabase } from "../db/client";
import {
  DEMO_COMMENTS,
  DEMO_ENDORSEMENTS,
  DEMO_HANDBOOK,
  DEMO_HANDBOOK_EDITIONS,
  DEMO_MEMBERS,
  DEMO_NOMINATIONS,
  DEMO_ORGANISATIONS,
  DEMO_PASSWORD,
  DEMO_PRACTICES,
  DEMO_URL,
  type DemoPractice,
  type DemoRevision,
  type MemberKey,
  type OrganisationKey,
} from "./demo-content";

/** Catches mistakes in the content before anything is written. */
function checkContent(themeKeys: Set<string>): string[] {
  const problems: string[] = [];
  const orgKeys = new Set<string>(DEMO_ORGANISATIONS.map((o) => o.key));
  const memberKeys = new Set<string>(DEMO_MEMBERS.map((m) => m.key));
  const seen = new Set<string>();
  if (DEMO_PASSWORD.length < MIN_PASSWORD_LENGTH) problems.push(`the demo password is shorter than ${MIN_PASSWORD_LENGTH} characters`);
  for (const o of DEMO_ORGANISATIONS) if (!isCountryCode(o.country)) problems.push(`organisation ${o.key}: unknown country ${o.country}`);
  for (const m of DEMO_MEMBERS) if (!orgKeys.has(m.organisation)) problems.push(`member ${m.key}: unknown organisation ${m.organisation}`);
  for (const p of DEMO_PRACTICES) {
    if (seen.has(p.key)) problems.push(`practice ${p.key}: duplicate key`);
    if (!memberKeys.has(p.author)) problems.push(`practice ${p.key}: unknown author ${p.author}`);
    if (p.revision && !memberKeys.has(p.revision.editor)) problems.push(`practice ${p.key}: unknown editor ${p.revision.editor}`);
    if (p.revision && !p.publish) problems.push(`practice ${p.key}: a revision needs a published practice`);
    if (p.translationOf !== undefined && !seen.has(p.translationOf)) problems.push(`practice ${p.key}: translates ${p.translationOf}, which does not come before it`);
    for (const t of p.meta.themes) if (!themeKeys.has(t)) problems.push(`practice ${p.key}: unknown theme ${t}`);
    for (const c of p.meta.countries) if (!isCountryCode(c)) problems.push(`practice ${p.key}: unknown country ${c}`);
    seen.add(p.key);
  }

  const practices = new Map(DEMO_PRACTICES.map((p) => [p.key, p]));
  const memberNames = new Set(DEMO_MEMBERS.map((m) => normaliseName(m.displayName)));
  const topLevel = new Map<string, string>(); // comment key → practice key, for comments replies may answer
  const commentKeys = new Set<string>();
  for (const c of DEMO_COMMENTS) {
    const where = `comment ${c.key}`;
    if (commentKeys.has(c.key)) problems.push(`${where}: duplicate key`);
    const practice = practices.get(c.practice);
    if (!practice) problems.push(`${where}: unknown practice ${c.practice}`);
    else if (!practice.publish) problems.push(`${where}: practice ${c.practice} is a draft; only published practices are discussed`);
    if (!memberKeys.has(c.author)) problems.push(`${where}: unknown author ${c.author}`);
    if (c.replyTo !== undefined) {
      if (topLevel.has(c.replyTo)) {
        if (topLevel.get(c.replyTo) !== c.practice) problems.push(`${where}: replies to ${c.replyTo}, which is on another practice`);
      } else if (commentKeys.has(c.replyTo)) problems.push(`${where}: replies to ${c.replyTo}, which is itself a reply (one level only)`);
      else problems.push(`${where}: replies to ${c.replyTo}, which does not come before it`);
    } else {
      topLevel.set(c.key, c.practice);
    }
    if (!c.bodyMd.trim()) problems.push(`${where}: empty text`);
    for (const mention of findMentionCandidates(c.bodyMd)) {
      if (!mention.names.some((n) => memberNames.has(normaliseName(n.name)))) {
        problems.push(`${where}: @${mention.names.at(-1)!.name} is not a demo member's display name`);
      }
    }
    for (const f of checkText(c.bodyMd, where)) problems.push(`${where}: the privacy check flags ${f.kind} in "${f.snippet}"`);
    commentKeys.add(c.key);
  }

  const endorsed = new Set<string>();
  for (const e of DEMO_ENDORSEMENTS) {
    const where = `endorsement of ${e.practice} by ${e.member}`;
    const practice = practices.get(e.practice);
    if (!practice) problems.push(`${where}: unknown practice ${e.practice}`);
    else if (!practice.publish) problems.push(`${where}: practice ${e.practice} is a draft; only published practices are endorsed`);
    else if (practice.author === e.member) problems.push(`${where}: an author does not endorse their own practice`);
    if (!memberKeys.has(e.member)) problems.push(`${where}: unknown member ${e.member}`);
    const pair = `${e.practice} ${e.member}`;
    if (endorsed.has(pair)) problems.push(`${where}: duplicate (one endorsement per member per practice)`);
    endorsed.add(pair);
    if (e.note.length > 500) problems.push(`${where}: the note is longer than 500 characters`);
    for (const f of checkText(e.note, where)) problems.push(`${where}: the privacy check flags ${f.kind} in "${f.snippet}"`);
  }

  const curator = DEMO_MEMBERS.find((m) => m.key === DEMO_HANDBOOK.curator);
  if (curator?.role !== "curator" && curator?.role !== "admin") problems.push(`handbook: ${DEMO_HANDBOOK.curator} is not a curator`);
  const published = (key: string, where: string) => {
    const practice = practices.get(key);
    if (!practice) problems.push(`${where}: unknown practice ${key}`);
    else if (!practice.publish) problems.push(`${where}: practice ${key} is a draft`);
  };
  for (const chapter of DEMO_HANDBOOK.chapters) {
    for (const entry of chapter.entries) published(entry.practice, `handbook entry ${entry.practice}`);
  }
  for (const edition of DEMO_HANDBOOK_EDITIONS) {
    if (edition.chapters.length !== DEMO_HANDBOOK.chapters.length) problems.push(`handbook edition ${edition.language}: not one chapter for each of the handbook's`);
    for (const [i, chapter] of edition.chapters.entries()) {
      if (chapter.notes.length !== DEMO_HANDBOOK.chapters[i]?.entries.length) problems.push(`handbook edition ${edition.language}, chapter ${i + 1}: not one note for each entry`);
      for (const entry of chapter.extra ?? []) published(entry.practice, `handbook edition ${edition.language} entry ${entry.practice}`);
    }
  }
  for (const n of DEMO_NOMINATIONS) {
    published(n.practice, `nomination of ${n.practice}`);
    if (!memberKeys.has(n.member)) problems.push(`nomination of ${n.practice}: unknown member ${n.member}`);
  }
  return problems;
}

function revisedWriteUp(writeUp: WriteUp, revision: DemoRevision): WriteUp {
  const next = { ...writeUp };
  for (const [section, text] of Object.entries(revision.append) as [keyof DemoRevision["append"], string][]) {
    next[section] = next[section] ? `${next[section].trimEnd()}\n${text}` : text;
  }
  return next;
}

function printTable(rows: string[][]) {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  console.log(line(rows[0]!));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows.slice(1)) console.log(line(r));
}

async function main() {
  const file = describeTarget(databaseTarget());
  const db = await openDatabase(databaseTarget());
  try {
    if (await hasAnyUser(db)) {
      console.error(`${file} already has users. The demo seed only fills an empty database; nothing was written.`);
      console.error("Point DATABASE_PATH (or DATABASE_URL) at a new database, or remove this one if it holds nothing you need.");
      process.exitCode = 1;
      return;
    }
    const existing = await db.selectFrom("organisations").select("id").limit(1).executeTakeFirst();
    if (existing) {
      console.error(`${file} already has organisations. The demo seed only fills an empty database; nothing was written.`);
      process.exitCode = 1;
      return;
    }

    const themeKeys = new Set((await db.selectFrom("themes").select("key").execute()).map((t) => t.key));
    const problems = checkContent(themeKeys);
    if (problems.length) {
      console.error(`The demo content has problems; nothing was written:\n- ${problems.join("\n- ")}`);
      process.exitCode = 1;
      return;
    }

    const passwordHash = await hashPassword(DEMO_PASSWORD);

    const organisations = new Map<OrganisationKey, { id: number; name: string }>();
    for (const o of DEMO_ORGANISATIONS) {
      const { id } = await createOrganisation(db, {
        name: o.name,
        country: o.country,
        descriptionMd: o.descriptionMd,
        descriptionHtml: renderMarkdown(o.descriptionMd),
        languages: o.languages,
      });
      organisations.set(o.key, { id, name: o.name });
    }

    const members = new Map<MemberKey, { id: number; organisation: OrganisationKey }>();
    for (const m of DEMO_MEMBERS) {
      const id = await createUser(db, {
        email: m.email,
        displayName: m.displayName,
        organisationId: organisations.get(m.organisation)!.id,
        role: m.role,
        passwordHash,
        locale: m.locale,
      });
      members.set(m.key, { id, organisation: m.organisation });
    }

    // The four exit-programme organisations share a group: a practice can be narrowed to it.
    const administrator = DEMO_MEMBERS.find((m) => m.role === "admin");
    const group = await inTransaction(db, (trx) =>
      createGroup(trx, { name: "Exit programme", description: "The four organisations of the exit programme: India, Malawi, Mongolia and Nepal.", createdBy: members.get(administrator!.key)!.id }),
    );
    for (const key of ["kolkata", "malawi", "mongolia", "nepal"] as const) await addGroupMember(db, { groupId: group.id, organisationId: organisations.get(key)!.id });

    const practices = new Map<string, number>();
    for (const p of DEMO_PRACTICES) {
      const author = members.get(p.author)!;
      const { id } = await inTransaction(db, (trx) =>
        createPractice(trx, {
          authorId: author.id,
          organisationId: organisations.get(p.organisation ?? author.organisation)!.id,
          writeUp: p.writeUp,
          meta: p.meta,
          publish: p.publish,
          translationOf: p.translationOf === undefined ? undefined : practices.get(p.translationOf)!,
          note: p.note,
        }),
      );
      practices.set(p.key, id);
    }

    // Second pass, once translations exist: a revised original shows its translation as behind.
    const revised: DemoPractice[] = DEMO_PRACTICES.filter((p) => p.revision);
    for (const p of revised) {
      const revision = p.revision!;
      await inTransaction(db, (trx) =>
        updatePractice(trx, {
          id: practices.get(p.key)!,
          editorId: members.get(revision.editor)!.id,
          writeUp: revisedWriteUp(p.writeUp, revision),
          meta: p.meta,
          publish: true,
          note: revision.note,
        }),
      );
    }

    // The discussion, in order: a reply is posted after the comment it answers.
    const comments = new Map<string, number>();
    for (const c of DEMO_COMMENTS) {
      const created = await inTransaction(db, (trx) =>
        createComment(trx, {
          practiceId: practices.get(c.practice)!,
          authorId: members.get(c.author)!.id,
          parentId: c.replyTo === undefined ? undefined : comments.get(c.replyTo)!,
          bodyMd: c.bodyMd,
          language: c.language,
        }),
      );
      if (!created) throw new Error(`comment ${c.key} was refused`);
      comments.set(c.key, created.id);
    }

    let endorsements = 0;
    for (const e of DEMO_ENDORSEMENTS) {
      const member = members.get(e.member)!;
      const { created } = await inTransaction(db, (trx) =>
        endorsePractice(trx, {
          practiceId: practices.get(e.practice)!,
          userId: member.id,
          organisationId: organisations.get(member.organisation)!.id,
          note: e.note,
        }),
      );
      if (created) endorsements++;
    }

    // The starter glossary, as the first-run setup offers it, before the handbook whose annex uses it.
    const curatorId = members.get(DEMO_HANDBOOK.curator)!.id;
    const glossary = await applyGlossaryImport(db, { concepts: STARTER_GLOSSARY, authorId: curatorId, summary: "Starter glossary" });

    // The handbook pins each practice at the revision it has now, and is published.
    const handbook = await createHandbook(db, { title: DEMO_HANDBOOK.title, edition: 1, language: "en", introMd: DEMO_HANDBOOK.introMd, createdBy: curatorId });
    for (const chapter of DEMO_HANDBOOK.chapters) {
      const chapterId = await addChapter(db, { handbookId: handbook.id, title: chapter.title, introMd: chapter.introMd });
      for (const entry of chapter.entries) {
        const practiceId = practices.get(entry.practice)!;
        const { current_revision } = await db.selectFrom("practices").select("current_revision").where("id", "=", practiceId).executeTakeFirstOrThrow();
        await addEntry(db, { chapterId, practiceId, revisionNumber: current_revision, note: entry.note, addedBy: curatorId });
      }
    }
    await setHandbookStatus(db, { id: handbook.id, status: "published" });
    await pinEditionGlossary(db, { handbook: { id: handbook.id, intro_md: DEMO_HANDBOOK.introMd } });
    // Its editions in Nepali, Bengali and Mongolian: each entry in that language where a translation exists.
    for (const edition of DEMO_HANDBOOK_EDITIONS) {
      const other = await createHandbook(db, { title: edition.title, edition: 1, language: edition.language, introMd: edition.introMd, createdBy: curatorId });
      for (const [i, chapter] of edition.chapters.entries()) {
        const chapterId = await addChapter(db, { handbookId: other.id, title: chapter.title, introMd: chapter.introMd });
        const entries = [...DEMO_HANDBOOK.chapters[i]!.entries.map((e, j) => ({ practice: e.practice, note: chapter.notes[j] ?? "" })), ...(chapter.extra ?? [])];
        for (const entry of entries) {
          const translation = DEMO_PRACTICES.find((p) => p.translationOf === entry.practice && p.meta.language === edition.language);
          const practiceId = practices.get(translation?.key ?? entry.practice)!;
          const { current_revision } = await db.selectFrom("practices").select("current_revision").where("id", "=", practiceId).executeTakeFirstOrThrow();
          await addEntry(db, { chapterId, practiceId, revisionNumber: current_revision, note: entry.note, addedBy: curatorId });
        }
      }
      await setHandbookStatus(db, { id: other.id, status: "published" });
      await pinEditionGlossary(db, { handbook: { id: other.id, intro_md: edition.introMd } });
      await linkLanguageEditions(db, { handbookId: handbook.id, otherId: other.id });
    }
    for (const n of DEMO_NOMINATIONS) {
      await createNomination(db, { practiceId: practices.get(n.practice)!, handbookId: null, nominatorId: members.get(n.member)!.id, reason: n.reason });
    }

    const published = DEMO_PRACTICES.filter((p) => p.publish).length;
    const translations = DEMO_PRACTICES.filter((p) => p.translationOf !== undefined).length;
    console.log(`Demo content written to ${file}:`);
    console.log(
      `  ${organisations.size} organisations, ${members.size} members, ${DEMO_PRACTICES.length} practices ` +
        `(${published} published, ${DEMO_PRACTICES.length - published} drafts, ${translations} translations, ${revised.length} with a second revision)`,
    );
    const replies = DEMO_COMMENTS.filter((c) => c.replyTo !== undefined).length;
    const discussed = new Set(DEMO_COMMENTS.map((c) => c.practice)).size;
    const withNote = DEMO_ENDORSEMENTS.filter((e) => e.note.trim()).length;
    const endorsedPractices = new Set(DEMO_ENDORSEMENTS.map((e) => e.practice)).size;
    console.log(`  ${comments.size} comments (${replies} replies) on ${discussed} practices`);
    console.log(`  ${endorsements} endorsements (${withNote} with a note) on ${endorsedPractices} practices`);
    const entries = DEMO_HANDBOOK.chapters.reduce((n, c) => n + c.entries.length, 0);
    console.log(
      `  1 published handbook (${DEMO_HANDBOOK.chapters.length} chapters, ${entries} entries) at /handbooks/${handbook.slug}, with editions in ${DEMO_HANDBOOK_EDITIONS.map((e) => e.language).join(", ")}; ${DEMO_NOMINATIONS.length} open nominations\n`,
    );
    console.log(`  a glossary of ${glossary.created} concepts at /glossary (the starter glossary)\n`);
    printTable([["E-mail", "Role", "Organisation"], ...DEMO_MEMBERS.map((m) => [m.email, m.role, organisations.get(m.organisation)!.name])]);
    console.log(`\nPassword for every account: ${DEMO_PASSWORD}`);
    console.log(`Sign in at ${DEMO_URL}`);
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
