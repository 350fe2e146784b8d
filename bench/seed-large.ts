// npm run seed:large -- --practices 20000 [--out data/bench-20000.sqlite]
// Builds a realistic database quickly: prepared statements in a few big transactions,
// not HTTP. Proportions per practice follow the benchmark brief: 10 comments,
// 5 endorsements, several revisions; 60 organisations in 18 countries; 3,000 members.
import fs from "node:fs";
import path from "node:path";
import { hashPassword } from "../app/auth/password.server";
import { optimizeSearchIndex, rebuildSearchIndex } from "../app/models/search.server";
import { renderMarkdown } from "../app/utils/markdown.server";
import { createKysely, migrateToLatest, openSqlite, inTransaction } from "../db/client";
import { SECTIONS } from "../app/domain/practice";
import { COMMENTS, SENTENCES, TITLES } from "./texts";

export const BENCH_EMAIL = "bench@practice-exchange.test";
export const BENCH_PASSWORD = "benchmark member password";
/** A word that appears in a handful of practices only: the "rare" search. */
export const RARE_WORD = "zanzibarite";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > -1 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};

/** Deterministic, so every run builds the same database. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTRIES = ["IN", "NP", "MW", "MN", "BD", "KE", "FR", "ES", "DE", "PT", "BR", "MX", "CO", "PH", "TH", "NG", "GH", "UG"];
const THEMES = [
  "outreach",
  "basic-needs",
  "health",
  "mental-health",
  "housing",
  "justice",
  "formal-education",
  "non-formal-education",
  "vocational-training",
  "income-generation",
  "job-placement",
  "peer-support",
  "children-families",
  "community-prevention",
  "advocacy",
];
const LANGUAGES = ["en", "en", "en", "fr", "ne", "bn", "mn"];

export async function seedLarge({ practices, out }: { practices: number; out: string }) {
  const started = Date.now();
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(out + suffix, { force: true });
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  const sqlite = openSqlite(out);
  const db = createKysely(sqlite);
  await migrateToLatest(db);
  sqlite.pragma("synchronous = OFF");
  const rnd = random(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const now = Date.now();
  const DAY = 86_400_000;
  const passwordHash = await hashPassword(BENCH_PASSWORD);

  const organisations = 60;
  const members = 3_000;
  const comments = practices * 10;
  const endorsements = practices * 5;

  const insert = {
    org: sqlite.prepare("insert into organisations (name, slug, country, description_md, description_html, languages, created_at, updated_at) values (?, ?, ?, '', '', '[\"en\"]', ?, ?)"),
    user: sqlite.prepare("insert into users (email, display_name, organisation_id, role, locale, password_hash, created_at) values (?, ?, ?, ?, null, ?, ?)"),
    practice: sqlite.prepare(
      `insert into practices (slug, organisation_id, author_id, status, language, title, summary, ${SECTIONS.map((s) => `${s}_md, ${s}_html`).join(", ")},
        current_revision, created_at, updated_at, published_at, endorsement_count, comment_count)
       values (?, ?, ?, ?, ?, ?, ?, ${SECTIONS.map(() => "?, ?").join(", ")}, ?, ?, ?, ?, 0, 0)`,
    ),
    revision: sqlite.prepare(
      `insert into practice_revisions (practice_id, number, editor_id, note, title, summary, ${SECTIONS.map((s) => `${s}_md, ${s}_html`).join(", ")}, created_at)
       values (?, ?, ?, ?, ?, ?, ${SECTIONS.map(() => "?, ?").join(", ")}, ?)`,
    ),
    theme: sqlite.prepare("insert into practice_themes (practice_id, theme_key) values (?, ?)"),
    country: sqlite.prepare("insert into practice_countries (practice_id, country) values (?, ?)"),
    comment: sqlite.prepare("insert into comments (practice_id, parent_id, author_id, body_md, body_html, language, created_at) values (?, ?, ?, ?, ?, '', ?)"),
    endorsement: sqlite.prepare("insert or ignore into endorsements (practice_id, user_id, organisation_id, note, created_at, updated_at) values (?, ?, ?, ?, ?, ?)"),
  };

  const orgCountry: string[] = [];
  const userOrg: number[] = [];
  sqlite.transaction(() => {
    for (let o = 1; o <= organisations; o++) {
      const country = COUNTRIES[(o - 1) % COUNTRIES.length]!;
      orgCountry[o] = country;
      insert.org.run(`Exit Network ${o}`, `exit-network-${o}`, country, now, now);
    }
    for (let u = 1; u <= members; u++) {
      const org = 1 + ((u - 1) % organisations);
      userOrg[u] = org;
      const role = u === 1 ? "member" : u % 500 === 0 ? "admin" : u % 100 === 0 ? "curator" : u % 20 === 0 ? "coordinator" : "member";
      insert.user.run(u === 1 ? BENCH_EMAIL : `member${u}@bench.practice-exchange.test`, `Member ${u}`, org, role, passwordHash, now - 400 * DAY);
    }
  })();

  // Rendered once per distinct text: sections draw on a pool of paragraphs.
  const pool = new Map<string, { md: string; html: string }[]>();
  for (const [language, sentences] of Object.entries(SENTENCES)) {
    const variants = [];
    for (let v = 0; v < 40; v++) {
      const md =
        v % 3 === 0
          ? [0, 1, 2].map((k) => `${k + 1}. ${sentences[(v + k) % sentences.length]}`).join("\n")
          : `${sentences[v % sentences.length]} **${sentences[(v + 1) % sentences.length]}** ${sentences[(v + 2) % sentences.length]}`;
      variants.push({ md, html: renderMarkdown(md) });
    }
    pool.set(language, variants);
  }
  const commentPool = COMMENTS.map((md) => ({ md, html: renderMarkdown(md) }));

  sqlite.transaction(() => {
    for (let p = 1; p <= practices; p++) {
      const language = pick(LANGUAGES);
      const variants = pool.get(language)!;
      const author = 2 + Math.floor(rnd() * (members - 1));
      const published = now - Math.floor(rnd() * 1_000) * DAY;
      const revisions = 1 + Math.floor(rnd() * 3);
      const title = `${pick(TITLES[language]!)} ${p}${p % Math.max(1, Math.floor(practices / 5)) === 7 ? ` ${RARE_WORD}` : ""}`;
      const summary = variants[p % variants.length]!.md.replace(/\*\*|\d\. /g, "").slice(0, 280);
      const sections = SECTIONS.flatMap((s, i) => {
        const v = s === "adapt" && p % 2 ? { md: "", html: "" } : variants[(p * 7 + i * 3) % variants.length]!;
        return [v.md, v.html];
      });
      const status = p % 50 === 0 ? "draft" : "published";
      const info = insert.practice.run(
        `practice-${p}`,
        userOrg[author],
        author,
        status,
        language,
        title,
        summary,
        ...sections,
        status === "published" ? revisions : 0,
        published,
        published + (revisions - 1) * DAY,
        status === "published" ? published : null,
      );
      const id = Number(info.lastInsertRowid);
      if (status === "published") {
        for (let r = 1; r <= revisions; r++) insert.revision.run(id, r, author, r > 1 ? "update" : "", title, summary, ...sections, published + (r - 1) * DAY);
      }
      const themes = new Set([pick(THEMES), pick(THEMES)]);
      for (const t of themes) insert.theme.run(id, t);
      insert.country.run(id, orgCountry[userOrg[author]!]!);
    }
  })();

  // The benchmark's practice page: practice 1 gets exactly 50 comments.
  sqlite.transaction(() => {
    for (let c = 0; c < comments; c++) {
      const practice = c < 50 ? 1 : 2 + Math.floor(rnd() * (practices - 1));
      const body = commentPool[c % commentPool.length]!;
      insert.comment.run(practice, null, 2 + Math.floor(rnd() * (members - 1)), body.md, body.html, now - Math.floor(rnd() * 300) * DAY);
    }
    for (let e = 0; e < endorsements; e++) {
      const user = 2 + Math.floor(rnd() * (members - 1));
      insert.endorsement.run(1 + Math.floor(rnd() * practices), user, userOrg[user], e % 4 === 0 ? "We do this too." : "", now - Math.floor(rnd() * 300) * DAY, now);
    }
    sqlite.exec(`update practices set
      comment_count = (select count(*) from comments c where c.practice_id = practices.id),
      endorsement_count = (select count(*) from endorsements e where e.practice_id = practices.id)`);
    // The practice with 50 comments is published whatever the draft rule said.
    sqlite.exec("update practices set comment_count = 50 where id = 1");
  })();

  // A published handbook for the print page: 3 chapters of 10 entries.
  sqlite.transaction(() => {
    const hb = sqlite
      .prepare(
        "insert into handbooks (slug, title, edition, language, intro_md, intro_html, status, created_at, updated_at, published_at) values ('bench-handbook', 'Good practice handbook', 1, 'en', '', '', 'published', ?, ?, ?)",
      )
      .run(now, now, now);
    for (let c = 1; c <= 3; c++) {
      const ch = sqlite.prepare("insert into handbook_chapters (handbook_id, position, title) values (?, ?, ?)").run(hb.lastInsertRowid, c, `Chapter ${c}`);
      for (let e = 1; e <= 10; e++) {
        const practice = sqlite.prepare("select id, current_revision from practices where status = 'published' and id > ? order by id limit 1").get(c * 100 + e * 7) as {
          id: number;
          current_revision: number;
        };
        sqlite
          .prepare("insert into handbook_entries (chapter_id, position, practice_id, revision_number, added_at) values (?, ?, ?, ?, ?)")
          .run(ch.lastInsertRowid, e, practice.id, practice.current_revision, now);
      }
    }
  })();

  const indexed = await inTransaction(db, (trx) => rebuildSearchIndex(trx));
  await optimizeSearchIndex(db);
  sqlite.pragma("synchronous = NORMAL");
  sqlite.exec("analyze");
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  await db.destroy();
  const seconds = (Date.now() - started) / 1000;
  const bytes = fs.statSync(out).size;
  return { seconds, bytes, organisations, members, practices, comments, endorsements, searchEntries: indexed.entries };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]).endsWith(path.join("bench", "seed-large.ts"));
if (isMain) {
  const practices = Number(arg("practices", "20000"));
  const out = arg("out", `data/bench-${practices}.sqlite`);
  const result = await seedLarge({ practices, out });
  console.log(`Built ${out} in ${result.seconds.toFixed(1)} s, ${(result.bytes / 1024 / 1024).toFixed(1)} MiB:`);
  console.log(`  ${result.organisations} organisations in 18 countries, ${result.members} members, ${result.practices} practices,`);
  console.log(`  ${result.comments} comments, ~${result.endorsements} endorsements, ${result.searchEntries} search entries.`);
  console.log(`Benchmark member: ${BENCH_EMAIL} / ${BENCH_PASSWORD}`);
  console.log(`Open it: DATABASE_PATH=${out} npm run serve`);
}
