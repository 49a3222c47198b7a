import type { ProjectStatus } from "../../db/schema";

// When a project's status contradicts its dates, as of a given day. The gap view counts such
// projects apart instead of silently (a project "active" since 2021 that ended in 2024 is not
// assistance on the ground today), and their owner and the coordination unit see a warning.
//
// The one home of this rule. Copies: the SQL of `projectSide` in app/gaps/gaps.server.ts
// (per gap cell, for speed); the parity test in tests/integration/gaps-as-of-today.test.ts runs both.

export type StatusDateConflict =
  /** "active" or "pipeline" although the end date has passed. */
  | "pastEnd"
  /** "completed" although the project has not started yet. */
  | "completedBeforeStart";

export interface DatedStatus {
  status: ProjectStatus;
  startDate: string;
  endDate: string | null;
}

export function statusDateConflict(project: DatedStatus, today: string): StatusDateConflict | null {
  if (
    (project.status === "active" || project.status === "pipeline") &&
    project.endDate !== null &&
    project.endDate < today
  )
    return "pastEnd";
  if (project.status === "completed" && project.startDate > today) return "completedBeforeStart";
  return null;
}
