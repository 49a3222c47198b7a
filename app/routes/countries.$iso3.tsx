import { pageTitle } from "~/i18n/titles";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/accounts/guards.server";
import { ValuationNote } from "~/components/consultative/tracker-table";
import { NeedTable, ProjectTable } from "~/components/marketplace/tables";
import { useLocale, useT } from "~/i18n";
import { formatDateTime, formatMoney, formatNumber } from "~/i18n/format";
import { resolveLocale } from "~/i18n/locale.server";
import { getCountryOverview } from "~/marketplace/country.server";
import { notFound } from "~/marketplace/route-helpers.server";
import { today } from "~/forms/dates";
import { DownloadCsvLink } from "~/components/download-csv-link";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, "title.country", data?.country.name);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const iso3 = (params.iso3 ?? "").toUpperCase();
  if (!/^[A-Z]{3}$/.test(iso3)) throw notFound();
  const country = await getCountryOverview(context.db, iso3, resolveLocale(request, user.locale), today());
  if (!country) throw notFound();
  return { country };
}

type Sheet = ReturnType<typeof useLoaderData<typeof loader>>["country"];

function PillarTable({ gaps }: { gaps: Sheet["gaps"] }) {
  const t = useT();
  const locale = useLocale();
  if (!gaps.cells.length) return <p>{t("fact.notOnRoute")}</p>;
  const usd = (v: string) => formatNumber(locale, v, 2);
  return (
    <table>
      <caption>{t("fact.perPillar")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("fact.pillar")}</th>
          <th scope="col">{t("fact.needs")}</th>
          <th scope="col">{t("consult.tracker.cost")}</th>
          <th scope="col">{t("consult.tracker.coverage")}</th>
          <th scope="col">{t("consult.tracker.unmet")}</th>
          <th scope="col">{t("fact.active")}</th>
          <th scope="col">{t("fact.pipeline")}</th>
          <th scope="col">{t("consult.tracker.donors")}</th>
          <th scope="col">{t("consult.tracker.flags")}</th>
        </tr>
      </thead>
      <tbody>
        {gaps.cells.map((c) => (
          <tr key={c.pillarCode} className={c.flagged ? "flagged" : undefined}>
            <th scope="row">{c.pillarCode}</th>
            <td>{formatNumber(locale, c.needs)}</td>
            <td>{usd(c.costUsd)}</td>
            <td>{usd(c.coverageUsd)}</td>
            <td>{usd(c.unmetUsd)}</td>
            <td>{c.activeProjects}</td>
            <td>{c.pipelineProjects}</td>
            <td>{c.donors}</td>
            <td>
              {[
                c.flags.uncoveredPriorityNeed ? t("fact.flag.uncoveredPriority") : null,
                c.flags.noProjectForNeeds ? t("fact.flag.noProject") : null,
              ]
                .filter(Boolean)
                .join("; ") || "—"}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function CountryPage() {
  const { country } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{country.name}</h1>
      <p className="lead">{t("fact.title", { country: country.name })}</p>
      <p>
        <a href={`/countries/${country.iso3}.pdf`}>{t("fact.pdf")}</a> <DownloadCsvLink />
      </p>
      <h2>{t("fact.routes")}</h2>
      {country.routes.length ? (
        <p>
          {country.routes.map((r, i) => (
            <span key={r.code}>
              {i ? "; " : ""}
              {r.name} ({t(`role.${r.role}`)})
            </span>
          ))}
        </p>
      ) : (
        <p>{t("country.noRoutes")}</p>
      )}
      <h2>{t("fact.perPillar")}</h2>
      <ValuationNote asOf={country.gaps.asOf} rateDates={country.gaps.rateDates} />
      <PillarTable gaps={country.gaps} />
      <h2>{t("fact.projects")}</h2>
      {country.activeProjects.length ? (
        <ul>
          {country.activeProjects.map((p) => (
            <li key={p.id}>
              <Link to={`/projects/${p.id}`}>{p.title}</Link> — {p.donor} ({t(`projectStatus.${p.status}`)})
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("fact.none")}</p>
      )}
      <p>
        {t("consult.tracker.donors")}: {country.donors.join(", ") || "—"}
      </p>
      <h2>{t("fact.pledges")}</h2>
      <PledgeList pledges={country.pledges} />
      <h2>{t("fact.recommendations")}</h2>
      <RecommendationList recommendations={country.recommendations} />
      <h2>{t("fact.activity")}</h2>
      <ul>
        {country.activity.map((a) => (
          <li key={`${a.kind}-${a.id}`}>
            {formatDateTime(locale, a.updated_at)}: <Link to={`/${a.kind}s/${a.id}`}>{a.title}</Link>
          </li>
        ))}
      </ul>
      <section aria-labelledby="country-needs">
        <h2 id="country-needs">{t("country.needs", { count: formatNumber(locale, country.needs.total) })}</h2>
        <NeedTable rows={country.needs.rows} caption={t("country.needs", { count: country.needs.total })} />
        {country.needs.total > country.needs.rows.length ? (
          <Link to={`/needs?country=${country.iso3}&sort=priority`}>{t("country.allNeeds")}</Link>
        ) : null}
      </section>
      <section aria-labelledby="country-projects">
        <h2 id="country-projects">{t("country.projects", { count: formatNumber(locale, country.projects.total) })}</h2>
        <ProjectTable rows={country.projects.rows} caption={t("country.projects", { count: country.projects.total })} />
        {country.projects.total > country.projects.rows.length ? (
          <Link to={`/projects?country=${country.iso3}`}>{t("country.allProjects")}</Link>
        ) : null}
      </section>
    </>
  );
}

type Country = ReturnType<typeof useLoaderData<typeof loader>>["country"];

function PledgeList({ pledges }: { pledges: Country["pledges"] }) {
  const t = useT();
  const locale = useLocale();
  return pledges.length ? (
    <ul>
      {pledges.map((p) => (
        <li key={p.id}>
          {p.donor}: {formatMoney(locale, p.amount, p.currency.trim())} ({p.period_start} – {p.period_end})
        </li>
      ))}
    </ul>
  ) : (
    <p>{t("fact.none")}</p>
  );
}

function RecommendationList({ recommendations }: { recommendations: Country["recommendations"] }) {
  const t = useT();
  return recommendations.length ? (
    <ul>
      {recommendations.map((r) => (
        <li key={r.id}>
          <Link to={`/recommendations/${r.id}`}>
            {r.kind} {r.city ?? ""} {r.start_date.slice(0, 7)}, {t("consult.recs.number", { number: r.number })}
          </Link>{" "}
          ({r.pillar_code}) {r.text}
        </li>
      ))}
    </ul>
  ) : (
    <p>{t("fact.none")}</p>
  );
}

/** A bad or forbidden id: the error page, inside the layout. */
export { RouteError as ErrorBoundary } from "~/components/route-error";
