import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import type { Role } from "../app/domain/member";
import type { PracticeMeta, WriteUp } from "../app/domain/practice";
import { hashPassword } from "../app/auth/password.server";
import { createSession, generateSessionToken, SESSION_COOKIE } from "../app/auth/session.server";
import { createOrganisation } from "../app/models/organisation.server";
import { createUser } from "../app/models/user.server";
import { createPractice } from "../app/models/practice.server";

export const TEST_PASSWORD = "correct horse battery staple";
let cachedHash: Promise<string> | undefined;
/** Hashing is deliberately slow; the factories share one hash of TEST_PASSWORD. */
function testPasswordHash() {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  return cachedHash;
}

let sequence = 0;
const next = () => ++sequence;

export async function makeOrganisation(db: Kysely<Database>, overrides: { name?: string; country?: string; languages?: string[] } = {}) {
  const n = next();
  const name = overrides.name ?? `Organisation ${n}`;
  const org = await createOrganisation(db, { name, country: overrides.country ?? "NP", languages: overrides.languages ?? ["en"] });
  return { ...org, name };
}

export async function makeMember(db: Kysely<Database>, overrides: { role?: Role; organisationId?: number; email?: string; displayName?: string; locale?: string | null } = {}) {
  const n = next();
  const organisationId = overrides.organisationId ?? (await makeOrganisation(db)).id;
  const email = overrides.email ?? `member${n}-${Date.now()}@example.org`;
  const displayName = overrides.displayName ?? `Member ${n}`;
  const id = await createUser(db, {
    email,
    displayName,
    organisationId,
    role: overrides.role ?? "member",
    passwordHash: await testPasswordHash(),
    locale: overrides.locale ?? null,
  });
  return { id, email, displayName, organisationId, role: overrides.role ?? "member", password: TEST_PASSWORD };
}

/** A session row and the Cookie header that presents it. */
export async function makeSession(db: Kysely<Database>, userId: number) {
  const token = generateSessionToken();
  const session = await createSession(db, { token, userId, userAgent: "test" });
  return { token, sessionId: session.id, cookie: `${SESSION_COOKIE}=${token}` };
}

export const sampleWriteUp = (overrides: Partial<WriteUp> = {}): WriteUp => ({
  title: "Night crèche for children of mothers in the red-light area",
  summary: "A safe place for children to sleep while their mothers attend evening classes.",
  context: "Mothers exiting prostitution in Kolkata could not attend evening training.",
  approach: "1. Open from 6 pm.\n2. Two trained carers.\n3. Meals and homework help.",
  resources: "Two carers, a rented room, donated beds.",
  outcomes: "Forty mothers finished training in the first year.",
  lessons: "Start with fewer places and grow.",
  adapt: "",
  ...overrides,
});

export async function makePractice(
  db: Kysely<Database>,
  {
    authorId,
    organisationId,
    publish = true,
    writeUp = {},
    meta = {},
    translationOf,
    now,
  }: { authorId: number; organisationId: number; publish?: boolean; writeUp?: Partial<WriteUp>; meta?: Partial<PracticeMeta>; translationOf?: number; now?: number },
) {
  return createPractice(db, {
    authorId,
    organisationId,
    publish,
    writeUp: sampleWriteUp(writeUp),
    meta: { language: "en", themes: ["children-families"], countries: ["IN"], ...meta },
    translationOf,
    now,
  });
}

/** A member with a session: what a signed-in request presents. */
export async function makeSignedIn(db: Kysely<Database>, options: Parameters<typeof makeMember>[1] = {}) {
  const member = await makeMember(db, options);
  const { cookie } = await makeSession(db, member.id);
  return { ...member, cookie };
}
