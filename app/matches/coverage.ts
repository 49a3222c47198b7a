import { compareAmounts, minAmount, subtractAmounts, sumAmounts } from "~/money/decimal";
import type { NeedStatus } from "../../db/schema";

// The coverage rule, its home: coverage is the sum of a need's confirmed matches' amounts in USD
// (each converted at the valuation day's rate and rounded to the cent), capped at the need's cost;
// unmet = cost − coverage; a need with no cost counts as unmet until a confirmed match says
// otherwise (then it is met: there is no amount left to measure against).
//
// Callers: coverageOf (app/matches/coverage.server.ts: one need, from the database; the match
// workflow and need statuses), gapCellDetails (app/gaps/drilldown.server.ts), the recommendation
// tracker (app/consultative/tracker.server.ts). Copies in SQL, for speed at 100,000 needs:
//   - needSide in app/gaps/gaps.server.ts: `sum(LEAST(coalesce(confirmed_usd, 0), cost_usd))` per cell,
//     and keptNeeds's `confirmed` CTE (the conversion and the sum per need);
//   - adam_value_need_gap_facts, migration 0011 (db/migrations/0011_need_gap_facts.ts): the same
//     conversion and sum stored per need in need_gap_facts, kept by triggers on needs and matches.
// tests/integration/rule-parity.test.ts runs the home and every copy on one hand-made world.

export interface Coverage {
  /** The need's cost in USD, or null when the need has no cost. */
  costUsd: string | null;
  /** Sum of confirmed matches in USD, capped at the cost. */
  coverageUsd: string;
  /** cost − coverage, or null when the need has no cost. */
  unmetUsd: string | null;
  /** Whether any confirmed match exists. */
  hasConfirmedMatch: boolean;
}

export function computeCoverage(costUsd: string | null, confirmedUsd: readonly string[]): Coverage {
  const raw = sumAmounts(confirmedUsd);
  const coverageUsd = costUsd === null ? raw : minAmount(raw, costUsd);
  return {
    costUsd,
    coverageUsd,
    unmetUsd: costUsd === null ? null : subtractAmounts(costUsd, coverageUsd),
    hasConfirmedMatch: confirmedUsd.length > 0,
  };
}

/** The need's status as it follows from its coverage (withdrawn is the owner's and wins). */
export function deriveNeedStatus(withdrawn: boolean, coverage: Coverage): NeedStatus {
  if (withdrawn) return "withdrawn";
  if (!coverage.hasConfirmedMatch) return "open";
  // No cost: a confirmed match says the need is taken care of.
  if (coverage.costUsd === null) return "met";
  if (compareAmounts(coverage.coverageUsd, coverage.costUsd) >= 0) return "met";
  return compareAmounts(coverage.coverageUsd, "0") > 0 ? "partially_met" : "open";
}
