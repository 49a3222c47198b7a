import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { writeAudit } from "~/accounts/audit.server";
import { invalid } from "~/marketplace/errors";

// Which recommendations a need or a project cites. The record's own write calls these inside its
// transaction (after its permission checks); every change of links is audited on the record.

type Db = Kysely<Database>;
type Kind = "need" | "project";

async function assertKnown(db: Db, ids: number[]): Promise<void> {
  if (!ids.length) return;
  const found = await db.selectFrom("recommendations").select("id").where("id", "in", ids).execute();
  if (found.length !== ids.length) throw invalid("recommendations", "form.choose");
}

export async function linkedRecommendations(db: Db, kind: Kind, recordId: number): Promise<number[]> {
  const rows =
    kind === "need"
      ? await db
          .selectFrom("need_recommendations")
          .select("recommendation_id")
          .where("need_id", "=", recordId)
          .execute()
      : await db
          .selectFrom("project_recommendations")
          .select("recommendation_id")
          .where("project_id", "=", recordId)
          .execute();
  return rows.map((r) => r.recommendation_id).sort((a, b) => a - b);
}

/** Replaces a record's cited recommendations; `undefined` leaves them as they are (a form without the picker). */
export async function setRecommendationLinks(
  trx: Db,
  kind: Kind,
  actorId: number,
  recordId: number,
  ids: number[] | undefined,
  ip: string | null,
): Promise<void> {
  if (ids === undefined) return;
  const before = await linkedRecommendations(trx, kind, recordId);
  const after = [...new Set(ids)].sort((a, b) => a - b);
  if (before.join() === after.join()) return;
  await assertKnown(trx, after);
  if (kind === "need") {
    await trx.deleteFrom("need_recommendations").where("need_id", "=", recordId).execute();
    if (after.length)
      await trx
        .insertInto("need_recommendations")
        .values(after.map((id) => ({ need_id: recordId, recommendation_id: id })))
        .execute();
  } else {
    await trx.deleteFrom("project_recommendations").where("project_id", "=", recordId).execute();
    if (after.length)
      await trx
        .insertInto("project_recommendations")
        .values(after.map((id) => ({ project_id: recordId, recommendation_id: id })))
        .execute();
  }
  await writeAudit(trx, {
    actorUserId: actorId,
    action: `${kind}.recommendations`,
    entityType: kind,
    entityId: recordId,
    before: { recommendations: before },
    after: { recommendations: after },
    ip,
  });
}
