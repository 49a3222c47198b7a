import { sql, type Kysely, type Transaction } from "kysely";
import { z } from "zod";
import type { Database } from "../../db/schema";
import { column, rawRows } from "../../db/rows";
import { DomainError } from "~/errors/domain-error";
import { writeAudit } from "~/accounts/audit.server";
import type { Actor } from "~/accounts/permissions";
import { compareAmounts } from "~/money/decimal";
import { today } from "~/forms/dates";
import { convertToUsd, ratesAsOf, toUsd, UnknownCurrencyError } from "~/money/exchange.server";
import { enqueueSearchSync } from "../../search/sync.server";
import { notify } from "~/notifications/notify.server";
import { computeCoverage, deriveNeedStatus, type Coverage } from "./coverage";
import { decisionRefusal, sideOf } from "./decide-rule";
import { projectReachesCountry, projectServesPillar } from "./fit.server";
import { inTransaction } from "~/utils/transaction.server";

export type MatchErrorCode =
  | "not_found"
  | "forbidden"
  | "exists"
  | "need_closed"
  | "project_closed"
  | "wrong_country"
  | "wrong_pillar"
  | "wrong_country_pillar"
  | "not_proposed"
  | "own_proposal"
  | "exceeds_unmet"
  | "unknown_currency"
  | "stale";

/** A refused proposal or decision (a DomainError): "match.error.<code>", with the misfit's names in it. */
export class MatchError extends DomainError<MatchErrorCode> {
  constructor(
    code: MatchErrorCode,
    message: string,
    readonly detail?: Record<string, string>,
  ) {
    super(code, {
      text: message,
      messageKey: `match.error.${code}`,
      // The amount refused and what is unmet are shown on the amount, in US dollars.
      ...(code === "exceeds_unmet"
        ? {
            field: "amount",
            params: { amount: { money: detail?.amountUsd ?? "0" }, unmet: { money: detail?.unmetUsd ?? "0" } },
          }
        : { params: detail }),
    });
  }
}

type Db = Kysely<Database> | Transaction<Database>;

async function loadPair(db: Db, needId: number, projectId: number) {
  const [need, project] = await Promise.all([
    db
      .selectFrom("needs")
      .select(["id", "country_iso3", "pillar_code", "status", "organization_id"])
      .where("id", "=", needId)
      .executeTakeFirst(),
    db
      .selectFrom("projects")
      .select(["id", "organization_id", "status"])
      .where("id", "=", projectId)
      .executeTakeFirst(),
  ]);
  if (!need || !project) throw new MatchError("not_found", "The need or the project does not exist.");
  return { need, project };
}

const FitRow = z.object({ country: column.bool, pillar: column.bool });

/**
 * Refuses a project that does not reach the need's country or pillar (the suggestions' own rule), naming
 * what does not fit.
 */
async function assertProjectFits(db: Db, need: { country_iso3: string; pillar_code: string }, projectId: number) {
  const [fit] = await rawRows(
    db,
    "matches.assertProjectFits",
    FitRow,
    sql`
    SELECT ${projectReachesCountry(projectId, need.country_iso3)} AS country,
      ${projectServesPillar(projectId, need.pillar_code)} AS pillar`,
  );
  if (fit.country && fit.pillar) return;
  const code = !fit.country && !fit.pillar ? "wrong_country_pillar" : !fit.country ? "wrong_country" : "wrong_pillar";
  throw new MatchError(code, "This project does not work in the need's country or pillar.", {
    country: need.country_iso3.trim(),
    pillar: need.pillar_code,
  });
}

/**
 * A need that is withdrawn or already met takes no new coverage; neither does a completed or cancelled
 * project give it.
 */
function assertStillOpen(need: { status: string }, project: { status: string }) {
  if (need.status === "withdrawn" || need.status === "met")
    throw new MatchError("need_closed", "This need is no longer open.");
  if (project.status !== "active" && project.status !== "pipeline")
    throw new MatchError("project_closed", "Only active or planned projects can serve a need.");
}

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
  const before = { status: match.status, amount: match.amount, currency: match.currency };
  await trx
    .updateTable("matches")
    .set({
      status: "rejected",
      decided_by: actor.id,
      decided_at: new Date(),
      decision_note: input.note ?? null,
      version: match.version + 1,
      updated_at: new Date(),
    })
    .where("id", "=", match.id)
    .execute();
  await writeAudit(trx, {
    actorUserId: actor.id,
    action: "match.rejected",
    entityType: "match",
    entityId: match.id,
    before,
    after: { status: "rejected", note: input.note ?? null },
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
  const before = { status: match.status, amount: match.amount, currency: match.currency };
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
  await trx
    .updateTable("matches")
    .set({
      ...after,
      decided_by: actor.id,
      decided_at: new Date(),
      decision_note: input.note ?? null,
      version: match.version + 1,
      updated_at: new Date(),
    })
    .where("id", "=", match.id)
    .execute();
  await writeAudit(trx, {
    actorUserId: actor.id,
    action: "match.confirmed",
    entityType: "match",
    entityId: match.id,
    before,
    after,
    ip,
  });
  await notify(trx, { type: "match.decided", matchId: match.id }, { actorId: actor.id });
  await refreshNeedStatus(trx, need.id, asOf, actor.id, ip);
  // The need's status is a search facet.
  await enqueueSearchSync(trx, "need", need.id);
}

/** Coverage of one need at the rates used on `asOf` (same rule as the gap analysis). */
export async function coverageOf(
  db: Db,
  needId: number,
  asOf: string,
): Promise<Coverage & { rateDate: string | null }> {
  const need = await db
    .selectFrom("needs")
    .select(["estimated_cost", "currency"])
    .where("id", "=", needId)
    .executeTakeFirstOrThrow();
  const confirmed = await db
    .selectFrom("matches")
    .select(["amount", "currency"])
    .where("need_id", "=", needId)
    .where("status", "=", "confirmed")
    .execute();
  const rates = await ratesAsOf(db as Kysely<Database>, asOf);
  const usd = (amount: string, currency: string) => convertToUsd(rates, amount, currency).usd;
  const costUsd = need.estimated_cost && need.currency ? usd(need.estimated_cost, need.currency) : null;
  const confirmedUsd = confirmed.filter((m) => m.amount && m.currency).map((m) => usd(m.amount!, m.currency!));
  const rateDate = need.currency ? (rates.get(need.currency.trim())?.rateDate ?? null) : null;
  return { ...computeCoverage(costUsd, confirmedUsd), rateDate };
}

/** Keeps the need's status column in step with its confirmed matches. */
export async function refreshNeedStatus(
  db: Db,
  needId: number,
  asOf: string,
  actorId: number | null,
  ip: string | null,
): Promise<void> {
  const need = await db.selectFrom("needs").select(["status"]).where("id", "=", needId).executeTakeFirstOrThrow();
  const coverage = await coverageOf(db, needId, asOf);
  const status = deriveNeedStatus(need.status === "withdrawn", coverage);
  if (status === need.status) return;
  await db.updateTable("needs").set({ status, updated_at: new Date() }).where("id", "=", needId).execute();
  await writeAudit(db as Kysely<Database>, {
    actorUserId: actorId,
    action: "need.status_derived",
    entityType: "need",
    entityId: needId,
    before: { status: need.status },
    after: { status, coverage_usd: coverage.coverageUsd, unmet_usd: coverage.unmetUsd },
    ip,
  });
}
