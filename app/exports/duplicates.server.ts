import type { Kysely } from "kysely";
import type { Database, DuplicateStatus } from "../../db/schema";
import { listPairsAfter } from "~/duplicates/review.server";
import {
  type Column,
  columnsFor,
  dateColumn,
  type ExportDefinition,
  idColumn,
  joined,
  numberColumn,
  textColumn,
} from "./columns.server";
import { keysetPages } from "./keyset.server";

// /duplicates.csv (coordination unit): the queue's pairs of one status, both projects and the reasons.

type PairExportRow = Awaited<ReturnType<typeof listPairsAfter>>[number];

const c = columnsFor<PairExportRow>();

export const duplicateColumns: Column<PairExportRow>[] = [
  idColumn(),
  ...c.code("csv.statusCode", "csv.status", "dup.status.", (r) => r.status),
  numberColumn("csv.score", (r) => r.score),
  numberColumn("csv.projectAId", (r) => r.a_id),
  textColumn("csv.projectA", (r) => r.a_title),
  textColumn("csv.donorA", (r) => r.a_organization),
  numberColumn("csv.projectBId", (r) => r.b_id),
  textColumn("csv.projectB", (r) => r.b_title),
  textColumn("csv.donorB", (r) => r.b_organization),
  numberColumn("csv.textSimilarity", (r) => r.reasons.textSimilarity),
  ...c.countries((r) => r.reasons.sharedCountries, ["csv.sharedCountryCodes", "csv.sharedCountries"]),
  ...c.pillars((r) => r.reasons.sharedPillars),
  textColumn("csv.sharedAreaCodes", (r) => joined(r.reasons.sharedAreas)),
  dateColumn("csv.overlapFrom", (r) => r.reasons.overlap.from),
  dateColumn("csv.overlapTo", (r) => r.reasons.overlap.to),
  textColumn("csv.note", (r) => r.note),
  dateColumn("csv.detectedAt", (r) => r.detected_at),
  dateColumn("csv.decidedAt", (r) => r.decided_at),
];

export function duplicatesExport(
  db: Kysely<Database>,
  status: DuplicateStatus,
  pageSize?: number,
): ExportDefinition<PairExportRow> {
  return {
    filename: "adam-duplicates",
    columns: duplicateColumns,
    pages: keysetPages((after, limit) => listPairsAfter(db, { status }, Number(after), limit), pageSize),
  };
}
