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
  /** Creates a member (new organisation unless given) and signs this page's context in as them. */
  signIn: (options?: { role?: Role; organisationId?: number; locale?: string }) => Promise<Member>;
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
