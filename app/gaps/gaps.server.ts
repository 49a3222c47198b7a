import { sql, type Kysely, type RawBuilder, type Selectable } from "kysely";
import { z } from "zod";
import { column, rawRows } from "../../db/rows";
import type { Database, ProjectGapFactsTable } from "../../db/schema";
import { shareOf, subtractAmounts, sumAmounts } from "~/money/decimal";
import { ratesAsOf, ratesCte } from "~/money/exchange.server";
import type { GapFilters } from "./filters";
import { gapCellFlags, isFlagged, type GapCellFlags } from "./flag";
import { needFactsValuedAt } from "./valuation.server";

// The gap analysis: for every country on a route and every pillar, over a period, the needs (count
// and USD), their coverage, the unmet amount and share, the active and pipeline projects and their
// distinct donors, and the flags. One query for the needs' side of the whole matrix, one for the
// projects' side. The rules it applies have their homes elsewhere (app/README.md, "Rules index"):
// coverage is computeCoverage (app/matches/coverage.ts), the flag gapCellFlags (./flag.ts), a
// status contradicting its dates statusDateConflict (app/projects/status-dates.ts); the SQL below
// repeats them for speed, each copy marked.

export interface GapCell {
  routeCode: string;
  routePosition: number;
  countryIso3: string;
  countryNameEn: string;
  countryNameRu: string;
  pillarCode: string;
  needs: number;
  /** Needs with a cost (the others have no USD value). */
  costedNeeds: number;
  costUsd: string;
  coverageUsd: string;
  unmetUsd: string;
  /** unmet / cost over costed needs; null without costed needs. */
  unmetShare: number | null;
  /** Needs with no cost and no confirmed match (unmet, but with no amount). */
  uncostedUnmet: number;
  activeProjects: number;
  pipelineProjects: number;
  donors: number;
  /**
   * Projects of the cell whose status contradicts their dates today (app/projects/status-dates.ts):
   * still active or pipeline after their end, or completed before their start. Counted apart.
   */
  staleProjects: number;
  /** The gap flag's two halves (app/gaps/flag.ts, gapCellFlags). */
  flags: GapCellFlags;
  flagged: boolean;
}

export interface GapMatrix {
  asOf: string;
  /** The rate dates used, per currency that appears. */
  rateDates: Record<string, string>;
  cells: GapCell[];
  totals: { needs: number; costUsd: string; coverageUsd: string; unmetUsd: string; flaggedCells: number };
}

const none = sql``;

/** A period was chosen; without one the view is "as of today". */
export function hasPeriod(filters: GapFilters): boolean {
  return Boolean(filters.from || filters.to);
}

/**
 * SQL conditions for the needs that the filters keep (alias n). Without a period: the needs still
 * open or partly met today; with one: every need not withdrawn whose wanted period touches it.
 */
export function needConditions(filters: GapFilters): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [
    hasPeriod(filters) ? sql`n.status <> 'withdrawn'` : sql`n.status IN ('open', 'partially_met')`,
  ];
  if (filters.pillar) parts.push(sql`n.pillar_code = ${filters.pillar}`);
  if (filters.priority?.length) parts.push(sql`n.priority IN (${sql.join(filters.priority)})`);
  // Periods include both ends; a need with no wanted period is wanted at any time.
  if (filters.to) parts.push(sql`(n.wanted_start IS NULL OR n.wanted_start <= ${filters.to}::date)`);
  if (filters.from) parts.push(sql`(n.wanted_end IS NULL OR n.wanted_end >= ${filters.from}::date)`);
  return sql.join(parts, sql` AND `);
}

/**
 * SQL conditions for the active and pipeline projects that the filters keep (alias p: projects, or
 * project_gap_facts, which has the same columns). Without a period, as of `asOf`: a project that
 * ended before that day no longer counts, whatever its status says. A project with no end runs on.
 */
export function projectConditions(filters: GapFilters, asOf: string): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`p.status IN ('active', 'pipeline')`];
  if (!hasPeriod(filters)) parts.push(sql`(p.end_date IS NULL OR p.end_date >= ${asOf}::date)`);
  if (filters.to) parts.push(sql`p.start_date <= ${filters.to}::date`);
  if (filters.from) parts.push(sql`(p.end_date IS NULL OR p.end_date >= ${filters.from}::date)`);
  return sql.join(parts, sql` AND `);
}

const NeedRow = z.object({
  route_code: column.text,
  route_position: column.int,
  country_iso3: column.text,
  name_en: column.text,
  name_ru: column.text,
  pillar_code: column.text,
  // A cell with no needs has no need_cells row: every figure is NULL.
  needs: column.bigint.nullable(),
  costed: column.bigint.nullable(),
  cost_usd: column.numeric.nullable(),
  coverage_usd: column.numeric.nullable(),
  uncosted_unmet: column.bigint.nullable(),
  uncovered_priority: column.bool.nullable(),
});
type NeedRow = z.infer<typeof NeedRow>;

/** A cell's keys as project_gap_facts holds them, and its counts (`::int`: numbers). */
const ProjectRow = z.object({
  country_iso3: column.text,
  pillar_code: column.text,
  active: column.int,
  pipeline: column.int,
  donors: column.int,
  stale: column.int,
}) satisfies z.ZodType<Pick<Selectable<ProjectGapFactsTable>, "country_iso3" | "pillar_code">>;
type ProjectRow = z.infer<typeof ProjectRow>;

type Row = NeedRow & { active: number | null; pipeline: number | null; donors: number | null; stale: number | null };

export async function gapMatrix(db: Kysely<Database>, filters: GapFilters, asOf: string): Promise<GapMatrix> {
  // The needs' side and the projects' side are independent aggregates over 100,000 rows each: two
  // queries, which a server runs at the same time on two connections (PGlite runs them in turn).
  const [needRows, projectRows, rates] = await Promise.all([
    needSide(db, filters, asOf),
    projectSide(db, filters, asOf),
    ratesAsOf(db, asOf),
  ]);
  const cellKey = (country: string, pillar: string) => `${country.trim()}/${pillar}`;
  const byCell = new Map(projectRows.map((r) => [cellKey(r.country_iso3, r.pillar_code), r]));
  const cells = needRows.map((r) => {
    const key = cellKey(r.country_iso3, r.pillar_code);
    const pj = byCell.get(key);
    return toCell({
      ...r,
      active: pj?.active ?? null,
      pipeline: pj?.pipeline ?? null,
      donors: pj?.donors ?? null,
      stale: pj?.stale ?? null,
    });
  });
  // Totals count each country once, though it may sit on several routes.
  const seen = new Set<string>();
  let needs = 0;
  const cost: string[] = [];
  const coverage: string[] = [];
  for (const c of cells) {
    const key = cellKey(c.countryIso3, c.pillarCode);
    if (seen.has(key)) continue;
    seen.add(key);
    needs += c.needs;
    cost.push(c.costUsd);
    coverage.push(c.coverageUsd);
  }
  const costUsd = sumAmounts(cost);
  const coverageUsd = sumAmounts(coverage);
  return {
    asOf,
    rateDates: Object.fromEntries([...rates.values()].map((r) => [r.currency, r.rateDate])),
    cells,
    totals: {
      needs,
      costUsd,
      coverageUsd,
      unmetUsd: subtractAmounts(costUsd, coverageUsd),
      flaggedCells: cells.filter((c) => c.flagged).length,
    },
  };
}

/**
 * The needs the filters keep, each with its cost and its confirmed matches in USD at the rates of
 * `asOf`: from need_gap_facts when they are valued at those rates (valuation.server.ts), else
 * valued here, by the same rule.
 */
function keptNeeds(filters: GapFilters, asOf: string, stored: boolean): RawBuilder<unknown> {
  if (stored) {
    return sql`
      SELECT n.country_iso3, n.pillar_code, n.priority, n.cost_usd, n.confirmed_usd
      FROM need_gap_facts n
      WHERE ${needConditions(filters)}`;
  }
  // Each confirmed match in USD, rounded to the cent, then summed per need: a copy of coverageOf
  // (app/matches/coverage.server.ts), which hands them to computeCoverage; migration 0011's
  // adam_value_need_gap_facts stores the same values in need_gap_facts.
  return sql`
    WITH rates AS (${ratesCte(asOf)}),
    confirmed AS (
      SELECT m.need_id, sum(round(m.amount * r.usd_per_unit, 2)) AS usd
      FROM matches m JOIN rates r ON r.currency = m.currency
      WHERE m.status = 'confirmed'
      GROUP BY m.need_id
    )
    SELECT n.country_iso3, n.pillar_code, n.priority,
           round(n.estimated_cost * r.usd_per_unit, 2) AS cost_usd,
           c.usd AS confirmed_usd
    FROM needs n
    LEFT JOIN rates r ON r.currency = n.currency
    LEFT JOIN confirmed c ON c.need_id = n.id
    WHERE ${needConditions(filters)}`;
}

/** Every cell of the matrix (route country x pillar, in route order) with its needs' figures. */
async function needSide(db: Kysely<Database>, filters: GapFilters, asOf: string): Promise<NeedRow[]> {
  const stored = await needFactsValuedAt(db, asOf);
  return rawRows(
    db,
    "gaps.needSide",
    NeedRow,
    sql`
    WITH kept_needs AS (${keptNeeds(filters, asOf, stored)}),
    need_cells AS (
      SELECT country_iso3, pillar_code,
             count(*) AS needs,
             count(cost_usd) AS costed,
             coalesce(sum(cost_usd), 0) AS cost_usd,
             -- Coverage capped at cost: a copy of computeCoverage (app/matches/coverage.ts), per need.
             coalesce(sum(LEAST(coalesce(confirmed_usd, 0), cost_usd)), 0) AS coverage_usd,
             count(*) FILTER (WHERE cost_usd IS NULL AND confirmed_usd IS NULL) AS uncosted_unmet,
             -- A copy of isUncoveredPriorityNeed (app/gaps/flag.ts), per need.
             bool_or(priority IN ('critical', 'high') AND confirmed_usd IS NULL) AS uncovered_priority
      FROM kept_needs
      GROUP BY country_iso3, pillar_code
    )
    SELECT rc.route_code, ro.position AS route_position, rc.country_iso3, c.name_en, c.name_ru,
           pl.code AS pillar_code, nc.needs, nc.costed, nc.cost_usd, nc.coverage_usd, nc.uncosted_unmet,
           nc.uncovered_priority
    FROM route_countries rc
    JOIN routes ro ON ro.code = rc.route_code
    JOIN countries c ON c.iso3 = rc.country_iso3
    CROSS JOIN pillars pl
    LEFT JOIN need_cells nc ON nc.country_iso3 = rc.country_iso3 AND nc.pillar_code = pl.code
    WHERE TRUE
      ${filters.route ? sql`AND rc.route_code = ${filters.route}` : none}
      ${filters.pillar ? sql`AND pl.code = ${filters.pillar}` : none}
    ORDER BY ro.position, rc.position, pl.number`,
  );
}

/**
 * Active and pipeline projects and their distinct donors per country and pillar, from the narrow
 * project_gap_facts table (0008), and the cell's stale projects (their status contradicts their
 * dates on `asOf`, whatever the period: a copy in SQL of statusDateConflict, app/projects/
 * status-dates.ts, its home; a parity test runs both). One scan of the table for both. Donors are
 * counted in two steps (per donor, then per cell): a hash aggregate instead of count(DISTINCT), which
 * sorts.
 */
async function projectSide(db: Kysely<Database>, filters: GapFilters, asOf: string): Promise<ProjectRow[]> {
  const kept = projectConditions(filters, asOf);
  const stale = sql`((p.status IN ('active', 'pipeline') AND p.end_date < ${asOf}::date)
    OR (p.status = 'completed' AND p.start_date > ${asOf}::date))`;
  return rawRows(
    db,
    "gaps.projectSide",
    ProjectRow,
    sql`
    WITH per_donor AS (
      SELECT p.country_iso3, p.pillar_code, p.organization_id,
             count(*) FILTER (WHERE p.status = 'active' AND (${kept})) AS active,
             count(*) FILTER (WHERE p.status = 'pipeline' AND (${kept})) AS pipeline,
             count(*) FILTER (WHERE ${stale}) AS stale
      FROM project_gap_facts p
      WHERE ((${kept}) OR ${stale}) ${filters.pillar ? sql`AND p.pillar_code = ${filters.pillar}` : none}
      GROUP BY p.country_iso3, p.pillar_code, p.organization_id
    )
    SELECT country_iso3, pillar_code, sum(active)::int AS active, sum(pipeline)::int AS pipeline,
           count(*) FILTER (WHERE active + pipeline > 0)::int AS donors, sum(stale)::int AS stale
    FROM per_donor
    GROUP BY country_iso3, pillar_code`,
  );
}

function toCell(r: Row): GapCell {
  const needs = Number(r.needs ?? 0);
  const costUsd = r.cost_usd ?? "0.00";
  const coverageUsd = r.coverage_usd ?? "0.00";
  const unmetUsd = subtractAmounts(costUsd, coverageUsd);
  const active = Number(r.active ?? 0);
  const pipeline = Number(r.pipeline ?? 0);
  const flags = gapCellFlags({
    needs,
    activeProjects: active,
    pipelineProjects: pipeline,
    uncoveredPriorityNeed: Boolean(r.uncovered_priority),
  });
  return {
    routeCode: r.route_code,
    routePosition: r.route_position,
    countryIso3: r.country_iso3,
    countryNameEn: r.name_en,
    countryNameRu: r.name_ru,
    pillarCode: r.pillar_code,
    needs,
    costedNeeds: Number(r.costed ?? 0),
    costUsd: normalize(costUsd),
    coverageUsd: normalize(coverageUsd),
    unmetUsd,
    unmetShare: Number(r.costed ?? 0) > 0 ? shareOf(unmetUsd, costUsd) : null,
    uncostedUnmet: Number(r.uncosted_unmet ?? 0),
    activeProjects: active,
    pipelineProjects: pipeline,
    donors: Number(r.donors ?? 0),
    staleProjects: Number(r.stale ?? 0),
    flags,
    flagged: isFlagged(flags),
  };
}

/** "0" or "12.5" from SQL as "0.00" / "12.50". */
function normalize(amount: string): string {
  return subtractAmounts(amount, "0");
}
