import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/accounts/guards.server";
import { gapFiltersFromSearchParams } from "~/gaps/filters";
import { gapMatrix } from "~/gaps/gaps.server";
import { isoDate } from "~/money/exchange.server";
import { listPillars, listRoutes } from "~/reference/reference.server";
import { toCsv } from "~/utils/csv";

// The gap matrix as CSV, with the same filters as the page, readable labels beside codes.
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "gaps:read");
  const parsed = gapFiltersFromSearchParams(new URL(request.url).searchParams);
  if (!parsed.success) return Response.json({ message: "Invalid filters", issues: parsed.error.issues.map((i) => i.path.join(".")) }, { status: 400 });
  const asOf = isoDate(new Date());
  const [matrix, routes, pillars] = await Promise.all([gapMatrix(context.db, parsed.data, asOf), listRoutes(context.db, "en"), listPillars(context.db, "en")]);
  const routeName = new Map(routes.map((r) => [r.code, r.name]));
  const pillarName = new Map(pillars.map((p) => [p.code, p.name]));
  const header = [
    "route_code", "route", "country_iso3", "country", "pillar_code", "pillar", "needs", "costed_needs", "cost_usd", "coverage_usd",
    "unmet_usd", "unmet_share", "uncosted_unmet_needs", "active_projects", "pipeline_projects", "donors", "flagged", "flag_reasons", "valuation_date",
  ];
  const rows = matrix.cells.map((c) => [
    c.routeCode, routeName.get(c.routeCode), c.countryIso3, c.countryNameEn, c.pillarCode, pillarName.get(c.pillarCode), c.needs, c.costedNeeds,
    c.costUsd, c.coverageUsd, c.unmetUsd, c.unmetShare ?? "", c.uncostedUnmet, c.activeProjects, c.pipelineProjects, c.donors,
    c.flagged ? "yes" : "no",
    [c.flags.uncoveredPriorityNeed ? "uncovered critical or high-priority need" : null, c.flags.noProjectForNeeds ? "needs without an active or planned project" : null].filter(Boolean).join("; "),
    asOf,
  ]);
  return new Response(toCsv(header, rows), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="adam-gaps-${asOf}.csv"`, "Cache-Control": "no-store" },
  });
}
