import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { RUSSIAN_COUNTRY_NAMES } from "~/reference/russian-names";
import countries from "i18n-iso-countries";
import type { Locale } from "~/i18n";
import { today } from "~/forms/dates";
import { listPillars, listRoutes } from "~/reference/reference.server";
import {
  matrixRow,
  mapClass,
  parseSort,
  quantileBreaks,
  sortRows,
  totalsRow,
  type CompactCell,
} from "./components/matrix-model";
import { gapCellDetails } from "./drilldown.server";
import { gapFiltersFromSearchParams, type GapFilters } from "./filters";
import { gapMatrix, type GapCell } from "./gaps.server";
import { routeLegs, routeMapLayout } from "./map.server";

/**
 * Everything the gap page shows, from its URL: a compact matrix per route (only what a cell
 * shows; the full numbers of a cell travel when it is opened), the map, and an opened cell.
 */
export async function gapView(db: Kysely<Database>, url: URL, locale: Locale) {
  const parsed = gapFiltersFromSearchParams(url.searchParams);
  const filters: GapFilters = parsed.success ? parsed.data : {};
  const sort = parseSort(url.searchParams.get("sort"));
  const asOf = today();
  const [matrix, allRoutes, allPillars] = await Promise.all([
    gapMatrix(db, filters, asOf),
    listRoutes(db, locale),
    listPillars(db, locale),
  ]);
  const pillars = allPillars
    .filter((p) => !filters.pillar || p.code === filters.pillar)
    .map((p) => ({ code: p.code, name: p.name }));
  const shown = allRoutes.filter((r) => !filters.route || r.code === filters.route);
  const name = (c: GapCell) => (locale === "ru" ? c.countryNameRu : c.countryNameEn);

  const routes = shown.map((route) => {
    const byCountry = new Map<string, GapCell[]>();
    for (const c of matrix.cells)
      if (c.routeCode === route.code) byCountry.set(c.countryIso3, [...(byCountry.get(c.countryIso3) ?? []), c]);
    const rows = [...byCountry.values()].map((cells) =>
      matrixRow(cells[0].countryIso3, name(cells[0]), cells[0].routePosition, cells.map(compactCell)),
    );
    return {
      code: route.code,
      name: route.name,
      rows: sortRows(rows, sort),
      totals: totalsRow(
        rows,
        pillars.map((p) => p.code),
      ),
      legs: routeLegs(route.countries.map((c) => c.iso3)),
    };
  });

  const cellParam = /^([A-Z]{3})-(I|II|III|IV)$/.exec(url.searchParams.get("cell") ?? "");
  // The route whose table the cell was opened from (a country may sit on several), for the way back.
  const from = url.searchParams.get("in");
  const drillCell = cellParam
    ? matrix.cells.find((c) => c.countryIso3 === cellParam[1] && c.pillarCode === cellParam[2])
    : undefined;
  const details = drillCell
    ? await gapCellDetails(db, drillCell.countryIso3, drillCell.pillarCode, filters, asOf)
    : null;
  const drill =
    drillCell && details
      ? {
          cell: drillCell,
          name: name(drillCell),
          route: (
            routes.find((r) => r.code === from && r.rows.some((row) => row.iso3 === drillCell.countryIso3)) ??
            routes.find((r) => r.rows.some((row) => row.iso3 === drillCell.countryIso3))
          )?.code,
          donors: [...new Set(details.projects.map((p) => p.organizationName))].sort(),
          ...details,
        }
      : null;

  const mapData = mapCountries(matrix.cells, name);
  const breaks = quantileBreaks(mapData.map((c) => c.unmet));
  return {
    filters,
    filtersValid: parsed.success,
    sort,
    asOf: matrix.asOf,
    rateDates: [...new Set(Object.values(matrix.rateDates))],
    totals: matrix.totals,
    pillars,
    routes,
    routeOptions: allRoutes.map((r) => ({ code: r.code, name: r.name })),
    pillarOptions: allPillars.map((p) => ({ code: p.code, name: p.name })),
    map: routeMapLayout(shown.flatMap((r) => r.countries.map((c) => c.iso3))),
    mapData: mapData.map(({ unmet, ...c }) => ({
      ...c,
      label: shortName(c.iso3, locale, c.name),
      cls: mapClass(unmet, breaks),
      row: `row-${routes.find((r) => r.rows.some((row) => row.iso3 === c.iso3))?.code}-${c.iso3}`,
    })),
    mapBreaks: breaks,
    drill,
  };
}

// Names that read as ADAM's list says (the library's short form of TUR is an older name).
const SHORT_NAMES: Record<string, Record<Locale, string>> = {
  TUR: { en: "Türkiye", ru: "Турция" },
  XKX: { en: "Kosovo*", ru: "Косово*" },
};

/** A short name for the map's label ("North Macedonia", "Iran"), the full one if there is none. */
function shortName(iso3: string, locale: Locale, fallback: string): string {
  if (SHORT_NAMES[iso3]) return SHORT_NAMES[iso3][locale];
  if (locale === "ru" && RUSSIAN_COUNTRY_NAMES[iso3]) return RUSSIAN_COUNTRY_NAMES[iso3];
  const alpha2 = countries.alpha3ToAlpha2(iso3);
  return (alpha2 && countries.getName(alpha2, locale, { select: "alias" })) || fallback;
}

function compactCell(c: GapCell): CompactCell {
  return {
    pillar: c.pillarCode,
    needs: c.needs,
    unmetUsd: c.unmetUsd,
    unmetShare: c.unmetShare,
    uncostedUnmet: c.uncostedUnmet,
    staleProjects: c.staleProjects,
    priority: c.flags.uncoveredPriorityNeed,
    noProject: c.flags.noProjectForNeeds,
  };
}

/**
 * One entry per country for the map: its unmet amount over its cells (each once, though a country
 * may sit on several routes), flagged if any cell is.
 */
function mapCountries(cells: GapCell[], name: (c: GapCell) => string) {
  const perCountry = new Map<
    string,
    { iso3: string; name: string; unmetUsd: number; unmet: number; flaggedCells: number; needs: number }
  >();
  const counted = new Set<string>();
  for (const c of cells) {
    const entry = perCountry.get(c.countryIso3) ?? {
      iso3: c.countryIso3,
      name: name(c),
      unmetUsd: 0,
      unmet: 0,
      flaggedCells: 0,
      needs: 0,
    };
    perCountry.set(c.countryIso3, entry);
    const key = `${c.countryIso3}/${c.pillarCode}`;
    if (counted.has(key)) continue;
    counted.add(key);
    // For shading and a rounded figure only (display): a float is fine here, never for money.
    entry.unmet += Number(c.unmetUsd);
    entry.needs += c.needs;
    if (c.flagged) entry.flaggedCells += 1;
  }
  return [...perCountry.values()].map((e) => ({ ...e, unmetUsd: Math.round(e.unmet) }));
}
