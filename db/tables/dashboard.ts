import type { ColumnType } from "kysely";
import type { Timestamp } from "./columns";

// The dashboard (migration 0020): the gap cells each user last marked seen.
export interface DashboardVisitsTable {
  user_id: number;
  flagged_cells: ColumnType<string[], string[] | undefined, string[]>;
  seen_at: Timestamp;
}
