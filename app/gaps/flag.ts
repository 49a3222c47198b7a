import type { Priority } from "../../db/schema";

// The gap flag, the rule's home. A cell of the gap matrix (a route country × a pillar, over the
// chosen period) is flagged when
//   - a critical or high-priority need in it has no confirmed coverage (no confirmed match), or
//   - it has needs and no project is active or planned (pipeline) there.
// Copies, for speed: the first half runs in SQL in needSide (app/gaps/gaps.server.ts, the
// `bool_or(priority IN ('critical', 'high') AND confirmed_usd IS NULL)` aggregate); the parity test
// tests/integration/rule-parity.test.ts computes every cell's flag both ways on one hand-made world.

/** The priorities whose uncovered needs flag a cell. */
export const FLAGGING_PRIORITIES = ["critical", "high"] as const satisfies readonly Priority[];

/** Whether one need, by itself, flags its cell: a critical or high-priority need with no confirmed match. */
export function isUncoveredPriorityNeed(need: { priority: Priority; confirmedMatches: number }): boolean {
  return (FLAGGING_PRIORITIES as readonly Priority[]).includes(need.priority) && need.confirmedMatches === 0;
}

export interface GapCellFlags {
  uncoveredPriorityNeed: boolean;
  noProjectForNeeds: boolean;
}

/**
 * The flags of one cell, from its figures: `uncoveredPriorityNeed` is whether any of its needs
 * isUncoveredPriorityNeed (computed in SQL by the matrix, in TypeScript by the drill-down).
 */
export function gapCellFlags(cell: {
  needs: number;
  activeProjects: number;
  pipelineProjects: number;
  uncoveredPriorityNeed: boolean;
}): GapCellFlags {
  return {
    uncoveredPriorityNeed: cell.uncoveredPriorityNeed,
    noProjectForNeeds: cell.needs > 0 && cell.activeProjects + cell.pipelineProjects === 0,
  };
}

/** A cell is flagged when either flag holds. */
export function isFlagged(flags: GapCellFlags): boolean {
  return flags.uncoveredPriorityNeed || flags.noProjectForNeeds;
}
