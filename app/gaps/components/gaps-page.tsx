import { useNavigate } from "@remix-run/react";
import { useLocale, useT } from "~/i18n";
import { formatDate } from "~/i18n/format";
import { gapFiltersToSearchParams } from "../filters";
import { Drilldown, useCellFocus } from "./drilldown";
import { GapFilters, SortLinks } from "./gap-filters";
import { GapMap } from "./gap-map";
import { FlagReasons, GapTable, cellId } from "./gap-table";
import { GapTotals, HeatLegend } from "./gap-totals";
import type { GapPageData } from "./view-data";

/** The gap page: filters, totals, the matrix per route (with an opened cell) and the map. */
export function GapsPage({ data }: { data: GapPageData }) {
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const { filters, drill } = data;
  const query = gapFiltersToSearchParams(filters);
  if (data.sort !== "route") query.set("sort", data.sort);
  const withQuery = (extra: Record<string, string>, hash = "") => {
    const params = new URLSearchParams(query);
    for (const [k, v] of Object.entries(extra)) params.set(k, v);
    return `/gaps?${params}${hash}`;
  };
  const rateDates = data.rateDates.map((d) => formatDate(locale, d)).join(", ");
  const openCellId = drill?.route ? cellId(drill.route, drill.cell.countryIso3, drill.cell.pillarCode) : null;
  const closeHref = `/gaps?${query}${openCellId ? `#${openCellId}` : ""}`;
  useCellFocus(openCellId);

  return (
    <>
      <h1>{t("gaps.title")}</h1>
      <p className="lead">{t("gaps.intro")}</p>
      {!data.filtersValid ? (
        <div className="notice warning" role="alert">
          {t("gaps.badFilters")}
        </div>
      ) : null}

      <GapFilters data={data} />

      <p>
        {t("gaps.rates", { dates: rateDates, asOf: formatDate(locale, data.asOf) })}{" "}
        <a href={`/gaps.csv?${gapFiltersToSearchParams(filters)}`} download>
          {t("gaps.csv")}
        </a>{" "}
        · <a href={`/api/gaps?${gapFiltersToSearchParams(filters)}`}>{t("gaps.json")}</a>
      </p>

      <GapTotals totals={data.totals} />

      <section aria-labelledby="matrix">
        <h2 id="matrix">{t("gaps.matrix")}</h2>
        <HeatLegend />
        <FlagReasons />
        <SortLinks sort={data.sort} href={(s) => withQuery({ sort: s }, "#matrix")} />
        {data.routes.map((route) => (
          <GapTable
            key={route.code}
            routeCode={route.code}
            routeName={route.name}
            pillars={data.pillars}
            rows={route.rows}
            totals={route.totals}
            cellHref={(iso3, pillar) => withQuery({ cell: `${iso3}-${pillar}`, in: route.code }, "#drill")}
          >
            {drill && drill.route === route.code ? (
              <Drilldown
                drill={drill}
                closeHref={closeHref}
                onEscape={() => navigate(closeHref, { preventScrollReset: true })}
              />
            ) : null}
          </GapTable>
        ))}
        {data.routes.some((r) => r.rows.some((row) => row.iso3 === "XKX")) ? (
          <p id="kosovo-note" className="hint">
            {t("gaps.kosovoNote")}
          </p>
        ) : null}
      </section>

      <section aria-labelledby="map">
        <h2 id="map">{t("gaps.map")}</h2>
        <GapMap geometry={data.map} data={data.mapData} routes={data.routes} breaks={data.mapBreaks} />
      </section>
    </>
  );
}
