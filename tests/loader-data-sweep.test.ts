import { execFileSync } from "node:child_process";
import type { Kysely } from "kysely";
import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import { addChapter, addEntry, createHandbook, setHandbookStatus } from "../app/models/handbook.server";
import { updatePractice, writeUpOf, getPracticeBySlug, setPracticeAudience, withdrawPractice } from "../app/models/practice.server";
import { loader as homeLoader } from "../app/routes/_index";
import { loader as adminMemberLoader } from "../app/routes/admin.members.$id";
import { loader as auditLoader } from "../app/routes/admin.audit";
import { action as commentAction, loader as commentLoader } from "../app/routes/comments.$id";
import { action as flagAction, loader as flagLoader } from "../app/routes/flag";
import { loader as curateLoader } from "../app/routes/handbooks.$slug.curate/route";
import { loader as handbookExportLoader } from "../app/routes/handbooks.$slug.export";
import { loader as handbookLoader } from "../app/routes/handbooks.$slug._index";
import { loader as printLoader } from "../app/routes/handbooks.$slug.print";
import { loader as compareLoader } from "../app/routes/handbooks.$slug.compare";
import { loader as downloadLoader } from "../app/routes/handbooks.$slug.download.$format";
import { loader as preparingLoader } from "../app/routes/handbooks.$slug.preparing.$format";
import { backgroundSettled } from "../app/server/background.server";
import { loader as handbooksLoader } from "../app/routes/handbooks._index";
import { loader as memberLoader } from "../app/routes/members.$id";
import { action as moderationAction, loader as moderationLoader } from "../app/routes/moderation";
import { loader as nominationsLoader } from "../app/routes/nominations";
import { loader as notificationsLoader } from "../app/routes/notifications";
import { loader as organisationLoader } from "../app/routes/organisations.$slug._index";
import { loader as organisationExportLoader } from "../app/routes/organisations.$slug.export";
import { loader as editLoader } from "../app/routes/practices.$slug.edit";
import { loader as historyLoader } from "../app/routes/practices.$slug.history";
import { action as practiceAction, loader as practiceLoader } from "../app/routes/practices.$slug._index/route";
import { action as nominateAction, loader as nominateLoader } from "../app/routes/practices.$slug.nominate";
import { loader as offlineCopyLoader } from "../app/routes/practices.$slug.offline";
import { loader as offlineManifestLoader } from "../app/routes/offline_.manifest";
import { loader as offlinePageLoader } from "../app/routes/offline";
import { loader as practicesLoader } from "../app/routes/practices._index";
import { loader as searchLoader } from "../app/routes/search";
import { loader as settingsExportLoader } from "../app/routes/settings.export";
import { action as savedAction, loader as savedLoader } from "../app/routes/saved";
import { action as newPracticeAction, loader as newPracticeLoader } from "../app/routes/practices.new";
import type { GlossaryContent, GlossaryTerm } from "../app/domain/glossary";
import { createConcept, reviseConcept, setConceptDeleted } from "../app/models/glossary.server";
import { loader as glossaryLoader } from "../app/routes/glossary._index";
import { loader as conceptLoader } from "../app/routes/glossary.$slug._index";
import { loader as conceptHistoryLoader } from "../app/routes/glossary.$slug.history";
import { loader as editConceptLoader } from "../app/routes/glossary.$slug.edit";
import { loader as termLoader } from "../app/routes/glossary.term.$";
import { loader as newConceptLoader } from "../app/routes/glossary.new";
import { action as proposalsAction, loader as proposalsLoader } from "../app/routes/glossary.proposals";
import { loader as newProposalLoader } from "../app/routes/glossary.proposals.new";
import { loader as glossaryExportLoader } from "../app/routes/glossary.export.$format";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makeOrganisation, makePractice, makeSignedIn } from "./factories";

/**
 * What a page sends is what its reader may see: every loader below, for every role, is read
 * as the bytes it returns (JSON, Markdown, ZIP contents) and searched for marker words
 * planted in every state that must not travel. A component that would not show a text is
 * not enough: the text must not be in the data.
 */
type Who = "owner" | "commenter" | "bystander" | "otherCoordinator" | "curator" | "admin";
const WHO: Who[] = ["owner", "commenter", "bystander", "otherCoordinator", "curator", "admin"];

const MARKERS = {
  deletedComment: { word: "xxdeletedcommentxx", readers: [] },
  hiddenComment: { word: "xxhiddencommentxx", readers: ["commenter", "curator", "admin"] },
  hiddenReason: { word: "xxhiddenreasonxx", readers: ["commenter", "curator", "admin"] },
  redactedCommentVersion: { word: "xxredactedversionxx", readers: [] },
  removedVersion: { word: "xxremovedversionxx", readers: [] },
  redactedRevision: { word: "xxredactedrevisionxx", readers: [] },
  restrictedPractice: { word: "xxrestrictedpracticexx", readers: ["owner", "curator", "admin"] },
  hiddenPractice: { word: "xxhiddenpracticexx", readers: ["owner", "curator", "admin"] },
  draftPractice: { word: "xxdraftpracticexx", readers: ["owner"] },
  draftHandbook: { word: "xxdrafthandbookxx", readers: ["curator", "admin"] },
  // Saved by everyone, then withdrawn or narrowed to its organisation: the Saved page forgets them.
  withdrawnSaved: { word: "xxwithdrawnsavedxx", readers: ["owner"] },
  narrowedSaved: { word: "xxnarrowedsavedxx", readers: ["owner"] },
  // A glossary concept a curator deleted: its curators still open it (to restore it); to members it is gone.
  deletedConceptTerm: { word: "xxdeletedconcepttermxx", readers: ["curator", "admin"] },
  deletedConceptAvoidReason: { word: "xxdeletedavoidreasonxx", readers: ["curator", "admin"] },
  deletedConceptDefinition: { word: "xxdeleteddefinitionxx", readers: ["curator", "admin"] },
  deletedConceptNotes: { word: "xxdeletednotesxx", readers: ["curator", "admin"] },
  // Glossary proposals: curators read the queue; a proposer their own (open ones on the concept's page, all in their export).
  proposalTerm: { word: "xxproposaltermxx", readers: ["bystander", "curator", "admin"] },
  proposalMessage: { word: "xxproposalmessagexx", readers: ["bystander", "curator", "admin"] },
  newConceptProposal: { word: "xxnewconceptproposalxx", readers: ["bystander", "curator", "admin"] },
  declinedProposal: { word: "xxdeclinedproposalxx", readers: ["commenter", "curator", "admin"] },
  declineNote: { word: "xxdeclinenotexx", readers: ["curator", "admin"] },
} satisfies Record<string, { word: string; readers: Who[] }>;

/** Planted beside each marker: search asks for it, so the query it echoes back is not the marker. */
const probe = (m: { word: string }) => m.word.replace(/^xx/, "pp");
const plant = (m: { word: string }) => `${m.word} ${probe(m)}`;

let db: Kysely<Database>;
let people: Record<Who, { id: number; cookie: string }>;
let routes: { name: string; run: (cookie: string) => Promise<Response> }[];

async function text(response: Response): Promise<string> {
  const type = response.headers.get("Content-Type") ?? "";
  if (type.includes("pdf")) return execFileSync("pdftotext", ["-enc", "UTF-8", "-", "-"], { input: new Uint8Array(await response.arrayBuffer()), encoding: "utf8" });
  if (type.includes("zip")) {
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    return Object.entries(files)
      .map(([name, bytes]) => `${name}\n${strFromU8(bytes)}`)
      .join("\n");
  }
  return response.text();
}

const commentIdOf = (response: Response) => Number(response.headers.get("Location")!.split("comment-")[1]);

beforeAll(async () => {
  db = await createTestDb();
  const orgA = await makeOrganisation(db, { name: "Kolkata Crèche Collective", country: "IN" });
  const orgB = await makeOrganisation(db, { name: "Lilongwe Outreach", country: "MW" });
  const orgC = await makeOrganisation(db, { name: "Editorial Board", country: "NP" });
  people = {
    owner: await makeSignedIn(db, { organisationId: orgA.id, displayName: "Owner" }),
    commenter: await makeSignedIn(db, { organisationId: orgB.id, displayName: "Commenter" }),
    bystander: await makeSignedIn(db, { organisationId: orgB.id, displayName: "Bystander" }),
    otherCoordinator: await makeSignedIn(db, { organisationId: orgB.id, role: "coordinator", displayName: "Coordinator" }),
    curator: await makeSignedIn(db, { organisationId: orgC.id, role: "curator", displayName: "Curator" }),
    admin: await makeSignedIn(db, { organisationId: orgC.id, role: "admin", displayName: "Admin" }),
  };
  const { owner, commenter, bystander, curator } = people;
  const practice = (context: string, extra: { publish?: boolean; title?: string } = {}) =>
    makePractice(db, { authorId: owner.id, organisationId: orgA.id, publish: extra.publish ?? true, writeUp: { title: extra.title ?? "Evening classes", context } });
  const open = await practice("Mothers could not attend classes.", { title: "Open practice" });
  const redacted = await practice(`The girl ${plant(MARKERS.redactedRevision)} was referred by the police.`, { title: "Referral with the police" });
  const restricted = await practice(`Call ${plant(MARKERS.restrictedPractice)} on 0999 123 456.`, { title: `Shelter intake ${MARKERS.restrictedPractice.word}` });
  const hidden = await practice(`This names ${plant(MARKERS.hiddenPractice)}.`, { title: `Bakery training ${MARKERS.hiddenPractice.word}` });
  const draft = await practice("Still writing.", { publish: false, title: `Draft ${plant(MARKERS.draftPractice)}` });
  const withdrawnSaved = await practice("Consent was withdrawn later.", { title: `Bus stop ${plant(MARKERS.withdrawnSaved)}` });
  const narrowedSaved = await practice("Kept for the organisation later.", { title: `Border post ${plant(MARKERS.narrowedSaved)}` });
  // Everyone saves every practice they may while it is open to them (the Saved page then checks again).
  for (const who of Object.values(people)) {
    for (const p of [open, redacted, restricted, hidden, withdrawnSaved, narrowedSaved]) {
      expect((await call(savedAction, { db, cookie: who.cookie, path: "/saved", form: { intent: "save", practiceId: String(p.id) } })).status).toBe(303);
    }
  }
  await withdrawPractice(db, { id: withdrawnSaved.id, by: owner.id, reason: "Consent withdrawn" });
  await setPracticeAudience(db, { id: narrowedSaved.id, audience: { audience: "organisation", groupId: null } });

  // A published handbook that holds every one of them, pinned at revision 1.
  const book = await createHandbook(db, { title: "First handbook", edition: 1, language: "en", introMd: "", createdBy: curator.id });
  const chapter = await addChapter(db, { handbookId: book.id, title: "Primary needs", introMd: "" });
  for (const p of [open, redacted, restricted, hidden]) await addEntry(db, { chapterId: chapter, practiceId: p.id, revisionNumber: 1, note: "", addedBy: curator.id });
  await setHandbookStatus(db, { id: book.id, status: "published" });
  const draftBook = await createHandbook(db, { title: `Next ${plant(MARKERS.draftHandbook)}`, edition: 1, language: "en", introMd: "", createdBy: curator.id });

  const onOpen = { db, params: { slug: open.slug } };
  const post = (who: { cookie: string }, body: string) => call(practiceAction, { ...onOpen, cookie: who.cookie, form: { intent: "comment", body } });
  const onComment = (id: number, who: { cookie: string }, form: Record<string, string>) => call(commentAction, { db, cookie: who.cookie, params: { id: String(id) }, form });

  // Deleted by its author.
  const deleted = commentIdOf(await post(commenter, `Our count ${plant(MARKERS.deletedComment)}.`));
  expect((await onComment(deleted, commenter, { intent: "delete", confirm: "yes" })).status).toBe(302);
  // Hidden by a moderator, with a reason.
  const hiddenComment = commentIdOf(await post(commenter, `She is ${plant(MARKERS.hiddenComment)}, 14.`));
  expect((await onComment(hiddenComment, curator, { intent: "hide", reason: `Names a girl ${plant(MARKERS.hiddenReason)}` })).status).toBe(302);
  // Personal data edited out by a moderator after a flag.
  const flagged = commentIdOf(await post(commenter, `Her number is ${plant(MARKERS.redactedCommentVersion)}.`));
  await onComment(flagged, commenter, { intent: "edit", body: `Her number is ${plant(MARKERS.redactedCommentVersion)}, call her.` });
  expect((await call(flagAction, { db, cookie: bystander.cookie, path: `/flag?comment=${flagged}`, form: { reason: "personal_data" } })).status).toBe(302);
  const commentFlag = await db.selectFrom("flags").select("id").where("subject_type", "=", "comment").executeTakeFirstOrThrow();
  expect(
    (await call(moderationAction, { db, cookie: curator.cookie, form: { flagId: String(commentFlag.id), resolution: "edited", note: "Number removed", body: "Her number was removed." } })).status,
  ).toBe(302);
  // An earlier version its author took back.
  const rewritten = commentIdOf(await post(commenter, `First try ${plant(MARKERS.removedVersion)}.`));
  await onComment(rewritten, commenter, { intent: "edit", body: "Second try." });
  const version = await db.selectFrom("comment_versions").select("id").where("comment_id", "=", rewritten).executeTakeFirstOrThrow();
  expect((await onComment(rewritten, commenter, { intent: "removeVersion", versionId: String(version.id) })).status).toBe(302);

  // A practice whose personal data was edited out after a flag: revision 1 is redacted.
  expect((await call(flagAction, { db, cookie: bystander.cookie, path: `/flag?practice=${redacted.slug}`, form: { reason: "personal_data" } })).status).toBe(302);
  const current = (await getPracticeBySlug(db, { slug: redacted.slug }))!;
  await updatePractice(db, {
    id: current.id,
    editorId: owner.id,
    writeUp: { ...writeUpOf(current), context: "A girl was referred by the police." },
    meta: { language: "en", themes: current.themes, countries: current.countries },
    publish: false,
    now: Date.now() + 1,
  });
  const practiceFlag = await db.selectFrom("flags").select("id").where("subject_id", "=", redacted.id).where("subject_type", "=", "practice").executeTakeFirstOrThrow();
  expect((await call(moderationAction, { db, cookie: curator.cookie, form: { flagId: String(practiceFlag.id), resolution: "edited", note: "Name removed" } })).status).toBe(302);
  // Restricted while a personal-data flag is open; the commenter, who follows it, is told of a comment after that.
  await call(practiceAction, { db, params: { slug: restricted.slug }, cookie: commenter.cookie, form: { intent: "comment", body: "We do this too." } });
  expect((await call(flagAction, { db, cookie: bystander.cookie, path: `/flag?practice=${restricted.slug}`, form: { reason: "personal_data" } })).status).toBe(302);
  await call(practiceAction, { db, params: { slug: restricted.slug }, cookie: owner.cookie, form: { intent: "comment", body: "Thank you." } });
  // Hidden by moderators.
  await call(flagAction, { db, cookie: bystander.cookie, path: `/flag?practice=${hidden.slug}`, form: { reason: "harmful" } });
  const hideFlag = await db.selectFrom("flags").select("id").where("subject_id", "=", hidden.id).where("subject_type", "=", "practice").executeTakeFirstOrThrow();
  expect((await call(moderationAction, { db, cookie: curator.cookie, form: { flagId: String(hideFlag.id), resolution: "hidden", note: `Hidden: ${plant(MARKERS.hiddenPractice)}` } })).status).toBe(
    302,
  );
  // Nominated into a handbook still in draft.
  expect((await call(nominateAction, { ...onOpen, cookie: curator.cookie, form: { handbook: String(draftBook.id), reason: "Strong" } })).status).toBe(302);

  // The glossary: a live concept, and one deleted after a second revision (its history holds both).
  const glossaryTerm = (text: string, extra: Partial<GlossaryTerm> = {}): GlossaryTerm => ({ language: "en", text, status: "preferred", reason: "", alternative: "", source: "", ...extra });
  const liveConcept = await createConcept(db, {
    content: { theme: null, definitions: { en: "A place to stay in safety." }, notes: "", terms: [glossaryTerm("safe house")] },
    authorId: curator.id,
  });
  const retired: GlossaryContent = {
    theme: null,
    definitions: { en: `Once ${plant(MARKERS.deletedConceptDefinition)}.` },
    notes: `Kept ${plant(MARKERS.deletedConceptNotes)}.`,
    terms: [
      glossaryTerm(plant(MARKERS.deletedConceptTerm)),
      glossaryTerm("wayfarer", { status: "avoid", reason: plant(MARKERS.deletedConceptAvoidReason), alternative: plant(MARKERS.deletedConceptTerm) }),
    ],
  };
  // Its slug is given: one made from its name would carry the marker into every link to it.
  const deletedConcept = await createConcept(db, { content: { ...retired, terms: retired.terms.slice(0, 1) }, authorId: curator.id, slug: "retired-concept" });
  expect((await reviseConcept(db, { conceptId: deletedConcept.id, content: retired, authorId: curator.id })).kind).toBe("revised");
  await setConceptDeleted(db, { conceptId: deletedConcept.id, deleted: true });
  const propose = (who: { cookie: string }, form: Record<string, string>) =>
    call(proposalsAction, { db, cookie: who.cookie, path: "/glossary/proposals", form: { intent: "propose", kind: "term", language: "en", statusProposed: "admitted", ...form } });
  expect((await propose(bystander, { conceptSlug: liveConcept.slug, term: plant(MARKERS.proposalTerm), message: `Because ${plant(MARKERS.proposalMessage)}` })).status).toBe(302);
  expect((await propose(bystander, { conceptSlug: "", term: plant(MARKERS.newConceptProposal), message: `Needed ${plant(MARKERS.newConceptProposal)}` })).status).toBe(302);
  expect((await propose(commenter, { conceptSlug: liveConcept.slug, kind: "correction", message: `Wrong ${plant(MARKERS.declinedProposal)}` })).status).toBe(302);
  const correction = await db.selectFrom("glossary_proposals").select("id").where("kind", "=", "correction").executeTakeFirstOrThrow();
  expect(
    (await call(proposalsAction, { db, cookie: curator.cookie, path: "/glossary/proposals", form: { intent: "decline", id: String(correction.id), note: `No ${plant(MARKERS.declineNote)}` } })).status,
  ).toBe(302);

  const get =
    (fn: Parameters<typeof call>[0], options: Omit<Parameters<typeof call>[1], "db" | "cookie"> = {}) =>
    (cookie: string) =>
      call(fn, { db, cookie, ...options });
  routes = [
    { name: "home", run: get(homeLoader) },
    { name: "practices", run: get(practicesLoader) },
    ...Object.values(MARKERS).map((m) => ({ name: `search ${probe(m)}`, run: get(searchLoader, { path: `/search?q=${probe(m)}` }) })),
    { name: "search common word", run: get(searchLoader, { path: "/search?q=girl" }) },
    { name: "saved", run: get(savedLoader, { path: "/saved" }) },
    { name: "offline manifest", run: get(offlineManifestLoader, { path: "/offline/manifest" }) },
    { name: "offline page", run: get(offlinePageLoader, { path: "/offline" }) },
    ...[open, redacted, restricted, hidden, draft, withdrawnSaved, narrowedSaved].map((p) => ({ name: `offline copy ${p.slug}`, run: get(offlineCopyLoader, { params: { slug: p.slug } }) })),
    ...[open, redacted, restricted, hidden, draft, withdrawnSaved, narrowedSaved].flatMap((p) => [
      { name: `practice ${p.slug}`, run: get(practiceLoader, { params: { slug: p.slug } }) },
      { name: `history ${p.slug}`, run: get(historyLoader, { params: { slug: p.slug }, path: `/practices/${p.slug}/history?from=1&to=2` }) },
      { name: `edit ${p.slug}`, run: get(editLoader, { params: { slug: p.slug } }) },
      { name: `nominate ${p.slug}`, run: get(nominateLoader, { params: { slug: p.slug } }) },
      { name: `flag ${p.slug}`, run: get(flagLoader, { path: `/flag?practice=${p.slug}` }) },
    ]),
    ...[deleted, hiddenComment, flagged, rewritten].flatMap((id) => [
      { name: `comment ${id}`, run: get(commentLoader, { params: { id: String(id) } }) },
      { name: `flag comment ${id}`, run: get(flagLoader, { path: `/flag?comment=${id}` }) },
    ]),
    { name: "handbooks", run: get(handbooksLoader) },
    ...[book.slug, draftBook.slug].flatMap((slug) => [
      { name: `handbook ${slug}`, run: get(handbookLoader, { params: { slug } }) },
      { name: `print ${slug}`, run: get(printLoader, { params: { slug } }) },
      { name: `export ${slug}`, run: get(handbookExportLoader, { params: { slug } }) },
      { name: `curate ${slug}`, run: get(curateLoader, { params: { slug } }) },
      { name: `compare ${slug}`, run: get(compareLoader, { params: { slug } }) },
      ...(["pdf", "epub"] as const).flatMap((format) => [
        { name: `preparing ${format} ${slug}`, run: get(preparingLoader, { params: { slug, format } }) },
        {
          name: `${format} of ${slug}`,
          // Made by the queue the first time it is asked for; then the file itself.
          run: async (cookie: string) => {
            const download = get(downloadLoader, { params: { slug, format }, path: `/handbooks/${slug}/download/${format}` });
            const first = await download(cookie);
            if (first.status !== 303) return first;
            await backgroundSettled();
            return download(cookie);
          },
        },
      ]),
    ]),
    { name: "nominations", run: get(nominationsLoader) },
    { name: "moderation", run: get(moderationLoader) },
    { name: "notifications", run: get(notificationsLoader) },
    ...WHO.map((who) => ({ name: `profile of ${who}`, run: (cookie: string) => call(memberLoader, { db, cookie, params: { id: String(people[who].id) } }) })),
    { name: "organisation A", run: get(organisationLoader, { params: { slug: orgA.slug } }) },
    { name: "organisation A archive", run: get(organisationExportLoader, { params: { slug: orgA.slug } }) },
    { name: "export my data", run: get(settingsExportLoader) },
    { name: "audit log", run: get(auditLoader) },
    { name: "admin: commenter", run: (cookie: string) => call(adminMemberLoader, { db, cookie, params: { id: String(commenter.id) } }) },
    { name: "glossary", run: get(glossaryLoader, { path: "/glossary" }) },
    ...Object.values(MARKERS).map((m) => ({ name: `glossary search ${probe(m)}`, run: get(glossaryLoader, { path: `/glossary?q=${probe(m)}` }) })),
    { name: "glossary search for the deleted concept's term to avoid", run: get(glossaryLoader, { path: "/glossary?q=wayfarer" }) },
    { name: "site search for the deleted concept's term to avoid", run: get(searchLoader, { path: "/search?q=wayfarer" }) },
    ...[liveConcept.slug, deletedConcept.slug].flatMap((slug) => [
      { name: `glossary concept ${slug}`, run: get(conceptLoader, { params: { slug } }) },
      { name: `glossary history ${slug}`, run: get(conceptHistoryLoader, { params: { slug } }) },
      { name: `glossary edit ${slug}`, run: get(editConceptLoader, { params: { slug } }) },
    ]),
    { name: "[[term]] of the deleted concept", run: get(termLoader, { params: { "*": "wayfarer" }, path: "/glossary/term/wayfarer" }) },
    ...(["open", "accepted", "declined"] as const).map((status) => ({ name: `glossary proposals: ${status}`, run: get(proposalsLoader, { path: `/glossary/proposals?status=${status}` }) })),
    { name: "propose a glossary concept", run: get(newProposalLoader, { path: "/glossary/proposals/new" }) },
    { name: "new glossary concept", run: get(newConceptLoader, { path: "/glossary/new" }) },
    ...(["tbx", "csv"] as const).map((format) => ({ name: `glossary export ${format}`, run: get(glossaryExportLoader, { params: { format }, path: `/glossary/export/${format}` }) })),
    { name: "new practice", run: get(newPracticeLoader, { path: "/practices/new" }) },
    // The editor's advice names only terms to avoid of concepts still in the glossary.
    {
      name: "preview of a write-up using the deleted concept's term to avoid",
      run: (cookie: string) => call(newPracticeAction, { db, cookie, path: "/practices/new", form: { intent: "preview", title: "A wayfarer", approach: "We met a wayfarer.", language: "en" } }),
    },
  ];
});

describe("loader data holds only what its reader may see", () => {
  for (const who of WHO) {
    it(`for ${who}`, async () => {
      const leaks: string[] = [];
      const seen = new Set<string>();
      for (const route of routes) {
        const body = await text(await route.run(people[who].cookie));
        for (const [name, marker] of Object.entries(MARKERS)) {
          if (!body.includes(marker.word)) continue;
          seen.add(name);
          if (!(marker.readers as Who[]).includes(who)) leaks.push(`${route.name}: ${name}`);
        }
      }
      expect(leaks).toEqual([]);
      // The sweep must be able to fail: each reader finds what they may read somewhere.
      const expected = Object.entries(MARKERS)
        .filter(([, m]) => (m.readers as Who[]).includes(who))
        .map(([name]) => name);
      expect([...seen].sort()).toEqual(expected.sort());
    });
  }
});
