import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Locale } from "~/i18n";

// Queries for the public reference pages. One home for reference-data SQL.

export async function listPillars(db: Kysely<Database>, locale: Locale) {
  const [pillars, areas, dac] = await Promise.all([
    db.selectFrom("pillars").selectAll().orderBy("number").execute(),
    db.selectFrom("capacity_areas").selectAll().orderBy("pillar_code").orderBy("position").execute(),
    db
      .selectFrom("pillar_dac_codes")
      .innerJoin("dac_codes", "dac_codes.code", "pillar_dac_codes.dac_code")
      .select(["pillar_dac_codes.pillar_code", "dac_codes.code", "dac_codes.name"])
      .orderBy("dac_codes.code")
      .execute(),
  ]);
  return pillars.map((p) => ({
    code: p.code,
    name: locale === "ru" ? p.name_ru : p.name_en,
    fullName: locale === "ru" ? p.full_name_ru : p.full_name_en,
    capacityAreas: areas
      .filter((a) => a.pillar_code === p.code)
      .map((a) => ({ code: a.code, name: locale === "ru" ? a.name_ru : a.name_en })),
    dacCodes: dac.filter((d) => d.pillar_code === p.code).map((d) => ({ code: d.code, name: d.name })),
  }));
}

export async function listPartners(db: Kysely<Database>, locale: Locale) {
  const [countries, memberships, organizations] = await Promise.all([
    db.selectFrom("countries").select(["iso3", "name_en", "name_ru"]).where("is_partner", "=", true).execute(),
    db.selectFrom("route_countries").select(["route_code", "country_iso3"]).orderBy("route_code").execute(),
    db
      .selectFrom("organizations")
      .select(["id", "acronym", "name"])
      .where("is_partner", "=", true)
      .where("kind", "=", "international_organization")
      .orderBy("acronym")
      .execute(),
  ]);
  const collator = new Intl.Collator(locale);
  return {
    countries: countries
      .map((c) => ({
        iso3: c.iso3,
        name: locale === "ru" ? c.name_ru : c.name_en,
        routes: memberships.filter((m) => m.country_iso3 === c.iso3).map((m) => m.route_code),
      }))
      .sort((a, b) => collator.compare(a.name, b.name)),
    organizations,
  };
}

export async function listRoutes(db: Kysely<Database>, locale: Locale) {
  const [routes, members] = await Promise.all([
    db.selectFrom("routes").selectAll().orderBy("position").execute(),
    db
      .selectFrom("route_countries")
      .innerJoin("countries", "countries.iso3", "route_countries.country_iso3")
      .select([
        "route_countries.route_code",
        "route_countries.position",
        "route_countries.role",
        "route_countries.source",
        "countries.iso3",
        "countries.name_en",
        "countries.name_ru",
        "countries.is_partner",
      ])
      .orderBy("route_countries.route_code")
      .orderBy("route_countries.position")
      .execute(),
  ]);
  return routes.map((r) => ({
    code: r.code,
    name: locale === "ru" ? r.name_ru : r.name_en,
    countries: members
      .filter((m) => m.route_code === r.code)
      .map((m) => ({
        iso3: m.iso3,
        name: locale === "ru" ? m.name_ru : m.name_en,
        position: m.position,
        role: m.role,
        source: m.source,
        isPartner: m.is_partner,
      })),
  }));
}

export async function publicCounts(db: Kysely<Database>) {
  const [countries, organizations, routes, pillars] = await Promise.all([
    db.selectFrom("countries").select((eb) => eb.fn.countAll<string>().as("n")).where("is_partner", "=", true).executeTakeFirstOrThrow(),
    db
      .selectFrom("organizations")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("is_partner", "=", true)
      .where("kind", "=", "international_organization")
      .executeTakeFirstOrThrow(),
    db.selectFrom("routes").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
    db.selectFrom("pillars").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return {
    partnerCountries: Number(countries.n),
    partnerOrganizations: Number(organizations.n),
    routes: Number(routes.n),
    pillars: Number(pillars.n),
  };
}
