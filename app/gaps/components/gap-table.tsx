import { Link } from "@remix-run/react";
import type { GapCell } from "~/gaps/gaps.server";
import { useLocale, useT } from "~/i18n";
import { formatMoney, formatNumber, pluralForm } from "~/i18n/format";

interface Props {
  routeName: string;
  routeCode: string;
  pillars: Array<{ code: string; name: string }>;
  cells: GapCell[];
  cellHref: (cell: GapCell) => string;
}

/** One route's countries (rows, in route order) by pillar (columns). */
export function GapTable({ routeName, routeCode, pillars, cells, cellHref }: Props) {
  const t = useT();
  const locale = useLocale();
  const countries = [...new Map(cells.map((c) => [c.countryIso3, c])).values()];
  const money = (v: string) => formatMoney(locale, v, "USD");
  return (
    <section aria-labelledby={`route-${routeCode}`}>
      <h3 id={`route-${routeCode}`}>{routeName}</h3>
      <div className="table-scroll">
        <table className="gap-table">
          <thead>
            <tr>
              <th scope="col">{t("gaps.country")}</th>
              {pillars.map((p) => (
                <th key={p.code} scope="col">
                  {t("pillars.pillar", { code: p.code })}
                  <span className="visually-hidden">: {p.name}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {countries.map((country) => (
              <tr key={country.countryIso3}>
                <th scope="row">{locale === "ru" ? country.countryNameRu : country.countryNameEn}</th>
                {pillars.map((p) => {
                  const cell = cells.find((c) => c.countryIso3 === country.countryIso3 && c.pillarCode === p.code);
                  if (!cell) return <td key={p.code} />;
                  const name = locale === "ru" ? cell.countryNameRu : cell.countryNameEn;
                  return (
                    <td key={p.code} className={cell.flagged ? "flagged" : undefined}>
                      {cell.flagged ? (
                        <span className="flag-reason">
                          ⚑ {t("gaps.flag")}:{" "}
                          {[cell.flags.uncoveredPriorityNeed ? t("gaps.flagPriority") : null, cell.flags.noProjectForNeeds ? t("gaps.flagNoProject") : null].filter(Boolean).join("; ")}
                        </span>
                      ) : null}
                      <dl>
                        <dt>{t("gaps.cellNeeds")}</dt>
                        <dd>{formatNumber(locale, cell.needs)}</dd>
                        <dt>{t("gaps.cellCost")}</dt>
                        <dd>{money(cell.costUsd)}</dd>
                        <dt>{t("gaps.cellCoverage")}</dt>
                        <dd>{money(cell.coverageUsd)}</dd>
                        <dt>{t("gaps.cellUnmet")}</dt>
                        <dd>
                          {money(cell.unmetUsd)}
                          {cell.unmetShare !== null ? ` (${formatNumber(locale, cell.unmetShare * 100)} %)` : ""}
                        </dd>
                        {cell.uncostedUnmet ? (
                          <>
                            <dt />
                            <dd>{t("gaps.uncosted", { count: cell.uncostedUnmet })}</dd>
                          </>
                        ) : null}
                        <dt>{t("gaps.cellProjects")}</dt>
                        <dd>
                          {cell.activeProjects} / {cell.pipelineProjects}
                        </dd>
                        <dt>{t("gaps.cellDonors")}</dt>
                        <dd>{cell.donors}</dd>
                      </dl>
                      {cell.staleProjects ? (
                        <p className="tag warning">⚠ {t(`gaps.stale.${pluralForm(locale, cell.staleProjects)}`, { count: formatNumber(locale, cell.staleProjects) })}</p>
                      ) : null}
                      <Link to={cellHref(cell)} aria-label={t("gaps.openCell", { country: name, pillar: cell.pillarCode })}>
                        {t("gaps.open")}
                      </Link>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
