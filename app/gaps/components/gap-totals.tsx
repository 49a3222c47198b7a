import { useLocale, useT } from "~/i18n";
import { formatMoney, formatNumber } from "~/i18n/format";
import { plural } from "~/i18n/plural";
import { HEAT_STEPS } from "./matrix-model";
import type { GapPageData } from "./view-data";

// The figures above the matrix and the legend of its colours and marks.

export function GapTotals({ totals }: { totals: GapPageData["totals"] }) {
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

export function HeatLegend() {
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
