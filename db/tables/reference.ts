import type { ColumnType, Generated } from "kysely";
import type { Decimal, DateString, Timestamp } from "./columns";

// Reference data: pillars, capacity areas, DAC codes, countries, routes, organizations, exchange rates, meetings.

export type OrganizationKind =
  "donor_agency" | "beneficiary_agency" | "international_organization" | "coordination_unit";

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
  /** The Russian name (db/reference/dac-names-ru.json, written by the seed). */
  name_ru: string;
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
  /** The IATI organisation identifier (such as GB-GOV-1). */
  iati_ref: string | null;
  /** The IATI OrganisationType code, for organizations an import created (0016_iati). */
  iati_type: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
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
  version: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}
