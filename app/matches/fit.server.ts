import { sql, type Expression, type RawBuilder } from "kysely";

// The rule of which projects can serve a need (its home; app/README.md, "Rules index"): the suggestions filter on it
// and a proposal is refused without it. A project reaches a country when it names it among its beneficiary countries (a
// regional project lists each country it covers, routes expanded), and it serves a pillar when it is classified under
// it.

type Ref = Expression<unknown> | RawBuilder<unknown> | number | string;

/** True when the project works in the country, directly or as a regional project covering it. */
export function projectReachesCountry(projectId: Ref, countryIso3: Ref) {
  return sql<boolean>`EXISTS (
    SELECT 1 FROM project_countries fit_c WHERE fit_c.project_id = ${projectId} AND fit_c.country_iso3 = ${countryIso3}
  )`;
}

/** True when the project is classified under the pillar. */
export function projectServesPillar(projectId: Ref, pillarCode: Ref) {
  return sql<boolean>`EXISTS (
    SELECT 1 FROM project_pillars fit_p WHERE fit_p.project_id = ${projectId} AND fit_p.pillar_code = ${pillarCode}
  )`;
}
