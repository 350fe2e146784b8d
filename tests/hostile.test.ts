import naughty from "big-list-of-naughty-strings";
import type { Kysely } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import { action as commentAction } from "../app/routes/comments.$id";
import { action as flagAction } from "../app/routes/flag";
import { action as handbookAction } from "../app/routes/handbooks.new";
import { loader as adminLoader } from "../app/routes/admin._index";
import { loader as auditLoader } from "../app/routes/admin.audit";
import { action as newOrganisationAction } from "../app/routes/organisations.new";
import { action as nominateAction } from "../app/routes/practices.$slug.nominate";
import { action as practiceAction } from "../app/routes/practices.$slug._index/route";
import { loader as listLoader } from "../app/routes/practices._index";
import { action as newPracticeAction } from "../app/routes/practices.new";
import { loader as searchLoader } from "../app/routes/search";
import { action as settingsAction } from "../app/routes/settings";
import { action as adminMemberAction } from "../app/routes/admin.members.$id";
import { action as forgotAction } from "../app/routes/forgot-password";
import { action as acceptAction, loader as acceptLoader } from "../app/routes/invite.$token";
import { action as invitationsAction } from "../app/routes/invitations";
import { action as loginAction } from "../app/routes/login";
import { action as resetAction, loader as resetLoader } from "../app/routes/reset-password.$token";
import { createConcept } from "../app/models/glossary.server";
import { loader as glossaryLoader } from "../app/routes/glossary._index";
import { loader as conceptLoader } from "../app/routes/glossary.$slug._index";
import { action as editConceptAction, loader as editConceptLoader } from "../app/routes/glossary.$slug.edit";
import { loader as conceptHistoryLoader } from "../app/routes/glossary.$slug.history";
import { loader as glossaryExportLoader } from "../app/routes/glossary.export.$format";
import { action as newConceptAction } from "../app/routes/glossary.new";
import { action as proposalsAction, loader as proposalsLoader } from "../app/routes/glossary.proposals";
import { loader as termLoader } from "../app/routes/glossary.term.$";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makePractice, makeSignedIn } from "./factories";

const CORPUS: string[] = [
  ...(naughty as string[]),
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "<svg/onload=alert(1)>",
  "javascript:alert(1)",
  "[x](javascript:alert(1))",
  "'; DROP TABLE practices; --",
  "1 OR 1=1",
  "../../../../etc/passwd",
  "..\\..\\windows\\win.ini",
  "\u0000\u0001\u0002\u001b[31m",
  "\uD800 lone surrogate \uDFFF",
  "x".repeat(1024 * 1024),
];

const ALLOWED = new Set(["h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "ul", "ol", "li", "strong", "em", "del", "code", "pre", "a", "table", "thead", "tbody", "tr", "th", "td"]);
function expectSafeHtml(html: string, input: string) {
  for (const [, tag] of html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)) expect(ALLOWED.has(tag!.toLowerCase()), input.slice(0, 80)).toBe(true);
  expect(html, input.slice(0, 80)).not.toMatch(/<[^>]*\s(on[a-z]+|style|src)\s*=/i);
}

let db: Kysely<Database>;
let member: Awaited<ReturnType<typeof makeSignedIn>>;
let admin: Awaited<ReturnType<typeof makeSignedIn>>;
let slug: string;
let commentId: string;
let conceptSlug: string;

beforeAll(async () => {
  db = await createTestDb();
  member = await makeSignedIn(db);
  admin = await makeSignedIn(db, { role: "admin" });
  slug = (await makePractice(db, { authorId: admin.id, organisationId: admin.organisationId })).slug;
  const created = await call(practiceAction, { db, cookie: member.cookie, params: { slug }, form: { intent: "comment", body: "first" } });
  commentId = created.headers.get("Location")!.split("comment-")[1]!;
  conceptSlug = (
    await createConcept(db, {
      content: { theme: null, definitions: {}, notes: "", terms: [{ language: "en", text: "safe house", status: "preferred", reason: "", alternative: "", source: "" }] },
      authorId: admin.id,
    })
  ).slug;
});

/** The concept editor's fields, every one given `input`; `valid` keeps the language and status real so the text is stored. */
const conceptForm = (input: string, valid: boolean) => ({
  intent: input,
  basedOn: input,
  rows: input,
  theme: valid ? "" : input,
  notes: input,
  summary: input,
  "definition.en": input,
  "definition.ne": input,
  "term.0.text": input,
  "term.0.language": valid ? "en" : input,
  "term.0.status": valid ? "avoid" : input,
  "term.0.reason": input,
  "term.0.alternative": valid ? "" : input,
  "term.0.source": input,
  "term.1.text": valid ? "safe house" : input,
  "term.1.language": valid ? "en" : input,
  "term.1.status": valid ? "preferred" : input,
});

/** Every response is an answer, never a crash; refusals are 4xx. */
function expectAnswered(response: Response, input: string) {
  expect(response.status, input.slice(0, 80)).toBeLessThan(500);
}

describe("hostile input", () => {
  it(`every form answers ${CORPUS.length} hostile strings without a 500, and stores nothing as markup`, async () => {
    const sent: string[] = [];
    for (const input of CORPUS) {
      const cases: [Parameters<typeof call>[0], Parameters<typeof call>[1]][] = [
        [newPracticeAction as never, { db, cookie: member.cookie, form: { intent: "draft", title: input, summary: input, approach: input, language: "en", themes: [input], countries: [input] } }],
        [newPracticeAction as never, { db, cookie: member.cookie, form: { intent: "preview", title: input, approach: input, language: input } }],
        [practiceAction as never, { db, cookie: member.cookie, params: { slug }, form: { intent: "comment", body: input, parentId: input } }],
        [practiceAction as never, { db, cookie: member.cookie, params: { slug }, form: { intent: "endorse", note: input } }],
        [practiceAction as never, { db, cookie: member.cookie, params: { slug }, form: { intent: input } }],
        [commentAction as never, { db, cookie: member.cookie, params: { id: commentId }, form: { intent: "edit", body: input } }],
        [flagAction as never, { db, cookie: member.cookie, path: `/flag?comment=${commentId}`, form: { reason: input, note: input } }],
        [nominateAction as never, { db, cookie: member.cookie, params: { slug }, form: { handbook: input, reason: input } }],
        [settingsAction as never, { db, cookie: member.cookie, form: { intent: "profile", displayName: input, locale: input } }],
        [newOrganisationAction as never, { db, cookie: admin.cookie, form: { name: input, slug: input, country: input, description: input, languages: [input] } }],
        [handbookAction as never, { db, cookie: admin.cookie, form: { title: input, edition: input, language: "en", intro: input } }],
        [invitationsAction as never, { db, cookie: admin.cookie, form: { intent: "create", email: input, organisationId: input, role: input, locale: input } }],
        [adminMemberAction as never, { db, cookie: admin.cookie, params: { id: String(member.id) }, form: { intent: "role", role: input } }],
        [forgotAction as never, { db, form: { email: input } }],
        [acceptLoader as never, { db, params: { token: input } }],
        [acceptAction as never, { db, params: { token: input }, form: { displayName: input, password: input } }],
        [resetLoader as never, { db, params: { token: input } }],
        [resetAction as never, { db, params: { token: input }, form: { password: input } }],
        [proposalsAction as never, { db, cookie: member.cookie, form: { intent: "propose", conceptSlug: input, kind: input, language: input, term: input, statusProposed: input, message: input } }],
        [proposalsAction as never, { db, cookie: member.cookie, form: { intent: "propose", conceptSlug, kind: "term", language: "en", term: input, statusProposed: "avoid", message: input } }],
        [proposalsAction as never, { db, cookie: admin.cookie, form: { intent: input, id: input, note: input } }],
        [proposalsAction as never, { db, cookie: admin.cookie, form: { intent: "decline", id: input, note: input } }],
        [newConceptAction as never, { db, cookie: admin.cookie, form: conceptForm(input, false) }],
        [editConceptAction as never, { db, cookie: admin.cookie, params: { slug: conceptSlug }, form: conceptForm(input, false) }],
        [editConceptAction as never, { db, cookie: admin.cookie, params: { slug: conceptSlug }, form: { ...conceptForm(input, true), intent: "save" } }],
      ];
      // A new concept's slug is made from its name: a sample of names (each probes the free slugs before it).
      if (sent.length % 20 === 0) cases.push([newConceptAction as never, { db, cookie: admin.cookie, form: conceptForm(input, true) }]);
      for (const [fn, options] of cases) expectAnswered(await call(fn as never, options), input);
      if (input.length < 2_000) {
        // A URL carries only well-formed text: a lone surrogate arrives as U+FFFD.
        const q = encodeURIComponent(input.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD"));
        for (const [fn, path] of [
          [searchLoader, `/search?q=${q}&theme=${q}&country=${q}&organisation=${q}&language=${q}&page=${q}`],
          [listLoader, `/practices?theme=${q}&country=${q}&organisation=${q}&sort=${q}&after=${q}`],
          [adminLoader, `/admin?q=${q}&organisation=${q}&role=${q}&page=${q}`],
          [auditLoader, `/admin/audit?actor=${q}&action=${q}&from=${q}&to=${q}&page=${q}`],
          [glossaryLoader, `/glossary?q=${q}&theme=${q}&page=${q}`],
          [proposalsLoader, `/glossary/proposals?status=${q}&page=${q}`],
        ] as const) {
          expectAnswered(await call(fn as never, { db, cookie: admin.cookie, path }), input);
        }
        // What a path's parameter arrives as: the decoded, well-formed text.
        const param = decodeURIComponent(q);
        for (const [fn, params] of [
          [conceptLoader, { slug: param }],
          [conceptHistoryLoader, { slug: param }],
          [editConceptLoader, { slug: param }],
          [termLoader, { "*": param }],
          [glossaryExportLoader, { format: param }],
        ] as const) {
          expectAnswered(await call(fn as never, { db, cookie: admin.cookie, params }), input);
        }
      }
      sent.push(input);
    }
    expect(sent).toHaveLength(CORPUS.length);
    // The glossary's forms took most of the strings as text (proposed, revised, created), not only refused them.
    const count = async (table: "glossary_proposals" | "glossary_revisions" | "glossary_concepts") =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count("glossary_proposals")).toBeGreaterThan(CORPUS.length / 2);
    expect(await count("glossary_revisions")).toBeGreaterThan(CORPUS.length / 2);
    expect(await count("glossary_concepts")).toBeGreaterThan(CORPUS.length / 40);
    // What was stored renders only allowed markup; plain fields are plain text for React to escape.
    const comments = await db.selectFrom("comments").select("body_html").execute();
    for (const c of comments) expectSafeHtml(c.body_html, c.body_html);
    const sections = await db.selectFrom("practices").select(["approach_html", "context_html"]).execute();
    for (const p of sections) {
      expectSafeHtml(p.approach_html, p.approach_html);
      expectSafeHtml(p.context_html, p.context_html);
    }
    const organisations = await db.selectFrom("organisations").select("description_html").execute();
    for (const o of organisations) expectSafeHtml(o.description_html, o.description_html);
  }, 300_000);

  it("sign-in answers hostile credentials with the same refusal (a sample: each attempt costs a real hash)", async () => {
    for (const input of CORPUS.filter((_, i) => i % 40 === 0)) {
      const response = await call(loginAction as never, { db, form: { email: input, password: input }, headers: { "X-Sample": "1" } });
      expect([400, 429], input.slice(0, 80)).toContain(response.status);
    }
  }, 120_000);

  it("refuses a 1 MB title with a clear message, not an error", async () => {
    const response = await call(newPracticeAction as never, { db, cookie: member.cookie, form: { intent: "draft", title: "x".repeat(1024 * 1024), language: "en" } });
    expect(response.status).toBe(400);
    expect((await response.json()).errors.title).toEqual({ key: "validation.tooLong", params: { max: 200 } });
  });
});
