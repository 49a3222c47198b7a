import { Link } from "@remix-run/react";
import { useLocale, useT } from "~/i18n";
import { formatNumber } from "~/i18n/format";
import { plural } from "~/i18n/plural";
import { flagWords, projectStatusWords } from "~/consultative/words";
import { ScrollBox } from "./citing-lists";
import type { TrackerRow } from "~/consultative/tracker.server";

const usd = (locale: "en" | "ru", amount: string) => formatNumber(locale, amount, 2);

/** The tracker's rows: needs' figures, countries, projects and flags per recommendation. */
export function TrackerTable({ rows }: { rows: TrackerRow[] }) {
  const t = useT();
  const locale = useLocale();
  if (!rows.length) return <p>{t("consult.tracker.none")}</p>;
  return (
    <ScrollBox label={t("consult.tracker.title")}>
      <table>
        <caption>{t("consult.tracker.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("consult.recs.title")}</th>
            <th scope="col">{t("consult.tracker.needs")}</th>
            <th scope="col">{t("consult.tracker.cost")}</th>
            <th scope="col">{t("consult.tracker.coverage")}</th>
            <th scope="col">{t("consult.tracker.unmet")}</th>
            <th scope="col">{t("consult.tracker.countries")}</th>
            <th scope="col">{t("consult.tracker.projects")}</th>
            <th scope="col">{t("consult.tracker.donors")}</th>
            <th scope="col">{t("consult.tracker.flags")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.recommendation.id} className={r.flagged ? "flagged" : undefined}>
              <td>
                <Link to={`/recommendations/${r.recommendation.id}`}>
                  {r.recommendation.meetingLabel}, {t("consult.recs.number", { number: r.recommendation.number })}
                </Link>{" "}
                ({r.recommendation.pillarCode}) {r.recommendation.text}
              </td>
              <td>{plural(t, locale, "plural.needs", r.needs.needs)}</td>
              <td>{usd(locale, r.needs.costUsd)}</td>
              <td>{usd(locale, r.needs.coverageUsd)}</td>
              <td>{usd(locale, r.needs.unmetUsd)}</td>
              <td>{r.countries.map((c) => c.name).join(", ") || "—"}</td>
              <td>
                {plural(t, locale, "plural.projects", r.projects.count)}
                {Object.keys(r.projects.byStatus).length
                  ? ` (${projectStatusWords(t, r.projects.byStatus, ", ")})`
                  : ""}
              </td>
              <td>{r.projects.donors.join(", ") || "—"}</td>
              <td>{flagWords(t, r.flags) || "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

export function ValuationNote({ asOf, rateDates }: { asOf: string; rateDates: Record<string, string> }) {
  const t = useT();
  const rates = Object.entries(rateDates)
    .map(([c, d]) => `${c} ${d}`)
    .join(", ");
  return <p className="hint">{t("consult.valuation", { date: asOf, rates })}</p>;
}
