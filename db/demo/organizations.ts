import type { OrganizationKind } from "../schema";

export interface DemoOrganization {
  kind: OrganizationKind;
  name: string;
  acronym: string | null;
  country_iso3: string;
  iati_ref: string | null;
}

/** Donor agencies of Paris Pact partner governments (illustrative names, not real contacts). */
export const DEMO_DONORS: DemoOrganization[] = [
  {
    kind: "donor_agency",
    name: "Norwegian Ministry of Foreign Affairs (demo)",
    acronym: "NO-MFA",
    country_iso3: "NOR",
    iati_ref: "NO-BRC-971277882",
  },
  {
    kind: "donor_agency",
    name: "German Federal Foreign Office (demo)",
    acronym: "DE-AA",
    country_iso3: "DEU",
    iati_ref: "DE-1",
  },
  {
    kind: "donor_agency",
    name: "Japan Ministry of Foreign Affairs (demo)",
    acronym: "JP-MOFA",
    country_iso3: "JPN",
    iati_ref: "JP-8",
  },
  {
    kind: "donor_agency",
    name: "US Bureau of International Narcotics and Law Enforcement Affairs (demo)",
    acronym: "US-INL",
    country_iso3: "USA",
    iati_ref: "US-GOV-1",
  },
  {
    kind: "donor_agency",
    name: "UK Foreign, Commonwealth and Development Office (demo)",
    acronym: "GB-FCDO",
    country_iso3: "GBR",
    iati_ref: "GB-GOV-1",
  },
  {
    kind: "donor_agency",
    name: "France Ministry for Europe and Foreign Affairs (demo)",
    acronym: "FR-MEAE",
    country_iso3: "FRA",
    iati_ref: "FR-6",
  },
  {
    kind: "donor_agency",
    name: "Global Affairs Canada (demo)",
    acronym: "CA-GAC",
    country_iso3: "CAN",
    iati_ref: "CA-3",
  },
  {
    kind: "donor_agency",
    name: "Swiss Federal Department of Foreign Affairs (demo)",
    acronym: "CH-FDFA",
    country_iso3: "CHE",
    iati_ref: "CH-4",
  },
];

/** Kinds of national agency that list needs, with the pillar each mostly works on. */
export const AGENCY_KINDS = [
  { en: "Drug Control Agency", ru: "Агентство по контролю за наркотиками", pillars: ["I", "III"] },
  { en: "Customs Service", ru: "Таможенная служба", pillars: ["I", "III"] },
  { en: "Financial Intelligence Unit", ru: "Подразделение финансовой разведки", pillars: ["II"] },
  { en: "Ministry of Health", ru: "Министерство здравоохранения", pillars: ["IV"] },
  { en: "Border Guard Service", ru: "Пограничная служба", pillars: ["I"] },
  { en: "National Police", ru: "Национальная полиция", pillars: ["I", "II", "III"] },
] as const;
