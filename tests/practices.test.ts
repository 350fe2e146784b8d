import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import { listPublishedPractices, updatePractice, writeUpOf, getPracticeBySlug } from "../app/models/practice.server";
import { loader as homeLoader } from "../app/routes/_index";
import { action as editAction, loader as editLoader } from "../app/routes/practices.$slug.edit";
import { loader as historyLoader } from "../app/routes/practices.$slug.history";
import { action as viewAction, loader as viewLoader } from "../app/routes/practices.$slug._index/route";
import { loader as listLoader } from "../app/routes/practices._index";
import { action as newAction, loader as newLoader } from "../app/routes/practices.new";
import { loader as orgLoader } from "../app/routes/organisations.$slug._index";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makeMember, makeOrganisation, makePractice, makeSignedIn, sampleWriteUp, anyMember } from "./factories";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

const signedIn = (options: Parameters<typeof makeMember>[1] = {}) => makeSignedIn(db, options);

const form = (overrides: Record<string, string | string[]> = {}) => ({
  ...sampleWriteUp(),
  language: "en",
  themes: ["vocational-training"],
  countries: ["NP", "IN"],
  ...overrides,
});

describe("drafts and publishing", () => {
  it("saves a draft with only a title; only the author's organisation sees it", async () => {
    const org = await makeOrganisation(db);
    const author = await signedIn({ organisationId: org.id });
    const colleague = await signedIn({ organisationId: org.id });
    const outsider = await signedIn();
    const outsideCurator = await signedIn({ role: "curator" });
    const outsideAdmin = await signedIn({ role: "admin" });

    const response = await call(newAction, { db, cookie: author.cookie, form: { intent: "draft", title: "Bakery course draft", summary: "", approach: "", language: "en" } });
    expect(response.status).toBe(302);
    // The practice page confirms the save (`?done=draft` becomes a role="status" notice).
    expect(response.headers.get("Location")).toMatch(/\?done=draft$/);
    const slug = response.headers.get("Location")!.split("?")[0]!.split("/").at(-1)!;
    expect(slug).toBe("bakery-course-draft");
    const row = await db.selectFrom("practices").select(["status", "current_revision", "organisation_id"]).where("slug", "=", slug).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "draft", current_revision: 0, organisation_id: org.id });
    expect(await db.selectFrom("practice_revisions").select("id").execute()).toHaveLength(0);

    for (const who of [author, colleague]) {
      expect((await call(viewLoader, { db, cookie: who.cookie, params: { slug } })).status).toBe(200);
      expect((await call(editLoader, { db, cookie: who.cookie, params: { slug } })).status).toBe(200);
    }
    for (const who of [outsider, outsideCurator, outsideAdmin]) {
      expect((await call(viewLoader, { db, cookie: who.cookie, params: { slug } })).status).toBe(404);
      expect((await call(editLoader, { db, cookie: who.cookie, params: { slug } })).status).toBe(404);
    }
    const home = await (await call(homeLoader, { db, cookie: author.cookie })).json();
    expect(home.drafts.map((d: { slug: string }) => d.slug)).toEqual([slug]);
    const list = await (await call(listLoader, { db, cookie: author.cookie, path: "/practices" })).json();
    expect(list.items).toHaveLength(0);
  });

  it("refuses to publish without title, summary, approach and a theme, keeping everything typed", async () => {
    const author = await signedIn();
    const typed = { intent: "publish", title: "", summary: "", approach: "  ", context: "Some context I typed", language: "en", countries: ["NP"] };
    const response = await call(newAction, { db, cookie: author.cookie, form: typed });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(Object.keys(body.errors).sort()).toEqual(["approach", "summary", "themes", "title"]);
    expect(body.errors.themes.key).toBe("validation.theme");
    expect(body.values).toMatchObject({ context: "Some context I typed", countries: "NP", intent: "publish" });
    expect(await db.selectFrom("practices").select("id").execute()).toHaveLength(0);
  });

  it("publishes as revision 1, and every later save is a numbered revision with a readable diff", async () => {
    const author = await signedIn();
    const created = await call(newAction, { db, cookie: author.cookie, form: form({ intent: "publish" }) });
    expect(created.status).toBe(302);
    expect(created.headers.get("Location")).toMatch(/\?done=published$/);
    const slug = created.headers.get("Location")!.split("?")[0]!.split("/").at(-1)!;
    const practice = await getPracticeBySlug(db, { slug });
    expect(practice).toMatchObject({ status: "published", current_revision: 1, language: "en", themes: ["vocational-training"], countries: ["IN", "NP"] });
    expect(practice!.approach_html).toContain("<ol>");

    const edited = await call(editAction, {
      db,
      cookie: author.cookie,
      params: { slug },
      form: form({ intent: "save", title: "Renamed night crèche", outcomes: "Sixty mothers finished training.", note: "new figures" }),
    });
    expect(edited.headers.get("Location")).toBe(`/practices/${slug}?done=revision`);
    const revisions = await db.selectFrom("practice_revisions").select(["number", "note", "title"]).orderBy("number").execute();
    expect(revisions).toEqual([
      { number: 1, note: "", title: "Night crèche for children of mothers in the red-light area" },
      { number: 2, note: "new figures", title: "Renamed night crèche" },
    ]);
    // A renamed practice keeps its address.
    expect((await getPracticeBySlug(db, { slug }))?.title).toBe("Renamed night crèche");

    const history = await (await call(historyLoader, { db, cookie: author.cookie, params: { slug }, path: `/practices/${slug}/history?from=1&to=2` })).json();
    expect(history.revisions.map((r: { number: number }) => r.number)).toEqual([2, 1]);
    const outcomes = history.diff.find((d: { field: string }) => d.field === "outcomes");
    expect(outcomes.changed).toBe(true);
    expect(outcomes.parts).toEqual(
      expect.arrayContaining([
        { text: "Forty", change: "removed" },
        { text: "Sixty", change: "added" },
      ]),
    );
    expect(history.diff.find((d: { field: string }) => d.field === "lessons").changed).toBe(false);
  });

  it("gives every new practice its own slug, even with the same title", async () => {
    const author = await signedIn();
    const a = await makePractice(db, { authorId: author.id, organisationId: author.organisationId, writeUp: { title: "Same title" } });
    const b = await makePractice(db, { authorId: author.id, organisationId: author.organisationId, writeUp: { title: "Same title" } });
    const c = await makePractice(db, { authorId: author.id, organisationId: author.organisationId, writeUp: { title: "नेपाल सीमा निगरानी" } });
    expect([a.slug, b.slug, c.slug]).toEqual(["same-title", "same-title-2", "नेपाल-सीमा-निगरानी"]);
  });

  it("archives out of the lists but keeps the page readable, and restores", async () => {
    const author = await signedIn();
    const { slug } = await makePractice(db, { authorId: author.id, organisationId: author.organisationId });
    const reader = await signedIn();
    expect((await call(viewAction, { db, cookie: reader.cookie, params: { slug }, form: { intent: "archive" } })).status).toBe(403);
    await call(viewAction, { db, cookie: author.cookie, params: { slug }, form: { intent: "archive" } });
    const list = await (await call(listLoader, { db, cookie: reader.cookie, path: "/practices" })).json();
    expect(list.items).toHaveLength(0);
    const page = await call(viewLoader, { db, cookie: reader.cookie, params: { slug } });
    expect(page.status).toBe(200);
    expect((await page.json()).practice.status).toBe("archived");
    await call(viewAction, { db, cookie: author.cookie, params: { slug }, form: { intent: "restore" } });
    expect((await (await call(listLoader, { db, cookie: reader.cookie, path: "/practices" })).json()).items).toHaveLength(1);
  });
});

describe("who edits", () => {
  it("the author's organisation, curators and admins; not other members", async () => {
    const org = await makeOrganisation(db);
    const author = await signedIn({ organisationId: org.id });
    const { slug } = await makePractice(db, { authorId: author.id, organisationId: org.id });
    const cases: [Parameters<typeof makeMember>[1], number][] = [
      [{ organisationId: org.id }, 200],
      [{ role: "curator" }, 200],
      [{ role: "admin" }, 200],
      [{ role: "coordinator" }, 403],
      [{}, 403],
    ];
    for (const [who, status] of cases) {
      const member = await signedIn(who);
      expect((await call(editLoader, { db, cookie: member.cookie, params: { slug } })).status, JSON.stringify(who)).toBe(status);
      const save = await call(editAction, { db, cookie: member.cookie, params: { slug }, form: form({ intent: "save" }) });
      expect(save.status, JSON.stringify(who)).toBe(status === 200 ? 302 : 403);
    }
  });
});

describe("privacy check and preview", () => {
  it("holds back a publish with findings until the author confirms", async () => {
    const author = await signedIn();
    const risky = form({ intent: "publish", outcomes: "Sita, 14, now runs the stall. Call her on +977 9841 234567." });
    const held = await call(newAction, { db, cookie: author.cookie, form: risky });
    expect(held.status).toBe(400);
    const body = await held.json();
    expect(body.formError.key).toBe("practice.privacyConfirm");
    expect(body.findings.map((f: { kind: string; field: string }) => `${f.kind}:${f.field}`)).toEqual(["nameAge:outcomes", "phone:outcomes"]);
    expect(body.values.outcomes).toBe(risky.outcomes);
    expect(await db.selectFrom("practices").select("id").execute()).toHaveLength(0);

    const confirmed = await call(newAction, { db, cookie: author.cookie, form: { ...risky, privacyChecked: "on" } });
    expect(confirmed.status).toBe(302);
  });

  it("previews the sanitised rendering with the findings, saving nothing", async () => {
    const author = await signedIn();
    const response = await call(newAction, {
      db,
      cookie: author.cookie,
      form: form({ intent: "preview", approach: "**Step one**<script>alert(1)</script> [x](javascript:alert(1))", context: "Write to sita@example.org" }),
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.preview.approach).toContain("<strong>Step one</strong>");
    expect(body.preview.approach).not.toContain("<script");
    expect(body.preview.approach).not.toContain("javascript:");
    expect(body.findings).toEqual([expect.objectContaining({ kind: "email", field: "context" })]);
    const untitled = await call(newAction, { db, cookie: author.cookie, form: form({ intent: "preview", title: "" }) });
    expect(untitled.status).toBe(200);
    expect(await db.selectFrom("practices").select("id").execute()).toHaveLength(0);
  });
});

describe("translations", () => {
  it("link to each other and show when the original moved on", async () => {
    const kolkata = await makeOrganisation(db, { country: "IN" });
    const author = await signedIn({ organisationId: kolkata.id });
    const translator = await signedIn({ organisationId: kolkata.id });
    const original = await makePractice(db, { authorId: author.id, organisationId: kolkata.id });

    const page = await (await call(newLoader, { db, cookie: translator.cookie, path: `/practices/new?translationOf=${original.slug}` })).json();
    expect(page.translation).toMatchObject({ id: original.id, takenLanguages: ["en"] });
    expect(page.defaults.title).toBe(sampleWriteUp().title);

    const sameLanguage = await call(newAction, { db, cookie: translator.cookie, form: form({ intent: "publish", translationOf: String(original.id), language: "en" }) });
    expect(sameLanguage.status).toBe(400);
    expect((await sameLanguage.json()).errors.language.key).toBe("practice.languageTaken");

    const created = await call(newAction, { db, cookie: translator.cookie, form: form({ intent: "publish", translationOf: String(original.id), language: "bn", title: "রাতের ক্রেশ" }) });
    const translationSlug = decodeURIComponent(created.headers.get("Location")!.split("?")[0]!.split("/").at(-1)!);
    const fresh = await (await call(viewLoader, { db, cookie: author.cookie, params: { slug: translationSlug } })).json();
    expect(fresh.stale).toBeNull();
    expect(fresh.versions).toEqual([{ slug: original.slug, title: sampleWriteUp().title, language: "en", status: "published", original: true }]);
    const originalView = await (await call(viewLoader, { db, cookie: author.cookie, params: { slug: original.slug } })).json();
    expect(originalView.versions.map((v: { language: string }) => v.language)).toEqual(["bn"]);

    const source = (await getPracticeBySlug(db, { slug: original.slug }))!;
    await updatePractice(db, {
      id: source.id,
      editorId: author.id,
      writeUp: { ...writeUpOf(source), lessons: "New lesson" },
      meta: { language: "en", themes: source.themes, countries: source.countries },
      publish: true,
    });
    const stale = await (await call(viewLoader, { db, cookie: author.cookie, params: { slug: translationSlug } })).json();
    expect(stale.stale).toEqual({ slug: original.slug, from: 1, to: 2 });

    await call(editAction, { db, cookie: translator.cookie, params: { slug: translationSlug }, form: form({ intent: "save", language: "bn", title: "রাতের ক্রেশ" }) });
    const caughtUp = await (await call(viewLoader, { db, cookie: author.cookie, params: { slug: translationSlug } })).json();
    expect(caughtUp.stale).toBeNull();
  });
});

describe("lists", () => {
  it("page by keyset without gaps or repeats, and filter by theme, country, organisation and language", async () => {
    const nepal = await makeOrganisation(db, { country: "NP" });
    const malawi = await makeOrganisation(db, { country: "MW" });
    const a = await signedIn({ organisationId: nepal.id });
    const b = await signedIn({ organisationId: malawi.id });
    const base = 1_800_000_000_000;
    for (let i = 0; i < 23; i++) {
      await makePractice(db, {
        authorId: i % 2 ? a.id : b.id,
        organisationId: i % 2 ? nepal.id : malawi.id,
        writeUp: { title: `Practice ${i}` },
        meta: { themes: [i % 3 ? "health" : "housing"], countries: [i % 2 ? "NP" : "MW"], language: i % 4 ? "en" : "fr" },
        // Several share a timestamp, so the id must break ties.
        now: base + Math.floor(i / 3) * 1000,
      });
    }
    const first = await (await call(listLoader, { db, cookie: a.cookie, path: "/practices" })).json();
    expect(first.items).toHaveLength(20);
    expect(first.items[0].title).toBe("Practice 22");
    const second = await (await call(listLoader, { db, cookie: a.cookie, path: `/practices?after=${first.next}` })).json();
    expect(second.items).toHaveLength(3);
    expect(second.next).toBeNull();
    const titles = [...first.items, ...second.items].map((p: { title: string }) => p.title);
    expect(new Set(titles).size).toBe(23);

    const count = async (query: string) => (await (await call(listLoader, { db, cookie: a.cookie, path: `/practices?${query}` })).json()).items.length;
    expect(await count("theme=housing")).toBe(8);
    expect(await count("country=NP")).toBe(11);
    expect(await count(`organisation=${malawi.id}`)).toBe(12);
    expect(await count("language=fr")).toBe(6);
    expect(await count("language=fr&country=MW&theme=housing")).toBe(2);
    expect(await count("after=garbage&sort=whatever&theme=<script>")).toBe(0);
    expect((await listPublishedPractices(db, { reader: anyMember, sort: "updated", limit: 5 })).items).toHaveLength(5);
  });

  it("an organisation's page lists what it published", async () => {
    const org = await makeOrganisation(db);
    const author = await signedIn({ organisationId: org.id });
    await makePractice(db, { authorId: author.id, organisationId: org.id, writeUp: { title: "Published one" } });
    await makePractice(db, { authorId: author.id, organisationId: org.id, writeUp: { title: "Draft one" }, publish: false });
    const slug = (await db.selectFrom("organisations").select("slug").where("id", "=", org.id).executeTakeFirstOrThrow()).slug;
    const page = await (await call(orgLoader, { db, cookie: author.cookie, params: { slug } })).json();
    expect(page.practices.map((p: { title: string }) => p.title)).toEqual(["Published one"]);
  });
});
