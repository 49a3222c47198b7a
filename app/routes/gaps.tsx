import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/accounts/guards.server";
import { GapMap } from "~/gaps/components/gap-map";
import { GapTable } from "~/gaps/components/gap-table";
import { PRIORITIES, gapFiltersToSearchParams } from "~/gaps/filters";
import { gapView } from "~/gaps/view.server";
import { useLocale, useT, type MessageKey } from "~/i18n";
import { formatDate, formatMoney, formatNumber } from "~/i18n/format";
import { resolveLocale } from "~/i18n/locale.server";

export const meta: MetaFunction = () => [{ title: "ADAM — Gap analysis" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "gaps:read");
  return gapView(context.db, new URL(request.url), resolveLocale(request, user.locale));
}

export default function Gaps() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const { filters, matrix } = data;
  const query = gapFiltersToSearchParams(filters);
  const cellHref = (cell: { countryIso3: string; pillarCode: string }) => {
    const params = new URLSearchParams(query);
    params.set("cell", `${cell.countryIso3}-${cell.pillarCode}`);
    return `/gaps?${params}#drill`;
  };
  const money = (v: string) => formatMoney(locale, v, "USD");
  const rateDates = [...new Set(Object.values(matrix.rateDates))].map((d) => formatDate(locale, d)).join(", ");
  const countryName = (iso3: string) => data.mapData.find((c) => c.iso3 === iso3)?.name ?? iso3;

  return (
    <>
      <h1>{t("gaps.title")}</h1>
      <p className="lead">{t("gaps.intro")}</p>
      {!data.filtersValid ? (
        <div className="notice warning" role="alert">
          {t("gaps.badFilters")}
        </div>
      ) : null}

      <Form method="get" className="filters" aria-label={t("gaps.filters")}>
        <div className="field">
          <label htmlFor="f-route">{t("gaps.route")}</label>
          <select id="f-route" name="route" defaultValue={filters.route ?? ""}>
            <option value="">{t("gaps.all")}</option>
            {data.routes.map((r) => (
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
            {data.pillars.map((p) => (
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
              <input type="checkbox" name="priority" value={p} defaultChecked={filters.priority?.includes(p)} /> {t(`priority.${p}` as MessageKey)}
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
        <button type="submit" className="primary">
          {t("gaps.apply")}
        </button>
        <Link to="/gaps">{t("gaps.reset")}</Link>
      </Form>

      <p>
        {t("gaps.rates", { dates: rateDates, asOf: formatDate(locale, matrix.asOf) })}{" "}
        <a href={`/gaps.csv?${query}`} download>
          {t("gaps.csv")}
        </a>{" "}
        · <a href={`/api/gaps?${query}`}>{t("gaps.json")}</a>
      </p>

      <section aria-labelledby="totals">
        <h2 id="totals">{t("gaps.totals")}</h2>
        <p role="status">
          {t("gaps.totalsText", {
            needs: formatNumber(locale, matrix.totals.needs),
            cost: money(matrix.totals.costUsd),
            coverage: money(matrix.totals.coverageUsd),
            unmet: money(matrix.totals.unmetUsd),
            flagged: formatNumber(locale, matrix.totals.flaggedCells),
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

      {data.drill ? <Drilldown drill={data.drill} title={t("gaps.drillTitle", { country: countryName(data.drill.country), pillar: data.drill.pillar })} closeHref={`/gaps?${query}`} /> : null}

      <section aria-labelledby="matrix">
        <h2 id="matrix">{t("gaps.title")}</h2>
        {data.routes
          .filter((r) => !filters.route || r.code === filters.route)
          .map((route) => (
            <GapTable
              key={route.code}
              routeCode={route.code}
              routeName={route.name}
              pillars={data.pillars.filter((p) => !filters.pillar || p.code === filters.pillar)}
              cells={matrix.cells.filter((c) => c.routeCode === route.code)}
              cellHref={cellHref}
            />
          ))}
      </section>

      <section aria-labelledby="map">
        <h2 id="map">{t("gaps.map")}</h2>
        <GapMap geometry={data.map} data={data.mapData} routes={data.routes.filter((r) => !filters.route || r.code === filters.route)} />
        <table>
          <caption>{t("gaps.mapTable")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("gaps.country")}</th>
              <th scope="col">{t("gaps.cellShare")}</th>
              <th scope="col">{t("gaps.flag")}</th>
            </tr>
          </thead>
          <tbody>
            {data.mapData.map((c) => (
              <tr key={c.iso3}>
                <th scope="row">{c.name}</th>
                <td>{c.unmetShare === null ? "—" : `${formatNumber(locale, c.unmetShare * 100)} %`}</td>
                <td>{c.flagged ? t("common.yes") : t("common.no")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

type Drill = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["drill"]>;

function Drilldown({ drill, title, closeHref }: { drill: Drill; title: string; closeHref: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section id="drill" aria-labelledby="drill-title" tabIndex={-1} className="notice">
      <h2 id="drill-title">{title}</h2>
      <h3>{t("gaps.drillNeeds")}</h3>
      {drill.needs.length === 0 ? (
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
            {drill.needs.map((n) => (
              <tr key={n.id}>
                <th scope="row">
                  <Link to={`/needs/${n.id}`}>{n.title}</Link>
                </th>
                <td>{t(`priority.${n.priority}` as MessageKey)}</td>
                <td>{t(`needStatus.${n.status}` as MessageKey)}</td>
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
      <h3>{t("gaps.drillProjects")}</h3>
      {drill.projects.length === 0 ? (
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
            {drill.projects.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  <Link to={`/projects/${p.id}`}>{p.title}</Link>
                </th>
                <td>{t(`projectStatus.${p.status}` as MessageKey)}</td>
                <td>{p.organizationName}</td>
                <td>
                  {formatDate(locale, p.startDate)} – {p.endDate ? formatDate(locale, p.endDate) : t("gaps.openEnded")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {drill.staleProjects.length ? (
        <>
          <h3>{t("gaps.drillStale")}</h3>
          <p>{t("gaps.drillStaleIntro")}</p>
          <ul>
            {drill.staleProjects.map((p) => (
              <li key={p.id}>
                <Link to={`/projects/${p.id}`}>{p.title}</Link> — {p.organizationName}: {t(`projectStatus.${p.status}` as MessageKey)},{" "}
                {t(`projects.conflictShort.${p.conflict}`)} ({formatDate(locale, p.startDate)} – {p.endDate ? formatDate(locale, p.endDate) : t("gaps.openEnded")})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <Link to={closeHref}>{t("gaps.close")}</Link>
      </p>
    </section>
  );
}
