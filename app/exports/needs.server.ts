import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { NeedFilters } from "~/marketplace/filters";
import { listNeedsAfter, type NeedExportRow } from "~/needs/queries.server";
import { type Column, columnsFor, dateColumn, type ExportDefinition, idColumn, textColumn } from "./columns.server";
import { keysetPages } from "./keyset.server";

// /needs.csv: every need of the list (every member sees every need), the list's filters.

const c = columnsFor<NeedExportRow>();

export const needColumns: Column<NeedExportRow>[] = [
  idColumn(),
  textColumn("csv.title", (r) => r.title),
  ...c.code("csv.statusCode", "csv.status", "needStatus.", (r) => r.status),
  ...c.code("csv.priorityCode", "csv.priority", "priority.", (r) => r.priority),
  textColumn("csv.beneficiary", (r) => r.organization_name),
  ...c.countries((r) => [r.country_iso3], ["csv.countryCode", "csv.country"]),
  ...c.pillars((r) => [r.pillar_code]),
  ...c.areas((r) => [r.capacity_area_code]),
  ...c.money(
    "csv.estimatedCost",
    (r) => r.estimated_cost,
    (r) => r.currency,
  ),
  dateColumn("csv.wantedStart", (r) => r.wanted_start),
  dateColumn("csv.wantedEnd", (r) => r.wanted_end),
  dateColumn("csv.updatedAt", (r) => r.updated_at),
];

export function needsExport(
  db: Kysely<Database>,
  filters: NeedFilters,
  pageSize?: number,
): ExportDefinition<NeedExportRow> {
  return {
    filename: "adam-needs",
    columns: needColumns,
    pages: keysetPages((after, limit) => listNeedsAfter(db, filters, Number(after), limit), pageSize),
  };
}
