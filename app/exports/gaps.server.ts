import type { GapCell, GapMatrix } from "~/gaps/gaps.server";
import { columnsFor, label, type Column, type ExportDefinition } from "./columns.server";

// /gaps.csv: the gap matrix with the page's filters, one row per route, country and pillar, in the
// reader's language. The matrix is computed whole (as the page does), so it is one page.

interface GapRow extends GapCell {
  routeName: string;
  asOf: string;
}

const c = columnsFor<GapRow>();

export const gapColumns: Column<GapRow>[] = [
  c.text("csv.gaps.routeCode", (r) => r.routeCode),
  c.text("csv.gaps.route", (r) => r.routeName),
  ...c.countries((r) => [r.countryIso3], ["csv.countryCode", "csv.country"]),
  ...c.pillars((r) => [r.pillarCode]),
  c.number("csv.gaps.needs", (r) => r.needs),
  c.number("csv.gaps.costedNeeds", (r) => r.costedNeeds),
  c.number("csv.gaps.costUsd", (r) => r.costUsd),
  c.number("csv.gaps.coverageUsd", (r) => r.coverageUsd),
  c.number("csv.gaps.unmetUsd", (r) => r.unmetUsd),
  c.number("csv.gaps.unmetShare", (r) => r.unmetShare),
  c.number("csv.gaps.uncostedUnmet", (r) => r.uncostedUnmet),
  c.number("csv.gaps.activeProjects", (r) => r.activeProjects),
  c.number("csv.gaps.pipelineProjects", (r) => r.pipelineProjects),
  c.number("csv.gaps.donors", (r) => r.donors),
  c.number("csv.gaps.staleProjects", (r) => r.staleProjects),
  { header: "csv.gaps.flagged", value: (r, x) => label(x.t, "csv.", r.flagged ? "yes" : "no") },
  {
    header: "csv.gaps.flagReasons",
    value: (r, x) =>
      [
        r.flags.uncoveredPriorityNeed ? x.t("gaps.flagPriority") : null,
        r.flags.noProjectForNeeds ? x.t("gaps.flagNoProject") : null,
      ]
        .filter(Boolean)
        .join("; "),
  },
  c.date("csv.gaps.valuationDate", (r) => r.asOf),
];

async function* onePage<R>(rows: R[]): AsyncGenerator<R[]> {
  yield rows;
}

export function gapsExport(matrix: GapMatrix, routeNames: Map<string, string>): ExportDefinition<GapRow> {
  const rows = matrix.cells.map((cell) => ({
    ...cell,
    routeName: routeNames.get(cell.routeCode) ?? cell.routeCode,
    asOf: matrix.asOf,
  }));
  return { filename: "adam-gaps", columns: gapColumns, pages: onePage(rows) };
}
