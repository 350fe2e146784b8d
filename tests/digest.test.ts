import { hmac } from "@oslojs/crypto/hmac";
import { SHA256 } from "@oslojs/crypto/sha2";
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";
import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import { digestPeriod } from "../app/domain/digest";
import { catalogues } from "../app/i18n";
import { createComment, hideComment } from "../app/models/comment.server";
import { composeDigest, digestRecipientIds, listTopicFollows, setDigestFrequency, setTopicFollows, unsubscribeToken, verifyUnsubscribeToken } from "../app/models/digest.server";
import { endorsePractice } from "../app/models/endorsement.server";
import { addChapter, createHandbook, setHandbookStatus } from "../app/models/handbook.server";
import { acceptNomination, createNomination } from "../app/models/nomination.server";
import { withdrawPractice } from "../app/models/practice.server";
import { digestDefault, getSiteSetting, setDigestDefault } from "../app/models/site-setting.server";
import { action as adminAction, loader as adminLoader } from "../app/routes/admin._index";
import { action as settingsAction, loader as settingsLoader } from "../app/routes/settings";
import { action as unsubscribeAction, loader as unsubscribeLoader } from "../app/routes/unsubscribe.$token";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makeMember, makeOrganisation, makePractice, makeSignedIn } from "./factories";

const DAY = 24 * 60 * 60 * 1000;
const ORIGIN = "https://forum.example";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

const now = Date.now();
const period = digestPeriod(now);
const during = period.start + 2 * DAY;
const before = period.start - 3 * DAY;

const compose = (userId: number) => composeDigest(db, { userId, period, now, origin: ORIGIN });

async function mailOf(userId: number) {
  const result = await compose(userId);
  if (!("mail" in result)) throw new Error(`expected a digest, got ${JSON.stringify(result)}`);
  return result;
}

/** Words that must never reach an inbox: write-ups, comments, notes, and whatever the reader may not open. */
const NEVER = [
  "SECRETWRITEUP",
  "SECRETCOMMENT",
  "SECRETNOTE",
  "SECRETDECISION",
  "SECRETREASON",
  "A safe place for children",
  "Withdrawn clinic",
  "Hidden clinic",
  "Narrowed clinic",
  "Restricted clinic",
];

/**
 * A reader in Kathmandu following the theme "health" and the country Malawi; Lilongwe's
 * practices, some of them out of the reader's reach; comments, an endorsement, a nomination
 * decided and an edition published during the week.
 */
async function scene() {
  const home = await makeOrganisation(db, { name: "Kathmandu Shelter", country: "NP" });
  const other = await makeOrganisation(db, { name: "Lilongwe Outreach", country: "MW" });
  const reader = await makeMember(db, { organisationId: home.id, displayName: "Reader", locale: "en" });
  const author = await makeMember(db, { organisationId: other.id, displayName: "Chikondi" });
  const curator = await makeMember(db, { role: "curator" });
  await setTopicFollows(db, { userId: reader.id, themes: ["health"], countries: ["MW"] });

  const practice = (title: string, meta: { themes: string[]; countries: string[] }, at = during, writeUp = {}) =>
    makePractice(db, { authorId: author.id, organisationId: other.id, now: at, writeUp: { title, outcomes: "SECRETWRITEUP outcomes", ...writeUp }, meta });
  const byTheme = await practice("Clinic evenings", { themes: ["health"], countries: ["IN"] });
  const byCountry = await practice("Truck stop outreach", { themes: ["housing"], countries: ["MW"] });
  await practice("Unfollowed topic", { themes: ["housing"], countries: ["IN"] });
  await practice("Last week's clinic", { themes: ["health"], countries: ["MW"] }, before);
  const withdrawn = await practice("Withdrawn clinic", { themes: ["health"], countries: ["MW"] });
  await withdrawPractice(db, { id: withdrawn.id, by: author.id, reason: "SECRETREASON consent", now: during });
  const hidden = await practice("Hidden clinic", { themes: ["health"], countries: ["MW"] });
  await db.updateTable("practices").set({ hidden_at: during, hidden_reason: "SECRETREASON" }).where("id", "=", hidden.id).execute();
  const narrowed = await practice("Narrowed clinic", { themes: ["health"], countries: ["MW"] });
  await db.updateTable("practices").set({ audience: "organisation", audience_organisation_id: other.id }).where("id", "=", narrowed.id).execute();
  const restricted = await practice("Restricted clinic", { themes: ["health"], countries: ["MW"] });
  await db.updateTable("practices").set({ restricted_at: during }).where("id", "=", restricted.id).execute();

  // The reader's own practice, written earlier: two comments from others this week, the reader's own reply, a hidden one.
  const own = await makePractice(db, {
    authorId: reader.id,
    organisationId: home.id,
    now: before,
    writeUp: { title: "Night crèche", outcomes: "SECRETWRITEUP" },
    meta: { themes: ["housing"], countries: ["NP"] },
  });
  await createComment(db, { practiceId: own.id, authorId: author.id, bodyMd: "SECRETCOMMENT first", now: during });
  await createComment(db, { practiceId: own.id, authorId: curator.id, bodyMd: "SECRETCOMMENT second", now: during + 1000 });
  await createComment(db, { practiceId: own.id, authorId: reader.id, bodyMd: "SECRETCOMMENT mine", now: during + 2000 });
  const hiddenComment = await createComment(db, { practiceId: own.id, authorId: author.id, bodyMd: "SECRETCOMMENT hidden", now: during + 3000 });
  await hideComment(db, { id: hiddenComment!.id, moderatorId: curator.id, reason: "SECRETREASON", now: during + 4000 });
  // A comment on the withdrawn practice, which the reader follows: never named.
  await db.insertInto("follows").values({ user_id: reader.id, practice_id: withdrawn.id, following: 1, updated_at: during }).execute();
  await createComment(db, { practiceId: withdrawn.id, authorId: author.id, bodyMd: "SECRETCOMMENT withdrawn", now: during });

  await endorsePractice(db, { practiceId: own.id, userId: author.id, organisationId: other.id, note: "SECRETNOTE endorsement", now: during });

  const handbook = await createHandbook(db, { title: "Good Practice Handbook", edition: 1, language: "en", introMd: "", createdBy: curator.id, now: before });
  const chapterId = await addChapter(db, { handbookId: handbook.id, title: "Health", introMd: "" });
  const nominationId = await createNomination(db, { practiceId: byTheme.id, handbookId: handbook.id, nominatorId: reader.id, reason: "SECRETREASON nominated", now: during });
  await acceptNomination(db, { id: nominationId, chapterId, note: "SECRETDECISION", curatorId: curator.id, now: during + 5000 });
  const edition = await createHandbook(db, { title: "Field Handbook", edition: 2, language: "en", introMd: "SECRETWRITEUP intro", createdBy: curator.id, now: before });
  await setHandbookStatus(db, { id: edition.id, status: "published", now: during });

  return { home, other, reader, author, curator, byTheme, byCountry, own, edition };
}

describe("what the digest says", () => {
  it("lists each section with titles, organisations and links, and never an excerpt or what the reader may not open", async () => {
    const { reader, byTheme, byCountry, own, edition } = await scene();
    const { mail, counts, locale } = await mailOf(reader.id);
    expect(locale).toBe("en");
    expect(counts).toEqual({ newPractices: 2, comments: 1, endorsements: 1, nominations: 1, editions: 1 });
    expect(mail.subject).toBe("Your weekly summary");
    for (const body of [mail.text, mail.html!]) {
      for (const heading of ["digest.sectionNewPractices", "digest.sectionComments", "digest.sectionEndorsements", "digest.sectionNominations", "digest.sectionEditions"] as const) {
        expect(body).toContain(catalogues.en[heading]);
      }
      expect(body).toContain("Clinic evenings");
      expect(body).toContain("Truck stop outreach");
      expect(body).toContain(`${ORIGIN}/practices/${byTheme.slug}`);
      expect(body).toContain(`${ORIGIN}/practices/${byCountry.slug}`);
      expect(body).toContain("Lilongwe Outreach");
      expect(body).toContain("Night crèche");
      expect(body).toContain(`${ORIGIN}/practices/${own.slug}`);
      expect(body).toContain("2 new comments");
      expect(body).toContain("1 endorsement, from Lilongwe Outreach");
      expect(body).toContain("accepted into Good Practice Handbook");
      expect(body).toContain("Field Handbook");
      expect(body).toContain(`${ORIGIN}/handbooks/${edition.slug}`);
      expect(body).not.toContain("Unfollowed topic");
      expect(body).not.toContain("Last week");
      for (const word of NEVER) expect(body).not.toContain(word);
    }
  });

  it("escapes titles in the HTML part, carries no remote image, and both unsubscribe headers with a message id of its own", async () => {
    const { reader } = await scene();
    const org = await makeOrganisation(db, { name: "Org <b>&</b>" });
    const author = await makeMember(db, { organisationId: org.id });
    await makePractice(db, {
      authorId: author.id,
      organisationId: org.id,
      now: during,
      writeUp: { title: 'Health <img src="https://tracker.example/x.png"> & more' },
      meta: { themes: ["health"], countries: ["IN"] },
    });
    const { mail } = await mailOf(reader.id);
    expect(mail.html).toContain("Health &lt;img src=&quot;https://tracker.example/x.png&quot;&gt; &amp; more");
    expect(mail.html).toContain("Org &lt;b&gt;&amp;&lt;/b&gt;");
    expect(mail.html).not.toMatch(/<img|<script|<link|url\(/i);
    expect(mail.html).toContain('lang="en"');
    const token = await unsubscribeToken(db, reader.id);
    expect(mail.headers).toEqual({ "List-Unsubscribe": `<${ORIGIN}/unsubscribe/${token}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    expect(mail.messageId).toBe(`<digest-${period.key}-${reader.id}@forum.example>`);
    expect(mail.text).toContain(`${ORIGIN}/unsubscribe/${token}`);
    expect(mail.to).toBe(reader.email);
  });

  it("is written in the member's own language", async () => {
    const { home } = await scene();
    const french = await makeMember(db, { organisationId: home.id, locale: "fr" });
    await setTopicFollows(db, { userId: french.id, themes: ["health"], countries: [] });
    const { mail, locale } = await mailOf(french.id);
    expect(locale).toBe("fr");
    expect(mail.html).toContain('lang="fr"');
    expect(mail.text).toContain("Clinic evenings");
    for (const word of NEVER) expect(mail.text).not.toContain(word);
    // The catalogue's words (these need the French catalogue's digest keys).
    const month = catalogues.fr["format.months"].split("|")[new Date(period.start).getUTCMonth()]!;
    expect(mail.text).toContain(month);
    const fr = catalogues.fr as Record<string, string | undefined>;
    expect(mail.subject).toBe(fr["digest.subject"]);
    expect(mail.subject).not.toBe(catalogues.en["digest.subject"]);
    expect(mail.text).toContain(fr["digest.sectionNewPractices"]);
  });

  it("says 'and N more' past the section's limit", async () => {
    const { reader, author, other } = await scene();
    for (let i = 0; i < 12; i++)
      await makePractice(db, { authorId: author.id, organisationId: other.id, now: during, writeUp: { title: `Extra clinic ${i}` }, meta: { themes: ["health"], countries: ["IN"] } });
    const { mail, counts } = await mailOf(reader.id);
    expect(counts.newPractices).toBe(14);
    expect(mail.text).toContain("and 4 more");
  });
});

describe("who gets it, decided again at send time", () => {
  it("skips a member who stopped it, a disabled one, and everyone left on a default of never", async () => {
    const { reader, home } = await scene();
    const stopped = await makeMember(db, { organisationId: home.id });
    await setTopicFollows(db, { userId: stopped.id, themes: ["health"], countries: [] });
    await setDigestFrequency(db, { userId: stopped.id, frequency: "never" });
    const disabled = await makeMember(db, { organisationId: home.id });
    await setTopicFollows(db, { userId: disabled.id, themes: ["health"], countries: [] });
    await db.updateTable("users").set({ disabled_at: now }).where("id", "=", disabled.id).execute();

    expect(await compose(stopped.id)).toEqual({ skip: "no_longer_wanted" });
    expect(await compose(disabled.id)).toEqual({ skip: "no_longer_wanted" });
    let ids = await digestRecipientIds(db);
    expect(ids).toContain(reader.id);
    expect(ids).not.toContain(stopped.id);
    expect(ids).not.toContain(disabled.id);

    const admin = await makeMember(db, { role: "admin" });
    await setDigestDefault(db, { frequency: "never", updatedBy: admin.id });
    expect(await digestDefault(db)).toBe("never");
    expect(await compose(reader.id)).toEqual({ skip: "no_longer_wanted" });
    await setDigestFrequency(db, { userId: stopped.id, frequency: "weekly" });
    ids = await digestRecipientIds(db);
    expect(ids).not.toContain(reader.id);
    expect(ids).toContain(stopped.id);
    expect("mail" in (await compose(stopped.id))).toBe(true);
  });

  it("skips a member who used the forum after everything it lists and has nothing unread, not one with unread notifications", async () => {
    const { reader } = await scene();
    // Seen after the week's last event (the nomination decided at during + 5000).
    await db
      .updateTable("users")
      .set({ last_seen_at: during + 6000 })
      .where("id", "=", reader.id)
      .execute();
    // The comments on their practice are still unread.
    expect("mail" in (await compose(reader.id))).toBe(true);
    await db.updateTable("notifications").set({ read_at: now }).where("user_id", "=", reader.id).execute();
    expect(await compose(reader.id)).toEqual({ skip: "read_everything" });
    // Seen this week, but before the decision on their nomination: it is sent.
    await db
      .updateTable("users")
      .set({ last_seen_at: during + 4000 })
      .where("id", "=", reader.id)
      .execute();
    expect("mail" in (await compose(reader.id))).toBe(true);
    // Last seen before the week: it is sent.
    await db.updateTable("users").set({ last_seen_at: before }).where("id", "=", reader.id).execute();
    expect("mail" in (await compose(reader.id))).toBe(true);
  });

  it("sends nothing when there is nothing new", async () => {
    const quiet = await makeMember(db);
    await setTopicFollows(db, { userId: quiet.id, themes: ["health"], countries: ["MW"] });
    expect(await compose(quiet.id)).toEqual({ skip: "nothing_new" });
    expect(await digestRecipientIds(db)).toContain(quiet.id);
  });
});

describe("topic follows", () => {
  it("keeps known themes and countries only, and replaces the previous choice", async () => {
    const member = await makeMember(db);
    await setTopicFollows(db, { userId: member.id, themes: ["health", "nonsense", "health"], countries: ["mw", "XX", "NP"] });
    expect(await listTopicFollows(db, { userId: member.id })).toEqual({ themes: ["health"], countries: ["MW", "NP"] });
    await setTopicFollows(db, { userId: member.id, themes: [], countries: ["IN"] });
    expect(await listTopicFollows(db, { userId: member.id })).toEqual({ themes: [], countries: ["IN"] });
  });
});

describe("the unsubscribe token", () => {
  it("names its member, and refuses a tampered token, another member's id, another purpose and garbage", async () => {
    const one = await makeMember(db);
    const two = await makeMember(db);
    const token = await unsubscribeToken(db, one.id);
    expect(token).toMatch(/^[0-9]+\.[A-Za-z0-9_-]{43}$/);
    expect(await unsubscribeToken(db, one.id)).toBe(token);
    expect(await verifyUnsubscribeToken(db, token)).toBe(one.id);
    expect(await verifyUnsubscribeToken(db, await unsubscribeToken(db, two.id))).toBe(two.id);

    const [, mac] = token.split(".") as [string, string];
    const flipped = mac.slice(0, -2) + (mac.at(-2) === "A" ? "B" : "A") + mac.at(-1);
    expect(await verifyUnsubscribeToken(db, `${one.id}.${flipped}`)).toBeNull();
    expect(await verifyUnsubscribeToken(db, `${two.id}.${mac}`)).toBeNull();
    const key = decodeBase64urlIgnorePadding((await getSiteSetting(db, "digest.key"))!);
    const otherPurpose = encodeBase64urlNoPadding(hmac(SHA256, key, new TextEncoder().encode(`password-reset:${one.id}`)));
    expect(await verifyUnsubscribeToken(db, `${one.id}.${otherPurpose}`)).toBeNull();
    for (const bad of ["", "abc", `${one.id}`, `${one.id}.`, `0.${mac}`, `-1.${mac}`, `${one.id}.${mac}x`, `99999999.${mac}`]) {
      expect(await verifyUnsubscribeToken(db, bad)).toBeNull();
    }
  });

  it("is made with a key of this forum's own: another database's token does not work here", async () => {
    const member = await makeMember(db);
    const token = await unsubscribeToken(db, member.id);
    const elsewhere = await createTestDb();
    const theirs = await unsubscribeToken(elsewhere, member.id);
    expect(theirs).not.toBe(token);
    expect(await verifyUnsubscribeToken(db, theirs)).toBeNull();
    await elsewhere.destroy();
  });
});

describe("the unsubscribe page", () => {
  const audits = (userId: number) =>
    db.selectFrom("audit_log").select(["action", "actor_id", "target_id"]).where("target_id", "=", String(userId)).where("action", "like", "digest.%").orderBy("id").execute();
  const frequency = async (userId: number) => (await db.selectFrom("users").select("digest").where("id", "=", userId).executeTakeFirstOrThrow()).digest;

  it("asks first: opening the link changes nothing", async () => {
    const member = await makeMember(db);
    const token = await unsubscribeToken(db, member.id);
    const response = await call(unsubscribeLoader, { db, params: { token }, path: `/unsubscribe/${token}` });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ state: "confirm" });
    expect(await frequency(member.id)).toBeNull();
    expect(await audits(member.id)).toEqual([]);
  });

  it("one-click POST (RFC 8058) without a session stops the digest, audited; 'Send it again' brings it back", async () => {
    const member = await makeMember(db);
    await setTopicFollows(db, { userId: member.id, themes: ["health"], countries: [] });
    const token = await unsubscribeToken(db, member.id);
    const response = await call(unsubscribeAction, { db, params: { token }, path: `/unsubscribe/${token}`, form: { "List-Unsubscribe": "One-Click" } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ state: "unsubscribed" });
    expect(await frequency(member.id)).toBe("never");
    expect(await digestRecipientIds(db)).not.toContain(member.id);
    expect(await audits(member.id)).toEqual([{ action: "digest.unsubscribed", actor_id: member.id, target_id: String(member.id) }]);

    const back = await call(unsubscribeAction, { db, params: { token }, path: `/unsubscribe/${token}`, form: { intent: "resubscribe" } });
    expect(await back.json()).toEqual({ state: "resubscribed" });
    expect(await frequency(member.id)).toBe("weekly");
    expect((await audits(member.id)).map((a) => a.action)).toEqual(["digest.unsubscribed", "digest.resubscribed"]);

    const button = await call(unsubscribeAction, { db, params: { token }, path: `/unsubscribe/${token}`, form: { intent: "unsubscribe" } });
    expect(await button.json()).toEqual({ state: "unsubscribed" });
    expect(await frequency(member.id)).toBe("never");
  });

  it("answers a bad token with 404 and changes nothing", async () => {
    const member = await makeMember(db);
    const token = await unsubscribeToken(db, member.id);
    const bad = `${member.id}.${"A".repeat(43)}`;
    expect((await call(unsubscribeLoader, { db, params: { token: bad } })).status).toBe(404);
    expect((await call(unsubscribeAction, { db, params: { token: bad }, form: { "List-Unsubscribe": "One-Click" } })).status).toBe(404);
    expect((await call(unsubscribeAction, { db, params: { token: "x".repeat(300) }, form: {} })).status).toBe(404);
    expect((await call(unsubscribeAction, { db, params: { token }, form: { intent: "delete-account" } })).status).toBe(400);
    expect(await frequency(member.id)).toBeNull();
  });
});

describe("the settings page's weekly e-mail section", () => {
  it("shows the choice and what is followed, saves weekly/never and the topics (dropping unknown ones), audited without the topics", async () => {
    const home = await makeOrganisation(db, { name: "Kathmandu Shelter", country: "NP" });
    await makeOrganisation(db, { country: "MW" });
    const member = await makeSignedIn(db, { organisationId: home.id });
    let data = await (await call(settingsLoader, { db, cookie: member.cookie })).json();
    expect(data.digest).toMatchObject({ chosen: null, effective: "weekly", follows: { themes: [], countries: [] } });
    expect(data.digest.themes).toContain("health");
    expect(data.digest.countries.map((c: { code: string }) => c.code)).toEqual(expect.arrayContaining(["MW", "NP"]));

    const saved = await call(settingsAction, { db, cookie: member.cookie, form: { intent: "digest", frequency: "never", themes: ["health", "made-up"], countries: ["MW", "ZZ"] } });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe("/settings?saved=digest");
    data = await (await call(settingsLoader, { db, cookie: member.cookie })).json();
    expect(data.digest).toMatchObject({ chosen: "never", effective: "never", follows: { themes: ["health"], countries: ["MW"] } });
    const audit = await db.selectFrom("audit_log").select(["action", "detail"]).where("action", "=", "digest.changed").executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail)).toEqual({ frequency: "never" });

    const bad = await call(settingsAction, { db, cookie: member.cookie, form: { intent: "digest", frequency: "daily", themes: ["housing"] } });
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.errors.frequency).toBeTruthy();
    expect(body.values.themes).toEqual("housing");
    expect((await listTopicFollows(db, { userId: member.id })).themes).toEqual(["health"]);
  });

  it("needs a session", async () => {
    await makeMember(db);
    const response = await call(settingsAction, { db, form: { intent: "digest", frequency: "never" } });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/login/);
  });
});

describe("the administrator's default", () => {
  it("is set by an administrator only, audited", async () => {
    const admin = await makeSignedIn(db, { role: "admin" });
    const member = await makeSignedIn(db);
    expect((await (await call(adminLoader, { db, cookie: admin.cookie })).json()).digestDefault).toBe("weekly");
    expect((await call(adminAction, { db, cookie: member.cookie, form: { intent: "digestDefault", frequency: "never" } })).status).toBe(403);
    expect(await digestDefault(db)).toBe("weekly");
    expect((await call(adminAction, { db, cookie: admin.cookie, form: { intent: "digestDefault", frequency: "sometimes" } })).status).toBe(400);
    const saved = await call(adminAction, { db, cookie: admin.cookie, form: { intent: "digestDefault", frequency: "never" } });
    expect(saved.status).toBe(302);
    expect(await digestDefault(db)).toBe("never");
    const audit = await db.selectFrom("audit_log").select(["actor_id", "detail"]).where("action", "=", "settings.digest_default").executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(admin.id);
    expect(JSON.parse(audit.detail)).toEqual({ frequency: "never" });
    expect((await (await call(adminLoader, { db, cookie: admin.cookie })).json()).digestDefault).toBe("never");
  });
});
