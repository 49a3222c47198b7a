import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { NeedFiltersSchema, ProjectFiltersSchema } from "~/marketplace/filters";
import { listNeedsAfter } from "~/needs/queries.server";
import { listProjectsAfter } from "~/projects/queries.server";
import {
  type Column,
  columnsFor,
  dateColumn,
  type ExportDefinition,
  idColumn,
  label,
  textColumn,
} from "./columns.server";
import { keysetPages } from "./keyset.server";

// /countries/:iso3.csv: a country's needs, then its projects (those naming it among their
// countries), one row each, in one table: what the two share in the same columns, the rest left
// empty where it does not apply (a need has no DAC code, a project no priority).

interface CountryRecord {
  id: number;
  kind: "need" | "project";
  title: string;
  status: string;
  priority: string | null;
  organization: string;
  countries: string[];
  pillars: string[];
  areas: string[];
  dacCode: string | null;
  start: string | null;
  end: string | null;
  amount: string | null;
  currency: string | null;
  updatedAt: Date;
}

const c = columnsFor<CountryRecord>();

export const countryRecordColumns: Column<CountryRecord>[] = [
  textColumn("csv.recordCode", (r) => r.kind),
  { header: "csv.record", value: (r, x) => label(x.t, "csv.kind.", r.kind) },
  idColumn(),
  textColumn("csv.title", (r) => r.title),
  textColumn("csv.statusCode", (r) => r.status),
  { header: "csv.status", value: (r, x) => label(x.t, r.kind === "need" ? "needStatus." : "projectStatus.", r.status) },
  ...c.code("csv.priorityCode", "csv.priority", "priority.", (r) => r.priority),
  textColumn("csv.organization", (r) => r.organization),
  ...c.countries((r) => r.countries),
  ...c.pillars((r) => r.pillars),
  ...c.areas((r) => r.areas),
  textColumn("csv.dacCode", (r) => r.dacCode),
  { header: "csv.dacName", value: (r, x) => (r.dacCode ? (x.dac.get(r.dacCode) ?? "") : "") },
  dateColumn("csv.start", (r) => r.start),
  dateColumn("csv.end", (r) => r.end),
  ...c.money(
    "csv.amount",
    (r) => r.amount,
    (r) => r.currency,
  ),
  dateColumn("csv.updatedAt", (r) => r.updatedAt),
];

async function* countryRecords(db: Kysely<Database>, iso3: string, pageSize?: number): AsyncGenerator<CountryRecord[]> {
  const needFilters = NeedFiltersSchema.parse({ country: iso3 });
  for await (const page of keysetPages(
    (after, limit) => listNeedsAfter(db, needFilters, Number(after), limit),
    pageSize,
  )) {
    yield page.map((n) => ({
      id: n.id,
      kind: "need" as const,
      title: n.title,
      status: n.status,
      priority: n.priority,
      organization: n.organization_name,
      countries: [n.country_iso3],
      pillars: [n.pillar_code],
      areas: [n.capacity_area_code],
      dacCode: null,
      start: n.wanted_start,
      end: n.wanted_end,
      amount: n.estimated_cost,
      currency: n.currency,
      updatedAt: n.updated_at,
    }));
  }
  const projectFilters = ProjectFiltersSchema.parse({ country: iso3 });
  for await (const page of keysetPages(
    (after, limit) => listProjectsAfter(db, projectFilters, Number(after), limit),
    pageSize,
  )) {
    yield page.map((p) => ({
      id: p.id,
      kind: "project" as const,
      title: p.title,
      status: p.status,
      priority: null,
      organization: p.organization_name,
      countries: p.links.countries,
      pillars: p.links.pillars,
      areas: p.links.capacityAreas,
      dacCode: p.dac_code,
      start: p.start_date,
      end: p.end_date,
      amount: p.budget,
      currency: p.currency,
      updatedAt: p.updated_at,
    }));
  }
}

/** The export of a country's page, or null for a code that names no country. */
export async function countryExport(
  db: Kysely<Database>,
  iso3: string,
  pageSize?: number,
): Promise<ExportDefinition<CountryRecord> | null> {
  const country = await db.selectFrom("countries").select("iso3").where("iso3", "=", iso3).executeTakeFirst();
  if (!country) return null;
  return { filename: `adam-country-${iso3}`, columns: countryRecordColumns, pages: countryRecords(db, iso3, pageSize) };
}
