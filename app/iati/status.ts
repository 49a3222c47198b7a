import type { ProjectStatus } from "../../db/schema";

// IATI ActivityStatus → ADAM's project status, and back for the export. The README shows this table.
// Suspended activities stay active in ADAM (they are expected to resume); finalisation means the
// work is done and only the accounts remain, so ADAM counts it completed.
export const STATUS_FROM_IATI: Record<string, ProjectStatus> = {
  "1": "pipeline", // Pipeline/identification
  "2": "active", // Implementation
  "3": "completed", // Finalisation
  "4": "completed", // Closed
  "5": "cancelled", // Cancelled
  "6": "active", // Suspended
};

export const STATUS_TO_IATI: Record<ProjectStatus, string> = {
  pipeline: "1",
  active: "2",
  completed: "4",
  cancelled: "5",
};

/** Without a status: completed once its actual end has passed, active once it actually started, else pipeline. */
export function statusFromDates(actualStart: string | null, actualEnd: string | null, today: string): ProjectStatus {
  if (actualEnd && actualEnd <= today) return "completed";
  if (actualStart && actualStart <= today) return "active";
  return "pipeline";
}
