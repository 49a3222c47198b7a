import { Link } from "@remix-run/react";
import { useLocale, useT } from "~/i18n";
import { formatDate, formatMoney } from "~/i18n/format";
import type { GapDrill } from "./view-data";

// The lists of an opened cell: its needs, its projects, and the projects whose status contradicts their dates.

export function DrillNeeds({ needs }: { needs: GapDrill["needs"] }) {
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

export function DrillProjects({ projects }: { projects: GapDrill["projects"] }) {
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

export function DrillStale({ projects }: { projects: GapDrill["staleProjects"] }) {
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
