import { hmac } from "@oslojs/crypto/hmac";
import { SHA256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";
import { sql } from "kysely";
import type { Db } from "../../db/client";
import { DIGEST_FREQUENCIES, DIGEST_LIMITS, type DigestFrequency, type DigestPeriod, type DigestSkipReason, type TopicKind } from "../domain/digest";
import type { Reader } from "../domain/member";
import { catalogues, dateFormatter, DEFAULT_LOCALE, isLocale, translator, type Locale, type MessageKey, type Translate } from "../i18n";
import { isCountryCode } from "../utils/countries";
import type { OutgoingMail } from "../utils/mail.server";
import { listedFor } from "./audience.server";
import { groupIdsOf } from "./organisation-group.server";
import { digestDefault, ensureSiteSetting } from "./site-setting.server";

// The weekly digest: what it says, to whom, and the link that stops it. Titles, organisation
// names and links only, never a write-up's or a comment's words: the message sits in an inbox
// that others may read. Every section asks again, at send time, what the member may read now.

// ---------------------------------------------------------------------------------------------
// Who wants it

/** Members who get the digest: not disabled, with an address, weekly by their own choice or by the default. */
export async function digestRecipientIds(db: Db): Promise<number[]> {
  const fallback = await digestDefault(db);
  let query = db.selectFrom("users").select("id").where("disabled_at", "is", null).where("email", "!=", "");
  query = fallback === "weekly" ? query.where((eb) => eb.or([eb("digest", "is", null), eb("digest", "=", "weekly")])) : query.where("digest", "=", "weekly");
  const rows = await query.orderBy("id").execute();
  return rows.map((r) => r.id);
}

/** The member's own choice (null: the administrator's default) and what applies. */
export async function getDigestFrequency(db: Db, { userId }: { userId: number }): Promise<{ chosen: DigestFrequency | null; effective: DigestFrequency }> {
  const row = await db.selectFrom("users").select("digest").where("id", "=", userId).executeTakeFirst();
  const chosen = row?.digest && (DIGEST_FREQUENCIES as readonly string[]).includes(row.digest) ? row.digest : null;
  return { chosen, effective: chosen ?? (await digestDefault(db)) };
}

export async function setDigestFrequency(db: Db, { userId, frequency }: { userId: number; frequency: DigestFrequency }) {
  await db.updateTable("users").set({ digest: frequency }).where("id", "=", userId).execute();
}

export interface TopicFollows {
  themes: string[];
  countries: string[];
}

export async function listTopicFollows(db: Db, { userId }: { userId: number }): Promise<TopicFollows> {
  const rows = await db.selectFrom("topic_follows").select(["kind", "value"]).where("user_id", "=", userId).orderBy("kind").orderBy("value").execute();
  return { themes: rows.filter((r) => r.kind === "theme").map((r) => r.value), countries: rows.filter((r) => r.kind === "country").map((r) => r.value) };
}

/** Replaces what the member follows. Unknown themes and countries are dropped. */
export async function setTopicFollows(db: Db, { userId, themes, countries, now = Date.now() }: { userId: number; themes: readonly string[]; countries: readonly string[]; now?: number }) {
  const known = new Set((await db.selectFrom("themes").select("key").execute()).map((t) => t.key));
  const rows: { user_id: number; kind: TopicKind; value: string; created_at: number }[] = [
    ...[...new Set(themes)].filter((key) => known.has(key)).map((value) => ({ user_id: userId, kind: "theme" as const, value, created_at: now })),
    ...[...new Set(countries.map((c) => c.toUpperCase()))].filter(isCountryCode).map((value) => ({ user_id: userId, kind: "country" as const, value, created_at: now })),
  ];
  await db.deleteFrom("topic_follows").where("user_id", "=", userId).execute();
  if (rows.length) await db.insertInto("topic_follows").values(rows).execute();
}

/**
 * The countries offered to follow: where the network's organisations are, what the practices the
 * reader may read name, and whatever the member follows already.
 */
export async function followableCountries(db: Db, { reader }: { reader: Reader }): Promise<string[]> {
  const [organisations, practices, followed] = await Promise.all([
    db.selectFrom("organisations").select("country").distinct().execute(),
    db.selectFrom("practice_countries").innerJoin("practices", "practices.id", "practice_countries.practice_id").select("practice_countries.country").distinct().where(listedFor(reader)).execute(),
    db.selectFrom("topic_follows").select("value as country").where("user_id", "=", reader.id).where("kind", "=", "country").execute(),
  ]);
  return [...new Set([...organisations, ...practices, ...followed].map((r) => r.country.toUpperCase()))].filter(isCountryCode).sort();
}

// ---------------------------------------------------------------------------------------------
// The unsubscribe link: HMAC-SHA256 over a purpose and the member's id, with a key of the forum's own

const DIGEST_KEY = "digest.key";
const PURPOSE = "digest-unsubscribe:";

async function digestKey(db: Db): Promise<Uint8Array> {
  const random = new Uint8Array(32);
  crypto.getRandomValues(random);
  const stored = await ensureSiteSetting(db, { key: DIGEST_KEY, value: encodeBase64urlNoPadding(random) });
  return decodeBase64urlIgnorePadding(stored);
}

const mac = (key: Uint8Array, userId: number) => hmac(SHA256, key, new TextEncoder().encode(`${PURPOSE}${userId}`));

/** "<id>.<mac>": works without a session, for this member and for stopping the digest only. */
export async function unsubscribeToken(db: Db, userId: number): Promise<string> {
  return `${userId}.${encodeBase64urlNoPadding(mac(await digestKey(db), userId))}`;
}

/** The member the token was made for, or null for anything else (tampered, another purpose, malformed). */
export async function verifyUnsubscribeToken(db: Db, token: string): Promise<number | null> {
  const match = /^([1-9][0-9]{0,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const userId = Number(match[1]);
  if (!Number.isSafeInteger(userId)) return null;
  let given: Uint8Array;
  try {
    given = decodeBase64urlIgnorePadding(match[2]!);
  } catch {
    return null;
  }
  const expected = mac(await digestKey(db), userId);
  if (given.length !== expected.length || !constantTimeEqual(given, expected)) return null;
  const exists = await db.selectFrom("users").select("id").where("id", "=", userId).executeTakeFirst();
  return exists ? userId : null;
}

// ---------------------------------------------------------------------------------------------
// What it says

interface PracticeLine {
  title: string;
  slug: string;
  language: string;
  organisationName: string;
}

export interface DigestContent {
  newPractices: PracticeLine[];
  comments: (PracticeLine & { count: number })[];
  endorsements: (PracticeLine & { count: number; endorsers: string[] })[];
  nominations: (PracticeLine & { outcome: "accepted" | "declined"; handbookTitle: string | null })[];
  editions: { title: string; slug: string; language: string; edition: number }[];
  /** When the newest thing listed happened: a member seen since has had the chance to see it all. */
  newest: number | null;
}

export type DigestSection = Exclude<keyof DigestContent, "newest">;
const SECTIONS: readonly DigestSection[] = ["newPractices", "comments", "endorsements", "nominations", "editions"];

const notByMember = (column: string, userId: number) => sql<boolean>`(${sql.ref(column)} is null or ${sql.ref(column)} <> ${userId})`;

/** Everything new for the member in the period, each line something they may read now. */
export async function digestContent(db: Db, { reader, period }: { reader: Reader; period: DigestPeriod }): Promise<DigestContent> {
  const { start, end } = period;
  const userId = reader.id;

  const newPractices = await db
    .selectFrom("practices")
    .innerJoin("organisations", "organisations.id", "practices.organisation_id")
    .select(["practices.title", "practices.slug", "practices.language", "organisations.name as organisationName", "practices.published_at as at"])
    .where(listedFor(reader))
    .where("practices.published_at", ">=", start)
    .where("practices.published_at", "<", end)
    .where(notByMember("practices.author_id", userId))
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom("practice_themes")
            .innerJoin("topic_follows", (join) => join.onRef("topic_follows.value", "=", "practice_themes.theme_key").on("topic_follows.kind", "=", "theme"))
            .select("practice_themes.practice_id")
            .whereRef("practice_themes.practice_id", "=", "practices.id")
            .where("topic_follows.user_id", "=", userId),
        ),
        eb.exists(
          eb
            .selectFrom("practice_countries")
            .innerJoin("topic_follows", (join) => join.onRef("topic_follows.value", "=", "practice_countries.country").on("topic_follows.kind", "=", "country"))
            .select("practice_countries.practice_id")
            .whereRef("practice_countries.practice_id", "=", "practices.id")
            .where("topic_follows.user_id", "=", userId),
        ),
      ]),
    )
    .orderBy("practices.published_at", "desc")
    .orderBy("practices.id", "desc")
    .execute();

  // Counted per practice; the comments' words never leave the forum.
  const comments = await db
    .selectFrom("comments")
    .innerJoin("practices", "practices.id", "comments.practice_id")
    .innerJoin("organisations", "organisations.id", "practices.organisation_id")
    .select((eb) => [
      "practices.id",
      "practices.title",
      "practices.slug",
      "practices.language",
      "organisations.name as organisationName",
      eb.fn.countAll<number>().as("count"),
      eb.fn.max<number>("comments.created_at").as("at"),
    ])
    .where(listedFor(reader))
    .where("comments.created_at", ">=", start)
    .where("comments.created_at", "<", end)
    .where("comments.deleted_at", "is", null)
    .where("comments.hidden_at", "is", null)
    .where(notByMember("comments.author_id", userId))
    .where((eb) =>
      eb.or([
        eb("practices.author_id", "=", userId),
        eb.exists(eb.selectFrom("follows").select("follows.practice_id").whereRef("follows.practice_id", "=", "practices.id").where("follows.user_id", "=", userId).where("follows.following", "=", 1)),
      ]),
    )
    .groupBy(["practices.id", "practices.title", "practices.slug", "practices.language", "organisations.name"])
    .orderBy("practices.id", "desc")
    .execute();

  const endorsementRows = await db
    .selectFrom("endorsements")
    .innerJoin("practices", "practices.id", "endorsements.practice_id")
    .innerJoin("organisations", "organisations.id", "practices.organisation_id")
    .innerJoin("organisations as endorser", "endorser.id", "endorsements.organisation_id")
    .select(["practices.id", "practices.title", "practices.slug", "practices.language", "organisations.name as organisationName", "endorser.name as endorserName", "endorsements.created_at as at"])
    .where(listedFor(reader))
    .where("practices.organisation_id", "=", reader.organisationId)
    .where("endorsements.created_at", ">=", start)
    .where("endorsements.created_at", "<", end)
    .where("endorsements.user_id", "<>", userId)
    .orderBy("practices.id", "desc")
    .orderBy("endorsements.id")
    .execute();
  const endorsements = new Map<number, DigestContent["endorsements"][number]>();
  for (const { id, endorserName, at: _at, ...line } of endorsementRows) {
    const entry = endorsements.get(id) ?? { ...line, count: 0, endorsers: [] };
    entry.count++;
    if (!entry.endorsers.includes(endorserName)) entry.endorsers.push(endorserName);
    endorsements.set(id, entry);
  }

  const nominations = await db
    .selectFrom("nominations")
    .innerJoin("practices", "practices.id", "nominations.practice_id")
    .innerJoin("organisations", "organisations.id", "practices.organisation_id")
    .leftJoin("handbook_entries", "handbook_entries.id", "nominations.entry_id")
    .leftJoin("handbook_chapters", "handbook_chapters.id", "handbook_entries.chapter_id")
    .leftJoin("handbooks", (join) => join.on(sql<boolean>`handbooks.id = coalesce(handbook_chapters.handbook_id, nominations.handbook_id)`))
    .select([
      "practices.title",
      "practices.slug",
      "practices.language",
      "organisations.name as organisationName",
      "nominations.status",
      "handbooks.title as handbookTitle",
      "nominations.decided_at as at",
    ])
    .where(listedFor(reader))
    .where("nominations.nominator_id", "=", userId)
    .where("nominations.status", "in", ["accepted", "declined"])
    .where("nominations.decided_at", ">=", start)
    .where("nominations.decided_at", "<", end)
    .orderBy("nominations.decided_at", "desc")
    .orderBy("nominations.id", "desc")
    .execute();

  const editions = await db
    .selectFrom("handbooks")
    .select(["title", "slug", "language", "edition", "published_at as at"])
    .where("status", "=", "published")
    .where("published_at", ">=", start)
    .where("published_at", "<", end)
    .orderBy("published_at", "desc")
    .orderBy("id", "desc")
    .execute();

  const times = [...newPractices, ...comments, ...endorsementRows, ...nominations, ...editions].map((row) => Number(row.at ?? 0));
  return {
    newPractices: newPractices.map(({ at: _at, ...line }) => line),
    comments: comments.map(({ id: _id, count, at: _at, ...line }) => ({ ...line, count: Number(count) })),
    endorsements: [...endorsements.values()],
    nominations: nominations.map(({ status, at: _at, ...line }) => ({ ...line, outcome: status === "accepted" ? ("accepted" as const) : ("declined" as const) })),
    editions: editions.map(({ at: _at, ...line }) => line),
    newest: times.length ? Math.max(...times) : null,
  };
}

export type DigestCounts = Record<DigestSection, number>;

export type ComposedDigest = { mail: OutgoingMail; locale: Locale; counts: DigestCounts } | { skip: DigestSkipReason };

/**
 * The member's digest for the period, decided again at send time: someone who stopped it, was
 * disabled, used the forum this week and has nothing unread, or has nothing new, gets none.
 */
export async function composeDigest(db: Db, { userId, period, now, origin }: { userId: number; period: DigestPeriod; now: number; origin: string }): Promise<ComposedDigest> {
  const user = await db
    .selectFrom("users")
    .select(["id", "email", "locale", "organisation_id as organisationId", "digest", "disabled_at as disabledAt", "last_seen_at as lastSeenAt"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user || user.disabledAt !== null || !user.email) return { skip: "no_longer_wanted" };
  if ((user.digest ?? (await digestDefault(db))) !== "weekly") return { skip: "no_longer_wanted" };

  const reader: Reader = { id: user.id, organisationId: user.organisationId, groupIds: await groupIdsOf(db, { organisationId: user.organisationId }) };
  const content = await digestContent(db, { reader, period });
  const counts = Object.fromEntries(SECTIONS.map((s) => [s, content[s].length])) as DigestCounts;
  if (SECTIONS.every((s) => counts[s] === 0)) return { skip: "nothing_new" };

  // Used the forum after the newest thing listed happened, with no notification unread.
  if (user.lastSeenAt !== null && content.newest !== null && user.lastSeenAt >= content.newest && user.lastSeenAt <= now) {
    const unread = await db.selectFrom("notifications").select("id").where("user_id", "=", userId).where("read_at", "is", null).limit(1).executeTakeFirst();
    if (!unread) return { skip: "read_everything" };
  }

  const locale: Locale = isLocale(user.locale) ? user.locale : DEFAULT_LOCALE;
  const base = new URL(origin).origin;
  const token = await unsubscribeToken(db, userId);
  const unsubscribeUrl = `${base}/unsubscribe/${token}`;
  const rendered = renderDigest({ content, locale, period, origin: base, unsubscribeUrl });
  const host = new URL(base).hostname || "localhost";
  return {
    locale,
    counts,
    mail: {
      to: user.email,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId: `<digest-${period.key}-${userId}@${host}>`,
      headers: {
        "List-Unsubscribe": `<${unsubscribeUrl}>`,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Plain text and HTML

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
const practiceUrl = (origin: string, slug: string) => `${origin}/practices/${encodeURIComponent(slug)}`;
const handbookUrl = (origin: string, slug: string) => `${origin}/handbooks/${encodeURIComponent(slug)}`;

interface Line {
  /** The title, in its own language. */
  title: string;
  lang: string;
  url: string;
  /** After the title: organisation, counts (the reader's language). */
  detail: string;
}

const SECTION_HEADINGS = {
  newPractices: "digest.sectionNewPractices",
  comments: "digest.sectionComments",
  endorsements: "digest.sectionEndorsements",
  nominations: "digest.sectionNominations",
  editions: "digest.sectionEditions",
} as const satisfies Record<DigestSection, MessageKey>;

function sectionLines(section: DigestSection, content: DigestContent, t: Translate, origin: string): Line[] {
  switch (section) {
    case "newPractices":
      return content.newPractices.map((p) => ({ title: p.title, lang: p.language, url: practiceUrl(origin, p.slug), detail: p.organisationName }));
    case "comments":
      return content.comments.map((p) => ({
        title: p.title,
        lang: p.language,
        url: practiceUrl(origin, p.slug),
        detail: t("digest.commentCount", { count: p.count, organisation: p.organisationName }),
      }));
    case "endorsements":
      return content.endorsements.map((p) => ({
        title: p.title,
        lang: p.language,
        url: practiceUrl(origin, p.slug),
        detail: t("digest.endorsementCount", { count: p.count, organisations: p.endorsers.join(", ") }),
      }));
    case "nominations":
      return content.nominations.map((p) => ({
        title: p.title,
        lang: p.language,
        url: practiceUrl(origin, p.slug),
        detail: p.outcome === "accepted" ? (p.handbookTitle ? t("digest.nominationAcceptedInto", { handbook: p.handbookTitle }) : t("digest.nominationAccepted")) : t("digest.nominationDeclined"),
      }));
    case "editions":
      return content.editions.map((h) => ({ title: h.title, lang: h.language, url: handbookUrl(origin, h.slug), detail: t("digest.editionNumber", { edition: h.edition }) }));
  }
}

export function renderDigest({ content, locale, period, origin, unsubscribeUrl }: { content: DigestContent; locale: Locale; period: DigestPeriod; origin: string; unsubscribeUrl: string }) {
  const t = translator(catalogues[locale], locale);
  const dates = dateFormatter(catalogues[locale], locale, "UTC");
  const subject = t("digest.subject");
  const intro = t("digest.intro", { start: dates.date(period.start), end: dates.date(period.end - 1) });
  const settingsUrl = `${origin}/settings#digest-heading`;
  const sections = SECTIONS.map((section) => {
    const lines = sectionLines(section, content, t, origin);
    const shown = lines.slice(0, DIGEST_LIMITS.perSection);
    return { heading: t(SECTION_HEADINGS[section]), shown, more: lines.length - shown.length };
  }).filter((s) => s.shown.length > 0);

  const text = [
    intro,
    "",
    ...sections.flatMap((s) => [
      s.heading,
      "-".repeat(Math.min(60, [...s.heading].length)),
      ...s.shown.flatMap((l) => [`* ${l.title} (${l.detail})`, `  ${l.url}`]),
      ...(s.more > 0 ? [t("digest.andMore", { count: s.more })] : []),
      "",
    ]),
    "-- ",
    t("digest.footerWhy"),
    t("digest.footerSettings", { link: settingsUrl }),
    t("digest.footerStop", { link: unsubscribeUrl }),
    "",
  ].join("\n");

  const p = (inner: string, style = "") => `<p style="margin:0 0 12px 0;${style}">${inner}</p>`;
  const html = [
    "<!DOCTYPE html>",
    `<html lang="${esc(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${esc(subject)}</title></head>`,
    `<body style="margin:0;padding:16px;background:#ffffff;color:#1a1a1a;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5">`,
    `<div style="max-width:600px;margin:0 auto">`,
    p(esc(intro)),
    ...sections.flatMap((s) => [
      `<h2 style="font-size:18px;margin:24px 0 8px 0;color:#1a1a1a">${esc(s.heading)}</h2>`,
      `<ul style="margin:0 0 12px 0;padding-left:20px">`,
      ...s.shown.map(
        (l) =>
          `<li style="margin:0 0 8px 0"><a href="${esc(l.url)}" lang="${esc(l.lang)}" style="color:#0b5394;text-decoration:underline">${esc(l.title)}</a> <span style="color:#555555">(${esc(l.detail)})</span></li>`,
      ),
      `</ul>`,
      ...(s.more > 0 ? [p(esc(t("digest.andMore", { count: s.more })), "color:#555555")] : []),
    ]),
    `<hr style="border:0;border-top:1px solid #cccccc;margin:24px 0 12px 0">`,
    p(esc(t("digest.footerWhy")), "font-size:14px;color:#555555"),
    p(`<a href="${esc(settingsUrl)}" style="color:#0b5394">${esc(t("digest.footerSettingsLink"))}</a>`, "font-size:14px"),
    p(`<a href="${esc(unsubscribeUrl)}" style="color:#0b5394">${esc(t("digest.footerStopLink"))}</a>`, "font-size:14px"),
    `</div></body></html>`,
  ].join("\n");

  return { subject, text, html };
}
