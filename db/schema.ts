import type { Insertable, Selectable, Updateable } from "kysely";
import type {
  PillarsTable,
  CapacityAreasTable,
  DacCodesTable,
  PillarDacCodesTable,
  CountriesTable,
  RoutesTable,
  RouteCountriesTable,
  OrganizationsTable,
  ExchangeRatesTable,
  MeetingsTable,
} from "./tables/reference";
import type {
  UsersTable,
  SessionsTable,
  AccessRequestsTable,
  RateLimitsTable,
  ThrottlesTable,
  AuditLogTable,
} from "./tables/accounts";
import type {
  ProjectsTable,
  ProjectPillarsTable,
  ProjectCapacityAreasTable,
  ProjectCountriesTable,
  NeedsTable,
  MatchesTable,
} from "./tables/marketplace";
import type { DuplicatePairsTable, ProjectDupTrigramsTable } from "./tables/duplicates";
import type {
  SettingsTable,
  PledgesTable,
  InvoiceCountersTable,
  InvoicesTable,
  InvoiceLinesTable,
  InvoicePaymentsTable,
} from "./tables/funding";
import type { IatiImportsTable, IatiImportItemsTable } from "./tables/iati";
import type {
  RecommendationsTable,
  NeedRecommendationsTable,
  ProjectRecommendationsTable,
} from "./tables/consultative";
import type { ApiTokensTable } from "./tables/api-tokens";
import type { DashboardVisitsTable } from "./tables/dashboard";
import type {
  NotificationsTable,
  NotificationPreferencesTable,
  FollowsTable,
  MailOutboxTable,
  EmailTokensTable,
} from "./tables/notifications";
import type {
  SearchDocumentsTable,
  SearchFacetCacheTable,
  SearchFacetCountsTable,
  SearchIndexStateTable,
  SearchChangesTable,
  SearchOutboxTable,
  SearchTermsTable,
} from "./tables/search";
import type { NeedGapFactsTable, NeedGapRatesTable, ProjectGapFactsTable } from "./tables/gaps";

// The database as Kysely sees it: every table, by domain in db/tables/, and the whole here.
export type * from "./tables/columns";
export type * from "./tables/reference";
export type * from "./tables/accounts";
export type * from "./tables/marketplace";
export type * from "./tables/duplicates";
export type * from "./tables/gaps";
export type * from "./tables/funding";
export type * from "./tables/search";
export type * from "./tables/iati";
export type * from "./tables/consultative";
export type * from "./tables/api-tokens";
export type * from "./tables/dashboard";
export type * from "./tables/notifications";

export interface Database {
  dashboard_visits: DashboardVisitsTable;
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  follows: FollowsTable;
  mail_outbox: MailOutboxTable;
  email_tokens: EmailTokensTable;
  iati_imports: IatiImportsTable;
  iati_import_items: IatiImportItemsTable;
  search_documents: SearchDocumentsTable;
  search_terms: SearchTermsTable;
  search_facet_counts: SearchFacetCountsTable;
  search_index_state: SearchIndexStateTable;
  search_facet_cache: SearchFacetCacheTable;
  search_outbox: SearchOutboxTable;
  search_changes: SearchChangesTable;
  duplicate_pairs: DuplicatePairsTable;
  project_dup_trigrams: ProjectDupTrigramsTable;
  project_gap_facts: ProjectGapFactsTable;
  need_gap_facts: NeedGapFactsTable;
  need_gap_rates: NeedGapRatesTable;
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
  throttles: ThrottlesTable;
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
  recommendations: RecommendationsTable;
  need_recommendations: NeedRecommendationsTable;
  project_recommendations: ProjectRecommendationsTable;
  api_tokens: ApiTokensTable;
}

export type Organization = Selectable<OrganizationsTable>;
export type NewOrganization = Insertable<OrganizationsTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Country = Selectable<CountriesTable>;
