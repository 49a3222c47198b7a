import type { ColumnType, Generated } from "kysely";
import type { Timestamp } from "./columns";

// The consultative mechanism (migration 0017): recommendations of EWG meetings and what cites them.
// Meetings themselves are reference data (reference.ts).

export type RecommendationStatus = "proposed" | "endorsed" | "superseded";

export interface RecommendationsTable {
  id: Generated<number>;
  meeting_id: number;
  number: number;
  pillar_code: string;
  text_en: string;
  text_ru: string;
  status: RecommendationStatus;
  endorsed_by_meeting_id: number | null;
  superseded_by_meeting_id: number | null;
  version: ColumnType<number, number | undefined, number>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface NeedRecommendationsTable {
  need_id: number;
  recommendation_id: number;
}

export interface ProjectRecommendationsTable {
  project_id: number;
  recommendation_id: number;
}
