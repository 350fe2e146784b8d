import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import { digestPeriod } from "../app/domain/digest";
import { catalogues } from "../app/i18n";
import { createComment } from "../app/models/comment.server";
import { composeDigest, setTopicFollows, unsubscribeToken } from "../app/models/digest.server";
import { deliverMail } from "../app/utils/mail.server";
import { action as unsubscribeAction } from "../app/routes/unsubscribe.$token";
import { createTestDb } from "./helpers/db";
import { call } from "./helpers/remix";
import { makeMember, makeOrganisation, makePractice } from "./factories";

// The digest as a mail client receives it: composed, sent through SMTP to the project's catcher
// (tests/e2e/smtp-catcher.js, a child process on free ports), and read back with its headers.

const DAY = 24 * 60 * 60 * 1000;
const ORIGIN = "https://forum.example";

interface Caught {
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

let catcher: ChildProcess;
let catcherUrl: string;
const savedEnv = { SMTP_URL: process.env.SMTP_URL, APP_ORIGIN: process.env.APP_ORIGIN };

beforeAll(async () => {
  const [smtpPort, httpPort] = [await freePort(), await freePort()];
  catcher = spawn(process.execPath, ["tests/e2e/smtp-catcher.js", String(smtpPort), String(httpPort)], { stdio: "inherit" });
  catcherUrl = `http://127.0.0.1:${httpPort}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${catcherUrl}/health`)).ok) break;
    } catch {
      if (i > 200) throw new Error("the SMTP catcher did not start");
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  process.env.SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
  process.env.APP_ORIGIN = ORIGIN;
});

afterAll(() => {
  catcher?.kill();
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});

const now = Date.now();
const period = digestPeriod(now);
const during = period.start + 2 * DAY;

async function received(to: string): Promise<Caught> {
  const messages = (await (await fetch(`${catcherUrl}/messages?to=${encodeURIComponent(to)}`)).json()) as Caught[];
  expect(messages).toHaveLength(1);
  return messages[0]!;
}

let sequence = 0;

/** A member in `locale` following "health", a practice of another organisation in it, and comments on the member's own practice. */
async function memberWithNews(locale: string) {
  const home = await makeOrganisation(db, { name: "Kathmandu Shelter", country: "NP" });
  const other = await makeOrganisation(db, { name: "Lilongwe Outreach", country: "MW" });
  const member = await makeMember(db, { organisationId: home.id, locale, email: `digest-${locale}-${now}-${++sequence}@example.org` });
  const author = await makeMember(db, { organisationId: other.id });
  await setTopicFollows(db, { userId: member.id, themes: ["health"], countries: [] });
  const news = await makePractice(db, {
    authorId: author.id,
    organisationId: other.id,
    now: during,
    writeUp: { title: "Clinic evenings", approach: "EXCERPTAPPROACH steps" },
    meta: { themes: ["health"], countries: ["MW"] },
  });
  const own = await makePractice(db, {
    authorId: member.id,
    organisationId: home.id,
    now: period.start - DAY,
    writeUp: { title: "रात्रि शिशु स्याहार", outcomes: "EXCERPTOUTCOMES" },
    meta: { themes: ["housing"], countries: ["NP"], language: "ne" },
  });
  await createComment(db, { practiceId: own.id, authorId: author.id, bodyMd: "EXCERPTCOMMENT what we saw", now: during });
  return { member, news, own };
}

async function send(userId: number) {
  const composed = await composeDigest(db, { userId, period, now, origin: process.env.APP_ORIGIN! });
  if (!("mail" in composed)) throw new Error(`expected a digest, got ${JSON.stringify(composed)}`);
  await deliverMail(composed.mail);
  return composed;
}

const EXCERPTS = ["EXCERPTAPPROACH", "EXCERPTOUTCOMES", "EXCERPTCOMMENT", "A safe place for children", "Mothers exiting prostitution"];

describe("the digest through SMTP", () => {
  it("arrives in English with a plain and an HTML part, both unsubscribe headers, its own message id, and no excerpt", async () => {
    const { member, news, own } = await memberWithNews("en");
    await send(member.id);
    const mail = await received(member.email);
    const token = await unsubscribeToken(db, member.id);
    expect(mail.subject).toBe("Your weekly summary");
    expect(mail.subject).not.toMatch(/prostitut|exit|traffick|sex|survivor|exchange/i);
    expect(mail.headers["list-unsubscribe"]).toBe(`<${ORIGIN}/unsubscribe/${token}>`);
    expect(mail.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    expect(mail.headers["message-id"]).toBe(`<digest-${period.key}-${member.id}@forum.example>`);
    expect(mail.text).toContain("Clinic evenings");
    expect(mail.text).toContain(`${ORIGIN}/practices/${news.slug}`);
    expect(mail.text).toContain("रात्रि शिशु स्याहार");
    expect(mail.text).toContain("1 new comment");
    expect(mail.html).toContain('<a href="https://forum.example/practices/');
    expect(mail.html).toContain(`lang="ne"`);
    expect(mail.html).toContain("रात्रि शिशु स्याहार");
    expect(mail.html).toContain(`/practices/${encodeURIComponent(own.slug)}`);
    for (const part of [mail.text, mail.html]) for (const excerpt of EXCERPTS) expect(part).not.toContain(excerpt);
  });

  it("arrives in French for a member who reads French", async () => {
    const { member } = await memberWithNews("fr");
    const { locale } = await send(member.id);
    expect(locale).toBe("fr");
    const mail = await received(member.email);
    expect(mail.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    expect(mail.headers["list-unsubscribe"]).toMatch(/^<https:\/\/forum\.example\/unsubscribe\/[0-9]+\.[A-Za-z0-9_-]{43}>$/);
    expect(mail.html).toContain('<html lang="fr">');
    for (const part of [mail.text, mail.html]) for (const excerpt of EXCERPTS) expect(part).not.toContain(excerpt);
    expect(mail.text).toContain(catalogues.fr["format.months"].split("|")[new Date(period.start).getUTCMonth()]!);
    const fr = catalogues.fr as Record<string, string | undefined>;
    expect(mail.subject).toBe(fr["digest.subject"]);
    expect(mail.text).toContain(fr["digest.sectionComments"]);
  });

  it("the header's link stops the digest by a one-click POST, without a session", async () => {
    const { member } = await memberWithNews("en");
    await send(member.id);
    const mail = await received(member.email);
    const url = new URL(mail.headers["list-unsubscribe"]!.slice(1, -1));
    const token = url.pathname.split("/").at(-1)!;
    const response = await call(unsubscribeAction, { db, path: url.pathname, params: { token }, form: { "List-Unsubscribe": "One-Click" } });
    expect(response.status).toBe(200);
    const row = await db.selectFrom("users").select("digest").where("id", "=", member.id).executeTakeFirstOrThrow();
    expect(row.digest).toBe("never");
    expect(await composeDigest(db, { userId: member.id, period, now, origin: ORIGIN })).toEqual({ skip: "no_longer_wanted" });
  });
});
