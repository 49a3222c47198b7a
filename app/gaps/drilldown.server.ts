import { sql, type Kysely, type Selectable } from "kysely";
import { z } from "zod";
import { column, rawRows } from "../../db/rows";
import type { Database, NeedsTable, NeedStatus, Priority, ProjectStatus, ProjectsTable } from "../../db/schema";
import { computeCoverage } from "~/matches/coverage";
import { ratesCte } from "~/money/exchange.server";
import type { GapFilters } from "./filters";
import { needConditions, projectConditions } from "./gaps.server";
import { statusDateConflict, type StatusDateConflict } from "~/projects/status-dates";

// The needs and projects behind one cell of the gap matrix, with the same filters and rules: the
// filters are the matrix's own (needConditions, projectConditions), each need's coverage is
// computeCoverage (app/matches/coverage.ts), a stale project is statusDateConflict's.

export interface CellNeed {
  id: number;
  title: string;
  priority: Priority;
  status: NeedStatus;
  cost: string | null;
  currency: string | null;
  costUsd: string | null;
  coverageUsd: string;
  unmetUsd: string | null;
  confirmedMatches: number;
}

export interface CellProject {
  id: number;
  title: string;
  status: ProjectStatus;
  organizationName: string;
  startDate: string;
  endDate: string | null;
  countries: number;
}

export interface CellStaleProject extends CellProject {
  conflict: StatusDateConflict;
}

type Db = Kysely<Database>;

/** A need of the cell, its cost and confirmed matches in USD (NUMERIC: decimal text), their count (int8). */
const NeedRow = z.object({
  id: column.int,
  title: column.text,
  priority: column.priority,
  status: column.needStatus,
  estimated_cost: column.numeric.nullable(),
  currency: column.text.nullable(),
  cost_usd: column.numeric.nullable(),
  confirmed_usd: column.numeric.nullable(),
  confirmed_count: column.bigint.nullable(),
}) satisfies z.ZodType<
  Pick<Selectable<NeedsTable>, "id" | "title" | "priority" | "status" | "estimated_cost" | "currency">
>;

/** A project of the cell (projectColumns): dates as ISO days, its countries counted (int8). */
const ProjectRow = z.object({
  id: column.int,
  title: column.text,
  status: column.projectStatus,
  organization_name: column.text,
  start_date: column.date,
  end_date: column.date.nullable(),
  countries: column.bigint,
}) satisfies z.ZodType<Pick<Selectable<ProjectsTable>, "id" | "title" | "status" | "start_date" | "end_date">>;
type ProjectRow = z.infer<typeof ProjectRow>;

export async function gapCellDetails(
  db: Db,
  countryIso3: string,
  pillarCode: string,
  filters: GapFilters,
  asOf: string,
) {
  const cellFilters = { ...filters, pillar: pillarCode as GapFilters["pillar"] };
  const needs = await cellNeeds(db, countryIso3, cellFilters, asOf);
  const projects = await cellProjects(db, countryIso3, pillarCode, cellFilters, asOf);
  const staleProjects = await cellStaleProjects(db, countryIso3, pillarCode, asOf);
  return { staleProjects, needs, projects };
}

/** The cell's needs (at most 500), most urgent first, each valued by computeCoverage at `asOf`. */
async function cellNeeds(db: Db, countryIso3: string, cellFilters: GapFilters, asOf: string): Promise<CellNeed[]> {
  const rows = await rawRows(
    db,
    "drilldown.cellNeeds",
    NeedRow,
    sql`
    WITH rates AS (${ratesCte(asOf)}),
    confirmed AS (
      SELECT m.need_id, sum(round(m.amount * r.usd_per_unit, 2)) AS usd, count(*) AS n
      FROM matches m JOIN rates r ON r.currency = m.currency
      WHERE m.status = 'confirmed'
      GROUP BY m.need_id
    )
    SELECT n.id, n.title, n.priority, n.status, n.estimated_cost, n.currency,
           CASE WHEN n.estimated_cost IS NULL THEN NULL
                ELSE round(n.estimated_cost * r.usd_per_unit, 2) END AS cost_usd,
           c.usd AS confirmed_usd, c.n AS confirmed_count
    FROM needs n
    LEFT JOIN rates r ON r.currency = n.currency
    LEFT JOIN confirmed c ON c.need_id = n.id
    WHERE n.country_iso3 = ${countryIso3} AND ${needConditions(cellFilters)}
    ORDER BY array_position(ARRAY['critical', 'high', 'medium', 'low'], n.priority), n.id
    LIMIT 500`,
  );
  return rows.map((n): CellNeed => {
    // The confirmed matches arrive summed per need (each rounded to the cent, as coverageOf does).
    const coverage = computeCoverage(n.cost_usd, n.confirmed_usd === null ? [] : [n.confirmed_usd]);
    return {
      id: n.id,
      title: n.title,
      priority: n.priority,
      status: n.status,
      cost: n.estimated_cost,
      currency: n.currency?.trim() ?? null,
      costUsd: n.cost_usd,
      coverageUsd: coverage.coverageUsd,
      unmetUsd: coverage.unmetUsd,
      confirmedMatches: Number(n.confirmed_count ?? 0),
    };
  });
}

const projectColumns = sql`
  p.id, p.title, p.status, o.name AS organization_name,
  p.start_date::text AS start_date, p.end_date::text AS end_date,
  (SELECT count(*) FROM project_countries x WHERE x.project_id = p.id) AS countries`;

const inCell = (countryIso3: string, pillarCode: string) => sql`
  EXISTS (SELECT 1 FROM project_countries pc WHERE pc.project_id = p.id AND pc.country_iso3 = ${countryIso3})
  AND EXISTS (SELECT 1 FROM project_pillars pp WHERE pp.project_id = p.id AND pp.pillar_code = ${pillarCode})`;

function toProject(p: ProjectRow): CellProject {
  return {
    id: p.id,
    title: p.title,
    status: p.status,
    organizationName: p.organization_name,
    startDate: p.start_date,
    endDate: p.end_date,
    countries: Number(p.countries),
  };
}

/** The cell's active and pipeline projects (at most 500) that the matrix counts. */
async function cellProjects(
  db: Db,
  countryIso3: string,
  pillarCode: string,
  cellFilters: GapFilters,
  asOf: string,
): Promise<CellProject[]> {
  const rows = await rawRows(
    db,
    "drilldown.cellProjects",
    ProjectRow,
    sql`
    SELECT ${projectColumns}
    FROM projects p
    JOIN organizations o ON o.id = p.organization_id
    WHERE ${projectConditions(cellFilters, asOf)} AND ${inCell(countryIso3, pillarCode)}
    ORDER BY p.status, p.start_date, p.id
    LIMIT 500`,
  );
  return rows.map(toProject);
}

/** The cell's projects whose status contradicts their dates on `asOf`, whatever the period. */
async function cellStaleProjects(
  db: Db,
  countryIso3: string,
  pillarCode: string,
  asOf: string,
): Promise<CellStaleProject[]> {
  // Candidates by a wide net in SQL (dated before or after the day), decided by the rule itself.
  const rows = await rawRows(
    db,
    "drilldown.cellStaleProjects",
    ProjectRow,
    sql`
    SELECT ${projectColumns}
    FROM projects p
    JOIN organizations o ON o.id = p.organization_id
    WHERE p.status IN ('active', 'pipeline', 'completed')
      AND (p.end_date < ${asOf}::date OR p.start_date > ${asOf}::date)
      AND ${inCell(countryIso3, pillarCode)}
    ORDER BY p.end_date, p.id
    LIMIT 500`,
  );
  return rows.flatMap((p): CellStaleProject[] => {
    const conflict = statusDateConflict({ status: p.status, startDate: p.start_date, endDate: p.end_date }, asOf);
    return conflict ? [{ ...toProject(p), conflict }] : [];
  });
}
