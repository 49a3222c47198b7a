import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Locale } from "~/i18n";
import type { Facets } from "../../search/engine";

/** Readable names for the codes that facets and hits carry (pillars, areas, countries, routes, organizations). */
export async function facetLabels(db: Kysely<Database>, facets: Facets, locale: Locale) {
  const orgIds = facets.organization.map((f) => Number(f.value)).filter(Number.isInteger);
  const countryCodes = facets.country.map((f) => f.value);
  const [pillars, areas, countries, routes, organizations] = await Promise.all([
    db.selectFrom("pillars").select(["code", "name_en", "name_ru"]).execute(),
    db.selectFrom("capacity_areas").select(["code", "name_en", "name_ru"]).execute(),
    countryCodes.length
      ? db.selectFrom("countries").select(["iso3", "name_en", "name_ru"]).where("iso3", "in", countryCodes).execute()
      : [],
    db.selectFrom("routes").select(["code", "name_en", "name_ru"]).execute(),
    orgIds.length ? db.selectFrom("organizations").select(["id", "name"]).where("id", "in", orgIds).execute() : [],
  ]);
  const name = (r: { name_en: string; name_ru: string }) => (locale === "ru" ? r.name_ru : r.name_en);
  return {
    pillar: Object.fromEntries(pillars.map((p) => [p.code, `${p.code} — ${name(p)}`])),
    capacityArea: Object.fromEntries(areas.map((a) => [a.code, `${a.code} ${name(a)}`])),
    country: Object.fromEntries(countries.map((c) => [c.iso3.trim(), name(c)])),
    route: Object.fromEntries(routes.map((r) => [r.code, name(r)])),
    organization: Object.fromEntries(organizations.map((o) => [String(o.id), o.name])),
  } as Record<string, Record<string, string>>;
}
