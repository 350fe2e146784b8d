import { SECTIONS } from "../domain/practice";
import { checkPrivacy } from "../utils/privacy-check";
import { endorsementSummary } from "./endorsement.server";
import { addEntry } from "./handbook.server";
import { notify } from "./notification.server";
import type { Db } from "../../db/client";
import { forAllMembers } from "./audience.server";

export async function createNomination(
  db: Db,
  { practiceId, handbookId, nominatorId, reason, now = Date.now() }: { practiceId: number; handbookId: number | null; nominatorId: number; reason: string; now?: number },
) {
  const { id } = await db
    .insertInto("nominations")
    .values({ practice_id: practiceId, handbook_id: handbookId, nominator_id: nominatorId, reason, status: "open", created_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** A practice's open and accepted nominations, for its page. */
export async function listPracticeNominations(db: Db, { practiceId }: { practiceId: number }) {
  return db
    .selectFrom("nominations")
    .leftJoin("handbooks", "handbooks.id", "nominations.handbook_id")
    .leftJoin("users", "users.id", "nominations.nominator_id")
    .select([
      "nominations.id",
      "nominations.status",
      "nominations.reason",
      "handbooks.title as handbookTitle",
      "handbooks.slug as handbookSlug",
      "handbooks.status as handbookStatus",
      "users.display_name as nominatorName",
    ])
    .where("nominations.practice_id", "=", practiceId)
    .where("nominations.status", "!=", "declined")
    .orderBy("nominations.created_at")
    .orderBy("nominations.id")
    .execute();
}

/**
 * The curators' queue: each open nomination with what a curator weighs — the practice's
 * summary, who endorses it, how much it is discussed, whether the privacy check finds
 * anything, and the nominator's reason.
 */
export async function listOpenNominations(db: Db) {
  const rows = await db
    .selectFrom("nominations")
    .innerJoin("practices", "practices.id", "nominations.practice_id")
    .innerJoin("organisations", "organisations.id", "practices.organisation_id")
    .leftJoin("handbooks", "handbooks.id", "nominations.handbook_id")
    .leftJoin("users as nominator", "nominator.id", "nominations.nominator_id")
    .selectAll("practices")
    .select([
      "nominations.id as nominationId",
      "nominations.reason",
      "nominations.created_at as nominatedAt",
      "nominations.handbook_id as handbookId",
      "handbooks.title as handbookTitle",
      "nominator.display_name as nominatorName",
      "organisations.name as organisationName",
    ])
    .where("nominations.status", "=", "open")
    // A practice narrowed since it was nominated cannot enter a handbook; its text is not the curators' to read.
    .where(forAllMembers())
    .orderBy("nominations.created_at")
    .orderBy("nominations.id")
    .limit(200)
    .execute();
  return Promise.all(
    rows.map(async (r) => {
      const endorsements = await endorsementSummary(db, { practiceId: r.id, authorOrganisationId: r.organisation_id });
      const texts: Record<string, string> = { title: r.title, summary: r.summary };
      for (const s of SECTIONS) texts[s] = r[`${s}_md`];
      return {
        nominationId: r.nominationId,
        reason: r.reason,
        nominatedAt: r.nominatedAt,
        handbookId: r.handbookId,
        handbookTitle: r.handbookTitle,
        nominatorName: r.nominatorName,
        practice: {
          id: r.id,
          slug: r.slug,
          title: r.title,
          summary: r.summary,
          status: r.status,
          organisationName: r.organisationName,
          commentCount: r.comment_count,
          currentRevision: r.current_revision,
        },
        endorsements: { count: endorsements.count, organisations: endorsements.organisations.map((o) => o.name), countries: endorsements.countries },
        privacyFindings: checkPrivacy(texts).length,
      };
    }),
  );
}

export async function getNomination(db: Db, { id }: { id: number }) {
  return db
    .selectFrom("nominations")
    .innerJoin("practices", "practices.id", "nominations.practice_id")
    .select([
      "nominations.id",
      "nominations.status",
      "nominations.nominator_id as nominatorId",
      "practices.id as practiceId",
      "practices.author_id as authorId",
      "practices.current_revision as currentRevision",
      "practices.status as practiceStatus",
      "practices.audience as practiceAudience",
      "practices.withdrawn_at as practiceWithdrawnAt",
    ])
    .where("nominations.id", "=", id)
    .executeTakeFirst();
}

/** Accepts into a chapter: the entry is pinned to the practice's current revision; nominator and author hear of it. */
export async function acceptNomination(db: Db, { id, chapterId, note, curatorId, now = Date.now() }: { id: number; chapterId: number; note: string; curatorId: number; now?: number }) {
  const nomination = await getNomination(db, { id });
  if (!nomination || nomination.status !== "open" || nomination.currentRevision < 1) return null;
  if (nomination.practiceAudience !== "all" || nomination.practiceWithdrawnAt !== null) return null;
  const entryId = await addEntry(db, { chapterId, practiceId: nomination.practiceId, revisionNumber: nomination.currentRevision, note, addedBy: curatorId, now });
  await db.updateTable("nominations").set({ status: "accepted", decided_by: curatorId, decided_at: now, decision_note: note, entry_id: entryId }).where("id", "=", id).execute();
  const recipients = [nomination.nominatorId, nomination.authorId].filter((x): x is number => x !== null);
  await notify(db, { recipients, kind: "nomination_accepted", practiceId: nomination.practiceId, actorId: curatorId, now });
  return { entryId, practiceId: nomination.practiceId };
}

export async function declineNomination(db: Db, { id, note, curatorId, now = Date.now() }: { id: number; note: string; curatorId: number; now?: number }) {
  const nomination = await getNomination(db, { id });
  if (!nomination || nomination.status !== "open") return null;
  await db.updateTable("nominations").set({ status: "declined", decided_by: curatorId, decided_at: now, decision_note: note }).where("id", "=", id).execute();
  const recipients = [nomination.nominatorId, nomination.authorId].filter((x): x is number => x !== null);
  await notify(db, { recipients, kind: "nomination_declined", practiceId: nomination.practiceId, actorId: curatorId, now });
  return nomination;
}
