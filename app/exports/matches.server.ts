import type { Kysely } from "kysely";
import type { Database, MatchStatus } from "../../db/schema";
import { listMatchesAfter } from "~/matches/queries.server";
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

// /matches.csv: the list's matches (every member sees them), filtered by status as on the page.

type MatchExportRow = Awaited<ReturnType<typeof listMatchesAfter>>[number];

const c = columnsFor<MatchExportRow>();

export const matchColumns: Column<MatchExportRow>[] = [
  idColumn(),
  ...c.code("csv.statusCode", "csv.status", "match.status.", (r) => r.status),
  ...c.code("csv.proposedByCode", "csv.proposedBy", "match.side.", (r) => r.proposed_side),
  numberColumn("csv.needId", (r) => r.need_id),
  textColumn("csv.need", (r) => r.need_title),
  ...c.countries((r) => [r.country_iso3], ["csv.countryCode", "csv.country"]),
  numberColumn("csv.projectId", (r) => r.project_id),
  textColumn("csv.project", (r) => r.project_title),
  textColumn("csv.donor", (r) => r.donor_name),
  ...c.money(
    "csv.amount",
    (r) => r.amount,
    (r) => r.currency,
  ),
  dateColumn("csv.createdAt", (r) => r.created_at),
  dateColumn("csv.decidedAt", (r) => r.decided_at),
];

export function matchesExport(
  db: Kysely<Database>,
  filters: { status?: MatchStatus },
  pageSize?: number,
): ExportDefinition<MatchExportRow> {
  return {
    filename: "adam-matches",
    columns: matchColumns,
    pages: keysetPages((after, limit) => listMatchesAfter(db, filters, Number(after), limit), pageSize),
  };
}
