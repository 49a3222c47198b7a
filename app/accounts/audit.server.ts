import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";

export interface AuditEntry {
  actorUserId: number | null;
  action: string;
  entityType: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
}

// Secrets never reach the log, whatever a caller passes.
const REDACTED_FIELDS = new Set(["password_hash", "password", "token_hash"]);

function redact(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value, (key, v) => (REDACTED_FIELDS.has(key) ? "[redacted]" : v));
}

/** Writes one audit row; call it inside the transaction that makes the change. */
export async function writeAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      actor_user_id: entry.actorUserId,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: String(entry.entityId),
      before: redact(entry.before),
      after: redact(entry.after),
      ip: entry.ip ?? null,
    })
    .execute();
}

/** Writes several audit rows in one statement, in the order given (an import's chunk of projects). */
export async function writeAudits(db: Kysely<Database>, entries: AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 500) {
    const rows = entries.slice(i, i + 500).map((entry) => ({
      actor_user_id: entry.actorUserId,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: String(entry.entityId),
      before: redact(entry.before),
      after: redact(entry.after),
      ip: entry.ip ?? null,
    }));
    if (rows.length) await db.insertInto("audit_log").values(rows).execute();
  }
}
