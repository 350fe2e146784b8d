import type { Kysely } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createComment } from "../app/models/comment.server";
import { endorsePractice, withdrawEndorsement } from "../app/models/endorsement.server";
import { inTransaction } from "../db/client";
import type { Database } from "../db/schema";
import { makeMember, makeOrganisation, makePractice } from "./factories";
import { createTestDb } from "./helpers/db";
import { onPostgres } from "./helpers/postgres";

// The rules SQLite kept by letting one writer in at a time hold on PostgreSQL too, where
// transactions run side by side (each on its own connection of the pool): "one per
// member", counters beside the rows they count, and a transaction that loses a race is
// run again rather than failing.

let db: Kysely<Database>;
beforeEach(async () => {
  db = await createTestDb();
});
afterEach(async () => {
  await db.destroy();
});

async function scene(members: number) {
  const org = await makeOrganisation(db);
  const author = await makeMember(db, { organisationId: org.id });
  const practice = await makePractice(db, { authorId: author.id, organisationId: org.id });
  const others = [];
  for (let i = 0; i < members; i++) others.push(await makeMember(db));
  return { practice, others };
}

const count = async (table: "endorsements" | "comments", practiceId: number) =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("practice_id", "=", practiceId)
        .executeTakeFirstOrThrow()
    ).n,
  );
const counters = (practiceId: number) => db.selectFrom("practices").select(["endorsement_count", "comment_count"]).where("id", "=", practiceId).executeTakeFirstOrThrow();

describe("writers at once", () => {
  it("one endorsement per member, and the counter equal to the rows, with everyone endorsing at once, twice", async () => {
    const { practice, others } = await scene(12);
    const endorse = (m: (typeof others)[number], note: string) => inTransaction(db, (trx) => endorsePractice(trx, { practiceId: practice.id, userId: m.id, organisationId: m.organisationId, note }));
    const results = await Promise.all(others.flatMap((m) => [endorse(m, "first"), endorse(m, "again")]));
    expect(results.filter((r) => r.created)).toHaveLength(others.length);
    expect(await count("endorsements", practice.id)).toBe(others.length);
    expect((await counters(practice.id)).endorsement_count).toBe(others.length);
    // Half of them withdraw while the other half endorse again: the counter follows the rows.
    await Promise.all(others.map((m, i) => (i % 2 ? inTransaction(db, (trx) => withdrawEndorsement(trx, { practiceId: practice.id, userId: m.id })) : endorse(m, "still"))));
    expect(await count("endorsements", practice.id)).toBe(others.length / 2);
    expect((await counters(practice.id)).endorsement_count).toBe(others.length / 2);
  });

  it("every comment written at once is stored, counted and numbered once", async () => {
    const { practice, others } = await scene(8);
    const bodies = others.flatMap((m) => [1, 2, 3].map((n) => ({ author: m, body: `Comment ${n} from ${m.id}` })));
    const created = await Promise.all(bodies.map(({ author, body }) => inTransaction(db, (trx) => createComment(trx, { practiceId: practice.id, authorId: author.id, bodyMd: body }))));
    expect(new Set(created.map((c) => c!.id)).size).toBe(bodies.length);
    const stored = await db.selectFrom("comments").select("body_md").where("practice_id", "=", practice.id).execute();
    expect(stored.map((c) => c.body_md).sort()).toEqual(bodies.map((b) => b.body).sort());
    expect((await counters(practice.id)).comment_count).toBe(bodies.length);
  });

  it.skipIf(!onPostgres)("a transaction that loses a race is run again from the start, not failed", async () => {
    const { practice } = await scene(0);
    let attempts = 0;
    let release!: () => void;
    const readDone = new Promise<void>((resolve) => (release = resolve));
    const slow = inTransaction(db, async (trx) => {
      attempts++;
      const { endorsement_count } = await trx.selectFrom("practices").select("endorsement_count").where("id", "=", practice.id).executeTakeFirstOrThrow();
      if (attempts === 1) {
        release();
        // The other writer commits between this read and the write below.
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await trx
        .updateTable("practices")
        .set({ endorsement_count: endorsement_count + 10 })
        .where("id", "=", practice.id)
        .execute();
    });
    await readDone;
    await inTransaction(db, (trx) =>
      trx
        .updateTable("practices")
        .set((eb) => ({ endorsement_count: eb("endorsement_count", "+", 1) }))
        .where("id", "=", practice.id)
        .execute(),
    );
    await slow;
    // Run once, the slow writer would have written 10 over the other's 1 (a lost update).
    expect(attempts).toBe(2);
    expect((await counters(practice.id)).endorsement_count).toBe(11);
  });
});
