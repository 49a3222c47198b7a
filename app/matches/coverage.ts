import { compareAmounts, minAmount, subtractAmounts, sumAmounts } from "~/money/decimal";
import type { NeedStatus } from "../../db/schema";

// The coverage rule of DESIGN.md: coverage is the sum of confirmed matches' amounts in USD, capped
// at the need's cost; unmet = cost − coverage; a need with no cost counts as unmet until a
// confirmed match says otherwise.

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
