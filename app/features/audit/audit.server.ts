import type { Database } from "~/db.server";

export type AuditEntry = {
  /** The acting user; null for the system or an anonymous visitor. */
  actorId: string | null;
  /** Dotted verb in English, e.g. "auth.sign_in", "role.grant". */
  action: string;
  entityType: string;
  entityId?: string | number | null;
  details?: Record<string, unknown>;
};

/**
 * Appends one row to the audit log. Call it with the same transaction handle as the change
 * it records, so the change and its record commit or roll back together.
 */
export async function audit(db: Database, entry: AuditEntry): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId == null ? null : String(entry.entityId),
      details: JSON.stringify(entry.details ?? {}),
      created_at: new Date().toISOString(),
    })
    .execute();
}

/** The history of one record, oldest first, with the name of whoever acted. */
export async function auditTrail(db: Database, entityType: string, entityId: string | number) {
  return db
    .selectFrom("audit_log")
    .leftJoin("users", "users.id", "audit_log.actor_id")
    .select([
      "audit_log.id",
      "audit_log.action",
      "audit_log.details",
      "audit_log.created_at",
      "users.name as actor_name",
    ])
    .where("entity_type", "=", entityType)
    .where("entity_id", "=", String(entityId))
    .orderBy("audit_log.id")
    .execute();
}
