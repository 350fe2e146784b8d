import type { Db } from "../../db/client";
import type { Reader, Role } from "../domain/member";
import { OFFLINE_LIMITS, type SavedKind } from "../domain/saved";
import { listedFor } from "./audience.server";

// Saved for later (issue 22): a member's own list of practices and handbook editions, in
// their order. The rows are private: every query here names the member (`user_id`), and
// what is listed is checked again against what the member may read now, so a practice
// withdrawn, hidden or narrowed away since it was saved drops out of the list (and of the
// offline copies built from it) without the row being touched.

/** Who is reading the list: audiences need the organisation and groups, a draft handbook the role. */
export type SavedReader = Reader & { role: Role };

export interface SavedPractice {
  id: number;
  slug: string;
  title: string;
  language: string;
  organisationName: string;
  /** The revision when it was saved (null if unknown). */
  savedRevision: number | null;
  currentRevision: number;
  updatedAt: number;
}

export interface SavedHandbook {
  id: number;
  slug: string;
  title: string;
  edition: number;
  language: string;
  publishedAt: number | null;
}

export interface SavedEntry {
  id: number;
  kind: SavedKind;
  position: number;
  savedAt: number;
  practice: SavedPractice | null;
  handbook: SavedHandbook | null;
}

const mayCurate = (role: Role) => role === "curator" || role === "admin";

/**
 * The member's saved items they may open now, in their order: a practice while it is
 * listed for them (published, not held back, in its audience); a handbook edition while it
 * is published, or in any state for a curator.
 */
export async function listSaved(db: Db, { reader }: { reader: SavedReader }): Promise<SavedEntry[]> {
  const practices = await db
    .selectFrom("saved_items")
    .innerJoin("practices", "practices.id", "saved_items.practice_id")
    .innerJoin("organisations", "organisations.id", "practices.organisation_id")
    .select([
      "saved_items.id",
      "saved_items.position",
      "saved_items.saved_at as savedAt",
      "saved_items.revision_number as savedRevision",
      "practices.id as practiceId",
      "practices.slug",
      "practices.title",
      "practices.language",
      "practices.current_revision as currentRevision",
      "practices.updated_at as updatedAt",
      "organisations.name as organisationName",
    ])
    .where("saved_items.user_id", "=", reader.id)
    .where(listedFor(reader))
    .execute();
  let handbookQuery = db
    .selectFrom("saved_items")
    .innerJoin("handbooks", "handbooks.id", "saved_items.handbook_id")
    .select([
      "saved_items.id",
      "saved_items.position",
      "saved_items.saved_at as savedAt",
      "handbooks.id as handbookId",
      "handbooks.slug",
      "handbooks.title",
      "handbooks.edition",
      "handbooks.language",
      "handbooks.published_at as publishedAt",
    ])
    .where("saved_items.user_id", "=", reader.id);
  if (!mayCurate(reader.role)) handbookQuery = handbookQuery.where("handbooks.status", "=", "published");
  const handbooks = await handbookQuery.execute();

  const entries: SavedEntry[] = [
    ...practices.map((p) => ({
      id: p.id,
      kind: "practice" as const,
      position: p.position,
      savedAt: p.savedAt,
      practice: {
        id: p.practiceId,
        slug: p.slug,
        title: p.title,
        language: p.language,
        organisationName: p.organisationName,
        savedRevision: p.savedRevision,
        currentRevision: p.currentRevision,
        updatedAt: p.updatedAt,
      },
      handbook: null,
    })),
    ...handbooks.map((h) => ({
      id: h.id,
      kind: "handbook" as const,
      position: h.position,
      savedAt: h.savedAt,
      practice: null,
      handbook: { id: h.handbookId, slug: h.slug, title: h.title, edition: h.edition, language: h.language, publishedAt: h.publishedAt },
    })),
  ];
  return entries.sort((a, b) => a.position - b.position || a.id - b.id);
}

type Target = { practiceId: number; handbookId?: undefined } | { handbookId: number; practiceId?: undefined };

/** Whether the member has saved this practice or handbook edition. */
export async function savedState(db: Db, { userId, practiceId, handbookId }: { userId: number; practiceId?: number; handbookId?: number }): Promise<boolean> {
  if (practiceId === undefined && handbookId === undefined) return false;
  let query = db.selectFrom("saved_items").select("id").where("user_id", "=", userId);
  query = practiceId !== undefined ? query.where("practice_id", "=", practiceId) : query.where("handbook_id", "=", handbookId!);
  return (await query.executeTakeFirst()) !== undefined;
}

/** How many items the member has saved (readable now or not: the limit counts rows). */
export async function countSaved(db: Db, { userId }: { userId: number }): Promise<number> {
  const row = await db
    .selectFrom("saved_items")
    .select((eb) => eb.fn.countAll<number | string | bigint>().as("n"))
    .where("user_id", "=", userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type SaveResult = { status: "saved"; id: number; created: boolean } | { status: "full" };

/**
 * Saves a practice (with the revision being read) or a handbook edition at the end of the
 * member's list. Saving again changes nothing; past OFFLINE_LIMITS.maxItems it refuses.
 * The caller has checked that the member may read it.
 */
export async function saveItem(db: Db, args: { userId: number; revisionNumber?: number | null; now?: number } & Target): Promise<SaveResult> {
  const { userId, revisionNumber = null, now = Date.now() } = args;
  const existing = await findSaved(db, { userId, ...targetOf(args) });
  if (existing) return { status: "saved", id: existing.id, created: false };
  const { n, last } = await db
    .selectFrom("saved_items")
    .select((eb) => [eb.fn.countAll<number | string | bigint>().as("n"), eb.fn.max("position").as("last")])
    .where("user_id", "=", userId)
    .executeTakeFirstOrThrow();
  if (Number(n) >= OFFLINE_LIMITS.maxItems) return { status: "full" };
  const values = {
    user_id: userId,
    practice_id: args.practiceId ?? null,
    handbook_id: args.handbookId ?? null,
    position: Number(last ?? 0) + 1,
    revision_number: args.practiceId !== undefined ? revisionNumber : null,
    saved_at: now,
  };
  const inserted = await db
    .insertInto("saved_items")
    .values(values)
    .onConflict((oc) => oc.columns(args.practiceId !== undefined ? ["user_id", "practice_id"] : ["user_id", "handbook_id"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (inserted) return { status: "saved", id: inserted.id, created: true };
  // Saved at the same moment by another request.
  const raced = await findSaved(db, { userId, ...targetOf(args) });
  return raced ? { status: "saved", id: raced.id, created: false } : { status: "full" };
}

function targetOf(t: { practiceId?: number; handbookId?: number }) {
  return t.practiceId !== undefined ? { practiceId: t.practiceId } : { handbookId: t.handbookId };
}

async function findSaved(db: Db, { userId, practiceId, handbookId }: { userId: number; practiceId?: number; handbookId?: number }) {
  let query = db.selectFrom("saved_items").select("id").where("user_id", "=", userId);
  query = practiceId !== undefined ? query.where("practice_id", "=", practiceId) : query.where("handbook_id", "=", handbookId!);
  return query.executeTakeFirst();
}

/** Removes one of the member's saved items, by its id or by what it saves. True if one was removed. */
export async function unsaveItem(db: Db, { userId, id, practiceId, handbookId }: { userId: number; id?: number; practiceId?: number; handbookId?: number }): Promise<boolean> {
  let query = db.deleteFrom("saved_items").where("user_id", "=", userId);
  if (id !== undefined) query = query.where("id", "=", id);
  else if (practiceId !== undefined) query = query.where("practice_id", "=", practiceId);
  else if (handbookId !== undefined) query = query.where("handbook_id", "=", handbookId);
  else return false;
  const result = await query.executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/**
 * Moves one of the member's saved items up, down or to the top of their list. `among` (the
 * ids the member sees, from `listSaved`) makes "up" pass over items they can no longer open,
 * so every press moves the item on the page. The whole list is numbered again 1…n, so
 * positions that two saves at once made equal sort out here. False when the item is not theirs.
 */
export async function moveSavedItem(db: Db, { userId, id, direction, among }: { userId: number; id: number; direction: "up" | "down" | "top"; among?: readonly number[] }): Promise<boolean> {
  const rows = await db.selectFrom("saved_items").select(["id", "position"]).where("user_id", "=", userId).orderBy("position").orderBy("id").execute();
  const from = rows.findIndex((r) => r.id === id);
  if (from === -1) return false;
  const shown = among ? new Set(among) : null;
  const isShown = (r: { id: number }) => !shown || shown.has(r.id);
  const order = rows.slice();
  const [moved] = order.splice(from, 1);
  if (!moved) return false;
  let to: number;
  if (direction === "top") to = 0;
  else if (direction === "up") {
    // Just before the nearest shown item above it (or where it is, if none).
    let before = from - 1;
    while (before >= 0 && !isShown(order[before]!)) before--;
    to = before === -1 ? from : before;
  } else {
    // Just after the nearest shown item below it.
    const after = order.slice(from).findIndex(isShown);
    to = after === -1 ? from : from + after + 1;
  }
  order.splice(to, 0, moved);
  for (const [index, row] of order.entries()) {
    if (row.position !== index + 1)
      await db
        .updateTable("saved_items")
        .set({ position: index + 1 })
        .where("id", "=", row.id)
        .where("user_id", "=", userId)
        .execute();
  }
  return true;
}

/** Removes the member's saved rows that are not in `keep` (what they may still open): the Saved page's "remove the rest". */
export async function pruneSaved(db: Db, { userId, keep }: { userId: number; keep: readonly number[] }): Promise<number> {
  let query = db.deleteFrom("saved_items").where("user_id", "=", userId);
  if (keep.length) query = query.where("id", "not in", [...keep]);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}
