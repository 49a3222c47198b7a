import { pageTitle } from "~/i18n/titles";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "~/i18n";
import { plural } from "~/i18n/plural";
import { resolveLocale } from "~/i18n/locale.server";
import { listPartners, listRoutes } from "~/reference/reference.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.partners");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const locale = resolveLocale(request);
  const [partners, routes] = await Promise.all([listPartners(context.db, locale), listRoutes(context.db, locale)]);
  return { ...partners, routeNames: Object.fromEntries(routes.map((r) => [r.code, r.name])) };
}

export default function Partners() {
  const { countries, organizations, routeNames } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{t("partners.title")}</h1>
      <p className="lead">
        {t("partners.intro", {
          countries: plural(t, locale, "partners.intro.countries", countries.length),
          organizations: plural(t, locale, "partners.intro.organizations", organizations.length),
        })}
      </p>
      <section aria-labelledby="partner-countries">
        <h2 id="partner-countries">{t("partners.countries")}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("partners.country")}</th>
              <th scope="col">{t("partners.code")}</th>
              <th scope="col">{t("partners.routes")}</th>
            </tr>
          </thead>
          <tbody>
            {countries.map((c) => (
              <tr key={c.iso3}>
                <th scope="row">{c.name}</th>
                <td className="code">{c.iso3}</td>
                <td>{c.routes.length ? c.routes.map((r) => routeNames[r]).join(", ") : t("partners.none")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="partner-organizations">
        <h2 id="partner-organizations">{t("partners.organizations")}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("partners.acronym")}</th>
              <th scope="col">{t("partners.name")}</th>
            </tr>
          </thead>
          <tbody>
            {organizations.map((o) => (
              <tr key={o.id}>
                <th scope="row" className="code">
                  {o.acronym}
                </th>
                <td lang={o.lang}>{o.name}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
