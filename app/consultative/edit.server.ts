import type { Kysely, Updateable } from "kysely";
import type { Database, MeetingsTable, RecommendationsTable } from "../../db/schema";
import { can, type Actor } from "~/accounts/permissions";
import { writeAudit } from "~/accounts/audit.server";
import { editableAt, RecordError } from "~/marketplace/errors";
import { inTransaction } from "~/utils/transaction.server";

// Who may change the consultative records (meetings, recommendations), and the one way an edit of
// either is made: at the version the page showed, checked, versioned and audited in one transaction.

type Db = Kysely<Database>;

export function canManageConsultative(actor: Pick<Actor, "role">): boolean {
  return can(actor.role, "record:edit-any");
}

/** The record an edit changes and its new columns: a table and the columns of that table. */
type EditedColumns =
  | { table: "meetings"; values: Updateable<MeetingsTable> }
  | { table: "recommendations"; values: Updateable<RecommendationsTable> };

const AUDITED = {
  meetings: { entityType: "meeting", action: "meeting.update" },
  recommendations: { entityType: "recommendation", action: "recommendation.update" },
} as const;

export type ConsultativeEdit = EditedColumns & {
  id: number;
  /** The version the page showed: another edit since then makes this one stale. */
  expectedVersion: number;
  /** The input's own checks (the references it names), inside the transaction, after the lock. */
  check: (trx: Db) => Promise<void>;
  /** What a database error becomes (a unique violation a field's message); anything else is rethrown. */
  refusal: (error: unknown) => never;
};

/** Edits a meeting or a recommendation as the coordination unit: the new version. */
export async function updateConsultativeRecord(
  db: Db,
  actor: Actor,
  edit: ConsultativeEdit,
  ip: string | null,
): Promise<{ version: number }> {
  if (!canManageConsultative(actor)) throw new RecordError("forbidden");
  const { table, id } = edit;
  return inTransaction(db, async (trx) => {
    const before = editableAt(
      await trx.selectFrom(table).selectAll().where("id", "=", id).forUpdate().executeTakeFirst(),
      edit.expectedVersion,
    );
    await edit.check(trx);
    const after = await trx
      .updateTable(table)
      .set((eb) => ({ ...edit.values, version: eb("version", "+", 1), updated_at: new Date() }))
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, { actorUserId: actor.id, ...AUDITED[table], entityId: id, before, after, ip });
    return { version: after.version };
  }).catch((e) => (e instanceof RecordError ? Promise.reject(e) : edit.refusal(e)));
}
