import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/accounts/guards.server";
import { NeedTable, ProjectTable } from "~/components/marketplace/tables";
import { useLocale, useT, type MessageKey } from "~/i18n";
import { formatNumber } from "~/i18n/format";
import { resolveLocale } from "~/i18n/locale.server";
import { getCountryOverview } from "~/marketplace/country.server";
import { notFound } from "~/marketplace/route-helpers.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `ADAM — ${data?.country.name ?? "Country"}` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const iso3 = (params.iso3 ?? "").toUpperCase();
  if (!/^[A-Z]{3}$/.test(iso3)) throw notFound();
  const country = await getCountryOverview(context.db, iso3, resolveLocale(request, user.locale));
  if (!country) throw notFound();
  return { country };
}

export default function CountryPage() {
  const { country } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{country.name}</h1>
      {country.routes.length ? (
        <p>
          {t("country.onRoutes")}{" "}
          {country.routes.map((r, i) => (
            <span key={r.code}>
              {i ? "; " : ""}
              {r.name} ({t(`role.${r.role}` as MessageKey)})
            </span>
          ))}
        </p>
      ) : (
        <p>{t("country.noRoutes")}</p>
      )}
      <section aria-labelledby="country-needs">
        <h2 id="country-needs">{t("country.needs", { count: formatNumber(locale, country.needs.total) })}</h2>
        <NeedTable rows={country.needs.rows} caption={t("country.needs", { count: country.needs.total })} />
        {country.needs.total > country.needs.rows.length ? <Link to={`/needs?country=${country.iso3}&sort=priority`}>{t("country.allNeeds")}</Link> : null}
      </section>
      <section aria-labelledby="country-projects">
        <h2 id="country-projects">{t("country.projects", { count: formatNumber(locale, country.projects.total) })}</h2>
        <ProjectTable rows={country.projects.rows} caption={t("country.projects", { count: country.projects.total })} />
        {country.projects.total > country.projects.rows.length ? <Link to={`/projects?country=${country.iso3}`}>{t("country.allProjects")}</Link> : null}
      </section>
    </>
  );
}
