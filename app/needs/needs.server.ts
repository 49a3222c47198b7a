import type { Kysely, Selectable } from "kysely";
import type { Database, NeedsTable } from "../../db/schema";
import { actsForCountry, can, canEditNeed, type Actor } from "~/accounts/permissions";
import { writeAudit } from "~/accounts/audit.server";
import { editableAt, detectLanguage, RecordError } from "~/marketplace/errors";
import { assertAreasOfPillars, assertKnownCountries, assertKnownCurrency } from "~/marketplace/reference-checks.server";
import { enqueueSearchSync } from "../../search/sync.server";
import type { NeedInput } from "./schema";
import { findNeedRow } from "./queries.server";
import { deriveNeedStatus } from "~/matches/coverage";
import { coverageOf } from "~/matches/coverage.server";
import { today } from "~/forms/dates";
import { citedRecommendations } from "~/consultative/schema";
import { setRecommendationLinks } from "~/consultative/links.server";
import { notify } from "~/notifications/notify.server";
import { inTransaction } from "~/utils/transaction.server";

// The rules of a country's needs: beneficiaries act for their organization's country, coordinators
// and admins for all; every change is versioned, audited and queued for the search index.

type Db = Kysely<Database>;
type NeedRow = Selectable<NeedsTable>;

async function checkReferences(db: Db, input: NeedInput): Promise<void> {
  await assertKnownCountries(db, [input.country], "country");
  await assertAreasOfPillars(db, [input.capacityArea], [input.pillar], "capacityArea");
  if (input.currency) await assertKnownCurrency(db, input.currency);
}

function columns(input: NeedInput) {
  return {
    country_iso3: input.country,
    title: input.title,
    description: input.description,
    pillar_code: input.pillar,
    capacity_area_code: input.capacityArea,
    priority: input.priority,
    estimated_cost: input.estimatedCost ?? null,
    currency: input.estimatedCost ? (input.currency ?? null) : null,
    wanted_start: input.wantedStart ?? null,
    wanted_end: input.wantedEnd ?? null,
    recommendation: input.recommendation ?? null,
    language: detectLanguage(input.title, input.description),
  };
}

/** Sets the status from the need's cost and its confirmed matches (withdrawn stays withdrawn). */
export async function refreshNeedStatus(db: Db, id: number): Promise<NeedRow> {
  const row = await findNeedRow(db, id);
  if (!row) throw new RecordError("not_found");
  // One rule for coverage and status, shared with the match workflow (app/matches/coverage.ts).
  const coverage = await coverageOf(db, id, today());
  const status = deriveNeedStatus(row.status === "withdrawn", coverage);
  if (status === row.status) return row;
  return db.updateTable("needs").set({ status }).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
}

// Who may edit a need has its home in app/accounts/permissions.ts; re-exported for the routes.
export { canEditNeed };

export async function createNeed(
  db: Db,
  actor: Actor,
  input: NeedInput,
  ip: string | null = null,
): Promise<{ id: number }> {
  if (!can(actor.role, "need:create") || !actsForCountry(actor, input.country) || actor.organizationId === null)
    throw new RecordError("forbidden");
  const organizationId = actor.organizationId;
  return inTransaction(db, async (trx) => {
    await checkReferences(trx, input);
    const inserted = await trx
      .insertInto("needs")
      .values({ organization_id: organizationId, ...columns(input), status: "open", created_by: actor.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    const row = await refreshNeedStatus(trx, inserted.id);
    await writeAudit(trx, {
      actorUserId: actor.id,
      action: "need.create",
      entityType: "need",
      entityId: row.id,
      before: null,
      after: row,
      ip,
    });
    await setRecommendationLinks(trx, "need", actor.id, row.id, citedRecommendations(input), ip);
    await enqueueSearchSync(trx, "need", row.id);
    await notify(trx, { type: "need.listed", needId: row.id }, { actorId: actor.id });
    return { id: row.id };
  });
}

async function lockForChange(db: Db, actor: Actor, id: number, expectedVersion: number): Promise<NeedRow> {
  return editableAt(await findNeedRow(db, id, { forUpdate: true }), expectedVersion, (row) => canEditNeed(actor, row));
}

export async function updateNeed(
  db: Db,
  actor: Actor,
  id: number,
  expectedVersion: number,
  input: NeedInput,
  ip: string | null = null,
): Promise<{ version: number }> {
  return inTransaction(db, async (trx) => {
    const before = await lockForChange(trx, actor, id, expectedVersion);
    // A beneficiary cannot move a need to another country.
    if (!actsForCountry(actor, input.country)) throw new RecordError("forbidden");
    await checkReferences(trx, input);
    const updated = await trx
      .updateTable("needs")
      .set((eb) => ({ ...columns(input), version: eb("version", "+", 1), updated_at: new Date() }))
      .where("id", "=", id)
      .where("version", "=", expectedVersion)
      .returning("id")
      .executeTakeFirst();
    if (!updated) throw new RecordError("stale");
    const after = await refreshNeedStatus(trx, id);
    await writeAudit(trx, {
      actorUserId: actor.id,
      action: "need.update",
      entityType: "need",
      entityId: id,
      before,
      after,
      ip,
    });
    await setRecommendationLinks(trx, "need", actor.id, id, citedRecommendations(input), ip);
    await enqueueSearchSync(trx, "need", id);
    return { version: after.version };
  });
}

/** The owner withdraws a need: it leaves the open lists but stays on record. */
export async function withdrawNeed(
  db: Db,
  actor: Actor,
  id: number,
  expectedVersion: number,
  ip: string | null = null,
): Promise<{ version: number }> {
  return inTransaction(db, async (trx) => {
    const before = await lockForChange(trx, actor, id, expectedVersion);
    const after = await trx
      .updateTable("needs")
      .set((eb) => ({
        status: "withdrawn",
        withdrawn_at: new Date(),
        version: eb("version", "+", 1),
        updated_at: new Date(),
      }))
      .where("id", "=", id)
      .where("version", "=", expectedVersion)
      .returningAll()
      .executeTakeFirst();
    if (!after) throw new RecordError("stale");
    await writeAudit(trx, {
      actorUserId: actor.id,
      action: "need.withdraw",
      entityType: "need",
      entityId: id,
      before,
      after,
      ip,
    });
    await enqueueSearchSync(trx, "need", id);
    return { version: after.version };
  });
}
