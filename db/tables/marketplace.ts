import type { ColumnType, Generated } from "kysely";
import type { Decimal, DateString, JsonValue, Timestamp } from "./columns";
import type { Locale } from "./reference";

// Projects, needs and the matches between them.

import type { MatchStatus, NeedStatus, Priority, ProjectStatus } from "../values";

// The statuses and priorities are db/values.ts's lists.
export type { MatchStatus, NeedStatus, Priority, ProjectStatus };

export type MatchSide = "donor" | "beneficiary" | "coordinator";

export interface ProjectsTable {
  id: Generated<number>;
  organization_id: number;
  title: string;
  summary: string;
  description: ColumnType<string, string | undefined, string>;
  dac_code: string;
  implementing_organization: string | null;
  status: ProjectStatus;
  start_date: DateString;
  end_date: DateString | null;
  budget: Decimal;
  currency: string;
  iati_identifier: string;
  recommendation: string | null;
  language: ColumnType<Locale, Locale | undefined, Locale>;
  version: ColumnType<number, number | undefined, number>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Where an imported project came from (0016_iati); null for projects typed in ADAM. */
  source_publisher: ColumnType<string | null, string | null | undefined, string | null>;
  source_file: ColumnType<string | null, string | null | undefined, string | null>;
  source_last_updated: ColumnType<string | null, string | null | undefined, string | null>;
  source_import_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** A hash of the publisher-owned fields as last imported: the same hash again is "unchanged". */
  source_fingerprint: ColumnType<string | null, string | null | undefined, string | null>;
  /** Title and description narratives in every language the publisher gave. */
  source_narratives: ColumnType<JsonValue | null, string | null | undefined, string | null>;
  /** Pillar and area chosen from the text alone: "classified automatically, please review". */
  classification_review: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface ProjectPillarsTable {
  project_id: number;
  pillar_code: string;
}

export interface ProjectCapacityAreasTable {
  project_id: number;
  capacity_area_code: string;
}

export interface ProjectCountriesTable {
  project_id: number;
  country_iso3: string;
}

export interface NeedsTable {
  id: Generated<number>;
  organization_id: number;
  country_iso3: string;
  title: string;
  description: string;
  pillar_code: string;
  capacity_area_code: string;
  priority: Priority;
  estimated_cost: Decimal | null;
  currency: string | null;
  wanted_start: DateString | null;
  wanted_end: DateString | null;
  recommendation: string | null;
  status: ColumnType<NeedStatus, NeedStatus | undefined, NeedStatus>;
  withdrawn_at: Timestamp | null;
  language: ColumnType<Locale, Locale | undefined, Locale>;
  version: ColumnType<number, number | undefined, number>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MatchesTable {
  id: Generated<number>;
  need_id: number;
  project_id: number;
  status: ColumnType<MatchStatus, MatchStatus | undefined, MatchStatus>;
  proposed_by: number;
  proposed_side: MatchSide;
  amount: Decimal | null;
  currency: string | null;
  amount_usd: Decimal | null;
  rate_date: DateString | null;
  note: string | null;
  decided_by: number | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
  version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
