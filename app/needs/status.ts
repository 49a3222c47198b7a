import type { NeedStatus } from "../../db/schema";
import { compareDecimal, fromCents, toCents } from "~/forms/money";

export interface NeedStatusInput {
  /** Set by the owner: a withdrawn need stays withdrawn whatever its matches. */
  withdrawn: boolean;
  /** The need's estimated cost in USD (a decimal string), or null when no cost was given. */
  costUsd: string | null;
  /** The sum of the confirmed matches' amounts in USD (a decimal string); "0" when none. */
  coverageUsd: string;
}

/** Coverage capped at the cost (a need cannot be covered more than it costs), in USD. */
export function cappedCoverage(costUsd: string | null, coverageUsd: string): string {
  const coverage = toCents(coverageUsd) > 0n ? toCents(coverageUsd) : 0n;
  if (costUsd === null) return fromCents(coverage);
  const cost = toCents(costUsd);
  return fromCents(coverage > cost ? cost : coverage);
}

/**
 * The status a need should carry. Withdrawn wins; with no confirmed coverage it is open; a need
 * with no cost stays open until a confirmed match covers something, then it is partially met
 * (it can never be "met" without a cost to meet); otherwise met once coverage reaches the cost.
 */
export function deriveNeedStatus({ withdrawn, costUsd, coverageUsd }: NeedStatusInput): NeedStatus {
  if (withdrawn) return "withdrawn";
  const coverage = cappedCoverage(costUsd, coverageUsd);
  if (toCents(coverage) <= 0n) return "open";
  if (costUsd === null) return "partially_met";
  return compareDecimal(coverage, costUsd) >= 0 ? "met" : "partially_met";
}
