import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { writeAudit } from "~/accounts/audit.server";
import type { Actor } from "~/accounts/permissions";
import { notify } from "~/notifications/notify.server";
import { sideOf } from "./decide-rule";
import { inTransaction } from "~/utils/transaction.server";
import { MatchError } from "./errors";
import { assertProjectFits, assertStillOpen, loadPair } from "./checks.server";

// Proposing a match: a project for a need, by one side or a coordinator. Apart from deciding on it
// (decisions.server.ts); the checks both share are in checks.server.ts.

export interface ProposeInput {
  needId: number;
  projectId: number;
  note?: string;
}

/** A donor proposes its project for a need, a beneficiary a project for its need, or a coordinator either. */
export async function proposeMatch(
  db: Kysely<Database>,
  actor: Actor,
  input: ProposeInput,
  ip: string,
): Promise<{ id: number }> {
  return inTransaction(db, async (trx) => {
    const { need, project } = await loadPair(trx, input.needId, input.projectId);
    const side = sideOf(actor, need, project);
    if (!side) throw new MatchError("forbidden", "You cannot propose this match.");
    assertStillOpen(need, project);
    await assertProjectFits(trx, need, project.id);
    const live = await trx
      .selectFrom("matches")
      .select("id")
      .where("need_id", "=", need.id)
      .where("project_id", "=", project.id)
      .where("status", "in", ["proposed", "confirmed"])
      .executeTakeFirst();
    if (live) throw new MatchError("exists", "This project is already proposed or confirmed for this need.");
    const row = await trx
      .insertInto("matches")
      .values({
        need_id: need.id,
        project_id: project.id,
        proposed_by: actor.id,
        proposed_side: side,
        note: input.note ?? null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actorUserId: actor.id,
      action: "match.proposed",
      entityType: "match",
      entityId: row.id,
      after: { need_id: need.id, project_id: project.id, side, note: input.note ?? null },
      ip,
    });
    await notify(trx, { type: "match.proposed", matchId: row.id }, { actorId: actor.id });
    return row;
  });
}
