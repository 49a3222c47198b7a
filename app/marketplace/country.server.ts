import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Locale } from "~/i18n";
import { NeedFiltersSchema, ProjectFiltersSchema } from "./filters";
import { listNeeds } from "~/needs/queries.server";
import { listProjects } from "~/projects/queries.server";

/** A country's page: its routes, its needs (most urgent first) and the projects that reach it. */
export async function getCountryOverview(db: Kysely<Database>, iso3: string, locale: Locale, pageSize = 20) {
  const country = await db.selectFrom("countries").select(["iso3", "name_en", "name_ru", "is_partner"]).where("iso3", "=", iso3).executeTakeFirst();
  if (!country) return null;
  const routes = await db
    .selectFrom("route_countries")
    .innerJoin("routes", "routes.code", "route_countries.route_code")
    .select(["routes.code", "routes.name_en", "routes.name_ru", "route_countries.role"])
    .where("route_countries.country_iso3", "=", iso3)
    .orderBy("routes.position")
    .execute();
  const [needs, projects] = await Promise.all([
    listNeeds(db, NeedFiltersSchema.parse({ country: iso3, sort: "priority" }), locale, pageSize),
    listProjects(db, ProjectFiltersSchema.parse({ country: iso3, sort: "start" }), locale, pageSize),
  ]);
  return {
    iso3: country.iso3,
    name: locale === "ru" ? country.name_ru : country.name_en,
    isPartner: country.is_partner,
    routes: routes.map((r) => ({ code: r.code, name: locale === "ru" ? r.name_ru : r.name_en, role: r.role })),
    needs,
    projects,
  };
}
