import type { ColumnType } from "kysely";
import type { DateString, Decimal } from "./columns";
import type { NeedStatus, Priority, ProjectStatus } from "./marketplace";

// What the gap matrix reads (migrations 0008 and 0011): narrow copies of projects and needs, kept in
// step by triggers on the tables they copy. The app reads them and never writes them (hence `never`
// on insert and update); it writes only the rates the needs' facts are valued at.

/** A column that triggers write: readable, never inserted or updated by the app. */
type TriggerKept<T> = ColumnType<T, never, never>;

/** One row per project, beneficiary country and pillar (0008_gap_speed). */
export interface ProjectGapFactsTable {
  project_id: TriggerKept<number>;
  country_iso3: TriggerKept<string>;
  pillar_code: TriggerKept<string>;
  organization_id: TriggerKept<number>;
  status: TriggerKept<ProjectStatus>;
  start_date: TriggerKept<string>;
  end_date: TriggerKept<string | null>;
}

/** One row per need, valued in USD at need_gap_rates (0011_need_gap_facts). */
export interface NeedGapFactsTable {
  need_id: TriggerKept<number>;
  country_iso3: TriggerKept<string>;
  pillar_code: TriggerKept<string>;
  priority: TriggerKept<Priority>;
  status: TriggerKept<NeedStatus>;
  wanted_start: TriggerKept<string | null>;
  wanted_end: TriggerKept<string | null>;
  /** Null: no cost, or no rate for its currency. */
  cost_usd: TriggerKept<string | null>;
  /** Null: no confirmed match valued. */
  confirmed_usd: TriggerKept<string | null>;
}

/** The rates need_gap_facts are valued at, one per currency (app/gaps/valuation.server.ts writes them). */
export interface NeedGapRatesTable {
  currency: string;
  usd_per_unit: Decimal;
  rate_date: DateString;
}
