import { pageTitle } from "~/i18n/titles";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useT } from "~/i18n";
import { resolveLocale } from "~/i18n/locale.server";
import { listPillars } from "~/reference/reference.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.pillars");

export async function loader({ request, context }: LoaderFunctionArgs) {
  return { pillars: await listPillars(context.db, resolveLocale(request)) };
}

export default function Pillars() {
  const { pillars } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("pillars.title")}</h1>
      <p className="lead">{t("pillars.intro")}</p>
      {pillars.map((pillar) => (
        <section key={pillar.code} aria-labelledby={`pillar-${pillar.code}`} className="pillar">
          <h2 id={`pillar-${pillar.code}`}>
            {t("pillars.pillar", { code: pillar.code })}: {pillar.name}
          </h2>
          <p>{pillar.fullName}</p>
          <h3>{t("pillars.capacityAreas")}</h3>
          <ul>
            {pillar.capacityAreas.map((area) => (
              <li key={area.code}>
                <span className="code">{area.code}</span> {area.name}
              </li>
            ))}
          </ul>
          <h3>{t("pillars.dacCodes")}</h3>
          <ul>
            {pillar.dacCodes.map((dac) => (
              <li key={dac.code}>
                <span className="code">{dac.code}</span> <span lang="en">{dac.name}</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
