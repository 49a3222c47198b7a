import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { ProjectFilters } from "~/marketplace/filters";
import { listProjectsAfter, type ProjectExportRow } from "~/projects/queries.server";
import { type Column, columnsFor, dateColumn, type ExportDefinition, idColumn, textColumn } from "./columns.server";
import { keysetPages } from "./keyset.server";

// /projects.csv: every project of the list (every member sees every project), the list's filters.

const c = columnsFor<ProjectExportRow>();

export const projectColumns: Column<ProjectExportRow>[] = [
  idColumn(),
  textColumn("csv.title", (r) => r.title),
  ...c.code("csv.statusCode", "csv.status", "projectStatus.", (r) => r.status),
  textColumn("csv.donor", (r) => r.organization_name),
  textColumn("csv.implementingOrganization", (r) => r.implementing_organization),
  ...c.countries((r) => r.links.countries),
  ...c.pillars((r) => r.links.pillars),
  ...c.areas((r) => r.links.capacityAreas),
  textColumn("csv.dacCode", (r) => r.dac_code),
  { header: "csv.dacName", value: (r, x) => x.dac.get(r.dac_code) ?? "" },
  dateColumn("csv.start", (r) => r.start_date),
  dateColumn("csv.end", (r) => r.end_date),
  ...c.money(
    "csv.budget",
    (r) => r.budget,
    (r) => r.currency,
  ),
  textColumn("csv.iatiIdentifier", (r) => r.iati_identifier),
  dateColumn("csv.updatedAt", (r) => r.updated_at),
];

export function projectsExport(
  db: Kysely<Database>,
  filters: ProjectFilters,
  pageSize?: number,
): ExportDefinition<ProjectExportRow> {
  return {
    filename: "adam-projects",
    columns: projectColumns,
    pages: keysetPages((after, limit) => listProjectsAfter(db, filters, Number(after), limit), pageSize),
  };
}
