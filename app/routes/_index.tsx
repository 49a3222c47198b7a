import { pageTitle } from "~/i18n/titles";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "~/i18n";
import { formatNumber } from "~/i18n/format";
import { plural } from "~/i18n/plural";
import { publicCounts } from "~/reference/reference.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.home");

export async function loader({ context }: LoaderFunctionArgs) {
  return { counts: await publicCounts(context.db) };
}

export default function Home() {
  const { counts } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const stats = [
    [counts.partnerCountries, plural(t, locale, "home.stats.partnerCountries", counts.partnerCountries)],
    [counts.partnerOrganizations, plural(t, locale, "home.stats.partnerOrganizations", counts.partnerOrganizations)],
    [counts.routes, plural(t, locale, "home.stats.routes", counts.routes)],
    [counts.pillars, plural(t, locale, "home.stats.pillars", counts.pillars)],
  ] as const;
  return (
    <>
      <h1>{t("home.title")}</h1>
      <p className="lead">{t("home.intro")}</p>
      <section aria-labelledby="who">
        <h2 id="who">{t("home.who")}</h2>
        <ul className="cards">
          <li>
            <strong>{t("home.donors.title")}</strong> {t("home.donors.text")}
          </li>
          <li>
            <strong>{t("home.beneficiaries.title")}</strong> {t("home.beneficiaries.text")}
          </li>
          <li>
            <strong>{t("home.unit.title")}</strong> {t("home.unit.text")}
          </li>
        </ul>
        <p>{t("home.access")}</p>
      </section>
      <section aria-labelledby="stats">
        <h2 id="stats">{t("home.stats")}</h2>
        <dl className="stats">
          {stats.map(([value, label]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{formatNumber(locale, value)}</dd>
            </div>
          ))}
        </dl>
        <p>
          <Link to="/pillars">{t("nav.pillars")}</Link> · <Link to="/partners">{t("nav.partners")}</Link> ·{" "}
          <Link to="/routes">{t("nav.routes")}</Link>
        </p>
      </section>
    </>
  );
}
