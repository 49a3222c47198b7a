import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { writeAudit } from "../accounts/audit.server";
import { actsForOrganization, can, type Actor } from "../accounts/permissions";
import { inTransaction } from "~/utils/transaction.server";
import { because, FundingError, parseInput } from "./errors";
import { toCents } from "~/money/decimal";
import { checkReferences, pledgeInputSchema, toColumns, type PledgeInput } from "./pledge-input.server";
import { invoicedOnPledge, loadPledge, type Pledge } from "./pledges.server";

// Announcing a pledge and editing it: the writes, who may make them, and the audit. Apart from reading
// pledges (pledges.server.ts) and from their input's validation (pledge-input.server.ts).

export async function createPledge(db: Kysely<Database>, actor: Actor, input: PledgeInput): Promise<Pledge> {
  const p = parseInput(pledgeInputSchema, input);
  authorize(actor, p.organizationId);
  return inTransaction(db, async (trx) => {
    await checkReferences(trx, p);
    const row = await trx
      .insertInto("pledges")
      .values({ ...toColumns(p), created_by: actor.id })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actorUserId: actor.id,
      action: "pledge.create",
      entityType: "pledge",
      entityId: row.id,
      after: row,
    });
    return loadPledge(trx, row.id);
  });
}

/** Replaces a pledge's fields. Refused as `stale` when `expectedVersion` is not the current one. */
export async function updatePledge(
  db: Kysely<Database>,
  actor: Actor,
  pledgeId: number,
  expectedVersion: number,
  input: PledgeInput,
): Promise<Pledge> {
  const p = parseInput(pledgeInputSchema, input);
  return inTransaction(db, async (trx) => {
    // The lock also keeps a concurrent invoice draft from slipping under a reduced amount.
    const before = await trx
      .selectFrom("pledges")
      .selectAll()
      .where("id", "=", pledgeId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new FundingError("not_found", "No such pledge");
    authorize(actor, before.organization_id);
    authorize(actor, p.organizationId);
    if (before.version !== expectedVersion) {
      throw new FundingError("stale", "Someone changed this pledge since you opened it", {
        details: { currentVersion: before.version },
      });
    }
    const invoiced = await invoicedOnPledge(trx, pledgeId);
    if (toCents(invoiced) > 0n) {
      if (p.organizationId !== before.organization_id || p.currency !== before.currency.trim()) {
        throw new FundingError("pledge_invoiced", "The donor and currency of an invoiced pledge cannot change", {
          fields:
            p.currency !== before.currency.trim()
              ? { currency: because("form.invalid", "Already invoiced in this currency") }
              : { organizationId: because("form.invalid", "Already invoiced to this donor") },
        });
      }
      if (toCents(p.amount) < toCents(invoiced)) {
        throw new FundingError("below_invoiced", "The amount cannot be less than what is already invoiced", {
          fields: { amount: because("funding.error.belowInvoiced", `At least ${invoiced} is already invoiced`) },
          details: { invoiced },
        });
      }
    }
    await checkReferences(trx, p);
    const after = await trx
      .updateTable("pledges")
      .set({ ...toColumns(p), version: before.version + 1, updated_at: new Date() })
      .where("id", "=", pledgeId)
      .where("version", "=", expectedVersion)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actorUserId: actor.id,
      action: "pledge.update",
      entityType: "pledge",
      entityId: pledgeId,
      before,
      after,
    });
    return loadPledge(trx, pledgeId);
  });
}

function authorize(actor: Actor, organizationId: number) {
  if (!can(actor.role, "pledge:create") || !actsForOrganization(actor, organizationId)) {
    throw new FundingError("forbidden", "You may not announce funding for this organization");
  }
}
