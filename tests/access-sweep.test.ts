import type { Kysely } from "kysely";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import { applyAttachmentChanges, storePendingAttachment, type StorableAttachment } from "../app/models/attachment.server";
import { createHandbook } from "../app/models/handbook.server";
import { createInvitation } from "../app/models/invitation.server";
import { action as adminAction, loader as adminLoader } from "../app/routes/admin._index";
import { loader as fileLoader } from "../app/routes/attachments.$id.($variant)";
import { action as uploadAction } from "../app/routes/attachments._index";
import { loader as adminMemberLoader } from "../app/routes/admin.members.$id";
import { loader as auditLoader } from "../app/routes/admin.audit";
import { loader as curateLoader } from "../app/routes/handbooks.$slug.curate/route";
import { loader as handbookLoader } from "../app/routes/handbooks.$slug._index";
import { loader as compareLoader } from "../app/routes/handbooks.$slug.compare";
import { loader as downloadLoader } from "../app/routes/handbooks.$slug.download.$format";
import { loader as preparingLoader } from "../app/routes/handbooks.$slug.preparing.$format";
import { backgroundSettled } from "../app/server/background.server";
import { loader as homeLoader } from "../app/routes/_index";
import { action as invitationsAction, loader as invitationsLoader } from "../app/routes/invitations";
import { loader as moderationLoader } from "../app/routes/moderation";
import { loader as nominationsLoader } from "../app/routes/nominations";
import { loader as orgExportLoader } from "../app/routes/organisations.$slug.export";
import { loader as editLoader } from "../app/routes/practices.$slug.edit";
import { loader as historyLoader } from "../app/routes/practices.$slug.history";
import { loader as practiceLoader } from "../app/routes/practices.$slug._index/route";
import { loader as offlineCopyLoader } from "../app/routes/practices.$slug.offline";
import { loader as offlineManifestLoader } from "../app/routes/offline_.manifest";
import { loader as offlinePageLoader } from "../app/routes/offline";
import { loader as searchLoader } from "../app/routes/search";
import { loader as exportLoader } from "../app/routes/settings.export";
import { action as settingsAction, loader as settingsLoader } from "../app/routes/settings";
import { action as unsubscribeAction, loader as unsubscribeLoader } from "../app/routes/unsubscribe.$token";
import { action as savedAction, loader as savedLoader } from "../app/routes/saved";
import { loader as newOrganisationLoader } from "../app/routes/organisations.new";
import { loader as editOrganisationLoader } from "../app/routes/organisations.$slug.edit";
import { loader as newHandbookLoader } from "../app/routes/handbooks.new";
import { loader as notificationsLoader } from "../app/routes/notifications";
import { loader as memberLoader } from "../app/routes/members.$id";
import { loader as nominateLoader } from "../app/routes/practices.$slug.nominate";
import { loader as flagLoader } from "../app/routes/flag";
import { loader as newPracticeLoader } from "../app/routes/practices.new";
import { loader as adminGroupsLoader } from "../app/routes/admin.groups._index";
import { loader as adminGroupLoader } from "../app/routes/admin.groups.$slug";
import { loader as groupLoader } from "../app/routes/groups.$slug";
import { createGroup, removeGroup } from "../app/models/organisation-group.server";
import type { GlossaryContent } from "../app/domain/glossary";
import { createConcept, createProposal, setConceptDeleted } from "../app/models/glossary.server";
import { loader as glossaryLoader } from "../app/routes/glossary._index";
import { loader as conceptLoader } from "../app/routes/glossary.$slug._index";
import { loader as termLoader } from "../app/routes/glossary.term.$";
import { action as newConceptAction, loader as newConceptLoader } from "../app/routes/glossary.new";
import { action as editConceptAction, loader as editConceptLoader } from "../app/routes/glossary.$slug.edit";
import { loader as conceptHistoryLoader } from "../app/routes/glossary.$slug.history";
import { action as proposalsAction, loader as proposalsLoader } from "../app/routes/glossary.proposals";
import { loader as newProposalLoader } from "../app/routes/glossary.proposals.new";
import { loader as glossaryExportLoader } from "../app/routes/glossary.export.$format";
import { action as glossaryImportAction, loader as glossaryImportLoader } from "../app/routes/glossary.import";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makeOrganisation, makePractice, makeSignedIn } from "./factories";

type Who = "anonymous" | "owner" | "otherMember" | "otherCoordinator" | "curator" | "admin" | "disabled";
const WHO: Who[] = ["anonymous", "owner", "otherMember", "otherCoordinator", "curator", "admin", "disabled"];

let db: Kysely<Database>;
let cookies: Record<Who, string | undefined>;
let draftSlug: string;
let publishedSlug: string;
let handbookSlug: string;
let orgSlug: string;
let ownerId: number;
let invitationId: number;
let disabledId: number;
let groupSlug: string;
let removedGroupSlug: string;
/** A glossary concept, and one a curator deleted (its curators may still open it, to restore it). */
const glossary = { concept: "", conceptId: 0, deleted: "", term: "safe house", deletedTerm: "old word" };
let curatorId: number;
const glossaryContent = (text: string): GlossaryContent => ({
  theme: null,
  definitions: { en: `About ${text}.` },
  notes: "",
  terms: [{ language: "en", text, status: "preferred", reason: "", alternative: "", source: "" }],
});
/** What the Save button names: the two practices and the draft handbook. */
const savedTargets = { draft: 0, published: 0, handbook: 0 };
/** A document and a photo on each practice, and a waiting upload of the owner's. */
const fileIds = { draftDocument: 0, draftPhoto: 0, publishedDocument: 0, publishedPhoto: 0, waiting: 0 };

beforeAll(async () => {
  db = await createTestDb();
  const org = await makeOrganisation(db);
  const other = await makeOrganisation(db);
  orgSlug = org.slug;
  const owner = await makeSignedIn(db, { organisationId: org.id });
  ownerId = owner.id;
  const curator = await makeSignedIn(db, { organisationId: other.id, role: "curator" });
  curatorId = curator.id;
  const disabled = await makeSignedIn(db, { organisationId: org.id });
  await db.updateTable("users").set({ disabled_at: Date.now() }).where("id", "=", disabled.id).execute();
  disabledId = disabled.id;
  cookies = {
    anonymous: undefined,
    owner: owner.cookie,
    otherMember: (await makeSignedIn(db, { organisationId: other.id })).cookie,
    otherCoordinator: (await makeSignedIn(db, { organisationId: other.id, role: "coordinator" })).cookie,
    curator: curator.cookie,
    admin: (await makeSignedIn(db, { organisationId: other.id, role: "admin" })).cookie,
    disabled: disabled.cookie,
  };
  const draft = await makePractice(db, { authorId: owner.id, organisationId: org.id, publish: false });
  const published = await makePractice(db, { authorId: owner.id, organisationId: org.id });
  draftSlug = draft.slug;
  publishedSlug = published.slug;
  savedTargets.draft = draft.id;
  savedTargets.published = published.id;
  for (const [practice, prefix] of [
    [draft, "draft"],
    [published, "published"],
  ] as const) {
    const documentId = await storePendingAttachment(db, { uploaderId: owner.id, file: sheet });
    const photoId = await storePendingAttachment(db, { uploaderId: owner.id, file: await photo() });
    await applyAttachmentChanges(db, {
      practiceId: practice.id,
      editorId: owner.id,
      changes: { add: [documentId, photoId], remove: [], discard: [], images: new Map([[photoId, { alt: "A workshop", consent: "no_person" }]]) },
    });
    fileIds[`${prefix}Document`] = documentId;
    fileIds[`${prefix}Photo`] = photoId;
  }
  fileIds.waiting = await storePendingAttachment(db, { uploaderId: owner.id, file: sheet });
  handbookSlug = (await createHandbook(db, { title: "Draft handbook", edition: 1, language: "en", introMd: "", createdBy: owner.id })).slug;
  savedTargets.handbook = (await db.selectFrom("handbooks").select("id").where("slug", "=", handbookSlug).executeTakeFirstOrThrow()).id;
  groupSlug = (await createGroup(db, { name: "Exit consortium", description: "", createdBy: owner.id })).slug;
  const removed = await createGroup(db, { name: "Old group", description: "", createdBy: owner.id });
  await removeGroup(db, { id: removed.id });
  removedGroupSlug = removed.slug;
  const concept = await createConcept(db, { content: glossaryContent(glossary.term), authorId: curatorId });
  glossary.concept = concept.slug;
  glossary.conceptId = concept.id;
  const deleted = await createConcept(db, { content: glossaryContent(glossary.deletedTerm), authorId: curatorId });
  await setConceptDeleted(db, { conceptId: deleted.id, deleted: true });
  glossary.deleted = deleted.slug;
  invitationId = (await createInvitation(db, { email: "x@example.org", organisationId: org.id, role: "member", locale: "en", invitedBy: owner.id })).id;
});

const sheet: StorableAttachment = { kind: "document", type: "csv", name: "budget.csv", file: new TextEncoder().encode("item,cost\nbeds,120\n"), text: "item,cost beds,120" };
async function photo(): Promise<StorableAttachment> {
  const display = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#c00" } })
    .jpeg()
    .toBuffer();
  const thumb = await sharp(display).resize(20).jpeg().toBuffer();
  return {
    kind: "image",
    type: "jpeg",
    name: "workshop.jpg",
    display: { bytes: display, mime: "image/jpeg", width: 40, height: 30 },
    thumb: { bytes: thumb, mime: "image/jpeg", width: 20, height: 15 },
  };
}
const fetchFile = (cookie: string | undefined, id: number, variant?: "thumb") => call(fileLoader, { db, cookie, params: variant ? { id: String(id), variant } : { id: String(id) } });

const SIGN_IN = 302;
/** Where a `[[term]]` link leads: 200 for the concept's page, 404 for the glossary's search instead (the term is unknown). */
const leadsTo = (slug: string) => (response: Response) =>
  response.status === 303 ? new Response(null, { status: response.headers.get("Location") === `/glossary/${encodeURIComponent(slug)}` ? 200 : 404 }) : response;
let fresh = 0;
/** A proposal of the owner's still open, for each decision to be asked about afresh. */
const openProposal = async () =>
  String(
    await createProposal(db, {
      proposal: { conceptId: glossary.conceptId, kind: "term", language: "en", term: `refuge ${++fresh}`, statusProposed: "admitted", message: "" },
      proposerId: ownerId,
    }),
  );
/** What the upload endpoint, asked by the form's script, answers instead of a redirect to sign in. */
const SIGNED_OUT = 401;
const cases: { name: string; run: (cookie?: string) => Promise<Response>; expected: Record<Who, number> }[] = [
  {
    name: "home",
    run: (cookie) => call(homeLoader, { db, cookie }),
    expected: { anonymous: SIGN_IN, owner: 200, otherMember: 200, otherCoordinator: 200, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "search",
    run: (cookie) => call(searchLoader, { db, cookie, path: "/search?q=x" }),
    expected: { anonymous: SIGN_IN, owner: 200, otherMember: 200, otherCoordinator: 200, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "published practice",
    run: (cookie) => call(practiceLoader, { db, cookie, params: { slug: publishedSlug } }),
    expected: { anonymous: SIGN_IN, owner: 200, otherMember: 200, otherCoordinator: 200, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "draft practice",
    run: (cookie) => call(practiceLoader, { db, cookie, params: { slug: draftSlug } }),
    expected: { anonymous: SIGN_IN, owner: 200, otherMember: 404, otherCoordinator: 404, curator: 404, admin: 404, disabled: SIGN_IN },
  },
  {
    name: "a published practice's offline copy",
    run: (cookie) => call(offlineCopyLoader, { db, cookie, params: { slug: publishedSlug } }),
    expected: { anonymous: SIGN_IN, owner: 200, otherMember: 200, otherCoordinator: 200, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    // Only what is listed is copied for offline reading: a draft is nobody's, its own organisation's neither.
    name: "a draft practice's offline copy",
    run: (cookie) => call(offlineCopyLoader, { db, cookie, params: { slug: draftSlug } }),
    expected: { anonymous: SIGN_IN, owner: 404, otherMember: 404, otherCoordinator: 404, curator: 404, admin: 404, disabled: SIGN_IN },
  },
  {
    // The service worker deletes every offline copy on a 401.
    name: "offline manifest",
    run: (cookie) => call(offlineManifestLoader, { db, cookie, path: "/offline/manifest" }),
    expected: { anonymous: SIGNED_OUT, owner: 200, otherMember: 200, otherCoordinator: 200, curator: 200, admin: 200, disabled: SIGNED_OUT },
  },
  {
    // Shown offline to anyone: signed out, it only says so.
    name: "offline page",
    run: (cookie) => call(offlinePageLoader, { db, cookie, path: "/offline" }),
    expected: { anonymous: 200, owner: 200, otherMember: 200, otherCoordinator: 200, curator: 200, admin: 200, disabled: 200 },
  },
  {
    name: "edit published practice",
    run: (cookie) => call(editLoader, { db, cookie, params: { slug: publishedSlug } }),
    expected: { anonymous: SIGN_IN, owner: 200, otherMember: 403, otherCoordinator: 403, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "draft history",
    run: (cookie) => call(historyLoader, { db, cookie, params: { slug: draftSlug } }),
    expected: { anonymous: SIGN_IN, owner: 200, otherMember: 404, otherCoordinator: 404, curator: 404, admin: 404, disabled: SIGN_IN },
  },
  {
    name: "moderation",
    run: (cookie) => call(moderationLoader, { db, cookie }),
    expected: { anonymous: SIGN_IN, owner: 403, otherMember: 403, otherCoordinator: 403, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "nominations",
    run: (cookie) => call(nominationsLoader, { db, cookie }),
    expected: { anonymous: SIGN_IN, owner: 403, otherMember: 403, otherCoordinator: 403, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "draft handbook",
    run: (cookie) => call(handbookLoader, { db, cookie, params: { slug: handbookSlug } }),
    expected: { anonymous: SIGN_IN, owner: 404, otherMember: 404, otherCoordinator: 404, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  ...(["pdf", "epub"] as const).flatMap((format) => [
    {
      name: `draft handbook as ${format}`,
      // The first download queues the file (303 to the page that says so); once made, the file.
      run: async (cookie: string | undefined) => {
        const download = () => call(downloadLoader, { db, cookie, params: { slug: handbookSlug, format }, path: `/handbooks/${handbookSlug}/download/${format}` });
        const first = await download();
        await backgroundSettled();
        return first.status === 303 ? download() : first;
      },
      expected: { anonymous: SIGN_IN, owner: 404, otherMember: 404, otherCoordinator: 404, curator: 200, admin: 200, disabled: SIGN_IN },
    },
    {
      name: `draft handbook ${format} being prepared`,
      run: (cookie: string | undefined) =>
        call(preparingLoader, { db, cookie, params: { slug: handbookSlug, format }, path: `/handbooks/${handbookSlug}/preparing/${format}` }).finally(backgroundSettled),
      expected: { anonymous: SIGN_IN, owner: 404, otherMember: 404, otherCoordinator: 404, curator: 200, admin: 200, disabled: SIGN_IN },
    },
  ]),
  {
    name: "compare editions",
    run: (cookie) => call(compareLoader, { db, cookie, params: { slug: handbookSlug } }),
    expected: { anonymous: SIGN_IN, owner: 404, otherMember: 404, otherCoordinator: 404, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "curate handbook",
    run: (cookie) => call(curateLoader, { db, cookie, params: { slug: handbookSlug } }),
    expected: { anonymous: SIGN_IN, owner: 404, otherMember: 404, otherCoordinator: 404, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "admin",
    run: (cookie) => call(adminLoader, { db, cookie }),
    expected: { anonymous: SIGN_IN, owner: 403, otherMember: 403, otherCoordinator: 403, curator: 403, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "audit log",
    run: (cookie) => call(auditLoader, { db, cookie }),
    expected: { anonymous: SIGN_IN, owner: 403, otherMember: 403, otherCoordinator: 403, curator: 403, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "admin member page",
    run: (cookie) => call(adminMemberLoader, { db, cookie, params: { id: String(ownerId) } }),
    expected: { anonymous: SIGN_IN, owner: 403, otherMember: 403, otherCoordinator: 403, curator: 403, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "invitations",
    run: (cookie) => call(invitationsLoader, { db, cookie }),
    expected: { anonymous: SIGN_IN, owner: 403, otherMember: 403, otherCoordinator: 200, curator: 403, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "revoke another organisation's invitation",
    run: (cookie) => call(invitationsAction, { db, cookie, form: { intent: "revoke", id: String(invitationId) } }),
    expected: { anonymous: SIGN_IN, owner: 403, otherMember: 403, otherCoordinator: 403, curator: 403, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "organisation archive",
    run: (cookie) => call(orgExportLoader, { db, cookie, params: { slug: orgSlug } }),
    expected: { anonymous: SIGN_IN, owner: 403, otherMember: 403, otherCoordinator: 403, curator: 403, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "new organisation",
    run: (cookie) => call(newOrganisationLoader, { db, cookie }),
    expected: { anonymous: SIGN_IN, owner: 403, otherMember: 403, otherCoordinator: 403, curator: 403, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "edit organisation",
    run: (cookie) => call(editOrganisationLoader, { db, cookie, params: { slug: orgSlug } }),
    expected: { anonymous: SIGN_IN, owner: 403, otherMember: 403, otherCoordinator: 403, curator: 403, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "new handbook",
    run: (cookie) => call(newHandbookLoader, { db, cookie }),
    expected: { anonymous: SIGN_IN, owner: 403, otherMember: 403, otherCoordinator: 403, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "new practice",
    run: (cookie) => call(newPracticeLoader, { db, cookie }),
    expected: { anonymous: SIGN_IN, owner: 200, otherMember: 200, otherCoordinator: 200, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "notifications",
    run: (cookie) => call(notificationsLoader, { db, cookie }),
    expected: { anonymous: SIGN_IN, owner: 200, otherMember: 200, otherCoordinator: 200, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "a disabled member's profile",
    run: (cookie) => call(memberLoader, { db, cookie, params: { id: String(disabledId) } }),
    expected: { anonymous: SIGN_IN, owner: 404, otherMember: 404, otherCoordinator: 404, curator: 404, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "nominate a draft",
    run: (cookie) => call(nominateLoader, { db, cookie, params: { slug: draftSlug } }),
    expected: { anonymous: SIGN_IN, owner: 409, otherMember: 404, otherCoordinator: 404, curator: 404, admin: 404, disabled: SIGN_IN },
  },
  {
    name: "flag a draft",
    run: (cookie) => call(flagLoader, { db, cookie, path: `/flag?practice=${draftSlug}` }),
    expected: { anonymous: SIGN_IN, owner: 404, otherMember: 404, otherCoordinator: 404, curator: 404, admin: 404, disabled: SIGN_IN },
  },
  {
    name: "admin: groups",
    run: (cookie) => call(adminGroupsLoader, { db, cookie }),
    expected: { anonymous: SIGN_IN, owner: 403, otherMember: 403, otherCoordinator: 403, curator: 403, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "admin: one group",
    run: (cookie) => call(adminGroupLoader, { db, cookie, params: { slug: groupSlug } }),
    expected: { anonymous: SIGN_IN, owner: 403, otherMember: 403, otherCoordinator: 403, curator: 403, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "group page",
    run: (cookie) => call(groupLoader, { db, cookie, params: { slug: groupSlug } }),
    expected: { anonymous: SIGN_IN, owner: 200, otherMember: 200, otherCoordinator: 200, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "a removed group's page",
    run: (cookie) => call(groupLoader, { db, cookie, params: { slug: removedGroupSlug } }),
    expected: { anonymous: SIGN_IN, owner: 404, otherMember: 404, otherCoordinator: 404, curator: 404, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "a published practice's document",
    run: (cookie) => fetchFile(cookie, fileIds.publishedDocument),
    expected: { anonymous: SIGN_IN, owner: 200, otherMember: 200, otherCoordinator: 200, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "a published practice's photo",
    run: (cookie) => fetchFile(cookie, fileIds.publishedPhoto),
    expected: { anonymous: SIGN_IN, owner: 200, otherMember: 200, otherCoordinator: 200, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "a published practice's thumbnail",
    run: (cookie) => fetchFile(cookie, fileIds.publishedPhoto, "thumb"),
    expected: { anonymous: SIGN_IN, owner: 200, otherMember: 200, otherCoordinator: 200, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "a document has no thumbnail",
    run: (cookie) => fetchFile(cookie, fileIds.publishedDocument, "thumb"),
    expected: { anonymous: SIGN_IN, owner: 404, otherMember: 404, otherCoordinator: 404, curator: 404, admin: 404, disabled: SIGN_IN },
  },
  {
    name: "a draft's document",
    run: (cookie) => fetchFile(cookie, fileIds.draftDocument),
    expected: { anonymous: SIGN_IN, owner: 200, otherMember: 404, otherCoordinator: 404, curator: 404, admin: 404, disabled: SIGN_IN },
  },
  {
    name: "a draft's photo and thumbnail",
    run: async (cookie) => {
      const [shown, small] = [await fetchFile(cookie, fileIds.draftPhoto), await fetchFile(cookie, fileIds.draftPhoto, "thumb")];
      return shown.status === small.status ? shown : new Response(null, { status: 500 });
    },
    expected: { anonymous: SIGN_IN, owner: 200, otherMember: 404, otherCoordinator: 404, curator: 404, admin: 404, disabled: SIGN_IN },
  },
  {
    name: "someone's waiting upload",
    run: (cookie) => fetchFile(cookie, fileIds.waiting),
    expected: { anonymous: SIGN_IN, owner: 200, otherMember: 404, otherCoordinator: 404, curator: 404, admin: 404, disabled: SIGN_IN },
  },
  {
    name: "discard someone's waiting upload",
    // A fresh upload of the owner's each time, so that the owner taking theirs back proves nothing about the others.
    run: async (cookie) =>
      call(uploadAction, { db, cookie, path: "/attachments?index", form: { intent: "discard", id: String(await storePendingAttachment(db, { uploaderId: ownerId, file: sheet })) } }),
    expected: { anonymous: SIGNED_OUT, owner: 200, otherMember: 404, otherCoordinator: 404, curator: 404, admin: 404, disabled: SIGNED_OUT },
  },
  {
    name: "upload endpoint (a request without a file)",
    run: (cookie) => call(uploadAction, { db, cookie, path: "/attachments?index", form: { intent: "upload" } }),
    expected: { anonymous: SIGNED_OUT, owner: 400, otherMember: 400, otherCoordinator: 400, curator: 400, admin: 400, disabled: SIGNED_OUT },
  },
  {
    name: "settings",
    run: (cookie) => call(settingsLoader, { db, cookie }),
    expected: { anonymous: SIGN_IN, owner: 200, otherMember: 200, otherCoordinator: 200, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "settings: the weekly e-mail",
    run: (cookie) => call(settingsAction, { db, cookie, path: "/settings", form: { intent: "digest", frequency: "weekly", themes: ["health"] } }),
    expected: { anonymous: SIGN_IN, owner: 302, otherMember: 302, otherCoordinator: 302, curator: 302, admin: 302, disabled: SIGN_IN },
  },
  {
    name: "admin: the weekly e-mail's default",
    run: (cookie) => call(adminAction, { db, cookie, path: "/admin", form: { intent: "digestDefault", frequency: "weekly" } }),
    expected: { anonymous: SIGN_IN, owner: 403, otherMember: 403, otherCoordinator: 403, curator: 403, admin: 302, disabled: SIGN_IN },
  },
  {
    // The signed link is the only permission: a session neither helps nor is needed.
    name: "unsubscribe: a link that was never signed",
    run: (cookie) => call(unsubscribeLoader, { db, cookie, path: "/unsubscribe/1", params: { token: `1.${"A".repeat(43)}` } }),
    expected: { anonymous: 404, owner: 404, otherMember: 404, otherCoordinator: 404, curator: 404, admin: 404, disabled: 404 },
  },
  {
    name: "unsubscribe: one-click with a link that was never signed",
    run: (cookie) => call(unsubscribeAction, { db, cookie, path: "/unsubscribe/1", params: { token: `1.${"A".repeat(43)}` }, form: { "List-Unsubscribe": "One-Click" } }),
    expected: { anonymous: 404, owner: 404, otherMember: 404, otherCoordinator: 404, curator: 404, admin: 404, disabled: 404 },
  },
  {
    name: "saved page",
    run: (cookie) => call(savedLoader, { db, cookie, path: "/saved" }),
    expected: { anonymous: SIGN_IN, owner: 200, otherMember: 200, otherCoordinator: 200, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "save a published practice",
    run: (cookie) => call(savedAction, { db, cookie, path: "/saved", form: { intent: "save", practiceId: String(savedTargets.published) } }),
    expected: { anonymous: SIGN_IN, owner: 303, otherMember: 303, otherCoordinator: 303, curator: 303, admin: 303, disabled: SIGN_IN },
  },
  {
    // Only what the Saved page would list is saved: a draft is nobody's to save, its own organisation's neither.
    name: "save a draft practice",
    run: (cookie) => call(savedAction, { db, cookie, path: "/saved", form: { intent: "save", practiceId: String(savedTargets.draft) } }),
    expected: { anonymous: SIGN_IN, owner: 404, otherMember: 404, otherCoordinator: 404, curator: 404, admin: 404, disabled: SIGN_IN },
  },
  {
    name: "save a draft handbook",
    run: (cookie) => call(savedAction, { db, cookie, path: "/saved", form: { intent: "save", handbookId: String(savedTargets.handbook) } }),
    expected: { anonymous: SIGN_IN, owner: 404, otherMember: 404, otherCoordinator: 404, curator: 303, admin: 303, disabled: SIGN_IN },
  },
  // The glossary: every member reads it and proposes; curators and administrators edit it and decide.
  {
    name: "glossary",
    run: (cookie) => call(glossaryLoader, { db, cookie, path: "/glossary?q=safe&theme=health&page=1" }),
    expected: { anonymous: SIGN_IN, owner: 200, otherMember: 200, otherCoordinator: 200, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "a glossary concept",
    run: (cookie) => call(conceptLoader, { db, cookie, params: { slug: glossary.concept } }),
    expected: { anonymous: SIGN_IN, owner: 200, otherMember: 200, otherCoordinator: 200, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "a deleted glossary concept",
    run: (cookie) => call(conceptLoader, { db, cookie, params: { slug: glossary.deleted } }),
    expected: { anonymous: SIGN_IN, owner: 404, otherMember: 404, otherCoordinator: 404, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "a glossary concept's history",
    run: (cookie) => call(conceptHistoryLoader, { db, cookie, params: { slug: glossary.concept } }),
    expected: { anonymous: SIGN_IN, owner: 200, otherMember: 200, otherCoordinator: 200, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "a deleted glossary concept's history",
    run: (cookie) => call(conceptHistoryLoader, { db, cookie, params: { slug: glossary.deleted } }),
    expected: { anonymous: SIGN_IN, owner: 404, otherMember: 404, otherCoordinator: 404, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "[[term]] of a glossary concept",
    run: (cookie) => call(termLoader, { db, cookie, params: { "*": glossary.term }, path: `/glossary/term/${encodeURIComponent(glossary.term)}` }).then(leadsTo(glossary.concept)),
    expected: { anonymous: SIGN_IN, owner: 200, otherMember: 200, otherCoordinator: 200, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    // A link in a practice outlives the concept: it becomes a search of the glossary, which finds nothing.
    name: "[[term]] of a deleted glossary concept",
    run: (cookie) => call(termLoader, { db, cookie, params: { "*": glossary.deletedTerm }, path: `/glossary/term/${encodeURIComponent(glossary.deletedTerm)}` }).then(leadsTo(glossary.deleted)),
    expected: { anonymous: SIGN_IN, owner: 404, otherMember: 404, otherCoordinator: 404, curator: 404, admin: 404, disabled: SIGN_IN },
  },
  ...(["tbx", "csv"] as const).map((format) => ({
    name: `glossary export as ${format}`,
    run: (cookie: string | undefined) => call(glossaryExportLoader, { db, cookie, params: { format }, path: `/glossary/export/${format}` }),
    expected: { anonymous: SIGN_IN, owner: 200, otherMember: 200, otherCoordinator: 200, curator: 200, admin: 200, disabled: SIGN_IN },
  })),
  {
    name: "glossary import",
    run: (cookie) => call(glossaryImportLoader, { db, cookie, path: "/glossary/import" }),
    expected: { anonymous: SIGN_IN, owner: 403, otherMember: 403, otherCoordinator: 403, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    // A member's import is refused before it is read; a curator's empty one is a 400 that says what is missing.
    name: "glossary import: a submission",
    run: (cookie) => call(glossaryImportAction, { db, cookie, path: "/glossary/import", form: { intent: "preview", text: "" } }),
    expected: { anonymous: SIGN_IN, owner: 403, otherMember: 403, otherCoordinator: 403, curator: 400, admin: 400, disabled: SIGN_IN },
  },
  {
    name: "new glossary concept",
    run: (cookie) => call(newConceptLoader, { db, cookie, path: "/glossary/new" }),
    expected: { anonymous: SIGN_IN, owner: 403, otherMember: 403, otherCoordinator: 403, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    // Refused before it is read: a member's submission is a 403, a curator's empty one a 400.
    name: "new glossary concept: a submission",
    run: (cookie) => call(newConceptAction, { db, cookie, path: "/glossary/new", form: { summary: "x" } }),
    expected: { anonymous: SIGN_IN, owner: 403, otherMember: 403, otherCoordinator: 403, curator: 400, admin: 400, disabled: SIGN_IN },
  },
  {
    name: "edit a glossary concept",
    run: (cookie) => call(editConceptLoader, { db, cookie, params: { slug: glossary.concept } }),
    expected: { anonymous: SIGN_IN, owner: 403, otherMember: 403, otherCoordinator: 403, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "edit a deleted glossary concept (to restore it)",
    run: (cookie) => call(editConceptLoader, { db, cookie, params: { slug: glossary.deleted } }),
    expected: { anonymous: SIGN_IN, owner: 403, otherMember: 403, otherCoordinator: 403, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "delete a glossary concept",
    // A fresh concept each time, so that one role's deleting it proves nothing about the next.
    run: async (cookie) => {
      const { slug } = await createConcept(db, { content: glossaryContent(`shelter ${++fresh}`), authorId: curatorId });
      return call(editConceptAction, { db, cookie, params: { slug }, form: { intent: "delete" } });
    },
    expected: { anonymous: SIGN_IN, owner: 403, otherMember: 403, otherCoordinator: 403, curator: 302, admin: 302, disabled: SIGN_IN },
  },
  {
    name: "restore a deleted glossary concept",
    run: async (cookie) => {
      const made = await createConcept(db, { content: glossaryContent(`shelter ${++fresh}`), authorId: curatorId });
      await setConceptDeleted(db, { conceptId: made.id, deleted: true });
      return call(editConceptAction, { db, cookie, params: { slug: made.slug }, form: { intent: "restore" } });
    },
    expected: { anonymous: SIGN_IN, owner: 403, otherMember: 403, otherCoordinator: 403, curator: 302, admin: 302, disabled: SIGN_IN },
  },
  {
    // Members get the proposal form here; curators the queue (what each is sent: tests/loader-data-sweep.test.ts).
    name: "glossary proposals",
    run: (cookie) => call(proposalsLoader, { db, cookie, path: "/glossary/proposals?status=declined" }),
    expected: { anonymous: SIGN_IN, owner: 200, otherMember: 200, otherCoordinator: 200, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "propose a glossary concept",
    run: (cookie) => call(newProposalLoader, { db, cookie, path: "/glossary/proposals/new" }),
    expected: { anonymous: SIGN_IN, owner: 200, otherMember: 200, otherCoordinator: 200, curator: 200, admin: 200, disabled: SIGN_IN },
  },
  {
    name: "propose a term for a glossary concept",
    run: (cookie) =>
      call(proposalsAction, {
        db,
        cookie,
        path: "/glossary/proposals",
        form: { intent: "propose", conceptSlug: glossary.concept, kind: "term", language: "en", term: "refuge", statusProposed: "admitted" },
      }),
    expected: { anonymous: SIGN_IN, owner: 302, otherMember: 302, otherCoordinator: 302, curator: 302, admin: 302, disabled: SIGN_IN },
  },
  {
    name: "propose a term for a deleted glossary concept",
    run: (cookie) =>
      call(proposalsAction, {
        db,
        cookie,
        path: "/glossary/proposals",
        form: { intent: "propose", conceptSlug: glossary.deleted, kind: "term", language: "en", term: "refuge", statusProposed: "admitted" },
      }),
    expected: { anonymous: SIGN_IN, owner: 400, otherMember: 400, otherCoordinator: 400, curator: 400, admin: 400, disabled: SIGN_IN },
  },
  ...(["accept", "decline"] as const).map((intent) => ({
    name: `${intent} a glossary proposal`,
    run: async (cookie: string | undefined) => call(proposalsAction, { db, cookie, path: "/glossary/proposals", form: { intent, id: await openProposal() } }),
    expected: { anonymous: SIGN_IN, owner: 403, otherMember: 403, otherCoordinator: 403, curator: 302, admin: 302, disabled: SIGN_IN },
  })),
];

describe("access sweep: every route × every role against the permission table", () => {
  for (const c of cases) {
    it(c.name, async () => {
      const got: Partial<Record<Who, number>> = {};
      for (const who of WHO) got[who] = (await c.run(cookies[who])).status;
      expect(got).toEqual(c.expected);
    });
  }

  it("exports carry only the member's own data", async () => {
    const response = await call(exportLoader, { db, cookie: cookies.otherMember });
    const { unzipSync, strFromU8 } = await import("fflate");
    const data = JSON.parse(strFromU8(unzipSync(new Uint8Array(await response.arrayBuffer()))["data.json"]!));
    expect(data.practices).toEqual([]);
    expect(data.profile.id).not.toBe(ownerId);
  });
});
