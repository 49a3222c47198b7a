import type { Kysely, Updateable } from "kysely";
import type { Database, MatchesTable } from "../../db/schema";
import { writeAudit } from "~/accounts/audit.server";
import type { Actor } from "~/accounts/permissions";
import { compareAmounts } from "~/money/decimal";
import { today } from "~/forms/dates";
import { toUsd, UnknownCurrencyError } from "~/money/exchange.server";
import { enqueueSearchSync } from "../../search/sync.server";
import { notify } from "~/notifications/notify.server";
import { decisionRefusal } from "./decide-rule";
import { inTransaction } from "~/utils/transaction.server";
import { MatchError } from "./errors";
import { assertStillOpen } from "./checks.server";
import { coverageOf, refreshNeedStatus } from "./coverage.server";

// Deciding on a proposed match: the other side or a coordinator confirms it (with the amount covered, at
// most what is unmet) or rejects it. Apart from proposing (proposals.server.ts); who may decide is
// decide-rule.ts, the coverage a confirmation is held to is coverage.server.ts.

export interface DecisionInput {
  matchId: number;
  version: number;
  decision: "confirm" | "reject";
  /** Required to confirm: the amount of the need the project covers. */
  amount?: string;
  currency?: string;
  note?: string;
  /** The valuation day for USD conversion (default: today). */
  asOf?: string;
}

/** The other side or a coordinator confirms (with the amount covered) or rejects a proposal. */
export async function decideMatch(db: Kysely<Database>, actor: Actor, input: DecisionInput, ip: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const locked = await lockForDecision(trx, actor, input);
    if (input.decision === "reject") await rejectMatch(trx, actor, input, locked.match, ip);
    else await confirmMatch(trx, actor, input, locked, ip);
  });
}

/** The match, its need and its project, locked; refuses a decision this actor may not take (or on a stale page). */
async function lockForDecision(trx: Kysely<Database>, actor: Actor, input: DecisionInput) {
  const match = await trx
    .selectFrom("matches")
    .selectAll()
    .where("id", "=", input.matchId)
    .forUpdate()
    .executeTakeFirst();
  if (!match) throw new MatchError("not_found", "This match does not exist.");
  // Lock the need: two confirmations at once must not both fit in the same unmet amount.
  const need = await trx
    .selectFrom("needs")
    .selectAll()
    .where("id", "=", match.need_id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  // Locked too: a project closed meanwhile must not be confirmed.
  const project = await trx
    .selectFrom("projects")
    .select(["organization_id", "status"])
    .where("id", "=", match.project_id)
    .forShare()
    .executeTakeFirstOrThrow();
  const refusal = decisionRefusal(actor, {
    ...match,
    country_iso3: need.country_iso3,
    project_organization_id: project.organization_id,
  });
  if (refusal === "forbidden") throw new MatchError("forbidden", "You cannot decide on this match.");
  if (refusal === "own_proposal")
    throw new MatchError("own_proposal", "The other side or a coordinator decides on a proposal.");
  if (match.version !== input.version) throw new MatchError("stale", "This match changed since you opened it.");
  if (refusal === "not_proposed") throw new MatchError("not_proposed", "This match has already been decided.");

  return { match, need, project };
}

type LockedDecision = Awaited<ReturnType<typeof lockForDecision>>;

async function rejectMatch(
  trx: Kysely<Database>,
  actor: Actor,
  input: DecisionInput,
  match: LockedDecision["match"],
  ip: string,
) {
  await recordDecision(trx, actor, match, {
    action: "match.rejected",
    set: { status: "rejected" },
    after: { status: "rejected", note: input.note ?? null },
    note: input.note,
    ip,
  });
  await notify(trx, { type: "match.decided", matchId: match.id }, { actorId: actor.id });
}

async function confirmMatch(
  trx: Kysely<Database>,
  actor: Actor,
  input: DecisionInput,
  { match, need, project }: LockedDecision,
  ip: string,
) {
  // Rejecting stays possible (it clears the queue); confirming needs both sides still open.
  assertStillOpen(need, project);
  if (!input.amount || !input.currency) throw new MatchError("exceeds_unmet", "Give the amount covered.");
  const asOf = input.asOf ?? today();
  let converted;
  try {
    converted = await toUsd(trx, input.amount, input.currency, asOf);
  } catch (error) {
    if (error instanceof UnknownCurrencyError) throw new MatchError("unknown_currency", error.message);
    throw error;
  }
  const coverage = await coverageOf(trx, need.id, asOf);
  if (coverage.unmetUsd !== null && compareAmounts(converted.usd, coverage.unmetUsd) > 0) {
    throw new MatchError("exceeds_unmet", "The amount is more than what is still unmet.", {
      unmetUsd: coverage.unmetUsd,
      amountUsd: converted.usd,
      rateDate: converted.rate.rateDate,
    });
  }
  const after = {
    status: "confirmed" as const,
    amount: input.amount,
    currency: input.currency,
    amount_usd: converted.usd,
    rate_date: converted.rate.rateDate,
  };
  await recordDecision(trx, actor, match, { action: "match.confirmed", set: after, after, note: input.note, ip });
  await notify(trx, { type: "match.decided", matchId: match.id }, { actorId: actor.id });
  await refreshNeedStatus(trx, need.id, asOf, actor.id, ip);
  // The need's status is a search facet.
  await enqueueSearchSync(trx, "need", need.id);
}

/** Writes a decision on the match (who, when, the note, the next version) and its audit entry. */
async function recordDecision(
  trx: Kysely<Database>,
  actor: Actor,
  match: LockedDecision["match"],
  decision: {
    action: "match.rejected" | "match.confirmed";
    set: Updateable<MatchesTable>;
    after: Record<string, unknown>;
    note: string | undefined;
    ip: string;
  },
) {
  await trx
    .updateTable("matches")
    .set({
      ...decision.set,
      decided_by: actor.id,
      decided_at: new Date(),
      decision_note: decision.note ?? null,
      version: match.version + 1,
      updated_at: new Date(),
    })
    .where("id", "=", match.id)
    .execute();
  await writeAudit(trx, {
    actorUserId: actor.id,
    action: decision.action,
    entityType: "match",
    entityId: match.id,
    before: { status: match.status, amount: match.amount, currency: match.currency },
    after: decision.after,
    ip: decision.ip,
  });
}
