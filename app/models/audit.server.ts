import type { AuditAction } from "../domain/audit";
import type { Db } from "../../db/client";

export async function recordAudit(
  db: Db,
  entry: {
    actorId: number | null;
    action: AuditAction;
    targetType?: string;
    targetId?: string | number;
    detail?: Record<string, unknown>;
    ip?: string;
  },
): Promise<number> {
  const row = await db
    .insertInto("audit_log")
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      target_type: entry.targetType ?? null,
      target_id: entry.targetId === undefined ? null : String(entry.targetId),
      detail: JSON.stringify(entry.detail ?? {}),
      ip: entry.ip ?? "",
      created_at: Date.now(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * What became of an audited action that ends outside the database (an e-mail sent or not):
 * the row is written with the change, in its transaction, and its detail completed here.
 */
export async function completeAuditDetail(db: Db, { id, detail }: { id: number; detail: Record<string, unknown> }) {
  await db
    .updateTable("audit_log")
    .set({ detail: JSON.stringify(detail) })
    .where("id", "=", id)
    .execute();
}

export const AUDIT_PAGE_SIZE = 50;

/** Newest first, filtered by actor (name or e-mail), action and a date range (epoch ms, end exclusive). */
export async function listAudit(db: Db, { actor, action, from, to, page = 1 }: { actor?: string; action?: AuditAction; from?: number; to?: number; page?: number }) {
  let query = db
    .selectFrom("audit_log")
    .leftJoin("users as actor", "actor.id", "audit_log.actor_id")
    // Compared as text: PostgreSQL would fail on a target_id that is not a number (another
    // kind of target), where SQLite's cast gives 0.
    .leftJoin("users as target", (join) => join.on("audit_log.target_type", "=", "user").on((eb) => eb(eb.cast<string>("target.id", "text"), "=", eb.ref("audit_log.target_id"))));
  if (actor) {
    const needle = actor.trim().toLowerCase();
    query = query.where((eb) => eb.or([eb("actor.email", "=", needle), eb("actor.display_name", "=", actor.trim())]));
  }
  if (action) query = query.where("audit_log.action", "=", action);
  if (from !== undefined) query = query.where("audit_log.created_at", ">=", from);
  if (to !== undefined) query = query.where("audit_log.created_at", "<", to);
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  const rows = await query
    .select([
      "audit_log.id",
      "audit_log.action",
      "audit_log.target_type as targetType",
      "audit_log.target_id as targetId",
      "audit_log.detail",
      "audit_log.ip",
      "audit_log.created_at as createdAt",
      "actor.id as actorId",
      "actor.display_name as actorName",
      "target.display_name as targetName",
    ])
    .orderBy("audit_log.created_at", "desc")
    .orderBy("audit_log.id", "desc")
    .limit(AUDIT_PAGE_SIZE)
    .offset((page - 1) * AUDIT_PAGE_SIZE)
    .execute();
  return { rows, total, page, pageCount: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)) };
}
