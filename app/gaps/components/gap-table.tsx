import type { ReactNode } from "react";
import { useLocale, useT } from "~/i18n";
import { formatNumber } from "~/i18n/format";
import { plural } from "~/i18n/plural";
import { pluralForm } from "~/i18n/plural";
import { heatClass, type CompactCell, type MatrixRow } from "./matrix-model";
import { compactUsd } from "./money";

interface Props {
  routeName: string;
  routeCode: string;
  pillars: Array<{ code: string; name: string }>;
  rows: MatrixRow[];
  totals: Array<{ pillar: string; unmetUsd: string; flaggedCells: number }>;
  cellHref: (iso3: string, pillar: string) => string;
  /** The opened cell's detail, shown under this route's table. */
  children?: ReactNode;
}

export const cellId = (route: string, iso3: string, pillar: string) => `cell-${route}-${iso3}-${pillar}`;
export const rowId = (route: string, iso3: string) => `row-${route}-${iso3}`;

/** One route's heat map: countries (rows) by pillar (columns), each cell a link to its detail. */
export function GapTable({ routeName, routeCode, pillars, rows, totals, cellHref, children }: Props) {
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby={`route-${routeCode}`} className="gap-route">
      <h3 id={`route-${routeCode}`}>{routeName}</h3>
      {/* On a phone the table scrolls inside its own box, not the page. */}
      <div className="table-scroll">
        <table className="gap-heat">
          <thead>
            <tr>
              <th scope="col">{t("gaps.country")}</th>
              {pillars.map((p) => (
                <th key={p.code} scope="col" title={p.name}>
                  {t("pillars.pillar", { code: p.code })}
                  <span className="visually-hidden">: {p.name}</span>
                </th>
              ))}
              <th scope="col">{t("gaps.rowUnmet")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.iso3} id={rowId(routeCode, row.iso3)}>
                <th scope="row" id={`${rowId(routeCode, row.iso3)}-h`}>
                  {row.name}
                  {row.iso3 === "XKX" ? (
                    <a href="#kosovo-note" className="note-mark" aria-label={t("gaps.kosovoNoteLink")}>
                      *
                    </a>
                  ) : null}
                </th>
                {pillars.map((p) => {
                  const cell = row.cells.find((c) => c.pillar === p.code);
                  if (!cell) return <td key={p.code} />;
                  return (
                    <td key={p.code} className={`heat heat-${heatClass(cell)}`}>
                      <a
                        id={cellId(routeCode, row.iso3, p.code)}
                        href={cellHref(row.iso3, p.code)}
                        aria-labelledby={`${rowId(routeCode, row.iso3)}-h pillar-${p.code} ${cellId(
                          routeCode,
                          row.iso3,
                          p.code,
                        )}`}
                        aria-describedby={flagReasons(cell)}
                      >
                        <CellText cell={cell} />
                      </a>
                    </td>
                  );
                })}
                <td className="num">{compactUsd(locale, row.unmetUsd)}</td>
              </tr>
            ))}
          </tbody>
          <RouteTotals totals={totals} />
        </table>
      </div>
      {children}
    </section>
  );
}

/** The route's totals row: each pillar's unmet amount and flagged cells, and the route's. */
function RouteTotals({ totals }: { totals: Props["totals"] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <tfoot>
      <tr>
        <th scope="row">{t("gaps.routeTotal")}</th>
        {totals.map((total) => (
          <td key={total.pillar} className="num">
            {compactUsd(locale, total.unmetUsd)}
            {total.flaggedCells ? (
              <>
                {" "}
                <span aria-hidden="true">⚑{formatNumber(locale, total.flaggedCells)}</span>
                <span className="visually-hidden">, {plural(t, locale, "gaps.flaggedCount", total.flaggedCells)}</span>
              </>
            ) : null}
          </td>
        ))}
        <td className="num">{compactUsd(locale, sumDisplay(totals.map((x) => x.unmetUsd)))}</td>
      </tr>
    </tfoot>
  );
}

/** The ids of the flag reasons, written once on the page (FlagReasons), that describe a flagged cell. */
function flagReasons(cell: CompactCell): string | undefined {
  const ids = [cell.priority ? "why-priority" : null, cell.noProject ? "why-noproject" : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

/** The flag reasons in words, once per page, for the cells' aria-describedby. */
export function FlagReasons() {
  const t = useT();
  return (
    <div hidden>
      <span id="why-priority">{`${t("gaps.flag")}: ${t("gaps.flagPriority")}.`}</span>
      <span id="why-noproject">{`${t("gaps.flag")}: ${t("gaps.flagNoProject")}.`}</span>
      <span id="pillar-I">{t("pillars.pillar", { code: "I" })}</span>
      <span id="pillar-II">{t("pillars.pillar", { code: "II" })}</span>
      <span id="pillar-III">{t("pillars.pillar", { code: "III" })}</span>
      <span id="pillar-IV">{t("pillars.pillar", { code: "IV" })}</span>
    </div>
  );
}

function sumDisplay(values: string[]): number {
  // The route's total for display only, in compact form (the exact totals are the matrix's).
  return values.reduce((sum, v) => sum + Number(v), 0);
}

/** A cell's few characters: the unmet amount, its share in words, the flag and stale marks. */
function CellText({ cell }: { cell: CompactCell }) {
  const t = useT();
  const locale = useLocale();
  const flagged = cell.priority || cell.noProject;
  let amount: ReactNode;
  if (cell.needs === 0) amount = <Marked mark="—" words={t("gaps.noNeeds")} />;
  else if (cell.unmetShare === null)
    amount = <Marked mark="?" words={t("gaps.uncosted", { count: cell.uncostedUnmet })} />;
  else amount = `${compactUsd(locale, cell.unmetUsd)} (${formatNumber(locale, cell.unmetShare * 100)} %)`;
  return (
    <>
      {amount}
      {flagged ? (
        <span className="flag-mark" aria-hidden="true">
          {" ⚑"}
        </span>
      ) : null}
      {cell.staleProjects ? (
        <span className="stale-mark">
          <Marked
            mark={` ⚠${formatNumber(locale, cell.staleProjects)}`}
            words={`; ${t(`gaps.stale.${pluralForm(locale, cell.staleProjects)}`, {
              count: formatNumber(locale, cell.staleProjects),
            })}`}
          />
        </span>
      ) : null}
    </>
  );
}

/** A sign for the eye and its words for screen readers. */
function Marked({ mark, words }: { mark: string; words: string }) {
  return (
    <>
      <span aria-hidden="true">{mark}</span>
      <span className="visually-hidden">{words}</span>
    </>
  );
}
