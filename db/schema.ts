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

export interface Database {
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
