import { pageTitle } from "~/i18n/titles";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "~/i18n";
import { plural } from "~/i18n/plural";
import { resolveLocale } from "~/i18n/locale.server";
import { listRoutes } from "~/reference/reference.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.routes");

export async function loader({ request, context }: LoaderFunctionArgs) {
  return { routes: await listRoutes(context.db, resolveLocale(request)) };
}

export default function TraffickingRoutes() {
  const { routes } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{t("routes.title")}</h1>
      <p className="lead">{t("routes.intro")}</p>
      {routes.map((route) => (
        <section key={route.code} aria-labelledby={`route-${route.code}`}>
          <h2 id={`route-${route.code}`}>{route.name}</h2>
          <p>{plural(t, locale, "routes.countries", route.countries.length)}</p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("routes.order")}</th>
                <th scope="col">{t("routes.country")}</th>
                <th scope="col">{t("routes.role")}</th>
                <th scope="col">{t("routes.partner")}</th>
                <th scope="col">{t("routes.source")}</th>
              </tr>
            </thead>
            <tbody>
              {route.countries.map((c) => (
                <tr key={c.iso3}>
                  <td>{c.position}</td>
                  <th scope="row">{c.name}</th>
                  <td>{t(`role.${c.role}`)}</td>
                  <td>{c.isPartner ? t("common.yes") : t("common.no")}</td>
                  <td lang="en" className="source">
                    {c.source}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}
