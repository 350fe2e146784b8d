import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";

export type AuditAction =
  | "setup.completed"
  | "auth.signin"
  | "auth.signin_failed"
  | "auth.signout";

export async function recordAudit(
  db: Kysely<Database>,
  entry: {
    actorId: number | null;
    action: AuditAction;
    targetType?: string;
    targetId?: string | number;
    detail?: Record<string, unknown>;
    ip?: string;
  },
) {
  await db
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
    .execute();
}
