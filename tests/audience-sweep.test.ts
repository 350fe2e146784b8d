import type { Kysely } from "kysely";
import { execFileSync } from "node:child_process";
import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import sharp from "sharp";
import { hideAttachment, purgeAttachments, storePendingAttachment } from "../app/models/attachment.server";
import { createComment } from "../app/models/comment.server";
import { createFlag } from "../app/models/flag.server";
import { addChapter, addEntry, createHandbook, setHandbookStatus } from "../app/models/handbook.server";
import { createNomination } from "../app/models/nomination.server";
import { addGroupMember, createGroup } from "../app/models/organisation-group.server";
import { createPractice, setPracticeAudience, setPracticeStatus, updatePractice, withdrawPractice } from "../app/models/practice.server";
import { loader as homeLoader } from "../app/routes/_index";
import { loader as fileLoader } from "../app/routes/attachments.$id.($variant)";
import { loader as commentLoader } from "../app/routes/comments.$id";
import { loader as flagLoader } from "../app/routes/flag";
import { loader as groupLoader } from "../app/routes/groups.$slug";
import { loader as handbookLoader } from "../app/routes/handbooks.$slug._index";
import { loader as curateLoader } from "../app/routes/handbooks.$slug.curate/route";
import { loader as handbookExportLoader } from "../app/routes/handbooks.$slug.export";
import { loader as printLoader } from "../app/routes/handbooks.$slug.print";
import { loader as bookLoader } from "../app/routes/handbooks.$slug.download.$format";
import { backgroundSettled } from "../app/server/background.server";
import { loader as nominationsLoader } from "../app/routes/nominations";
import { loader as notificationsLoader } from "../app/routes/notifications";
import { loader as organisationLoader } from "../app/routes/organisations.$slug._index";
import { loader as archiveLoader } from "../app/routes/organisations.$slug.export";
import { loader as historyLoader } from "../app/routes/practices.$slug.history";
import { loader as nominateLoader } from "../app/routes/practices.$slug.nominate";
import { loader as practiceLoader } from "../app/routes/practices.$slug._index/route";
import { loader as editLoader } from "../app/routes/practices.$slug.edit";
import { loader as listLoader } from "../app/routes/practices._index";
import { loader as newPracticeLoader } from "../app/routes/practices.new";
import { loader as searchLoader } from "../app/routes/search";
import { loader as exportLoader } from "../app/routes/settings.export";
import { action as savedAction, loader as savedLoader } from "../app/routes/saved";
import { createConcept } from "../app/models/glossary.server";
import { loader as glossaryLoader } from "../app/routes/glossary._index";
import { loader as conceptLoader } from "../app/routes/glossary.$slug._index";
import { loader as conceptHistoryLoader } from "../app/routes/glossary.$slug.history";
import { loader as glossaryExportLoader } from "../app/routes/glossary.export.$format";
import { loader as proposalsLoader } from "../app/routes/glossary.proposals";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makeOrganisation, makeSignedIn, sampleWriteUp } from "./factories";

// Every route × a reader inside and outside each audience, and a curator and an admin of
// another organisation: what a response carries (its JSON, its file) holds a practice's words
// only where its reader may read them. Each practice has a word of its own in its title,
// its approach and one comment, and another in the name and content of its file, so a leak
// through any of them shows.

type Reader = "insider" | "groupMember" | "outsider" | "outsideCurator" | "outsideAdmin";
const READERS: Reader[] = ["insider", "groupMember", "outsider", "outsideCurator", "outsideAdmin"];
type Kind = "all" | "organisation" | "group" | "withdrawn";
const KINDS: Kind[] = ["all", "organisation", "group", "withdrawn"];
const WORD: Record<Kind, string> = { all: "Quokkaopen", organisation: "Zebraown", group: "Yakshared", withdrawn: "Walrusgone" };
const COMMENT_WORD: Record<Kind, string> = { all: "Ibisnote", organisation: "Lemurnote", group: "Otternote", withdrawn: "Tapirnote" };
/** In the name and the content of the spreadsheet each practice carries. */
const FILE_WORD: Record<Kind, string> = { all: "Heronfile", organisation: "Marmotfile", group: "Pandafile", withdrawn: "Bisonfile" };

/** Who may read each practice: in lists and feeds (a withdrawn one is in none). */
const LISTED: Record<Kind, Reader[]> = {
  all: READERS,
  organisation: ["insider"],
  group: ["insider", "groupMember"],
  withdrawn: [],
};
/** Who may open its page: a withdrawn practice stays open to its own organisation, to undo. */
const OPENS: Record<Kind, Reader[]> = { ...LISTED, withdrawn: ["insider"] };

let db: Kysely<Database>;
const cookie = {} as Record<Reader, string>;
const userId = {} as Record<Reader, number>;
const slug = {} as Record<Kind, string>;
const practiceId = {} as Record<Kind, number>;
const commentId = {} as Record<Kind, number>;
let ownerOrgSlug: string;
let ownerCookie: string;
let ownerId: number;
let groupId: number;
let groupSlug: string;
let coordinatorCookie: string;
let publishedHandbook: string;
let draftHandbook: string;
let conceptSlug: string;

async function text(response: Response) {
  const type = response.headers.get("Content-Type") ?? "";
  if (type.includes("pdf")) return execFileSync("pdftotext", ["-enc", "UTF-8", "-", "-"], { input: new Uint8Array(await response.arrayBuffer()), encoding: "utf8" });
  if (type.includes("zip")) {
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    return Object.values(files)
      .map((f) => strFromU8(f))
      .join("\n");
  }
  return response.text();
}

beforeAll(async () => {
  db = await createTestDb();
  const own = await makeOrganisation(db, { name: "Owning Org" });
  const partner = await makeOrganisation(db, { name: "Partner Org" });
  const outside = await makeOrganisation(db, { name: "Outside Org" });
  ownerOrgSlug = own.slug;
  const owner = await makeSignedIn(db, { organisationId: own.id });
  ownerCookie = owner.cookie;
  ownerId = owner.id;
  coordinatorCookie = (await makeSignedIn(db, { organisationId: own.id, role: "coordinator" })).cookie;
  const signed = {
    insider: await makeSignedIn(db, { organisationId: own.id }),
    groupMember: await makeSignedIn(db, { organisationId: partner.id }),
    outsider: await makeSignedIn(db, { organisationId: outside.id }),
    outsideCurator: await makeSignedIn(db, { organisationId: outside.id, role: "curator" }),
    outsideAdmin: await makeSignedIn(db, { organisationId: outside.id, role: "admin" }),
  };
  for (const r of READERS) {
    cookie[r] = signed[r].cookie;
    userId[r] = signed[r].id;
  }
  const group = await createGroup(db, { name: "Exit consortium", description: "Four exit programmes", createdBy: signed.outsideAdmin.id });
  groupSlug = group.slug;
  groupId = group.id;
  await addGroupMember(db, { groupId: group.id, organisationId: own.id });
  await addGroupMember(db, { groupId: group.id, organisationId: partner.id });

  // Every practice starts open to all members: nominated, endorsed, commented on, followed and put
  // in handbooks as any would be; then its organisation narrows or withdraws it.
  const handbook = await createHandbook(db, { title: "Published handbook", edition: 1, language: "en", introMd: "", createdBy: signed.outsideCurator.id });
  const draft = await createHandbook(db, { title: "Draft handbook", edition: 1, language: "en", introMd: "", createdBy: signed.outsideCurator.id });
  publishedHandbook = handbook.slug;
  draftHandbook = draft.slug;
  const chapter = await addChapter(db, { handbookId: handbook.id, title: "Chapter", introMd: "" });
  const draftChapter = await addChapter(db, { handbookId: draft.id, title: "Chapter", introMd: "" });
  for (const kind of KINDS) {
    const word = WORD[kind];
    const sheet = await storePendingAttachment(db, {
      uploaderId: owner.id,
      file: { kind: "document", type: "csv", name: `Budget ${FILE_WORD[kind]}.csv`, file: new TextEncoder().encode(`item,cost\n${FILE_WORD[kind]},120\n`), text: `item,cost ${FILE_WORD[kind]},120` },
    });
    const created = await createPractice(db, {
      authorId: owner.id,
      organisationId: own.id,
      publish: true,
      writeUp: sampleWriteUp({ title: `Outreach ${word}`, summary: `Summary ${word}`, approach: `We walk at night. ${word} is our word.` }),
      meta: { language: "en", themes: ["children-families"], countries: ["IN"] },
      attachments: { add: [sheet], remove: [], discard: [], images: new Map() },
    });
    slug[kind] = created.slug;
    practiceId[kind] = created.id;
    const comment = await createComment(db, { practiceId: created.id, authorId: owner.id, bodyMd: `A comment ${COMMENT_WORD[kind]}` });
    commentId[kind] = comment!.id;
    await createNomination(db, { practiceId: created.id, handbookId: null, nominatorId: signed.outsider.id, reason: "Strong work" });
    for (const r of READERS) {
      await db
        .insertInto("endorsements")
        .values({ practice_id: created.id, user_id: userId[r], organisation_id: signed[r].organisationId, note: "", created_at: Date.now(), updated_at: Date.now() })
        .execute();
      await db.insertInto("notifications").values({ user_id: userId[r], kind: "revision", practice_id: created.id, comment_id: null, actor_id: owner.id, created_at: Date.now() }).execute();
      await db.insertInto("saved_items").values({ user_id: userId[r], practice_id: created.id, handbook_id: null, position: created.id, revision_number: 1, saved_at: Date.now() }).execute();
    }
    await addEntry(db, { chapterId: chapter, practiceId: created.id, revisionNumber: 1, note: `Curator note ${word}`, addedBy: signed.outsideCurator.id });
    await addEntry(db, { chapterId: draftChapter, practiceId: created.id, revisionNumber: 1, note: `Curator note ${word}`, addedBy: signed.outsideCurator.id });
    // A revision since it was pinned: the curate page offers its diff.
    await updatePractice(db, {
      id: created.id,
      editorId: owner.id,
      writeUp: sampleWriteUp({ title: `Outreach ${word}`, summary: `Summary ${word}`, approach: `We walk at night, in pairs. ${word} is still our word.` }),
      meta: { language: "en", themes: ["children-families"], countries: ["IN"] },
      publish: true,
    });
  }
  await setHandbookStatus(db, { id: handbook.id, status: "published" });
  conceptSlug = (
    await createConcept(db, {
      content: {
        theme: "children-families",
        definitions: { en: "Walking the streets at night to meet people where they are." },
        notes: "",
        terms: [{ language: "en", text: "outreach", status: "preferred", reason: "", alternative: "", source: "" }],
      },
      authorId: signed.outsideCurator.id,
    })
  ).slug;
  await setPracticeAudience(db, { id: practiceId.organisation, audience: { audience: "organisation", groupId: null } });
  await setPracticeAudience(db, { id: practiceId.group, audience: { audience: "group", groupId: group.id } });
  await withdrawPractice(db, { id: practiceId.withdrawn, by: owner.id, reason: "Consent withdrawn" });
});

/** The published handbook's file, made by the queue if this is the first time it is asked for. */
async function madeBook(cookie: string, format: "pdf" | "epub") {
  const download = () => call(bookLoader, { db, cookie, params: { slug: publishedHandbook, format }, path: `/handbooks/${publishedHandbook}/download/${format}` });
  const first = await download();
  if (first.status !== 303) return first;
  await backgroundSettled();
  return download();
}

/** Routes that list or gather practices: each practice's words appear for its readers only. */
const gathering: { name: string; run: (cookie: string) => Promise<Response>; shows: (kind: Kind) => Reader[] }[] = [
  { name: "home", run: (c) => call(homeLoader, { db, cookie: c }), shows: (k) => LISTED[k] },
  { name: "practice list", run: (c) => call(listLoader, { db, cookie: c }), shows: (k) => LISTED[k] },
  // The page repeats the query itself: only what it found is looked at.
  ...KINDS.flatMap((k) =>
    [WORD[k], COMMENT_WORD[k]].map((word) => ({
      name: `search for ${word}`,
      run: (c: string) => call(searchLoader, { db, cookie: c, path: `/search?q=${word}` }).then(async (r) => Response.json((await r.json()).found.results)),
      shows: (kind: Kind) => (kind === k ? LISTED[k] : []),
    })),
  ),
  { name: "owning organisation's page", run: (c) => call(organisationLoader, { db, cookie: c, params: { slug: ownerOrgSlug } }), shows: (k) => (k === "withdrawn" ? ["insider"] : LISTED[k]) },
  { name: "group page", run: (c) => call(groupLoader, { db, cookie: c, params: { slug: groupSlug } }), shows: (k) => (k === "group" ? LISTED.group : []) },
  { name: "notifications", run: (c) => call(notificationsLoader, { db, cookie: c }), shows: (k) => LISTED[k] },
  { name: "member export", run: (c) => call(exportLoader, { db, cookie: c }), shows: (k) => LISTED[k] },
  // Everyone saved every practice while it was open to all: the list shows what each may read now.
  { name: "saved page", run: (c) => call(savedLoader, { db, cookie: c, path: "/saved" }), shows: (k) => LISTED[k] },
  // A handbook holds only what every member reads: narrowed and withdrawn entries are blank for everyone.
  { name: "published handbook", run: (c) => call(handbookLoader, { db, cookie: c, params: { slug: publishedHandbook } }), shows: (k) => (k === "all" ? READERS : []) },
  { name: "handbook print page", run: (c) => call(printLoader, { db, cookie: c, params: { slug: publishedHandbook } }), shows: (k) => (k === "all" ? READERS : []) },
  { name: "handbook PDF", run: (c) => madeBook(c, "pdf"), shows: (k) => (k === "all" ? READERS : []) },
  { name: "handbook EPUB", run: (c) => madeBook(c, "epub"), shows: (k) => (k === "all" ? READERS : []) },
  { name: "handbook Markdown export", run: (c) => call(handbookExportLoader, { db, cookie: c, params: { slug: publishedHandbook } }), shows: (k) => (k === "all" ? READERS : []) },
  { name: "draft handbook (curators)", run: (c) => call(handbookLoader, { db, cookie: c, params: { slug: draftHandbook } }), shows: (k) => (k === "all" ? ["outsideCurator", "outsideAdmin"] : []) },
  { name: "curate page", run: (c) => call(curateLoader, { db, cookie: c, params: { slug: draftHandbook } }), shows: (k) => (k === "all" ? ["outsideCurator", "outsideAdmin"] : []) },
  { name: "nominations queue", run: (c) => call(nominationsLoader, { db, cookie: c }), shows: (k) => (k === "all" ? ["outsideCurator", "outsideAdmin"] : []) },
  // The glossary is addressed to every member and gathers no practice: a concept's page names none of their words,
  // though every practice here uses its term ("Outreach …").
  { name: "glossary", run: (c) => call(glossaryLoader, { db, cookie: c, path: "/glossary?q=outreach" }), shows: () => [] },
  { name: "glossary concept", run: (c) => call(conceptLoader, { db, cookie: c, params: { slug: conceptSlug } }), shows: () => [] },
  { name: "glossary concept history", run: (c) => call(conceptHistoryLoader, { db, cookie: c, params: { slug: conceptSlug } }), shows: () => [] },
  { name: "glossary proposals", run: (c) => call(proposalsLoader, { db, cookie: c, path: "/glossary/proposals" }), shows: () => [] },
  ...(["tbx", "csv"] as const).map((format) => ({
    name: `glossary export ${format}`,
    run: (c: string) => call(glossaryExportLoader, { db, cookie: c, params: { format }, path: `/glossary/export/${format}` }),
    shows: (): Reader[] => [],
  })),
];

/** Routes about one practice: its readers get the page, everyone else a 404 that carries nothing. */
const single: { name: string; run: (cookie: string, kind: Kind) => Promise<Response>; opens: (kind: Kind) => Reader[]; refused?: number }[] = [
  { name: "practice page", run: (c, k) => call(practiceLoader, { db, cookie: c, params: { slug: slug[k] } }), opens: (k) => OPENS[k] },
  { name: "history", run: (c, k) => call(historyLoader, { db, cookie: c, params: { slug: slug[k] } }), opens: (k) => OPENS[k] },
  { name: "comment page", run: (c, k) => call(commentLoader, { db, cookie: c, params: { id: String(commentId[k]) } }), opens: (k) => OPENS[k] },
  { name: "flag form", run: (c, k) => call(flagLoader, { db, cookie: c, path: `/flag?practice=${slug[k]}` }), opens: (k) => OPENS[k] },
  // A withdrawn practice is opened by its organisation to undo the withdrawal, not to be translated or nominated.
  { name: "new translation of it", run: (c, k) => call(newPracticeLoader, { db, cookie: c, path: `/practices/new?translationOf=${slug[k]}` }), opens: (k) => LISTED[k] },
  { name: "nominate it", run: (c, k) => call(nominateLoader, { db, cookie: c, params: { slug: slug[k] } }), opens: (k) => LISTED[k], refused: 409 },
  // Saving it: only what the Saved page would list (its 303 back counts as "opened").
  {
    name: "save it",
    run: async (c, k) => {
      const response = await call(savedAction, { db, cookie: c, path: "/saved", form: { intent: "save", practiceId: String(practiceId[k]) } });
      return response.status === 303 ? new Response("saved", { status: 200 }) : response;
    },
    opens: (k) => LISTED[k],
  },
];

describe("audience sweep: every route × reader inside and outside × role, by what the response carries", () => {
  for (const route of gathering) {
    it(route.name, async () => {
      const seen: Record<string, Reader[]> = {};
      const expected: Record<string, Reader[]> = {};
      for (const kind of KINDS) {
        seen[kind] = [];
        expected[kind] = route.shows(kind);
      }
      for (const reader of READERS) {
        const response = await route.run(cookie[reader]);
        const body = await text(response);
        for (const kind of KINDS) if ([WORD[kind], COMMENT_WORD[kind], FILE_WORD[kind]].some((w) => body.includes(w))) seen[kind]!.push(reader);
      }
      expect(seen).toEqual(expected);
    });
  }

  for (const route of single) {
    for (const kind of KINDS) {
      it(`${route.name} of a practice for ${kind === "all" ? "all members" : kind === "withdrawn" ? "all members, withdrawn" : `its ${kind}`}`, async () => {
        const got: Record<Reader, number> = {} as Record<Reader, number>;
        const expected: Record<Reader, number> = {} as Record<Reader, number>;
        for (const reader of READERS) {
          const response = await route.run(cookie[reader], kind);
          const body = await text(response);
          got[reader] = response.status;
          const opens = route.opens(kind).includes(reader);
          // The nominate page answers 200 with an explanation instead of the form for a narrowed practice.
          // Its own organisation is told "not now" (409) where others learn nothing (404).
          expected[reader] = opens ? 200 : route.refused && OPENS[kind].includes(reader) ? route.refused : 404;
          if (!opens) for (const w of [WORD[kind], FILE_WORD[kind]]) expect(body, `${route.name} for ${reader}`).not.toContain(w);
        }
        expect(got).toEqual(expected);
      });
    }
  }

  it("organisation archive: its coordinator gets every practice it has not withdrawn; an administrator of another organisation only what is addressed to all members", async () => {
    const mine = await text(await call(archiveLoader, { db, cookie: coordinatorCookie, params: { slug: ownerOrgSlug } }));
    const theirs = await text(await call(archiveLoader, { db, cookie: cookie.outsideAdmin, params: { slug: ownerOrgSlug } }));
    expect(KINDS.filter((k) => mine.includes(WORD[k]))).toEqual(["all", "organisation", "group"]);
    expect(KINDS.filter((k) => theirs.includes(WORD[k]))).toEqual(["all"]);
    // Files go no further than their practices.
    expect(KINDS.filter((k) => mine.includes(FILE_WORD[k]) && k === "withdrawn")).toEqual([]);
    expect(KINDS.filter((k) => theirs.includes(FILE_WORD[k]) && k !== "all")).toEqual([]);
  });
});

// The files of a practice follow its page: GET /attachments/<id> and /thumb answer with the
// bytes exactly to whom `viewPractice` opens the practice, narrowed by the file's own state,
// and 404 to everyone else; no page about the practice names a file its reader may not fetch.
type FileState = "draft" | "all" | "organisation" | "group" | "hiddenPractice" | "restricted" | "withdrawn" | "archived" | "hiddenFile" | "purged" | "earlierRevision" | "waiting";
type FileReader = "uploader" | Reader;
const FILE_READERS: FileReader[] = ["uploader", ...READERS];
const OWN: FileReader[] = ["uploader", "insider"];
const MODERATORS: FileReader[] = ["outsideCurator", "outsideAdmin"];
/** Who fetches the photo in each state (the uploader is the practice's author; the insider a colleague of theirs). */
const FETCHES: Record<FileState, FileReader[]> = {
  draft: OWN,
  all: FILE_READERS,
  organisation: OWN,
  group: [...OWN, "groupMember"],
  // Hidden, or restricted by an open personal-data flag: its organisation and the moderators.
  hiddenPractice: [...OWN, ...MODERATORS],
  restricted: [...OWN, ...MODERATORS],
  withdrawn: OWN,
  archived: FILE_READERS,
  // A file hidden by a moderator: its uploader and the moderators.
  hiddenFile: ["uploader", ...MODERATORS],
  purged: [],
  // Taken off the practice in revision 2: revision 1 still has it, for the practice's readers.
  earlierRevision: FILE_READERS,
  // An upload never saved with a practice: its uploader's alone.
  waiting: ["uploader"],
};
const FILE_STATES = Object.keys(FETCHES) as FileState[];
/** Who finds the photo listed on the practice page: what it carries now, hidden files for the moderators. */
const LISTS: Record<FileState, FileReader[]> = { ...FETCHES, hiddenFile: MODERATORS, purged: [], earlierRevision: [], waiting: [] };

describe("attachment sweep: every file state × reader, by status and bytes", () => {
  const file = {} as Record<FileState, { id: number; name: string; slug: string; display: Uint8Array; thumb: Uint8Array }>;
  const fileCookie = (r: FileReader) => (r === "uploader" ? ownerCookie : cookie[r]);

  beforeAll(async () => {
    const organisationId = (await db.selectFrom("organisations").select("id").where("slug", "=", ownerOrgSlug).executeTakeFirstOrThrow()).id;
    const meta = { language: "en", themes: ["children-families"], countries: ["IN"] };
    for (const state of FILE_STATES) {
      const name = `Photofile${state}.jpg`;
      const display = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#c00" } })
        .jpeg()
        .toBuffer();
      const thumb = await sharp(display).resize(20).jpeg().toBuffer();
      const id = await storePendingAttachment(db, {
        uploaderId: ownerId,
        file: { kind: "image", type: "jpeg", name, display: { bytes: display, mime: "image/jpeg", width: 40, height: 30 }, thumb: { bytes: thumb, mime: "image/jpeg", width: 20, height: 15 } },
      });
      file[state] = { id, name, slug: slug.all, display, thumb };
      if (state === "waiting") continue;
      const audience = state === "organisation" ? { audience: "organisation" as const, groupId: null } : state === "group" ? { audience: "group" as const, groupId } : undefined;
      const writeUp = sampleWriteUp({ title: `Files ${state}` });
      const practice = await createPractice(db, {
        authorId: ownerId,
        organisationId,
        writeUp,
        meta,
        publish: state !== "draft",
        audience,
        attachments: { add: [id], remove: [], discard: [], images: new Map([[id, { alt: "A workshop table", consent: "no_person" as const }]]) },
      });
      file[state].slug = practice.slug;
      if (state === "hiddenPractice") await db.updateTable("practices").set({ hidden_at: Date.now(), hidden_reason: "spam" }).where("id", "=", practice.id).execute();
      if (state === "restricted") await createFlag(db, { subjectType: "practice", subjectId: practice.id, reporterId: userId.outsider, reason: "personal_data", note: "a name" });
      if (state === "withdrawn") await withdrawPractice(db, { id: practice.id, by: ownerId, reason: "Consent withdrawn" });
      if (state === "archived") await setPracticeStatus(db, { id: practice.id, status: "archived" });
      if (state === "hiddenFile") await hideAttachment(db, { id, moderatorId: userId.outsideCurator, reason: "a face" });
      if (state === "purged") await purgeAttachments(db, { practiceId: practice.id, ids: [id], by: userId.outsideAdmin });
      if (state === "earlierRevision") {
        await updatePractice(db, { id: practice.id, editorId: ownerId, writeUp, meta, publish: true, note: "photo taken off", attachments: { add: [], remove: [id], discard: [], images: new Map() } });
      }
    }
  });

  for (const state of FILE_STATES) {
    it(`a photo ${state === "waiting" ? "waiting for its practice" : `of a practice: ${state}`}`, async () => {
      const got: Record<string, [number, number]> = {};
      const expected: Record<string, [number, number]> = {};
      for (const reader of FILE_READERS) {
        const { id, display, thumb } = file[state];
        const shown = await call(fileLoader, { db, cookie: fileCookie(reader), params: { id: String(id) } });
        const small = await call(fileLoader, { db, cookie: fileCookie(reader), params: { id: String(id), variant: "thumb" } });
        got[reader] = [shown.status, small.status];
        const fetches = FETCHES[state].includes(reader);
        expected[reader] = fetches ? [200, 200] : [404, 404];
        if (fetches) {
          expect(Buffer.from(await shown.arrayBuffer()).equals(Buffer.from(display)), `${reader}: the display copy`).toBe(true);
          expect(Buffer.from(await small.arrayBuffer()).equals(Buffer.from(thumb)), `${reader}: the thumbnail`).toBe(true);
        }
      }
      expect(got).toEqual(expected);
    });
  }

  it("the practice page, its history and its edit page name a file only to whom may fetch it", async () => {
    const listed: Record<string, FileReader[]> = {};
    const named: Record<string, FileReader[]> = {};
    for (const state of FILE_STATES) {
      listed[state] = [];
      named[state] = [];
      const { name, slug: practice } = file[state];
      for (const reader of FILE_READERS) {
        const c = fileCookie(reader);
        const page = await call(practiceLoader, { db, cookie: c, params: { slug: practice } });
        if (page.status === 200 && ((await page.json()).attachments as { name: string }[]).some((a) => a.name === name)) listed[state]!.push(reader);
        for (const other of [historyLoader, editLoader]) {
          if ((await text(await call(other, { db, cookie: c, params: { slug: practice } }))).includes(name) && !named[state]!.includes(reader)) named[state]!.push(reader);
        }
      }
      named[state] = named[state]!.filter((r) => !FETCHES[state].includes(r));
    }
    expect(listed).toEqual(LISTS);
    expect(named, "readers shown a file's name they may not fetch").toEqual(Object.fromEntries(FILE_STATES.map((s) => [s, []])));
  });
});
