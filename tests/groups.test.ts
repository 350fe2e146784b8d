import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import type { Audience } from "../app/domain/practice";
import { addGroupMember, createGroup, defaultAudienceOf, groupsForPicker, listGroupPractices, removeGroup } from "../app/models/organisation-group.server";
import { groupIdsOf } from "../app/models/organisation-group.server";
import { action as groupsAction, loader as groupsLoader } from "../app/routes/admin.groups._index";
import { action as groupAction, loader as groupAdminLoader } from "../app/routes/admin.groups.$slug";
import { loader as groupPageLoader } from "../app/routes/groups.$slug";
import { loader as organisationLoader } from "../app/routes/organisations.$slug._index";
import { action as editOrganisationAction, loader as editOrganisationLoader } from "../app/routes/organisations.$slug.edit";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makeOrganisation, makePractice, makeSignedIn } from "./factories";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

/** An administrator (the factories enrol their second factor, as one must be to reach any page). */
const signedInAdmin = () => makeSignedIn(db, { role: "admin" });

async function auditRows(action: string) {
  return db.selectFrom("audit_log").select(["actor_id", "target_type", "target_id", "detail"]).where("action", "=", action).execute();
}

async function groupRow(slug: string) {
  return db.selectFrom("organisation_groups").selectAll().where("slug", "=", slug).executeTakeFirstOrThrow();
}

/** A published practice of `organisationId` addressed to `audience` (the practice form is not this suite's business). */
async function practiceFor({
  authorId,
  organisationId,
  title,
  audience,
  groupId = null,
  now,
}: {
  authorId: number;
  organisationId: number;
  title: string;
  audience: Audience;
  groupId?: number | null;
  now?: number;
}) {
  const practice = await makePractice(db, { authorId, organisationId, writeUp: { title }, now });
  await db.updateTable("practices").set({ audience, audience_group_id: groupId }).where("id", "=", practice.id).execute();
  return practice;
}

describe("administering groups", () => {
  it("creates, renames, adds and removes organisations, removes and restores the group, each change audited", async () => {
    const admin = await signedInAdmin();
    const one = await makeOrganisation(db, { name: "Mzuzu Network" });
    const two = await makeOrganisation(db, { name: "Pokhara Exit" });

    const empty = await (await call(groupsLoader, { db, cookie: admin.cookie })).json();
    expect(empty.groups).toEqual([]);

    const created = await call(groupsAction, { db, cookie: admin.cookie, form: { name: "Exit consortium", description: "Four organisations working on exit." } });
    expect(created.status).toBe(302);
    expect(created.headers.get("Location")).toBe("/admin/groups/exit-consortium?done=created");
    const group = await groupRow("exit-consortium");
    expect(group).toMatchObject({ name: "Exit consortium", description: "Four organisations working on exit.", created_by: admin.id, deleted_at: null });
    expect(await auditRows("group.created")).toEqual([expect.objectContaining({ actor_id: admin.id, target_type: "group", target_id: String(group.id) })]);

    // The same name again gets its own address.
    await call(groupsAction, { db, cookie: admin.cookie, form: { name: "Exit consortium", description: "" } });
    expect(await groupRow("exit-consortium-2")).toMatchObject({ name: "Exit consortium" });

    const params = { slug: "exit-consortium" };
    const renamed = await call(groupAction, { db, cookie: admin.cookie, params, form: { intent: "update", name: "Exit consortium (four)", description: "Now described." } });
    expect(renamed.headers.get("Location")).toBe("/admin/groups/exit-consortium?done=updated");
    expect(await groupRow("exit-consortium")).toMatchObject({ name: "Exit consortium (four)", description: "Now described." });
    expect(JSON.parse((await auditRows("group.updated"))[0]!.detail)).toMatchObject({ from: { name: "Exit consortium" }, to: { name: "Exit consortium (four)" }, descriptionChanged: true });

    for (const org of [one, two]) {
      const added = await call(groupAction, { db, cookie: admin.cookie, params, form: { intent: "addMember", organisationId: String(org.id) } });
      expect(added.status).toBe(302);
    }
    expect((await auditRows("group.member_added")).map((r) => JSON.parse(r.detail).organisation)).toEqual(["Mzuzu Network", "Pokhara Exit"]);
    const page = await (await call(groupAdminLoader, { db, cookie: admin.cookie, params })).json();
    expect(page.members.map((m: { name: string; country: string }) => m.name)).toEqual(["Mzuzu Network", "Pokhara Exit"]);
    expect(page.outside.map((o: { id: number }) => o.id)).not.toContain(one.id);

    // Adding it twice is a clear 400, not a second row.
    const twice = await call(groupAction, { db, cookie: admin.cookie, params, form: { intent: "addMember", organisationId: String(one.id) } });
    expect(twice.status).toBe(400);
    expect((await twice.json()).errors.organisationId.key).toBe("groups.alreadyMember");

    // Removing asks first (a plain link), then removes.
    const asking = await (await call(groupAdminLoader, { db, cookie: admin.cookie, params, path: `/admin/groups/exit-consortium?remove=${two.id}` })).json();
    expect(asking.confirmRemoval).toEqual({ id: two.id, name: "Pokhara Exit" });
    const removedMember = await call(groupAction, { db, cookie: admin.cookie, params, form: { intent: "removeMember", organisationId: String(two.id) } });
    expect(removedMember.headers.get("Location")).toBe("/admin/groups/exit-consortium?done=removedMember");
    expect(await groupIdsOf(db, { organisationId: two.id })).toEqual([]);
    expect(await groupIdsOf(db, { organisationId: one.id })).toEqual([group.id]);
    expect(await auditRows("group.member_removed")).toHaveLength(1);

    // Removing the group needs the box ticked; then it is soft, and a way back exists.
    const unconfirmed = await call(groupAction, { db, cookie: admin.cookie, params, form: { intent: "remove" } });
    expect(unconfirmed.status).toBe(400);
    expect((await unconfirmed.json()).errors.confirm.key).toBe("groups.confirmRequired");
    expect((await groupRow("exit-consortium")).deleted_at).toBeNull();
    const removed = await call(groupAction, { db, cookie: admin.cookie, params, form: { intent: "remove", confirm: "yes" } });
    expect(removed.headers.get("Location")).toBe("/admin/groups/exit-consortium?done=removed");
    expect((await groupRow("exit-consortium")).deleted_at).not.toBeNull();
    expect(await groupIdsOf(db, { organisationId: one.id })).toEqual([]);
    expect(await auditRows("group.removed")).toHaveLength(1);
    const listed = await (await call(groupsLoader, { db, cookie: admin.cookie })).json();
    expect(listed.groups.find((g: { slug: string }) => g.slug === "exit-consortium")).toMatchObject({ memberCount: 1, deletedAt: expect.any(Number) });

    // A removed group is kept as it was until restored.
    const frozen = await call(groupAction, { db, cookie: admin.cookie, params, form: { intent: "update", name: "Changed while removed", description: "" } });
    expect(frozen.status).toBe(409);
    expect((await groupRow("exit-consortium")).name).toBe("Exit consortium (four)");

    const restored = await call(groupAction, { db, cookie: admin.cookie, params, form: { intent: "restore" } });
    expect(restored.headers.get("Location")).toBe("/admin/groups/exit-consortium?done=restored");
    expect((await groupRow("exit-consortium")).deleted_at).toBeNull();
    expect(await groupIdsOf(db, { organisationId: one.id })).toEqual([group.id]);
    expect(await auditRows("group.restored")).toHaveLength(1);
  });

  it("answers a bad form with 400, the messages and what was typed", async () => {
    const admin = await signedInAdmin();
    const longName = "n".repeat(201);
    const response = await call(groupsAction, { db, cookie: admin.cookie, form: { name: "   ", description: "Kept description" } });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors.name.key).toBe("validation.required");
    expect(body.values).toMatchObject({ name: "   ", description: "Kept description" });
    const tooLong = await call(groupsAction, { db, cookie: admin.cookie, form: { name: longName, description: "" } });
    expect(tooLong.status).toBe(400);
    expect((await tooLong.json()).errors.name).toEqual({ key: "validation.tooLong", params: { max: 200 } });
    expect(await db.selectFrom("organisation_groups").select("id").execute()).toEqual([]);

    await call(groupsAction, { db, cookie: admin.cookie, form: { name: "Southern Africa", description: "" } });
    const params = { slug: "southern-africa" };
    const rename = await call(groupAction, { db, cookie: admin.cookie, params, form: { intent: "update", name: "", description: "Typed description" } });
    expect(rename.status).toBe(400);
    expect((await rename.json()).values).toMatchObject({ intent: "update", description: "Typed description" });
    const noOrganisation = await call(groupAction, { db, cookie: admin.cookie, params, form: { intent: "addMember", organisationId: "" } });
    expect(noOrganisation.status).toBe(400);
    expect((await noOrganisation.json()).errors.organisationId.key).toBe("groups.chooseOrganisation");
    const unknown = await call(groupAction, { db, cookie: admin.cookie, params, form: { intent: "addMember", organisationId: "999999" } });
    expect(unknown.status).toBe(400);
    expect(await auditRows("group.member_added")).toEqual([]);
  });

  it("refuses the administration pages to everyone but administrators", async () => {
    const admin = await signedInAdmin();
    await createGroup(db, { name: "Exit consortium", description: "", createdBy: admin.id });
    const params = { slug: "exit-consortium" };
    for (const role of ["member", "coordinator"] as const) {
      const someone = await makeSignedIn(db, { role });
      expect((await call(groupsLoader, { db, cookie: someone.cookie })).status).toBe(403);
      expect((await call(groupsAction, { db, cookie: someone.cookie, form: { name: "Mine", description: "" } })).status).toBe(403);
      expect((await call(groupAdminLoader, { db, cookie: someone.cookie, params })).status).toBe(403);
      expect((await call(groupAction, { db, cookie: someone.cookie, params, form: { intent: "remove", confirm: "yes" } })).status).toBe(403);
      // Not even a missing group's address says more than "forbidden".
      expect((await call(groupAdminLoader, { db, cookie: someone.cookie, params: { slug: "no-such-group" } })).status).toBe(403);
    }
    const anonymous = await call(groupsLoader, { db });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toContain("/login");
    expect((await groupRow("exit-consortium")).deleted_at).toBeNull();
    expect(await db.selectFrom("organisation_groups").select("id").execute()).toHaveLength(1);
  });
});

describe("the group page", () => {
  async function scene() {
    const admin = await signedInAdmin();
    const inside = await makeOrganisation(db, { name: "Inside One" });
    const insideToo = await makeOrganisation(db, { name: "Inside Two" });
    const outside = await makeOrganisation(db, { name: "Outside" });
    const group = await createGroup(db, { name: "Exit consortium", description: "First paragraph.\n\nSecond paragraph.", createdBy: admin.id });
    const other = await createGroup(db, { name: "Another group", description: "", createdBy: admin.id });
    await addGroupMember(db, { groupId: group.id, organisationId: inside.id });
    await addGroupMember(db, { groupId: group.id, organisationId: insideToo.id });
    await addGroupMember(db, { groupId: other.id, organisationId: outside.id });
    const reader = await makeSignedIn(db, { organisationId: insideToo.id });
    const author = await makeSignedIn(db, { organisationId: inside.id });
    const stranger = await makeSignedIn(db, { organisationId: outside.id });
    const base = Date.UTC(2026, 0, 1);
    await practiceFor({ authorId: author.id, organisationId: inside.id, title: "Shared with the consortium", audience: "group", groupId: group.id, now: base });
    await practiceFor({ authorId: author.id, organisationId: inside.id, title: "Second for the consortium", audience: "group", groupId: group.id, now: base + 1000 });
    await practiceFor({ authorId: author.id, organisationId: inside.id, title: "Kept in the organisation", audience: "organisation" });
    await practiceFor({ authorId: author.id, organisationId: inside.id, title: "For every member", audience: "all" });
    await practiceFor({ authorId: stranger.id, organisationId: outside.id, title: "For the other group", audience: "group", groupId: other.id });
    const hidden = await practiceFor({ authorId: author.id, organisationId: inside.id, title: "Hidden by moderators", audience: "group", groupId: group.id });
    await db.updateTable("practices").set({ hidden_at: Date.now() }).where("id", "=", hidden.id).execute();
    const draft = await makePractice(db, { authorId: author.id, organisationId: inside.id, publish: false, writeUp: { title: "A draft for the consortium" } });
    await db.updateTable("practices").set({ audience: "group", audience_group_id: group.id }).where("id", "=", draft.id).execute();
    return { admin, inside, insideToo, outside, group, reader, author, stranger };
  }
  const titles = (body: { practices: { title: string }[] }) => body.practices.map((p) => p.title);

  it("shows members and the practices shared with the group to a reader inside it, newest first", async () => {
    const { reader, insideToo } = await scene();
    const response = await call(groupPageLoader, { db, cookie: reader.cookie, params: { slug: "exit-consortium" } });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.group).toMatchObject({ name: "Exit consortium", description: "First paragraph.\n\nSecond paragraph." });
    expect(body.members.map((m: { name: string }) => m.name)).toEqual(["Inside One", "Inside Two"]);
    expect(body.members.find((m: { id: number }) => m.id === insideToo.id)).toMatchObject({ country: "NP", slug: expect.any(String) });
    expect(body.isReader).toBe(true);
    expect(titles(body)).toEqual(["Second for the consortium", "Shared with the consortium"]);
    expect(JSON.stringify(body)).not.toMatch(/Hidden by moderators|A draft for the consortium|Kept in the organisation|For every member|For the other group/);
  });

  it("pages through the practices with a keyset cursor", async () => {
    const { reader, group } = await scene();
    const first = await listGroupPractices(db, { groupId: group.id, reader: { organisationId: reader.organisationId, groupIds: [group.id] }, limit: 1 });
    expect(first.items.map((p) => p.title)).toEqual(["Second for the consortium"]);
    expect(first.next).not.toBeNull();
    const after = `${first.next!.value}.${first.next!.id}`;
    const second = await (await call(groupPageLoader, { db, cookie: reader.cookie, params: { slug: "exit-consortium" }, path: `/groups/exit-consortium?after=${after}` })).json();
    expect(titles(second)).toEqual(["Shared with the consortium"]);
    expect(second.isFirstPage).toBe(false);
    expect(second.next).toBeNull();
  });

  it("shows a member outside the group, an administrator included, the group but none of its practices", async () => {
    const { stranger, admin } = await scene();
    for (const who of [stranger, admin]) {
      const body = await (await call(groupPageLoader, { db, cookie: who.cookie, params: { slug: "exit-consortium" } })).json();
      expect(body.members).toHaveLength(2);
      expect(body.isReader).toBe(false);
      expect(body.practices).toEqual([]);
      expect(JSON.stringify(body)).not.toContain("Shared with the consortium");
    }
  });

  it("is 404 once the group is removed, except for administrators; so is an unknown group", async () => {
    const { reader, admin, group } = await scene();
    expect((await call(groupPageLoader, { db, cookie: reader.cookie, params: { slug: "no-such-group" } })).status).toBe(404);
    await removeGroup(db, { id: group.id });
    expect((await call(groupPageLoader, { db, cookie: reader.cookie, params: { slug: "exit-consortium" } })).status).toBe(404);
    const forAdmin = await call(groupPageLoader, { db, cookie: admin.cookie, params: { slug: "exit-consortium" } });
    expect(forAdmin.status).toBe(200);
    expect((await forAdmin.json()).group.deletedAt).toEqual(expect.any(Number));
    expect((await call(groupAdminLoader, { db, cookie: admin.cookie, params: { slug: "exit-consortium" } })).status).toBe(200);
  });

  it("shows the organisation's live groups on its page", async () => {
    const { reader, inside, group } = await scene();
    const slug = (await db.selectFrom("organisations").select("slug").where("id", "=", inside.id).executeTakeFirstOrThrow()).slug;
    const body = await (await call(organisationLoader, { db, cookie: reader.cookie, params: { slug } })).json();
    expect(body.groups).toEqual([{ id: group.id, slug: "exit-consortium", name: "Exit consortium" }]);
    await removeGroup(db, { id: group.id });
    expect((await (await call(organisationLoader, { db, cookie: reader.cookie, params: { slug } })).json()).groups).toEqual([]);
  });
});

describe("the organisation's default audience", () => {
  async function scene() {
    const admin = await signedInAdmin();
    const org = await makeOrganisation(db, { name: "Mzuzu Network", country: "MW" });
    const slug = (await db.selectFrom("organisations").select("slug").where("id", "=", org.id).executeTakeFirstOrThrow()).slug;
    const group = await createGroup(db, { name: "Southern Africa", description: "", createdBy: admin.id });
    const notOurs = await createGroup(db, { name: "Not ours", description: "", createdBy: admin.id });
    await addGroupMember(db, { groupId: group.id, organisationId: org.id });
    const form = (extra: Record<string, string>) => ({ name: "Mzuzu Network", slug, country: "MW", description: "", languages: ["en"], ...extra });
    return { admin, org, slug, group, notOurs, form };
  }
  const stored = (id: number) => db.selectFrom("organisations").select(["default_audience", "default_group_id"]).where("id", "=", id).executeTakeFirstOrThrow();

  it("is every member until the organisation chooses; the edit form offers its own groups", async () => {
    const { admin, org, slug, group } = await scene();
    expect(await defaultAudienceOf(db, { organisationId: org.id })).toEqual({ audience: "all", groupId: null });
    const body = await (await call(editOrganisationLoader, { db, cookie: admin.cookie, params: { slug } })).json();
    expect(body.audience).toEqual({ defaultAudience: "all", defaultGroupId: null, groups: [{ id: group.id, name: "Southern Africa" }] });
    expect(await groupsForPicker(db, { organisationId: org.id })).toEqual([{ id: group.id, name: "Southern Africa" }]);
  });

  it("saves my organisation, one of its groups, or all members, and records it in the audit log", async () => {
    const { admin, org, slug, group, form } = await scene();
    const toOrganisation = await call(editOrganisationAction, { db, cookie: admin.cookie, params: { slug }, form: form({ defaultAudience: "organisation", defaultGroupId: String(group.id) }) });
    expect(toOrganisation.status).toBe(302);
    expect(await stored(org.id)).toEqual({ default_audience: "organisation", default_group_id: null });
    expect(await defaultAudienceOf(db, { organisationId: org.id })).toEqual({ audience: "organisation", groupId: null });

    await call(editOrganisationAction, { db, cookie: admin.cookie, params: { slug }, form: form({ defaultAudience: "group", defaultGroupId: String(group.id) }) });
    expect(await stored(org.id)).toEqual({ default_audience: "group", default_group_id: group.id });
    expect(await defaultAudienceOf(db, { organisationId: org.id })).toEqual({ audience: "group", groupId: group.id });
    const audits = await auditRows("organisation.updated");
    expect(JSON.parse(audits.at(-1)!.detail)).toMatchObject({ defaultAudience: "group", defaultGroupId: group.id });

    // A form without the choice (the create form, an older page) leaves every member.
    await call(editOrganisationAction, { db, cookie: admin.cookie, params: { slug }, form: form({}) });
    expect(await stored(org.id)).toEqual({ default_audience: "all", default_group_id: null });
  });

  it("refuses a group the organisation does not belong to, or none, with 400 and what was typed", async () => {
    const { admin, org, slug, notOurs, form } = await scene();
    const foreign = await call(editOrganisationAction, {
      db,
      cookie: admin.cookie,
      params: { slug },
      form: form({ name: "Renamed meanwhile", defaultAudience: "group", defaultGroupId: String(notOurs.id) }),
    });
    expect(foreign.status).toBe(400);
    const body = await foreign.json();
    expect(body.errors.defaultGroupId.key).toBe("validation.defaultGroup");
    expect(body.values).toMatchObject({ name: "Renamed meanwhile", defaultAudience: "group", defaultGroupId: String(notOurs.id) });
    const none = await call(editOrganisationAction, { db, cookie: admin.cookie, params: { slug }, form: form({ defaultAudience: "group", defaultGroupId: "" }) });
    expect(none.status).toBe(400);
    expect((await none.json()).errors.defaultGroupId.key).toBe("validation.defaultGroup");
    const nonsense = await call(editOrganisationAction, { db, cookie: admin.cookie, params: { slug }, form: form({ defaultAudience: "everyone" }) });
    expect(nonsense.status).toBe(400);
    expect((await nonsense.json()).errors.defaultAudience.key).toBe("validation.audience");
    expect(await stored(org.id)).toEqual({ default_audience: "all", default_group_id: null });
    expect((await db.selectFrom("organisations").select("name").where("id", "=", org.id).executeTakeFirstOrThrow()).name).toBe("Mzuzu Network");
  });

  it("falls back to the organisation itself (never wider) when the default group is removed or the organisation leaves it", async () => {
    const { admin, org, slug, group, form } = await scene();
    await call(editOrganisationAction, { db, cookie: admin.cookie, params: { slug }, form: form({ defaultAudience: "group", defaultGroupId: String(group.id) }) });
    await call(groupAction, { db, cookie: admin.cookie, params: { slug: "southern-africa" }, form: { intent: "remove", confirm: "yes" } });
    expect(await defaultAudienceOf(db, { organisationId: org.id })).toEqual({ audience: "organisation", groupId: null });
    await call(groupAction, { db, cookie: admin.cookie, params: { slug: "southern-africa" }, form: { intent: "restore" } });
    expect(await defaultAudienceOf(db, { organisationId: org.id })).toEqual({ audience: "group", groupId: group.id });
    await call(groupAction, { db, cookie: admin.cookie, params: { slug: "southern-africa" }, form: { intent: "removeMember", organisationId: String(org.id) } });
    expect(await defaultAudienceOf(db, { organisationId: org.id })).toEqual({ audience: "organisation", groupId: null });
    // The edit form then shows what authors get, not the stale choice.
    const body = await (await call(editOrganisationLoader, { db, cookie: admin.cookie, params: { slug } })).json();
    expect(body.audience).toMatchObject({ defaultAudience: "organisation", defaultGroupId: null, groups: [] });
  });
});
