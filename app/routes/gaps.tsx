import { pageTitle } from "~/i18n/titles";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigate } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { requirePermission } from "~/accounts/guards.server";
import { GapMap } from "~/gaps/components/gap-map";
import { FlagReasons, GapTable, cellId } from "~/gaps/components/gap-table";
import { HEAT_STEPS, SORTS } from "~/gaps/components/matrix-model";
import { PRIORITIES, gapFiltersToSearchParams } from "~/gaps/filters";
import { gapView } from "~/gaps/view.server";
import { useLocale, useT } from "~/i18n";
import { formatDate, formatMoney, formatNumber } from "~/i18n/format";
import { plural, pluralForm } from "~/i18n/plural";
import { resolveLocale } from "~/i18n/locale.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.gaps");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "gaps:read");
  return gapView(context.db, new URL(request.url), resolveLocale(request, user.locale));
}

export default function Gaps() {
  const data = useLoaderData<typeof loader>();
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

type GapData = ReturnType<typeof useLoaderData<typeof loader>>;

function GapFilters({ data }: { data: GapData }) {
  const t = useT();
  const { filters } = data;
  return (
    <Form method="get" className="filters" aria-label={t("gaps.filters")}>
      <div className="field">
        <label htmlFor="f-route">{t("gaps.route")}</label>
        <select id="f-route" name="route" defaultValue={filters.route ?? ""}>
          <option value="">{t("gaps.all")}</option>
          {data.routeOptions.map((r) => (
            <option key={r.code} value={r.code}>
              {r.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-pillar">{t("gaps.pillar")}</label>
        <select id="f-pillar" name="pillar" defaultValue={filters.pillar ?? ""}>
          <option value="">{t("gaps.all")}</option>
          {data.pillarOptions.map((p) => (
            <option key={p.code} value={p.code}>
              {p.code} — {p.name}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="inline">
        <legend>{t("gaps.priority")}</legend>
        {PRIORITIES.map((p) => (
          <label key={p}>
            <input type="checkbox" name="priority" value={p} defaultChecked={filters.priority?.includes(p)} />{" "}
            {t(`priority.${p}`)}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="f-from">{t("gaps.from")}</label>
        <input id="f-from" type="date" name="from" defaultValue={filters.from ?? ""} />
      </div>
      <div className="field">
        <label htmlFor="f-to">{t("gaps.to")}</label>
        <input id="f-to" type="date" name="to" defaultValue={filters.to ?? ""} />
      </div>
      {data.sort !== "route" ? <input type="hidden" name="sort" value={data.sort} /> : null}
      <button type="submit" className="primary">
        {t("gaps.apply")}
      </button>
      <Link to="/gaps">{t("gaps.reset")}</Link>
    </Form>
  );
}

function GapTotals({ totals }: { totals: GapData["totals"] }) {
  const t = useT();
  const locale = useLocale();
  const money = (v: string) => formatMoney(locale, v, "USD");
  return (
    <section aria-labelledby="totals">
      <h2 id="totals">{t("gaps.totals")}</h2>
      <p role="status">
        {t("gaps.totalsText", {
          needs: plural(t, locale, "plural.needs", totals.needs),
          cost: money(totals.costUsd),
          coverage: money(totals.coverageUsd),
          unmet: money(totals.unmetUsd),
          flagged: plural(t, locale, "gaps.flaggedCount", totals.flaggedCells),
        })}
      </p>
      <p className="hint">{t("gaps.totalsNote")}</p>
      <details>
        <summary>{t("gaps.howTitle")}</summary>
        <ul>
          <li>{t("gaps.howNeeds")}</li>
          <li>{t("gaps.howCost")}</li>
          <li>{t("gaps.howCoverage")}</li>
          <li>{t("gaps.howUnmet")}</li>
          <li>{t("gaps.howProjects")}</li>
        </ul>
      </details>
    </section>
  );
}

function SortLinks({ sort, href }: { sort: GapData["sort"]; href: (s: (typeof SORTS)[number]) => string }) {
  const t = useT();
  return (
    <nav aria-label={t("gaps.sortLabel")} className="sort-links">
      {t("gaps.sortLabel")}:{" "}
      {SORTS.map((s) => (
        <Link key={s} to={href(s)} aria-current={sort === s ? "true" : undefined} preventScrollReset>
          {t(`gaps.sort.${s}`)}
        </Link>
      ))}
    </nav>
  );
}

/**
 * With JavaScript: focus moves to an opened cell's detail, and back to the cell when it closes
 * (without it, the links' fragments do the same for scrolling).
 */
function useCellFocus(openCellId: string | null) {
  const previous = useRef<string | null>(null);
  useEffect(() => {
    if (openCellId) document.getElementById("drill")?.focus();
    else if (previous.current) document.getElementById(previous.current)?.focus();
    previous.current = openCellId;
  }, [openCellId]);
}

function HeatLegend() {
  const t = useT();
  const locale = useLocale();
  const percent = (v: number) => `${formatNumber(locale, v * 100)} %`;
  const noNeeds = t("gaps.legendNoNeeds");
  return (
    <p className="heat-legend">
      <strong>{t("gaps.legend")}:</strong> <span className="heat-swatch heat-none">—</span> {noNeeds}{" "}
      <span className="heat-swatch heat-uncosted">?</span> {t("gaps.legendUncosted")}{" "}
      {HEAT_STEPS.map((s, i) => (
        <span key={s.cls} className="legend-item">
          <span className={`heat-swatch heat-${s.cls}`} aria-hidden="true" />{" "}
          {i === 0
            ? t("gaps.legendAllMet")
            : t("gaps.legendShare", { from: percent(HEAT_STEPS[i - 1].upTo), to: percent(s.upTo) })}
        </span>
      ))}{" "}
      <span aria-hidden="true">⚑</span> {t("gaps.legendFlag")} <span aria-hidden="true">⚠</span> {t("gaps.legendStale")}
    </p>
  );
}

type Drill = NonNullable<GapData["drill"]>;

function Drilldown({ drill, closeHref, onEscape }: { drill: Drill; closeHref: string; onEscape: () => void }) {
  const t = useT();
  const { cell } = drill;
  return (
    <section
      id="drill"
      aria-labelledby="drill-title"
      tabIndex={-1}
      className="notice gap-drill"
      onKeyDown={(e) => {
        if (e.key === "Escape") onEscape();
      }}
    >
      <h4 id="drill-title">{t("gaps.drillTitle", { country: drill.name, pillar: cell.pillarCode })}</h4>
      <p>
        <Link to={closeHref} preventScrollReset>
          {t("gaps.back")}
        </Link>
      </p>
      <DrillFacts drill={drill} />
      <DrillNeeds needs={drill.needs} />
      <DrillProjects projects={drill.projects} />
      <DrillStale projects={drill.staleProjects} />
      <p>
        <Link to={closeHref} preventScrollReset>
          {t("gaps.back")}
        </Link>
      </p>
    </section>
  );
}

function DrillFacts({ drill }: { drill: Drill }) {
  const t = useT();
  const locale = useLocale();
  const { cell } = drill;
  const money = (v: string) => formatMoney(locale, v, "USD");
  const staleCount = formatNumber(locale, cell.staleProjects);
  return (
    <dl className="facts">
      <dt>{t("gaps.cellNeeds")}</dt>
      <dd>
        {formatNumber(locale, cell.needs)}
        {cell.uncostedUnmet ? ` (${t("gaps.uncosted", { count: cell.uncostedUnmet })})` : ""}
      </dd>
      <dt>{t("gaps.cellCost")}</dt>
      <dd>{money(cell.costUsd)}</dd>
      <dt>{t("gaps.cellCoverage")}</dt>
      <dd>{money(cell.coverageUsd)}</dd>
      <dt>{t("gaps.cellUnmet")}</dt>
      <dd>
        {money(cell.unmetUsd)}
        {cell.unmetShare !== null ? ` (${formatNumber(locale, cell.unmetShare * 100)} %)` : ""}
      </dd>
      <dt>{t("gaps.cellProjects")}</dt>
      <dd>
        {cell.activeProjects} / {cell.pipelineProjects}
        {cell.staleProjects
          ? `; ${t(`gaps.stale.${pluralForm(locale, cell.staleProjects)}`, { count: staleCount })}`
          : ""}
      </dd>
      <dt>{t("gaps.cellDonors")}</dt>
      <dd>{drill.donors.length ? drill.donors.join(", ") : formatNumber(locale, cell.donors)}</dd>
      {cell.flagged ? (
        <>
          <dt>{t("gaps.flag")}</dt>
          <dd>
            {[
              cell.flags.uncoveredPriorityNeed ? t("gaps.flagPriority") : null,
              cell.flags.noProjectForNeeds ? t("gaps.flagNoProject") : null,
            ]
              .filter(Boolean)
              .join("; ")}
          </dd>
        </>
      ) : null}
    </dl>
  );
}

function DrillNeeds({ needs }: { needs: Drill["needs"] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h5>{t("gaps.drillNeeds")}</h5>
      {needs.length === 0 ? (
        <p>{t("gaps.noNeeds")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("gaps.need")}</th>
              <th scope="col">{t("gaps.priority")}</th>
              <th scope="col">{t("gaps.status")}</th>
              <th scope="col">{t("gaps.cellCost")}</th>
              <th scope="col">{t("gaps.cellCoverage")}</th>
              <th scope="col">{t("gaps.cellUnmet")}</th>
              <th scope="col">{t("gaps.confirmedMatches")}</th>
            </tr>
          </thead>
          <tbody>
            {needs.map((n) => (
              <tr key={n.id}>
                <th scope="row">
                  <Link to={`/needs/${n.id}`}>{n.title}</Link>
                </th>
                <td>{t(`priority.${n.priority}`)}</td>
                <td>{t(`needStatus.${n.status}`)}</td>
                <td>
                  {n.cost && n.currency ? formatMoney(locale, n.cost, n.currency) : "—"}
                  {n.costUsd && n.currency !== "USD" ? ` (${formatMoney(locale, n.costUsd, "USD")})` : ""}
                </td>
                <td>{formatMoney(locale, n.coverageUsd, "USD")}</td>
                <td>{n.unmetUsd === null ? "—" : formatMoney(locale, n.unmetUsd, "USD")}</td>
                <td>{n.confirmedMatches}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function DrillProjects({ projects }: { projects: Drill["projects"] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h5>{t("gaps.drillProjects")}</h5>
      {projects.length === 0 ? (
        <p>{t("gaps.noProjects")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("gaps.project")}</th>
              <th scope="col">{t("gaps.status")}</th>
              <th scope="col">{t("gaps.donor")}</th>
              <th scope="col">{t("gaps.period")}</th>
            </tr>
          </thead>
          <tbody>
            {projects.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  <Link to={`/projects/${p.id}`}>{p.title}</Link>
                </th>
                <td>{t(`projectStatus.${p.status}`)}</td>
                <td>{p.organizationName}</td>
                <td>
                  {formatDate(locale, p.startDate)} – {p.endDate ? formatDate(locale, p.endDate) : t("gaps.openEnded")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function DrillStale({ projects }: { projects: Drill["staleProjects"] }) {
  const t = useT();
  const locale = useLocale();
  if (!projects.length) return null;
  return (
    <>
      <h5>{t("gaps.drillStale")}</h5>
      <p>{t("gaps.drillStaleIntro")}</p>
      <ul>
        {projects.map((p) => {
          const status = t(`projectStatus.${p.status}`);
          return (
            <li key={p.id}>
              <Link to={`/projects/${p.id}`}>{p.title}</Link> — {p.organizationName}: {status},{" "}
              {t(`projects.conflictShort.${p.conflict}`)} ({formatDate(locale, p.startDate)} –{" "}
              {p.endDate ? formatDate(locale, p.endDate) : t("gaps.openEnded")})
            </li>
          );
        })}
      </ul>
    </>
  );
}
