import type { ReactNode } from "react";
import { Link, useLocation } from "@remix-run/react";
import { useLocale, useT } from "~/i18n";
import { formatNumber } from "~/i18n/format";
import type { CitingNeedRow, CitingProjectRow, Page } from "~/consultative/citing.server";
import { withParams } from "~/marketplace/filters";

// The needs and projects citing a recommendation, on its page: two tables, each paged on its own
// query parameter so that moving through one keeps the other's page.

const usd = (locale: "en" | "ru", amount: string) => formatNumber(locale, amount, 2);

/** On a phone a wide table scrolls inside its box (reachable by keyboard), never the page sideways. */
export function ScrollBox({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className="table-scroll">
      {children}
    </div>
  );
}

function Pager({ page, param, label }: { page: Omit<Page<unknown>, "rows">; param: string; label: string }) {
  const t = useT();
  const locale = useLocale();
  const { search } = useLocation();
  if (page.pageCount <= 1) return null;
  return (
    <nav className="pagination" aria-label={label}>
      <p>
        {t("market.results", { count: formatNumber(locale, page.total) })} ·{" "}
        {t("market.pageOf", { page: formatNumber(locale, page.page), pages: formatNumber(locale, page.pageCount) })}
      </p>
      {page.page > 1 ? (
        <Link to={withParams(search, { [param]: page.page - 1 })} rel="prev" preventScrollReset>
          {t("market.previous")}
        </Link>
      ) : null}
      {page.page < page.pageCount ? (
        <Link to={withParams(search, { [param]: page.page + 1 })} rel="next" preventScrollReset>
          {t("market.next")}
        </Link>
      ) : null}
    </nav>
  );
}

export function CitingNeeds({ needs }: { needs: Page<CitingNeedRow> }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="citing-needs">
      <h2 id="citing-needs">
        {t("consult.citing.needs")} ({formatNumber(locale, needs.total)})
      </h2>
      {needs.rows.length === 0 ? (
        <p>{t("consult.citing.noNeeds")}</p>
      ) : (
        <ScrollBox label={t("consult.citing.needs")}>
          <table>
            <caption className="visually-hidden">{t("consult.citing.needs")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("needs.field.title")}</th>
                <th scope="col">{t("market.country")}</th>
                <th scope="col">{t("market.pillar")}</th>
                <th scope="col">{t("market.status")}</th>
                <th scope="col" className="num">
                  {t("consult.tracker.cost")}
                </th>
                <th scope="col" className="num">
                  {t("consult.tracker.coverage")}
                </th>
                <th scope="col" className="num">
                  {t("consult.tracker.unmet")}
                </th>
              </tr>
            </thead>
            <tbody>
              {needs.rows.map((n) => (
                <tr key={n.id}>
                  <th scope="row" lang={n.language}>
                    <Link to={`/needs/${n.id}`}>{n.title}</Link>
                  </th>
                  <td>
                    <Link to={`/countries/${n.countryIso3}`}>{n.countryName}</Link>
                  </td>
                  <td>
                    {n.pillarCode}: {n.pillarName}
                  </td>
                  <td>{t(`needStatus.${n.status}`)}</td>
                  <td className="num">{n.costUsd === null ? t("consult.citing.noCost") : usd(locale, n.costUsd)}</td>
                  <td className="num">{usd(locale, n.coverageUsd)}</td>
                  <td className="num">{n.unmetUsd === null ? "—" : usd(locale, n.unmetUsd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      <Pager page={needs} param="needsPage" label={t("consult.citing.needPages")} />
    </section>
  );
}

export function CitingProjects({ projects }: { projects: Page<CitingProjectRow> }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="citing-projects">
      <h2 id="citing-projects">
        {t("consult.citing.projects")} ({formatNumber(locale, projects.total)})
      </h2>
      {projects.rows.length === 0 ? (
        <p>{t("consult.citing.noProjects")}</p>
      ) : (
        <ScrollBox label={t("consult.citing.projects")}>
          <table>
            <caption className="visually-hidden">{t("consult.citing.projects")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("projects.field.title")}</th>
                <th scope="col">{t("projects.field.countries")}</th>
                <th scope="col">{t("market.pillar")}</th>
                <th scope="col">{t("projects.donor")}</th>
                <th scope="col">{t("market.status")}</th>
              </tr>
            </thead>
            <tbody>
              {projects.rows.map((p) => (
                <tr key={p.id}>
                  <th scope="row" lang={p.language}>
                    <Link to={`/projects/${p.id}`}>{p.title}</Link>
                  </th>
                  <td>
                    {p.countries.map((c, i) => (
                      <span key={c.iso3}>
                        {i ? ", " : ""}
                        <Link to={`/countries/${c.iso3}`}>{c.name}</Link>
                      </span>
                    ))}
                  </td>
                  <td>{p.pillars.join(", ")}</td>
                  <td>{p.donor}</td>
                  <td>{t(`projectStatus.${p.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      <Pager page={projects} param="projectsPage" label={t("consult.citing.projectPages")} />
    </section>
  );
}
