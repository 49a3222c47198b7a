import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { listPledgesAfter, type Pledge, type PledgeFilters } from "~/funding/pledges.server";
import {
  type Column,
  columnsFor,
  dateColumn,
  type ExportDefinition,
  idColumn,
  numberColumn,
  textColumn,
} from "./columns.server";
import { keysetPages } from "./keyset.server";

// /pledges.csv: the announcements of the list (every member sees them), with the list's filters.

const c = columnsFor<Pledge>();

export const pledgeColumns: Column<Pledge>[] = [
  idColumn(),
  textColumn("csv.donor", (r) => r.organizationName),
  ...c.money(
    "csv.amount",
    (r) => r.amount,
    (r) => r.currency,
  ),
  numberColumn("csv.invoiced", (r) => r.invoiced),
  numberColumn("csv.remaining", (r) => r.remaining),
  dateColumn("csv.periodStart", (r) => r.periodStart),
  dateColumn("csv.periodEnd", (r) => r.periodEnd),
  ...c.code("csv.purposeCode", "csv.purpose", "purpose.", (r) => r.purposeKind),
  ...c.pillars((r) => (r.pillarCode ? [r.pillarCode] : [])),
  ...c.countries((r) => (r.countryIso3 ? [r.countryIso3] : []), ["csv.countryCode", "csv.country"]),
  numberColumn("csv.projectId", (r) => r.projectId),
  numberColumn("csv.needId", (r) => r.needId),
  textColumn("csv.note", (r) => r.note),
  dateColumn("csv.updatedAt", (r) => r.updatedAt),
];

export function pledgesExport(
  db: Kysely<Database>,
  filters: PledgeFilters,
  pageSize?: number,
): ExportDefinition<Pledge> {
  return {
    filename: "adam-pledges",
    columns: pledgeColumns,
    pages: keysetPages((after, limit) => listPledgesAfter(db, filters, Number(after), limit), pageSize),
  };
}
