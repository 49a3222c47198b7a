import { compareAmounts, sumAmounts } from "~/money/decimal";

// The gap page's view model, pure so that it can be tested on its own: the heat-map classes of a
// cell, the rows of a route's table and their sort, and the map's classes by unmet amount.

/** What a matrix cell shows; the full numbers of one cell travel only when it is opened. */
export interface CompactCell {
  pillar: string;
  needs: number;
  unmetUsd: string;
  unmetShare: number | null;
  uncostedUnmet: number;
  staleProjects: number;
  /** Flag reasons: an uncovered critical or high-priority need; needs but no project. */
  priority: boolean;
  noProject: boolean;
}

export interface MatrixRow {
  iso3: string;
  name: string;
  position: number;
  cells: CompactCell[];
  unmetUsd: string;
  flaggedCells: number;
}

/**
 * The unmet share's class: "none" without needs, "uncosted" when the needs have no cost (unmet
 * but of unknown amount), then s0 (all met) to s4 (more than three quarters unmet).
 */
export type HeatClass = "none" | "uncosted" | "s0" | "s1" | "s2" | "s3" | "s4";

/** The sequential scale's steps, for the classes and the legend (shares, upper bound included). */
export const HEAT_STEPS: Array<{ cls: HeatClass; upTo: number }> = [
  { cls: "s0", upTo: 0 },
  { cls: "s1", upTo: 0.25 },
  { cls: "s2", upTo: 0.5 },
  { cls: "s3", upTo: 0.75 },
  { cls: "s4", upTo: 1 },
];

export function heatClass(cell: Pick<CompactCell, "needs" | "unmetShare">): HeatClass {
  if (cell.needs === 0) return "none";
  if (cell.unmetShare === null) return "uncosted";
  return (HEAT_STEPS.find((s) => cell.unmetShare! <= s.upTo) ?? HEAT_STEPS[HEAT_STEPS.length - 1]).cls;
}

export const SORTS = ["route", "unmet", "flags"] as const;
export type GapSort = (typeof SORTS)[number];

/** The `sort` query parameter; anything else is the route's order. */
export function parseSort(value: string | null | undefined): GapSort {
  return (SORTS as readonly string[]).includes(value ?? "") ? (value as GapSort) : "route";
}

export function matrixRow(iso3: string, name: string, position: number, cells: CompactCell[]): MatrixRow {
  return {
    iso3,
    name,
    position,
    cells,
    unmetUsd: sumAmounts(cells.map((c) => c.unmetUsd)),
    flaggedCells: cells.filter((c) => c.priority || c.noProject).length,
  };
}

/** Rows by route order, by unmet amount (largest first) or by flagged cells (most first, then unmet). */
export function sortRows(rows: MatrixRow[], sort: GapSort): MatrixRow[] {
  const byPosition = (a: MatrixRow, b: MatrixRow) => a.position - b.position;
  const byUnmet = (a: MatrixRow, b: MatrixRow) => compareAmounts(b.unmetUsd, a.unmetUsd) || byPosition(a, b);
  const byFlags = (a: MatrixRow, b: MatrixRow) => b.flaggedCells - a.flaggedCells || byUnmet(a, b);
  return [...rows].sort(sort === "unmet" ? byUnmet : sort === "flags" ? byFlags : byPosition);
}

/** A route's totals row: per pillar, the unmet amount and the flagged cells. */
export function totalsRow(rows: MatrixRow[], pillars: string[]) {
  return pillars.map((pillar) => {
    const cells = rows.flatMap((r) => r.cells.filter((c) => c.pillar === pillar));
    return {
      pillar,
      unmetUsd: sumAmounts(cells.map((c) => c.unmetUsd)),
      flaggedCells: cells.filter((c) => c.priority || c.noProject).length,
    };
  });
}

export const MAP_CLASSES = 5;

/**
 * Breaks that split the countries with an unmet amount into quintiles, so that the map tells them
 * apart even when most are flagged: class k holds the amounts up to breaks[k]. Countries with
 * nothing unmet have class -1.
 */
export function quantileBreaks(amounts: number[]): number[] {
  const positive = amounts.filter((a) => a > 0).sort((a, b) => a - b);
  if (!positive.length) return [];
  const breaks: number[] = [];
  for (let k = 1; k <= MAP_CLASSES; k++) {
    const value = positive[Math.min(positive.length - 1, Math.ceil((k * positive.length) / MAP_CLASSES) - 1)];
    if (!breaks.length || value > breaks[breaks.length - 1]) breaks.push(value);
  }
  return breaks;
}

export function mapClass(amount: number, breaks: number[]): number {
  if (amount <= 0 || !breaks.length) return -1;
  const k = breaks.findIndex((b) => amount <= b);
  return k === -1 ? breaks.length - 1 : k;
}
