import { Link } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useLocale, useT } from "~/i18n";
import { formatMoney, formatNumber } from "~/i18n/format";
import { pluralForm } from "~/i18n/plural";
import { DrillNeeds, DrillProjects, DrillStale } from "./drill-lists";
import type { GapDrill } from "./view-data";

// An opened cell of the matrix, shown inside its route's table.

/**
 * With JavaScript: focus moves to an opened cell's detail, and back to the cell when it closes
 * (without it, the links' fragments do the same for scrolling).
 */
export function useCellFocus(openCellId: string | null) {
  const previous = useRef<string | null>(null);
  useEffect(() => {
    if (openCellId) document.getElementById("drill")?.focus();
    else if (previous.current) document.getElementById(previous.current)?.focus();
    previous.current = openCellId;
  }, [openCellId]);
}

export function Drilldown({
  drill,
  closeHref,
  onEscape,
}: {
  drill: GapDrill;
  closeHref: string;
  onEscape: () => void;
}) {
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

function DrillFacts({ drill }: { drill: GapDrill }) {
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
