import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Locale } from "~/i18n";
import { isoDate } from "~/money/exchange.server";
import { listPillars, listRoutes } from "~/reference/reference.server";
import { gapCellDetails } from "./drilldown.server";
import { gapFiltersFromSearchParams, type GapFilters } from "./filters";
import { gapMatrix } from "./gaps.server";
import { routeMapLayout } from "./map.server";

/** Everything the gap page shows, from its URL: the matrix, the map, and an opened cell. */
export async function gapView(db: Kysely<Database>, url: URL, locale: Locale) {
  const parsed = gapFiltersFromSearchParams(url.searchParams);
  const filters: GapFilters = parsed.success ? parsed.data : {};
  const asOf = isoDate(new Date());
  const [matrix, routes, pillars] = await Promise.all([gapMatrix(db, filters, asOf), listRoutes(db, locale), listPillars(db, locale)]);

  const cellParam = /^([A-Z]{3})-(I|II|III|IV)$/.exec(url.searchParams.get("cell") ?? "");
  const drill = cellParam ? { country: cellParam[1], pillar: cellParam[2], ...(await gapCellDetails(db, cellParam[1], cellParam[2], filters, asOf)) } : null;

  // One entry per country for the map: unmet share over its cells (each once, though a country
  // may sit on several routes), flagged if any cell is.
  const perCountry = new Map<string, { iso3: string; name: string; cost: number; unmet: number; costed: number; flagged: boolean }>();
  const counted = new Set<string>();
  for (const c of matrix.cells) {
    const entry = perCountry.get(c.countryIso3) ?? { iso3: c.countryIso3, name: locale === "ru" ? c.countryNameRu : c.countryNameEn, cost: 0, unmet: 0, costed: 0, flagged: false };
    const key = `${c.countryIso3}/${c.pillarCode}`;
    if (!counted.has(key)) {
      counted.add(key);
      entry.cost += Number(c.costUsd);
      entry.unmet += Number(c.unmetUsd);
      entry.costed += c.costedNeeds;
    }
    entry.flagged ||= c.flagged;
    perCountry.set(c.countryIso3, entry);
  }
  const mapData = [...perCountry.values()].map((e) => ({
    iso3: e.iso3,
    name: e.name,
    // For shading only (display): a float is fine here, never for money.
    unmetShare: e.costed > 0 && e.cost > 0 ? e.unmet / e.cost : null,
    flagged: e.flagged,
  }));

  return {
    filters,
    filtersValid: parsed.success,
    matrix,
    routes: routes.map((r) => ({ code: r.code, name: r.name, countries: r.countries.map((c) => c.iso3) })),
    pillars: pillars.map((p) => ({ code: p.code, name: p.name })),
    map: routeMapLayout(),
    mapData,
    drill,
  };
}
