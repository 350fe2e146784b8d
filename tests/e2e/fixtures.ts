import { test as base, expect, type Page } from "@playwright/test";
import type { Kysely } from "kysely";
import { createKysely, openSqlite } from "../../db/client";
import type { Database, Role } from "../../db/schema";
import { makeMember, makeOrganisation, makeSession } from "../factories";
import { E2E_SERVERS } from "./servers";

/** The main server's database, opened beside the running server (WAL allows both). */
let mainDb: Kysely<Database> | undefined;
export function db(): Kysely<Database> {
  mainDb ??= createKysely(openSqlite(E2E_SERVERS.main.databasePath));
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
