import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** NUMERIC comes back as a string (never a float); it may be written as a string or number. */
export type Decimal = ColumnType<string, string | number, string | number>;
/** DATE comes back as "YYYY-MM-DD". */
export type DateString = ColumnType<string, string, string>;
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type OrganizationKind = "donor_agency" | "beneficiary_agency" | "international_organization" | "coordination_unit";
export type Role = "donor" | "beneficiary" | "coordinator" | "admin";
export type UserStatus = "pending" | "active" | "rejected" | "suspended";
export type Locale = "en" | "ru";
export type RouteRole = "origin" | "transit" | "destination" | "spillover";

export interface PillarsTable {
  code: string;
  number: number;
  name_en: string;
  name_ru: string;
  full_name_en: string;
  full_name_ru: string;
}

export interface CapacityAreasTable {
  code: string;
  pillar_code: string;
  position: number;
  name_en: string;
  name_ru: string;
}

export interface DacCodesTable {
  code: string;
  name: string;
  category: string | null;
}

export interface PillarDacCodesTable {
  pillar_code: string;
  dac_code: string;
}

export interface CountriesTable {
  iso3: string;
  iso2: string;
  name_en: string;
  name_ru: string;
  is_partner: ColumnType<boolean, boolean | undefined, boolean>;
  joined_at_third_ministerial: ColumnType<boolean, boolean | undefined, boolean>;
  liaison_officer_2023: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface RoutesTable {
  code: string;
  position: number;
  name_en: string;
  name_ru: string;
}

export interface RouteCountriesTable {
  route_code: string;
  country_iso3: string;
  position: number;
  role: RouteRole;
  source: string;
}

export interface OrganizationsTable {
  id: Generated<number>;
  kind: OrganizationKind;
  name: string;
  acronym: string | null;
  country_iso3: string | null;
  is_partner: ColumnType<boolean, boolean | undefined, boolean>;
  iati_ref: string | null;
  created_at: Timestamp;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  full_name: string;
  password_hash: string;
  role: Role;
  status: UserStatus;
  organization_id: number | null;
  country_iso3: string | null;
  locale: ColumnType<Locale, Locale | undefined, Locale>;
  is_demo: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ExchangeRatesTable {
  currency: string;
  rate_date: DateString;
  usd_per_unit: Decimal;
  source: string;
}

export interface MeetingsTable {
  id: Generated<number>;
  kind: "EWG" | "PCG";
  number: number | null;
  topic: string;
  pillar_code: string | null;
  host: string | null;
  city: string | null;
  country_iso3: string | null;
  start_date: string;
  end_date: string | null;
  source: string;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export type AccessRequestStatus = "pending" | "approved" | "rejected";

export interface AccessRequestsTable {
  id: Generated<number>;
  user_id: number;
  requested_role: "donor" | "beneficiary";
  organization_id: number | null;
  new_organization_name: string | null;
  new_organization_kind: Exclude<OrganizationKind, "coordination_unit"> | null;
  new_organization_country_iso3: string | null;
  country_iso3: string;
  justification: string;
  status: ColumnType<AccessRequestStatus, AccessRequestStatus | undefined, AccessRequestStatus>;
  decided_by: number | null;
  decided_at: Timestamp | null;
  rejection_reason: string | null;
  created_at: Timestamp;
}

export interface RateLimitsTable {
  bucket: string;
  hits: number;
  window_started_at: Timestamp;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  actor_user_id: number | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: ColumnType<JsonValue | null, string | null | undefined, string | null>;
  after: ColumnType<JsonValue | null, string | null | undefined, string | null>;
  ip: string | null;
}

export type ProjectStatus = "pipeline" | "active" | "completed" | "cancelled";
export type NeedStatus = "open" | "partially_met" | "met" | "withdrawn";
export type Priority = "critical" | "high" | "medium" | "low";
export type MatchStatus = "proposed" | "confirmed" | "rejected" | "withdrawn";
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
}

/** A project's text as its pg_trgm trigram set (0009_duplicate_speed), kept by triggers. */
export interface ProjectDupTrigramsTable {
  project_id: number;
  /** Sorted 3-byte trigrams. */
  trigrams: Buffer;
}

export type PledgePurposeKind = "programme" | "pillar" | "country" | "project" | "need";
export type InvoiceStatus = "draft" | "issued" | "partly_paid" | "paid" | "void";

export interface SettingsTable {
  key: string;
  value: ColumnType<JsonValue, string, string>;
  version: ColumnType<number, number | undefined, number>;
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface PledgesTable {
  id: Generated<number>;
  organization_id: number;
  amount: Decimal;
  currency: string;
  period_start: DateString;
  period_end: DateString;
  purpose_kind: PledgePurposeKind;
  pillar_code: string | null;
  country_iso3: string | null;
  project_id: number | null;
  need_id: number | null;
  note: string | null;
  version: ColumnType<number, number | undefined, number>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InvoiceCountersTable {
  year: number;
  last_number: number;
}

export interface InvoicesTable {
  id: Generated<number>;
  number: string | null;
  year: number | null;
  sequence: number | null;
  pledge_id: number;
  bill_to_organization_id: number;
  bill_to_name: string;
  bill_to_address: ColumnType<string, string | undefined, string>;
  language: ColumnType<Locale, Locale | undefined, Locale>;
  currency: string;
  total: ColumnType<string, string | number | undefined, string | number>;
  issue_date: DateString | null;
  due_date: DateString | null;
  payment_reference: string | null;
  status: ColumnType<InvoiceStatus, InvoiceStatus | undefined, InvoiceStatus>;
  void_reason: string | null;
  voided_at: Timestamp | null;
  voided_by: number | null;
  replaces_invoice_id: number | null;
  /** Snapshots taken at issue: later changes to the settings never alter an issued invoice. */
  issuer: ColumnType<JsonValue | null, string | null | undefined, string | null>;
  bank_instructions: ColumnType<JsonValue | null, string | null | undefined, string | null>;
  issued_at: Timestamp | null;
  issued_by: number | null;
  version: ColumnType<number, number | undefined, number>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InvoiceLinesTable {
  id: Generated<number>;
  invoice_id: number;
  position: number;
  description: string;
  quantity: Decimal;
  unit_price: Decimal;
  amount: Decimal;
}

export interface InvoicePaymentsTable {
  id: Generated<number>;
  invoice_id: number;
  amount: Decimal;
  paid_on: DateString;
  bank_reference: string;
  recorded_by: number | null;
  created_at: Timestamp;
}

export interface SearchDocumentsTable {
  id: string;
  type: "project" | "need";
  record_id: number;
  title: string;
  body: string;
  language: Locale;
  pillars: ColumnType<string[], string[] | undefined, string[]>;
  capacity_areas: ColumnType<string[], string[] | undefined, string[]>;
  countries: ColumnType<string[], string[] | undefined, string[]>;
  routes: ColumnType<string[], string[] | undefined, string[]>;
  status: string;
  priority: string | null;
  organization_id: number;
  organization_name: string;
  start_date: DateString | null;
  end_date: DateString | null;
  start_year: number | null;
  end_year: number | null;
  amount: Decimal | null;
  currency: string | null;
  updated_at: Timestamp;
  facet_keys: ColumnType<string[], string[] | undefined, string[]>;
  indexed_at: Timestamp;
  /** Generated from title, organization_name and body; never written. */
  tsv: ColumnType<string, never, never>;
}

export interface SearchTermsTable {
  term: string;
}

/** Facet counts of the whole index, kept in step by triggers (0010_search_speed). */
export interface SearchFacetCountsTable {
  key: string;
  n: number;
}

export interface SearchOutboxTable {
  entity_type: "project" | "need";
  entity_id: number;
  seq: Generated<string>;
  enqueued_at: Timestamp;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  last_attempt_at: Timestamp | null;
}

export interface Database {
  search_documents: SearchDocumentsTable;
  search_terms: SearchTermsTable;
  search_facet_counts: SearchFacetCountsTable;
  search_index_state: { id: number; generation: string };
  search_facet_cache: { key: string; generation: string; facets: unknown; created_at: Generated<Date> };
  search_outbox: SearchOutboxTable;
  duplicate_pairs: DuplicatePairsTable;
  project_dup_trigrams: ProjectDupTrigramsTable;
  settings: SettingsTable;
  pledges: PledgesTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  invoice_payments: InvoicePaymentsTable;
  invoice_counters: InvoiceCountersTable;
  projects: ProjectsTable;
  project_pillars: ProjectPillarsTable;
  project_capacity_areas: ProjectCapacityAreasTable;
  project_countries: ProjectCountriesTable;
  needs: NeedsTable;
  matches: MatchesTable;
  sessions: SessionsTable;
  access_requests: AccessRequestsTable;
  rate_limits: RateLimitsTable;
  audit_log: AuditLogTable;
  pillars: PillarsTable;
  capacity_areas: CapacityAreasTable;
  dac_codes: DacCodesTable;
  pillar_dac_codes: PillarDacCodesTable;
  countries: CountriesTable;
  routes: RoutesTable;
  route_countries: RouteCountriesTable;
  organizations: OrganizationsTable;
  users: UsersTable;
  exchange_rates: ExchangeRatesTable;
  meetings: MeetingsTable;
}

export type Organization = Selectable<OrganizationsTable>;
export type NewOrganization = Insertable<OrganizationsTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Country = Selectable<CountriesTable>;
