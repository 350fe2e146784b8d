import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import { getConcept, listProposals } from "../app/models/glossary.server";
import { listNotifications } from "../app/models/notification.server";
import { listThemes } from "../app/models/practice.server";
import { action as editAction, loader as editLoader } from "../app/routes/glossary.$slug.edit";
import { loader as historyLoader } from "../app/routes/glossary.$slug.history";
import { action as newAction, loader as newLoader } from "../app/routes/glossary.new";
import { action as proposalsAction, loader as proposalsLoader } from "../app/routes/glossary.proposals";
import { loader as notificationsLoader } from "../app/routes/notifications";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makeSignedIn } from "./factories";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

type Row = { language: string; text: string; status: string; reason?: string; alternative?: string; source?: string };

/** The editor's fields as a browser sends them: every row, empty ones too. */
function conceptForm(rows: Row[], extra: Record<string, string> = {}) {
  const form: Record<string, string> = { intent: "save", theme: "", notes: "", summary: "", ...extra };
  [...rows, { language: "en", text: "", status: "admitted" }].forEach((r, i) => {
    form[`term.${i}.language`] = r.language;
    form[`term.${i}.text`] = r.text;
    form[`term.${i}.status`] = r.status;
    form[`term.${i}.reason`] = r.reason ?? "";
    form[`term.${i}.alternative`] = r.alternative ?? "";
    form[`term.${i}.source`] = r.source ?? "";
  });
  return form;
}

const EXIT_TERMS: Row[] = [
  { language: "en", text: "person in prostitution", status: "preferred" },
  { language: "en", text: "prostitute", status: "avoid", reason: "Reduces a person to what is done to them." },
  { language: "fr", text: "personne prostituée", status: "preferred" },
  { language: "ne", text: "यौनकर्मी", status: "admitted" },
];

async function scene() {
  const curator = await makeSignedIn(db, { role: "curator", displayName: "Curator Chanda" });
  const member = await makeSignedIn(db, { displayName: "Member Mira" });
  const created = await call(newAction, { db, cookie: curator.cookie, form: conceptForm(EXIT_TERMS, { "definition.en": "Someone selling sex.", summary: "First draft" }) });
  expect(created.status).toBe(302);
  const location = created.headers.get("Location")!;
  const slug = decodeURIComponent(location.split("/")[2]!.split("?")[0]!);
  expect(location).toBe(`/glossary/${encodeURIComponent(slug)}?done=created`);
  const edit = (form: Record<string, string>, cookie = curator.cookie, path = `/glossary/${slug}/edit`) => call(editAction, { db, cookie, params: { slug }, form, path });
  return { curator, member, slug, edit };
}

const auditRows = (action: string) => db.selectFrom("audit_log").select(["action", "target_id", "detail"]).where("action", "=", action).execute();

describe("creating and revising a concept", () => {
  it("creates a concept with terms in en, fr and ne, the avoid term pointing at the preferred one", async () => {
    const { slug } = await scene();
    expect(slug).toBe("person-in-prostitution");
    const concept = (await getConcept(db, { slug }))!;
    expect(concept.currentRevision).toBe(1);
    expect(concept.content.terms.map((t) => [t.language, t.text, t.status])).toEqual(EXIT_TERMS.map((t) => [t.language, t.text, t.status]));
    expect(concept.content.terms[1]!.alternative).toBe("person in prostitution");
    expect(concept.content.definitions).toEqual({ en: "Someone selling sex." });
    const audit = await auditRows("glossary.created");
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.detail!)).toEqual({ revision: 1, summary: "First draft" });
  });

  it("revises: revision 2, terms table rewritten, audit row, and the history shows the change", async () => {
    const { slug, edit, member } = await scene();
    const page = await (await call(editLoader, { db, cookie: (await makeSignedIn(db, { role: "curator" })).cookie, params: { slug } })).json();
    expect(page.values["term.1.text"]).toBe("prostitute");
    expect(Number(page.values.rows)).toBe(EXIT_TERMS.length + 3);
    const changed = EXIT_TERMS.filter((t) => t.language !== "ne").map((t) => (t.text === "personne prostituée" ? { ...t } : t));
    changed.push({ language: "fr", text: "prostituée", status: "avoid", reason: "Stigmatisant." });
    const response = await edit(conceptForm(changed, { basedOn: "1", "definition.en": "Someone who sells sex.", summary: "French avoid term" }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/glossary/${slug}?done=saved`);
    const concept = (await getConcept(db, { slug }))!;
    expect(concept.currentRevision).toBe(2);
    const terms = await db.selectFrom("glossary_terms").select(["language", "text", "status", "alternative"]).where("concept_id", "=", concept.id).orderBy("id").execute();
    expect(terms.map((t) => `${t.language}:${t.text}:${t.status}:${t.alternative}`)).toEqual([
      "en:person in prostitution:preferred:",
      "en:prostitute:avoid:person in prostitution",
      "fr:personne prostituée:preferred:",
      "fr:prostituée:avoid:personne prostituée",
    ]);
    const audit = await auditRows("glossary.revised");
    expect(JSON.parse(audit[0]!.detail!)).toEqual({ revision: 2, summary: "French avoid term" });

    const history = await (await call(historyLoader, { db, cookie: member.cookie, params: { slug } })).json();
    expect(history.revisions.map((r: { number: number }) => r.number)).toEqual([2, 1]);
    const latest = history.revisions[0];
    expect(latest.summary).toBe("French avoid term");
    expect(latest.authorName).toBe("Curator Chanda");
    const byLanguage = Object.fromEntries(latest.diff.languages.map((l: { language: string }) => [l.language, l]));
    expect(byLanguage.fr.added.map((t: { text: string }) => t.text)).toEqual(["prostituée"]);
    expect(byLanguage.ne.removed.map((t: { text: string }) => t.text)).toEqual(["यौनकर्मी"]);
    const parts: { change: string; text: string }[] = byLanguage.en.definition;
    expect(
      parts
        .filter((p) => p.change !== "removed")
        .map((p) => p.text)
        .join(""),
    ).toBe("Someone who sells sex.");
    expect(
      parts
        .filter((p) => p.change === "removed")
        .map((p) => p.text)
        .join(""),
    ).toContain("selling");
    expect(
      parts
        .filter((p) => p.change === "added")
        .map((p) => p.text)
        .join(""),
    ).toContain("who");
  });

  it("says so when nothing changed", async () => {
    const { slug, edit } = await scene();
    const response = await edit(conceptForm(EXIT_TERMS, { basedOn: "1", "definition.en": "Someone selling sex." }));
    expect(response.headers.get("Location")).toBe(`/glossary/${slug}?done=unchanged`);
    expect((await getConcept(db, { slug }))!.currentRevision).toBe(1);
  });

  it("a change made meanwhile is a conflict: 409, the typed form kept", async () => {
    const { slug, edit } = await scene();
    expect((await edit(conceptForm([...EXIT_TERMS, { language: "es", text: "persona en prostitución", status: "preferred" }], { basedOn: "1" }))).status).toBe(302);
    const late = await edit(conceptForm([...EXIT_TERMS, { language: "de", text: "Person in der Prostitution", status: "preferred" }], { basedOn: "1", notes: "Mine" }));
    expect(late.status).toBe(409);
    const body = await late.json();
    expect(body.conflict).toBe(2);
    expect(body.values["term.4.text"]).toBe("Person in der Prostitution");
    expect(body.values.notes).toBe("Mine");
    expect((await getConcept(db, { slug }))!.currentRevision).toBe(2);
  });

  it("keeps everything typed when more rows are asked for", async () => {
    const { slug, edit } = await scene();
    const response = await edit({ ...conceptForm(EXIT_TERMS, { notes: "draft notes" }), intent: "rows" });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.values["term.2.text"]).toBe("personne prostituée");
    expect(body.values.notes).toBe("draft notes");
    expect(Number(body.values.rows)).toBe(EXIT_TERMS.length + 1 + 5);
    expect((await getConcept(db, { slug }))!.currentRevision).toBe(1);
  });

  it("refuses an avoid term without a reason, two preferred terms, an unknown alternative and no term (400, values kept)", async () => {
    const { edit, curator } = await scene();
    const bad = await edit(
      conceptForm([
        { language: "en", text: "person in prostitution", status: "preferred" },
        { language: "en", text: "prostitute", status: "avoid" },
        { language: "en", text: "sex worker", status: "preferred" },
        { language: "fr", text: "prostituée", status: "avoid", reason: "Stigmatisant.", alternative: "travailleuse" },
      ]),
    );
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.errors["term.1.reason"].key).toBe("glossary.edit.error.reasonNeeded");
    expect(body.errors["term.2.status"].key).toBe("glossary.edit.error.twoPreferred");
    expect(body.errors["term.3.alternative"].key).toBe("glossary.edit.error.alternative");
    expect(body.values["term.2.text"]).toBe("sex worker");
    const empty = await call(newAction, { db, cookie: curator.cookie, form: conceptForm([], { notes: "only notes" }) });
    expect(empty.status).toBe(400);
    const emptyBody = await empty.json();
    expect(emptyBody.errors["term.0.text"].key).toBe("glossary.edit.error.noTerms");
    expect(emptyBody.values.notes).toBe("only notes");
    const theme = (await listThemes(db))[0];
    if (theme) expect((await call(newAction, { db, cookie: curator.cookie, form: conceptForm([{ language: "en", text: "outreach", status: "preferred" }], { theme }) })).status).toBe(302);
    expect((await call(newAction, { db, cookie: curator.cookie, form: conceptForm([{ language: "en", text: "outreach", status: "preferred" }], { theme: "no-such-theme" }) })).status).toBe(400);
  });

  it("a member may not edit, create or decide (403)", async () => {
    const { slug, edit, member } = await scene();
    expect((await call(newLoader, { db, cookie: member.cookie })).status).toBe(403);
    expect((await call(newAction, { db, cookie: member.cookie, form: conceptForm(EXIT_TERMS) })).status).toBe(403);
    expect((await call(editLoader, { db, cookie: member.cookie, params: { slug } })).status).toBe(403);
    expect((await edit(conceptForm(EXIT_TERMS, { basedOn: "1" }), member.cookie)).status).toBe(403);
    expect((await call(proposalsAction, { db, cookie: member.cookie, form: { intent: "accept", id: "1" } })).status).toBe(403);
  });

  it("deletes after a confirmation step and restores", async () => {
    const { slug, edit, member } = await scene();
    const confirm = await (await call(editLoader, { db, cookie: (await makeSignedIn(db, { role: "admin" })).cookie, params: { slug }, path: `/glossary/${slug}/edit?delete=1` })).json();
    expect(confirm.confirmDelete).toBe(true);
    const deleted = await edit({ intent: "delete" });
    expect(deleted.headers.get("Location")).toBe("/glossary?done=deleted");
    expect((await getConcept(db, { slug }))!.deletedAt).not.toBeNull();
    expect((await call(historyLoader, { db, cookie: member.cookie, params: { slug } })).status).toBe(404);
    expect(await auditRows("glossary.deleted")).toHaveLength(1);
    const restored = await edit({ intent: "restore" });
    expect(restored.headers.get("Location")).toBe(`/glossary/${slug}?done=restored`);
    expect((await getConcept(db, { slug }))!.deletedAt).toBeNull();
    expect(await auditRows("glossary.restored")).toHaveLength(1);
  });
});

describe("proposals", () => {
  const propose = (cookie: string, form: Record<string, string>) =>
    call(proposalsAction, { db, cookie, form: { intent: "propose", kind: "term", statusProposed: "admitted", message: "", term: "", ...form } });

  it("a member proposes a term; a curator accepts it into a new revision", async () => {
    const { slug, member, curator } = await scene();
    const sent = await propose(member.cookie, { conceptSlug: slug, language: "es", term: "persona en situación de prostitución", statusProposed: "preferred", message: "Used by our network." });
    expect(sent.status).toBe(302);
    expect(sent.headers.get("Location")).toBe(`/glossary/${slug}?done=proposed`);
    const queue = await (await call(proposalsLoader, { db, cookie: curator.cookie })).json();
    expect(queue.proposals.items).toHaveLength(1);
    expect(queue.proposals.items[0]).toMatchObject({ proposerName: "Member Mira", conceptSlug: slug, term: "persona en situación de prostitución", status: "open" });
    const accepted = await call(proposalsAction, { db, cookie: curator.cookie, form: { intent: "accept", id: String(queue.proposals.items[0].id) } });
    expect(accepted.headers.get("Location")).toBe("/glossary/proposals?done=accepted");
    const concept = (await getConcept(db, { slug }))!;
    expect(concept.currentRevision).toBe(2);
    expect(concept.content.terms.find((t) => t.language === "es")).toMatchObject({ text: "persona en situación de prostitución", status: "preferred" });
    const revision = await db.selectFrom("glossary_revisions").select("summary").where("concept_id", "=", concept.id).where("number", "=", 2).executeTakeFirstOrThrow();
    expect(revision.summary).toBe(`Proposal #${queue.proposals.items[0].id} from Member Mira`);
    expect(await auditRows("glossary.proposal_accepted")).toHaveLength(1);
    // Deciding twice changes nothing.
    const again = await call(proposalsAction, { db, cookie: curator.cookie, form: { intent: "accept", id: String(queue.proposals.items[0].id) } });
    expect(again.headers.get("Location")).toBe("/glossary/proposals?done=decided");
    expect((await getConcept(db, { slug }))!.currentRevision).toBe(2);
  });

  it("a proposal with errors comes back with what was typed (400); a curator declines with a note", async () => {
    const { slug, member, curator } = await scene();
    const bad = await propose(member.cookie, { conceptSlug: slug, language: "fr", term: "pute", statusProposed: "avoid", message: "" });
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.errors.message.key).toBe("glossary.proposal.error.avoidReason");
    expect(body.values.term).toBe("pute");
    expect(body.propose).toBe(true);
    // The member's page here is the form, not the queue.
    expect((await (await call(proposalsLoader, { db, cookie: member.cookie })).json()).reviewer).toBe(false);

    await propose(member.cookie, { conceptSlug: slug, language: "fr", term: "travailleuse du sexe", message: "Plus neutre." });
    const [open] = (await listProposals(db, { status: "open" })).items;
    const declined = await call(proposalsAction, { db, cookie: curator.cookie, form: { intent: "decline", id: String(open!.id), note: "Not in our network's usage." } });
    expect(declined.headers.get("Location")).toBe("/glossary/proposals?done=declined");
    const [decided] = (await listProposals(db, { status: "declined" })).items;
    expect(decided).toMatchObject({ id: open!.id, decisionNote: "Not in our network's usage.", deciderName: "Curator Chanda" });
    expect((await getConcept(db, { slug }))!.currentRevision).toBe(1);
    expect(await auditRows("glossary.proposal_declined")).toHaveLength(1);
  });

  it("a term for a new concept becomes a concept; a correction is made in the editor and accepted on saving", async () => {
    const { slug, member, curator, edit } = await scene();
    await propose(member.cookie, { conceptSlug: "", language: "en", term: "exit support", statusProposed: "preferred", message: "Help leaving." });
    await propose(member.cookie, { conceptSlug: slug, kind: "correction", language: "en", message: "The definition should say 'who sells sex'." });
    const [newTerm, correction] = (await listProposals(db, { status: "open" })).items;
    expect(newTerm!.conceptId).toBeNull();
    await call(proposalsAction, { db, cookie: curator.cookie, form: { intent: "accept", id: String(newTerm!.id) } });
    expect((await getConcept(db, { slug: "exit-support" }))!.content.terms).toEqual([{ language: "en", text: "exit support", status: "preferred", reason: "", alternative: "", source: "" }]);

    const toEditor = await call(proposalsAction, { db, cookie: curator.cookie, form: { intent: "accept", id: String(correction!.id) } });
    expect(toEditor.headers.get("Location")).toBe(`/glossary/${slug}/edit?proposal=${correction!.id}`);
    const page = await (await call(editLoader, { db, cookie: curator.cookie, params: { slug }, path: `/glossary/${slug}/edit?proposal=${correction!.id}` })).json();
    expect(page.proposal.message).toBe("The definition should say 'who sells sex'.");
    await edit(conceptForm(EXIT_TERMS, { basedOn: "1", proposal: String(correction!.id), "definition.en": "Someone who sells sex." }));
    expect((await listProposals(db, { status: "accepted" })).items.map((p) => p.id).sort()).toEqual([newTerm!.id, correction!.id].sort());
    expect((await getConcept(db, { slug }))!.currentRevision).toBe(2);
  });

  it("tells the proposer of each decision, with a link to the concept (the new one, for a new concept)", async () => {
    const { slug, member, curator } = await scene();
    await propose(member.cookie, { conceptSlug: "", language: "en", term: "exit support", statusProposed: "preferred", message: "Help leaving." });
    await propose(member.cookie, { conceptSlug: slug, language: "fr", term: "travailleuse du sexe", message: "Plus neutre." });
    const [newTerm, declined] = (await listProposals(db, { status: "open" })).items;
    await call(proposalsAction, { db, cookie: curator.cookie, form: { intent: "accept", id: String(newTerm!.id) } });
    await call(proposalsAction, { db, cookie: curator.cookie, form: { intent: "decline", id: String(declined!.id), note: "No." } });
    const groups = await listNotifications(db, { userId: member.id });
    expect(groups.map((g) => [g.kind, g.glossary, g.actorNames])).toEqual([
      ["glossary_declined", { slug, term: "travailleuse du sexe" }, ["Curator Chanda"]],
      ["glossary_accepted", { slug: "exit-support", term: "exit support" }, ["Curator Chanda"]],
    ]);
    expect(await listNotifications(db, { userId: curator.id })).toEqual([]);
    const home = await call(notificationsLoader, { db, cookie: member.cookie });
    expect(JSON.stringify(await home.json())).toContain("exit-support");
  });
});
