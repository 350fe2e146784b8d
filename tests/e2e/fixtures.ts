import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { test as base, expect, type Page } from "@playwright/test";
import type { Kysely } from "kysely";
import { connect } from "../../db/client";
import type { Database } from "../../db/schema";
import type { Role } from "../../app/domain/member";
import { makeMember, makeOrganisation, makeSession } from "../factories";
import { E2E_SERVERS, SMTP_CATCHER } from "./servers";

/** The main server's database, opened beside the running server (SQLite's WAL allows both; PostgreSQL any number). */
let mainDb: Kysely<Database> | undefined;
export function db(): Kysely<Database> {
  mainDb ??= connect(E2E_SERVERS.main.database);
  return mainDb;
}

type Member = Awaited<ReturnType<typeof makeMember>>;

interface Fixtures {
  /**
   * Creates a member (new organisation unless given) and signs this page's context in as
   * them, fully: administrators and curators come enrolled in two-factor sign-in with the
   * factories' test secret (`twoFactor: false` for one who has not enrolled yet).
   */
  signIn: (options?: { role?: Role; organisationId?: number; locale?: string; twoFactor?: boolean }) => Promise<Member>;
}

export const test = base.extend<Fixtures>({
  signIn: async ({ context }, use) => {
    await use(async (options = {}) => {
      const member = await makeMember(db(), options);
      const { token } = await makeSession(db(), member.id);
      await context.addCookies([{ name: "px_session", value: token, url: E2E_SERVERS.main.url, httpOnly: true, sameSite: "Lax" }]);
      return member;
    });
  },
});

export { expect, makeMember, makeOrganisation };
export type { Page };

export interface CaughtMail {
  to: string[];
  subject: string;
  text: string;
}

/** Waits for the newest message to an address at the SMTP catcher and returns it. */
export async function waitForMail(to: string, { after = 0 }: { after?: number } = {}): Promise<CaughtMail> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${SMTP_CATCHER.url}/messages?to=${encodeURIComponent(to)}`);
    const messages = (await response.json()) as (CaughtMail & { receivedAt: number })[];
    const fresh = messages.filter((m) => m.receivedAt >= after);
    if (fresh.length) return fresh[fresh.length - 1]!;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`No e-mail to ${to} arrived at the SMTP catcher`);
}

export function linkIn(mail: CaughtMail): string {
  const match = mail.text.match(/https?:\/\/\S+/);
  if (!match) throw new Error(`No link in the e-mail "${mail.subject}"`);
  return match[0];
}

/** Resolves once React has hydrated the page (Remix exposes its router then). */
export async function waitForHydration(page: Page) {
  await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: { state?: { initialized?: boolean } } }).__remixRouter?.state?.initialized));
}

/**
 * The next code an authenticator app would show for a member, computed with @oslojs/otp
 * from the secret in that server's database: the server accepts the step before, now and
 * after, each once, so this takes the first step after the last one used (waiting for the
 * clock when the window is spent).
 */
export async function nextSignInCode(database: Kysely<Database>, email: string): Promise<string> {
  for (;;) {
    const row = await database
      .selectFrom("two_factor_secrets")
      .innerJoin("users", "users.id", "two_factor_secrets.user_id")
      .select(["two_factor_secrets.secret", "two_factor_secrets.last_used_step as lastUsedStep"])
      .where("users.email", "=", email.toLowerCase())
      .executeTakeFirstOrThrow();
    const current = Math.floor(Date.now() / 30_000);
    const step = Math.max(row.lastUsedStep + 1, current - 1);
    if (step <= current + 1) return generateHOTP(decodeBase32IgnorePadding(row.secret), BigInt(step), 6);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** On the enrolment page: reads the secret off the page and confirms it with a code, as a person with an app would. */
export async function enrolOnPage(page: Page) {
  const key = decodeBase32IgnorePadding((await page.getByTestId("two-factor-secret").innerText()).replace(/\s/g, ""));
  await page.getByRole("textbox", { name: /^Code/ }).fill(generateHOTP(key, BigInt(Math.floor(Date.now() / 30_000)), 6));
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await page.getByRole("link", { name: "I have kept my codes: continue to the forum" }).click();
}
