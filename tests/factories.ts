import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import type { Role } from "../app/domain/member";
import type { AudienceChoice, PracticeMeta, WriteUp } from "../app/domain/practice";
import type { GlossaryContent, GlossaryTerm } from "../app/domain/glossary";
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

/** The authenticator secret of every member the factories enrol (tests only): codes come from totpAt(TEST_TOTP_SECRET). */
export const TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/** Enrols a member in two-factor sign-in with TEST_TOTP_SECRET, as if they had confirmed a code. */
export async function enrolTwoFactor(db: Kysely<Database>, userId: number, now = Date.now()) {
  await db.insertInto("two_factor_secrets").values({ user_id: userId, secret: TEST_TOTP_SECRET, enrolled_at: now, created_at: now }).execute();
}

/**
 * Administrators and curators must have a second factor (guards.server.ts), so they are
 * made enrolled unless `twoFactor: false` asks for one who has not enrolled yet; anyone
 * else is enrolled only with `twoFactor: true`.
 */
export async function makeMember(db: Kysely<Database>, overrides: { role?: Role; organisationId?: number; email?: string; displayName?: string; locale?: string | null; twoFactor?: boolean } = {}) {
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
  const role = overrides.role ?? "member";
  const twoFactor = overrides.twoFactor ?? (role === "admin" || role === "curator");
  if (twoFactor) await enrolTwoFactor(db, id);
  return { id, email, displayName, organisationId, role, password: TEST_PASSWORD, totpSecret: twoFactor ? TEST_TOTP_SECRET : null };
}

/**
 * A session row and the Cookie header that presents it: fully signed in (second factor
 * given) and just confirmed, unless `secondFactorVerified: false` or an older `confirmedAt`.
 */
export async function makeSession(db: Kysely<Database>, userId: number, { secondFactorVerified = true, confirmedAt }: { secondFactorVerified?: boolean; confirmedAt?: number } = {}) {
  const token = generateSessionToken();
  const session = await createSession(db, { token, userId, userAgent: "test", secondFactorVerified });
  if (confirmedAt !== undefined) await db.updateTable("sessions").set({ confirmed_at: confirmedAt }).where("id", "=", session.id).execute();
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
    audience,
    now,
  }: {
    authorId: number;
    organisationId: number;
    publish?: boolean;
    writeUp?: Partial<WriteUp>;
    meta?: Partial<PracticeMeta>;
    translationOf?: number;
    audience?: AudienceChoice;
    now?: number;
  },
) {
  return createPractice(db, {
    authorId,
    organisationId,
    publish,
    writeUp: sampleWriteUp(writeUp),
    meta: { language: "en", themes: ["children-families"], countries: ["IN"], ...meta },
    translationOf,
    audience,
    now,
  });
}

/** A member with a session: what a signed-in request presents. */
export async function makeSignedIn(db: Kysely<Database>, options: Parameters<typeof makeMember>[1] = {}) {
  const member = await makeMember(db, options);
  const { cookie, sessionId } = await makeSession(db, member.id);
  return { ...member, cookie, sessionId };
}

/** A reader who belongs to no organisation or group: sees what is addressed to all members. */
export const anyMember = { id: 0, organisationId: 0, groupIds: [] } as const;

/** A glossary term, preferred unless told: `glossaryTerm("fr", "sortie", "avoid", "parcours de sortie")`. */
export const glossaryTerm = (language: GlossaryTerm["language"], text: string, status: GlossaryTerm["status"] = "preferred", alternative = ""): GlossaryTerm => ({
  language,
  text,
  status,
  reason: "",
  alternative,
  source: "",
});

/** A concept's content with no theme and no notes. */
export const glossaryContent = (terms: GlossaryTerm[], definitions: GlossaryContent["definitions"] = {}): GlossaryContent => ({ theme: null, definitions, notes: "", terms });
