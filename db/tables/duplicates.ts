import type { ColumnType, Generated } from "kysely";
import type { Decimal, Timestamp, JsonValue } from "./columns";

// Candidate duplicate projects and the stored trigram sets they are found with.

export type DuplicateStatus = "candidate" | "duplicate" | "complementary" | "dismissed";

export interface DuplicatePairsTable {
  id: Generated<number>;
  project_a_id: number;
  project_b_id: number;
  score: Decimal;
  reasons: ColumnType<JsonValue, string, string>;
  status: ColumnType<DuplicateStatus, DuplicateStatus | undefined, DuplicateStatus>;
  note: string | null;
  decided_by: number | null;
  decided_at: Timestamp | null;
  snapshot_a: ColumnType<JsonValue | null, string | null | undefined, string | null>;
  snapshot_b: ColumnType<JsonValue | null, string | null | undefined, string | null>;
  detected_at: Timestamp;
  updated_at: Timestamp;
  /** Optimistic concurrency (0013): raised by every decision and by a reopening. */
  version: ColumnType<number, number | undefined, number>;
}

/** A project's text as its pg_trgm trigram set (0009_duplicate_speed), kept by triggers. */
export interface ProjectDupTrigramsTable {
  project_id: number;
  /** Sorted 3-byte trigrams. */
  trigrams: Buffer;
}
