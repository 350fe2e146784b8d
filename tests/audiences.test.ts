import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import { createComment } from "../app/models/comment.server";
import { addChapter, addEntry, createHandbook } from "../app/models/handbook.server";
import { acceptNomination, createNomination } from "../app/models/nomination.server";
import { addGroupMember, createGroup } from "../app/models/organisation-group.server";
import { setPracticeAudience, withdrawPractice } from "../app/models/practice.server";
import { searchPractices } from "../app/models/search.server";
import { setFollowing } from "../app/models/notification.server";
import { action as flagAction } from "../app/routes/flag";
import { loader as moderationLoader } from "../app/routes/moderation";
import { createFlag } from "../app/models/flag.server";
import { loader as curateLoader } from "../app/routes/handbooks.$slug.curate/route";
import { action as nominateAction, loader as nominateLoader } from "../app/routes/practices.$slug.nominate";
import { action as practiceAction, loader as practiceLoader } from "../app/routes/practices.$slug._index/route";
import { loader as listLoader } from "../app/routes/practices._index";
import { action as newPracticeAction, loader as newPracticeLoader } from "../app/routes/practices.new";
import { action as organisationAction, loader as organisationLoader } from "../app/routes/organisations.$slug._index";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { anyMember, makeOrganisation, makePractice, makeSignedIn } from "./factories";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

async function world() {
  const own = await makeOrganisation(db, { name: "Owning Org" });
  const partner = await makeOrganisation(db, { name: "Partner Org" });
  const outside = await makeOrganisation(db, { name: "Outside Org" });
  const author = await makeSignedIn(db, { organisationId: own.id, displayName: "Asha Author" });
  const colleague = await makeSignedIn(db, { organisationId: own.id, displayName: "Colm Colleague" });
  const partnerMember = await makeSignedIn(db, { organisationId: partner.id, displayName: "Priya Partner" });
  const outsider = await makeSignedIn(db, { organisationId: outside.id, displayName: "Otto Outsider" });
  const curator = await makeSignedIn(db, { organisationId: outside.id, role: "curator" });
  const admin = await makeSignedIn(db, { organisationId: outside.id, role: "admin" });
  const group = await createGroup(db, { name: "Exit consortium", description: "", createdBy: admin.id });
  await addGroupMember(db, { groupId: group.id, organisationId: own.id });
  await addGroupMember(db, { groupId: group.id, organisationId: partner.id });
  return { own, partner, outside, author, colleague, partnerMember, outsider, curator, admin, group };
}

const status = async (response: Response) => ({ status: response.status, body: response.status === 200 ? await response.json() : null });
const audits = async (action: string) => db.selectFrom("audit_log").selectAll().where("action", "=", action).execute();

describe("choosing who reads a practice", () => {
  it("a new practice is published to the audience its author chose; a group not theirs is refused, with what they typed kept", async () => {
    const w = await world();
    const form = { intent: "publish", title: "Safe rooms at the border", summary: "A summary", approach: "How we do it", language: "en", themes: ["children-families"], privacyChecked: "on" };
    const refused = await call(newPracticeAction, { db, cookie: w.author.cookie, form: { ...form, audience: "group:999" } });
    expect(refused.status).toBe(400);
    const body = await refused.json();
    expect(body.errors.audience.key).toBe("audience.notYourGroup");
    expect(body.values.title).toBe("Safe rooms at the border");
    const created = await call(newPracticeAction, { db, cookie: w.author.cookie, form: { ...form, audience: `group:${w.group.id}` } });
    expect(created.status).toBe(302);
    const row = await db.selectFrom("practices").select(["audience", "audience_group_id"]).where("title", "=", "Safe rooms at the border").executeTakeFirstOrThrow();
    expect(row).toEqual({ audience: "group", audience_group_id: w.group.id });
  });

  it("narrowing takes effect at once, for the practice and its translations, and is audited; only its organisation may change it", async () => {
    const w = await world();
    const practice = await makePractice(db, { authorId: w.author.id, organisationId: w.own.id, writeUp: { title: "Peer mentors" } });
    const translation = await makePractice(db, {
      authorId: w.partnerMember.id,
      organisationId: w.partner.id,
      translationOf: practice.id,
      meta: { language: "fr" },
      writeUp: { title: "Pairs mentors" },
    });
    expect((await call(practiceLoader, { db, cookie: w.outsider.cookie, params: { slug: translation.slug } })).status).toBe(200);
    const byPartner = await call(practiceAction, { db, cookie: w.partnerMember.cookie, params: { slug: practice.slug }, form: { intent: "audience", audience: "organisation" } });
    expect(byPartner.status).toBe(403);
    const narrowed = await call(practiceAction, { db, cookie: w.colleague.cookie, params: { slug: practice.slug }, form: { intent: "audience", audience: "organisation" } });
    expect(narrowed.status).toBe(302);
    expect((await call(practiceLoader, { db, cookie: w.outsider.cookie, params: { slug: practice.slug } })).status).toBe(404);
    expect((await call(practiceLoader, { db, cookie: w.outsider.cookie, params: { slug: translation.slug } })).status).toBe(404);
    const [audit] = await audits("practice.audience_changed");
    expect(JSON.parse(audit!.detail)).toEqual({ from: "all", to: "organisation" });
    const list = await (await call(listLoader, { db, cookie: w.outsider.cookie })).json();
    expect(list.items.map((i: { title: string }) => i.title)).toEqual([]);
    const page = await (await call(practiceLoader, { db, cookie: w.author.cookie, params: { slug: practice.slug } })).json();
    expect(page.readers).toMatchObject({ audience: "organisation", organisationName: "Owning Org" });
    expect(page.manages).toBe(true);
  });

  it("a translation made from a narrowed practice is read by its original's readers", async () => {
    const w = await world();
    const practice = await makePractice(db, { authorId: w.author.id, organisationId: w.own.id, audience: { audience: "group", groupId: w.group.id } });
    const translation = await makePractice(db, { authorId: w.partnerMember.id, organisationId: w.partner.id, translationOf: practice.id, meta: { language: "fr" } });
    const row = await db.selectFrom("practices").select(["audience", "audience_group_id"]).where("id", "=", translation.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ audience: "group", audience_group_id: w.group.id });
  });
});

describe("the organisation's default audience", () => {
  it("its coordinators choose what its authors find preselected; a member may not, and a group it is not in is refused", async () => {
    const w = await world();
    const coordinator = await makeSignedIn(db, { organisationId: w.own.id, role: "coordinator" });
    const params = { slug: w.own.slug };
    expect((await call(organisationAction, { db, cookie: w.author.cookie, params, form: { intent: "defaultAudience", audience: "organisation" } })).status).toBe(403);
    const other = await createGroup(db, { name: "Another group", description: "", createdBy: w.admin.id });
    const refused = await call(organisationAction, { db, cookie: coordinator.cookie, params, form: { intent: "defaultAudience", audience: `group:${other.id}` } });
    expect(refused.status).toBe(400);
    expect((await refused.json()).values.audience).toBe(`group:${other.id}`);
    const saved = await call(organisationAction, { db, cookie: coordinator.cookie, params, form: { intent: "defaultAudience", audience: `group:${w.group.id}` } });
    expect(saved.status).toBe(302);
    const form = await (await call(newPracticeLoader, { db, cookie: w.author.cookie })).json();
    expect(form.audience).toMatchObject({ organisationName: "Owning Org", value: `group:${w.group.id}`, groups: [{ id: w.group.id, name: "Exit consortium" }] });
    const page = await (await call(organisationLoader, { db, cookie: coordinator.cookie, params })).json();
    expect(page.defaultAudience.value).toBe(`group:${w.group.id}`);
    expect((await (await call(organisationLoader, { db, cookie: w.author.cookie, params })).json()).defaultAudience).toBeNull();
  });
});

describe("curators and admins outside the audience", () => {
  it("do not read a practice narrowed to another organisation, unless a flag on it awaits moderation; then the audit log says they did", async () => {
    const w = await world();
    const practice = await makePractice(db, { authorId: w.author.id, organisationId: w.own.id, audience: { audience: "organisation", groupId: null } });
    for (const who of [w.curator, w.admin]) expect((await call(practiceLoader, { db, cookie: who.cookie, params: { slug: practice.slug } })).status).toBe(404);
    expect(await audits("practice.read_for_moderation")).toHaveLength(0);
    const flagged = await call(flagAction, { db, cookie: w.colleague.cookie, path: `/flag?practice=${practice.slug}`, form: { reason: "harmful", note: "" } });
    expect(flagged.status).toBe(302);
    const read = await status(await call(practiceLoader, { db, cookie: w.curator.cookie, params: { slug: practice.slug } }));
    expect(read.status).toBe(200);
    const [audit] = await audits("practice.read_for_moderation");
    expect(audit).toMatchObject({ actor_id: w.curator.id, target_type: "practice", target_id: String(practice.id) });
    // A member outside gets nothing from the open flag.
    expect((await call(practiceLoader, { db, cookie: w.outsider.cookie, params: { slug: practice.slug } })).status).toBe(404);
  });
});

describe("notifications and mentions follow the audience", () => {
  it("no notification about a practice its reader cannot see, and a mention of someone outside neither links nor notifies", async () => {
    const w = await world();
    const practice = await makePractice(db, { authorId: w.author.id, organisationId: w.own.id });
    await setFollowing(db, { userId: w.outsider.id, practiceId: practice.id, following: true });
    await setFollowing(db, { userId: w.colleague.id, practiceId: practice.id, following: true });
    await setPracticeAudience(db, { id: practice.id, audience: { audience: "organisation", groupId: null } });
    const comment = await createComment(db, { practiceId: practice.id, authorId: w.author.id, bodyMd: "Thanks @Otto Outsider and @Colm Colleague" });
    const notified = await db.selectFrom("notifications").select(["user_id", "kind"]).where("practice_id", "=", practice.id).orderBy("user_id").execute();
    expect(notified).toEqual([{ user_id: w.colleague.id, kind: "mention" }]);
    const html = (await db.selectFrom("comments").select("body_html").where("id", "=", comment!.id).executeTakeFirstOrThrow()).body_html;
    expect(html).toContain(`/members/${w.colleague.id}`);
    expect(html).not.toContain(`/members/${w.outsider.id}`);
  });
});

describe("handbooks hold only what every member reads", () => {
  it("nominating a narrower practice explains why it cannot, keeping the reason typed; an open nomination of one narrowed since cannot be accepted", async () => {
    const w = await world();
    const practice = await makePractice(db, { authorId: w.author.id, organisationId: w.own.id, audience: { audience: "group", groupId: w.group.id } });
    const page = await (await call(nominateLoader, { db, cookie: w.partnerMember.cookie, params: { slug: practice.slug } })).json();
    expect(page.forAllMembers).toBe(false);
    const refused = await call(nominateAction, { db, cookie: w.partnerMember.cookie, params: { slug: practice.slug }, form: { handbook: "next", reason: "Our partners use it daily" } });
    expect(refused.status).toBe(400);
    const body = await refused.json();
    expect(body.errors.handbook.key).toBe("nominate.notForAll");
    expect(body.values.reason).toBe("Our partners use it daily");
    const open = await makePractice(db, { authorId: w.author.id, organisationId: w.own.id });
    const handbook = await createHandbook(db, { title: "H", edition: 1, language: "en", introMd: "", createdBy: w.curator.id });
    const chapter = await addChapter(db, { handbookId: handbook.id, title: "C", introMd: "" });
    const nomination = await createNomination(db, { practiceId: open.id, handbookId: null, nominatorId: w.outsider.id, reason: "Good" });
    await setPracticeAudience(db, { id: open.id, audience: { audience: "organisation", groupId: null } });
    expect(await acceptNomination(db, { id: nomination, chapterId: chapter, note: "", curatorId: w.curator.id })).toBeNull();
  });
});

describe("withdrawal", () => {
  it("removes a practice from every path in one request — search index included — tells the curators of drafts that hold it, audits who and why without the text, and can be undone", async () => {
    const w = await world();
    const practice = await makePractice(db, { authorId: w.author.id, organisationId: w.own.id, writeUp: { title: "Consent-based storytelling", approach: "We tell stories of Marigoldia." } });
    await createComment(db, { practiceId: practice.id, authorId: w.outsider.id, bodyMd: "We use Marigoldia too" });
    const handbook = await createHandbook(db, { title: "Draft H", edition: 1, language: "en", introMd: "", createdBy: w.curator.id });
    const chapter = await addChapter(db, { handbookId: handbook.id, title: "C", introMd: "" });
    await addEntry(db, { chapterId: chapter, practiceId: practice.id, revisionNumber: 1, note: "", addedBy: w.curator.id });
    const indexed = () =>
      db
        .selectFrom("search_index")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("practice_id", "=", practice.id)
        .executeTakeFirstOrThrow();
    expect(Number((await indexed()).n)).toBe(2);
    expect((await searchPractices(db, { reader: anyMember, query: "Marigoldia" })).results).toHaveLength(2);

    const missing = await call(practiceAction, { db, cookie: w.author.cookie, params: { slug: practice.slug }, form: { intent: "withdraw", reason: "Consent withdrawn by the family" } });
    expect(missing.status).toBe(400);
    const kept = await missing.json();
    expect(kept.errors.confirm.key).toBe("withdraw.confirmNeeded");
    expect(kept.values.reason).toBe("Consent withdrawn by the family");
    expect((await call(practiceAction, { db, cookie: w.outsider.cookie, params: { slug: practice.slug }, form: { intent: "withdraw", reason: "x", confirm: "yes" } })).status).toBe(403);

    const withdrawn = await call(practiceAction, {
      db,
      cookie: w.author.cookie,
      params: { slug: practice.slug },
      form: { intent: "withdraw", reason: "Consent withdrawn by the family", confirm: "yes" },
    });
    expect(withdrawn.status).toBe(302);
    expect(Number((await indexed()).n)).toBe(0);
    expect((await searchPractices(db, { reader: { ...w.author, groupIds: [w.group.id] }, query: "Marigoldia" })).results).toHaveLength(0);
    expect((await call(practiceLoader, { db, cookie: w.outsider.cookie, params: { slug: practice.slug } })).status).toBe(404);
    const own = await (await call(practiceLoader, { db, cookie: w.colleague.cookie, params: { slug: practice.slug } })).json();
    expect(own.withdrawn).toMatchObject({ reason: "Consent withdrawn by the family", by: "Asha Author" });
    const curate = JSON.stringify(await (await call(curateLoader, { db, cookie: w.curator.cookie, params: { slug: handbook.slug } })).json());
    expect(curate).toContain('"withdrawn":"withdrawn"');
    expect(curate).not.toContain("Marigoldia");
    expect(curate).not.toContain("Consent-based storytelling");
    const told = await db.selectFrom("notifications").select(["user_id", "kind"]).where("kind", "=", "entry_withdrawn").orderBy("user_id").execute();
    expect(told).toEqual([
      { user_id: w.curator.id, kind: "entry_withdrawn" },
      { user_id: w.admin.id, kind: "entry_withdrawn" },
    ]);
    const [audit] = await audits("practice.withdrawn");
    expect(audit).toMatchObject({ actor_id: w.author.id, target_type: "practice", target_id: String(practice.id) });
    expect(audit!.detail).toContain("Consent withdrawn by the family");
    expect(audit!.detail).not.toContain("Marigoldia");
    expect(audit!.detail).not.toContain("storytelling");

    const undone = await call(practiceAction, { db, cookie: w.colleague.cookie, params: { slug: practice.slug }, form: { intent: "undoWithdrawal" } });
    expect(undone.status).toBe(302);
    expect(Number((await indexed()).n)).toBe(2);
    expect((await call(practiceLoader, { db, cookie: w.outsider.cookie, params: { slug: practice.slug } })).status).toBe(200);
    expect(await audits("practice.withdrawal_undone")).toHaveLength(1);
  });
});

describe("a translation another organisation made follows its original", () => {
  it("narrowing the original to its organisation closes the translation to the translating organisation, and opens it to the original's; a translation withdrawn with its original comes back only with it", async () => {
    const w = await world();
    const practice = await makePractice(db, { authorId: w.author.id, organisationId: w.own.id, writeUp: { title: "Street theatre" } });
    const translation = await makePractice(db, {
      authorId: w.partnerMember.id,
      organisationId: w.partner.id,
      translationOf: practice.id,
      meta: { language: "fr" },
      writeUp: { title: "Théâtre de rue" },
    });
    await call(practiceAction, { db, cookie: w.author.cookie, params: { slug: practice.slug }, form: { intent: "audience", audience: "organisation" } });
    expect((await call(practiceLoader, { db, cookie: w.partnerMember.cookie, params: { slug: translation.slug } })).status).toBe(404);
    expect((await call(practiceLoader, { db, cookie: w.colleague.cookie, params: { slug: translation.slug } })).status).toBe(200);
    const page = await (await call(practiceLoader, { db, cookie: w.colleague.cookie, params: { slug: practice.slug } })).json();
    expect(page.versions.map((v: { title: string }) => v.title)).toEqual(["Théâtre de rue"]);
    expect((await call(listLoader, { db, cookie: w.partnerMember.cookie })).status).toBe(200);
    expect(JSON.stringify(await (await call(listLoader, { db, cookie: w.partnerMember.cookie })).json())).not.toContain("Théâtre");

    await call(practiceAction, { db, cookie: w.author.cookie, params: { slug: practice.slug }, form: { intent: "audience", audience: "all" } });
    await call(practiceAction, { db, cookie: w.author.cookie, params: { slug: practice.slug }, form: { intent: "withdraw", reason: "Consent withdrawn", confirm: "yes" } });
    const undo = await call(practiceAction, { db, cookie: w.partnerMember.cookie, params: { slug: translation.slug }, form: { intent: "undoWithdrawal" } });
    expect(undo.status).toBe(409);
    expect((await db.selectFrom("practices").select("withdrawn_at").where("id", "=", translation.id).executeTakeFirstOrThrow()).withdrawn_at).not.toBeNull();
  });
});

describe("the moderation queue", () => {
  it("names a flagged practice that is narrowed away from the moderator or withdrawn, but does not carry its text", async () => {
    const w = await world();
    const narrowed = await makePractice(db, {
      authorId: w.author.id,
      organisationId: w.own.id,
      audience: { audience: "organisation", groupId: null },
      writeUp: { title: "Gecko outreach", summary: "Gecko summary" },
    });
    const withdrawn = await makePractice(db, { authorId: w.author.id, organisationId: w.own.id, writeUp: { title: "Heron outreach", summary: "Heron summary" } });
    const comment = await createComment(db, { practiceId: narrowed.id, authorId: w.colleague.id, bodyMd: "Gecko comment" });
    await createFlag(db, { subjectType: "practice", subjectId: narrowed.id, reporterId: w.colleague.id, reason: "harmful", note: "Gecko note" });
    await createFlag(db, { subjectType: "comment", subjectId: comment!.id, reporterId: w.author.id, reason: "off_topic", note: "" });
    await createFlag(db, { subjectType: "practice", subjectId: withdrawn.id, reporterId: w.colleague.id, reason: "harmful", note: "Heron note" });
    await withdrawPractice(db, { id: withdrawn.id, by: w.author.id, reason: "Consent withdrawn" });
    const queue = await (await call(moderationLoader, { db, cookie: w.curator.cookie })).json();
    const text = JSON.stringify(queue);
    expect(queue.flags).toHaveLength(3);
    expect(text).not.toContain("Gecko");
    expect(text).not.toContain("Heron");
    expect(queue.flags.map((f: { practice: { narrowed: boolean; withdrawn: boolean } | null; comment: { narrowed: boolean } | null }) => f.practice ?? f.comment)).toEqual(
      expect.arrayContaining([expect.objectContaining({ withdrawn: true }), expect.objectContaining({ narrowed: true, slug: narrowed.slug })]),
    );
    // Opening the narrowed one to review it is allowed while the flag is open, and recorded.
    expect((await call(practiceLoader, { db, cookie: w.curator.cookie, params: { slug: narrowed.slug } })).status).toBe(200);
    expect(await audits("practice.read_for_moderation")).toHaveLength(1);
  });
});
