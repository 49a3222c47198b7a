import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { RUSSIAN_ORGANIZATION_NAMES } from "./russian-names";
import type { Locale } from "~/i18n";

// Queries for the public reference pages. One home for reference-data SQL.

/** A DAC purpose code's name in the reader's language (Russian names: db/reference/dac-names-ru.json). */
export function dacName(row: { name: string; name_ru: string }, locale: Locale): string {
  return locale === "ru" ? row.name_ru : row.name;
}

export async function listPillars(db: Kysely<Database>, locale: Locale) {
  const [pillars, areas, dac] = await Promise.all([
    db.selectFrom("pillars").selectAll().orderBy("number").execute(),
    db.selectFrom("capacity_areas").selectAll().orderBy("pillar_code").orderBy("position").execute(),
    db
      .selectFrom("pillar_dac_codes")
      .innerJoin("dac_codes", "dac_codes.code", "pillar_dac_codes.dac_code")
      .select(["pillar_dac_codes.pillar_code", "dac_codes.code", "dac_codes.name", "dac_codes.name_ru"])
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
    dacCodes: dac.filter((d) => d.pillar_code === p.code).map((d) => ({ code: d.code, name: dacName(d, locale) })),
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
    organizations: organizations.map((o) => {
      const russian = locale === "ru" && o.acronym ? RUSSIAN_ORGANIZATION_NAMES[o.acronym] : undefined;
      return russian
        ? { id: o.id, acronym: russian.acronym, name: russian.name, lang: "ru" as const }
        : { ...o, lang: "en" as const };
    }),
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
    db
      .selectFrom("countries")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("is_partner", "=", true)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("organizations")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("is_partner", "=", true)
      .where("kind", "=", "international_organization")
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("routes")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("pillars")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    partnerCountries: Number(countries.n),
    partnerOrganizations: Number(organizations.n),
    routes: Number(routes.n),
    pillars: Number(pillars.n),
  };
}

type Names = { en: string; ru: string };

/** Names in both languages of pillars and capacity areas (all: they are few) and of the countries asked for. */
export async function bilingualNames(db: Kysely<Database>, iso3s: string[]) {
  const [pillars, areas, countries] = await Promise.all([
    db.selectFrom("pillars").select(["code", "name_en", "name_ru"]).execute(),
    db.selectFrom("capacity_areas").select(["code", "name_en", "name_ru"]).execute(),
    iso3s.length
      ? db
          .selectFrom("countries")
          .select(["iso3 as code", "name_en", "name_ru"])
          .where("iso3", "in", [...new Set(iso3s)])
          .execute()
      : [],
  ]);
  const map = (rows: Array<{ code: string; name_en: string; name_ru: string }>) =>
    new Map<string, Names>(rows.map((r) => [r.code.trim(), { en: r.name_en, ru: r.name_ru }]));
  return { pillars: map(pillars), areas: map(areas), countries: map(countries) };
}

export interface OrganizationFilters {
  kind?: "donor_agency" | "beneficiary_agency" | "international_organization" | "coordination_unit";
  country?: string;
  partner?: boolean;
}

/** Organizations after `afterId` in id order, `limit` of them: the API's keyset pages. */
export async function listOrganizationsAfter(
  db: Kysely<Database>,
  f: OrganizationFilters,
  afterId: number | undefined,
  limit: number,
) {
  let query = db
    .selectFrom("organizations")
    .select(["id", "kind", "name", "acronym", "country_iso3", "is_partner", "iati_ref"]);
  if (f.kind) query = query.where("kind", "=", f.kind);
  if (f.country) query = query.where("country_iso3", "=", f.country);
  if (f.partner !== undefined) query = query.where("is_partner", "=", f.partner);
  if (afterId !== undefined) query = query.where("id", ">", afterId);
  return query.orderBy("id").limit(limit).execute();
}

export interface CountryFilters {
  route?: string;
  partner?: boolean;
}

/** Countries after `afterIso3` in code order, `limit` of them, with their places on the routes. */
export async function listCountriesAfter(
  db: Kysely<Database>,
  f: CountryFilters,
  afterIso3: string | undefined,
  limit: number,
) {
  let query = db.selectFrom("countries").select(["iso3", "iso2", "name_en", "name_ru", "is_partner"]);
  if (f.partner !== undefined) query = query.where("is_partner", "=", f.partner);
  if (f.route) {
    const route = f.route;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("route_countries as rc")
          .select("rc.country_iso3")
          .whereRef("rc.country_iso3", "=", "countries.iso3")
          .where("rc.route_code", "=", route),
      ),
    );
  }
  if (afterIso3 !== undefined) query = query.where("iso3", ">", afterIso3);
  const rows = await query.orderBy("iso3").limit(limit).execute();
  const places = rows.length
    ? await db
        .selectFrom("route_countries")
        .select(["country_iso3", "route_code", "role", "position"])
        .where(
          "country_iso3",
          "in",
          rows.map((r) => r.iso3),
        )
        .orderBy("route_code")
        .execute()
    : [];
  return rows.map((r) => ({ ...r, routes: places.filter((p) => p.country_iso3 === r.iso3) }));
}

/** Routes, pillars and their parts with every name in both languages (the API's reference data). */
export async function listRoutesBilingual(db: Kysely<Database>) {
  const [routes, members] = await Promise.all([
    db.selectFrom("routes").selectAll().orderBy("position").execute(),
    db
      .selectFrom("route_countries")
      .innerJoin("countries", "countries.iso3", "route_countries.country_iso3")
      .select([
        "route_countries.route_code",
        "route_countries.position",
        "route_countries.role",
        "countries.iso3",
        "countries.name_en",
        "countries.name_ru",
        "countries.is_partner",
      ])
      .orderBy("route_countries.route_code")
      .orderBy("route_countries.position")
      .execute(),
  ]);
  return routes.map((r) => ({ ...r, countries: members.filter((m) => m.route_code === r.code) }));
}

export async function listPillarsBilingual(db: Kysely<Database>) {
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
    ...p,
    capacityAreas: areas.filter((a) => a.pillar_code === p.code),
    dacCodes: dac.filter((d) => d.pillar_code === p.code),
  }));
}
