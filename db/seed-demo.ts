/**
 * Fills an EMPTY database with the demo content of db/demo-content.ts:
 * organisations, members (one shared password) and practice write-ups, with
 * translations, drafts and a few second revisions.
 *
 *   npx tsx db/seed-demo.ts            (DATABASE_PATH, default data/practice-exchange.sqlite)
 *
 * Refuses, writing nothing, when the database already has a user.
 */
import { createOrganisation } from "../app/models/organisation.server";
import { createPractice, updatePractice, type WriteUp } from "../app/models/practice.server";
import { createUser, hasAnyUser } from "../app/models/user.server";
import { hashPassword, MIN_PASSWORD_LENGTH } from "../app/auth/password.server";
import { isCountryCode } from "../app/utils/countries";
import { renderMarkdown } from "../app/utils/markdown.server";
import { DEFAULT_DATABASE_PATH, openDatabase } from "./client";
import {
  DEMO_MEMBERS,
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
  const line = (r: string[]) => r.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd();
  console.log(line(rows[0]!));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows.slice(1)) console.log(line(r));
}

async function main() {
  const file = process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
  const db = await openDatabase(file);
  try {
    if (await hasAnyUser(db)) {
      console.error(`${file} already has users. The demo seed only fills an empty database; nothing was written.`);
      console.error("Point DATABASE_PATH at a new file, or remove this one if it holds nothing you need.");
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

    const practices = new Map<string, number>();
    for (const p of DEMO_PRACTICES) {
      const author = members.get(p.author)!;
      const { id } = await createPractice(db, {
        authorId: author.id,
        organisationId: organisations.get(p.organisation ?? author.organisation)!.id,
        writeUp: p.writeUp,
        meta: p.meta,
        publish: p.publish,
        translationOf: p.translationOf === undefined ? undefined : practices.get(p.translationOf)!,
        note: p.note,
      });
      practices.set(p.key, id);
    }

    // Second pass, once translations exist: a revised original shows its translation as behind.
    const revised: DemoPractice[] = DEMO_PRACTICES.filter((p) => p.revision);
    for (const p of revised) {
      const revision = p.revision!;
      await updatePractice(db, {
        id: practices.get(p.key)!,
        editorId: members.get(revision.editor)!.id,
        writeUp: revisedWriteUp(p.writeUp, revision),
        meta: p.meta,
        publish: true,
        note: revision.note,
      });
    }

    const published = DEMO_PRACTICES.filter((p) => p.publish).length;
    const translations = DEMO_PRACTICES.filter((p) => p.translationOf !== undefined).length;
    console.log(`Demo content written to ${file}:`);
    console.log(
      `  ${organisations.size} organisations, ${members.size} members, ${DEMO_PRACTICES.length} practices ` +
        `(${published} published, ${DEMO_PRACTICES.length - published} drafts, ${translations} translations, ${revised.length} with a second revision)\n`,
    );
    printTable([
      ["E-mail", "Role", "Organisation"],
      ...DEMO_MEMBERS.map((m) => [m.email, m.role, organisations.get(m.organisation)!.name]),
    ]);
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
