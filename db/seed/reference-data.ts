import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import countries from "i18n-iso-countries";
import type { Kysely } from "kysely";
import { RUSSIAN_COUNTRY_NAMES } from "../../app/reference/russian-names";
import type { Database, RouteRole } from "../schema";

const referenceDir = fileURLToPath(new URL("../reference/", import.meta.url));

function readCsv<T>(name: string): T[] {
  return parse(readFileSync(referenceDir + name, "utf8"), { columns: true, skip_empty_lines: true, trim: true }) as T[];
}
function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(referenceDir + name, "utf8")) as T;
}

interface PillarFile {
  pillars: Array<{
    number: number;
    code: string;
    name_en: string;
    name_ru: string;
    full_name_en: string;
    full_name_ru: string;
    dac_codes: string[];
    capacity_areas: Array<{ code: string; name_en: string; name_ru: string }>;
  }>;
}

export const ROUTES = [
  { code: "northern", position: 1, name_en: "Northern route", name_ru: "Северный маршрут" },
  { code: "balkan", position: 2, name_en: "Balkan route", name_ru: "Балканский маршрут" },
  { code: "southern", position: 3, name_en: "Southern route", name_ru: "Южный маршрут" },
] as const;

export const COORDINATION_UNIT_NAME = "Paris Pact Coordination Unit";

// Kosovo's XKX/XK is not an ISO 3166 code, so the library's alpha-3 table does not carry it.
const EXTRA_ALPHA3: Record<string, string> = { XKX: "XK" };

export interface ReferenceCounts {
  pillars: number;
  capacityAreas: number;
  dacCodes: number;
  countries: number;
  partnerCountries: number;
  routeMemberships: number;
  partnerOrganizations: number;
  exchangeRates: number;
  meetings: number;
}

/** Loads every reference table from the files in db/reference. Safe to run any number of times. */
export async function loadReferenceData(db: Kysely<Database>): Promise<ReferenceCounts> {
  return db.transaction().execute(async (trx) => {
    const { pillars, capacityAreas, dacCodes } = await loadPillarsAndDacCodes(trx);
    const { countries, partnerCountries } = await loadCountries(trx);
    const routeMemberships = await loadRoutes(trx);
    const partnerOrganizations = await loadOrganizations(trx);
    const exchangeRates = await loadExchangeRates(trx);
    const meetings = await loadMeetings(trx);
    return {
      pillars,
      capacityAreas,
      dacCodes,
      countries,
      partnerCountries,
      routeMemberships,
      partnerOrganizations,
      exchangeRates,
      meetings,
    };
  });
}

/** The Russian name of a DAC purpose code; a code without one is a gap in dac-names-ru.json, not a fallback. */
function russianDacName(names: Record<string, string>, code: string): string {
  const name = names[code];
  if (!name) throw new Error(`db/reference/dac-names-ru.json has no Russian name for DAC code ${code}`);
  return name;
}

/** DAC purpose codes, the pillars with their capacity areas, and which DAC codes each pillar covers. */
async function loadPillarsAndDacCodes(trx: Kysely<Database>) {
  const pillarFile = readJson<PillarFile>("pillars.json");
  const dac = readJson<{ codes: Array<{ code: string; name: string; category: string | null }> }>("dac-codes.json");
  const russian = readJson<{ names: Record<string, string> }>("dac-names-ru.json").names;

  await trx
    .insertInto("dac_codes")
    .values(
      dac.codes.map((c) => ({
        code: c.code,
        name: c.name,
        name_ru: russianDacName(russian, c.code),
        category: c.category,
      })),
    )
    .onConflict((oc) =>
      oc.column("code").doUpdateSet((eb) => ({
        name: eb.ref("excluded.name"),
        name_ru: eb.ref("excluded.name_ru"),
        category: eb.ref("excluded.category"),
      })),
    )
    .execute();

  let capacityAreas = 0;
  for (const p of pillarFile.pillars) {
    const pillar = {
      code: p.code,
      number: p.number,
      name_en: p.name_en,
      name_ru: p.name_ru,
      full_name_en: p.full_name_en,
      full_name_ru: p.full_name_ru,
    };
    await trx
      .insertInto("pillars")
      .values(pillar)
      .onConflict((oc) => oc.column("code").doUpdateSet(pillar))
      .execute();
    for (const [i, a] of p.capacity_areas.entries()) {
      const area = { code: a.code, pillar_code: p.code, position: i + 1, name_en: a.name_en, name_ru: a.name_ru };
      await trx
        .insertInto("capacity_areas")
        .values(area)
        .onConflict((oc) => oc.column("code").doUpdateSet(area))
        .execute();
      capacityAreas++;
    }
    await trx
      .insertInto("pillar_dac_codes")
      .values(p.dac_codes.map((dac_code) => ({ pillar_code: p.code, dac_code })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  return { pillars: pillarFile.pillars.length, capacityAreas, dacCodes: dac.codes.length };
}

/** Every ISO 3166 country (and Kosovo), named in both languages, with the Paris Pact's partners marked. */
async function loadCountries(trx: Kysely<Database>) {
  const partners = new Map(
    readCsv<{ iso3: string; joined_at_third_ministerial: string; liaison_officer_2023: string }>(
      "partner-countries.csv",
    ).map((r) => [r.iso3, r]),
  );
  const alpha2ToAlpha3: Record<string, string> = {
    ...countries.getAlpha2Codes(),
    ...Object.fromEntries(Object.entries(EXTRA_ALPHA3).map(([a3, a2]) => [a2, a3])),
  };
  const countryRows = Object.entries(alpha2ToAlpha3).map(([iso2, iso3]) => {
    const partner = partners.get(iso3);
    return {
      iso3,
      iso2,
      name_en: countries.getName(iso2, "en", { select: "official" }) ?? iso3,
      name_ru: RUSSIAN_COUNTRY_NAMES[iso3] ?? countries.getName(iso2, "ru", { select: "official" }) ?? iso3,
      is_partner: Boolean(partner),
      joined_at_third_ministerial: partner?.joined_at_third_ministerial === "true",
      liaison_officer_2023: partner?.liaison_officer_2023 === "true",
    };
  });
  const missing = [...partners.keys()].filter((iso3) => !countryRows.some((c) => c.iso3 === iso3));
  if (missing.length) throw new Error(`Partner countries missing from the ISO list: ${missing.join(", ")}`);
  await trx
    .insertInto("countries")
    .values(countryRows)
    .onConflict((oc) =>
      oc.column("iso3").doUpdateSet((eb) => ({
        iso2: eb.ref("excluded.iso2"),
        name_en: eb.ref("excluded.name_en"),
        name_ru: eb.ref("excluded.name_ru"),
        is_partner: eb.ref("excluded.is_partner"),
        joined_at_third_ministerial: eb.ref("excluded.joined_at_third_ministerial"),
        liaison_officer_2023: eb.ref("excluded.liaison_officer_2023"),
      })),
    )
    .execute();
  return { countries: countryRows.length, partnerCountries: partners.size };
}

/** The trafficking routes and their countries, in the file's order; returns the memberships' count. */
async function loadRoutes(trx: Kysely<Database>): Promise<number> {
  for (const r of ROUTES) {
    await trx
      .insertInto("routes")
      .values(r)
      .onConflict((oc) => oc.column("code").doUpdateSet(r))
      .execute();
  }
  const memberships = readCsv<{ route: string; country_iso3: string; role: RouteRole; source: string }>(
    "trafficking-routes.csv",
  );
  const positions = new Map<string, number>();
  for (const m of memberships) {
    const position = (positions.get(m.route) ?? 0) + 1;
    positions.set(m.route, position);
    const row = { route_code: m.route, country_iso3: m.country_iso3, role: m.role, source: m.source, position };
    await trx
      .insertInto("route_countries")
      .values(row)
      .onConflict((oc) =>
        oc.columns(["route_code", "country_iso3"]).doUpdateSet({ role: row.role, source: row.source, position }),
      )
      .execute();
  }
  return memberships.length;
}

/** The partner organizations and the coordination unit; returns the partners' count. */
async function loadOrganizations(trx: Kysely<Database>): Promise<number> {
  const organizations = readCsv<{ acronym: string; name: string }>("partner-organizations.csv");
  for (const o of organizations) {
    await upsertOrganization(trx, {
      kind: "international_organization",
      name: o.name,
      acronym: o.acronym,
      is_partner: true,
    });
  }
  await upsertOrganization(trx, {
    kind: "coordination_unit",
    name: COORDINATION_UNIT_NAME,
    acronym: "PPCU",
    is_partner: false,
  });
  return organizations.length;
}

async function loadExchangeRates(trx: Kysely<Database>): Promise<number> {
  const rates = readCsv<{ currency: string; rate_date: string; usd_per_unit: string; source: string }>(
    "exchange-rates.csv",
  );
  await trx
    .insertInto("exchange_rates")
    .values(rates)
    .onConflict((oc) =>
      oc
        .columns(["currency", "rate_date"])
        .doUpdateSet((eb) => ({ usd_per_unit: eb.ref("excluded.usd_per_unit"), source: eb.ref("excluded.source") })),
    )
    .execute();
  return rates.length;
}

/** The consultative meetings (EWG and PCG) of the file. */
async function loadMeetings(trx: Kysely<Database>): Promise<number> {
  const meetings = readCsv<Record<string, string>>("consultative-meetings.csv");
  for (const m of meetings) {
    const row = {
      kind: m.kind as "EWG" | "PCG",
      number: m.number ? Number(m.number) : null,
      topic: m.topic,
      pillar_code: m.pillar || null,
      host: m.host || null,
      city: m.city || null,
      country_iso3: m.country_iso3 || null,
      start_date: m.start_date,
      end_date: m.end_date || null,
      source: m.source,
    };
    await trx
      .insertInto("meetings")
      .values(row)
      .onConflict((oc) => oc.columns(["kind", "start_date", "topic"]).doUpdateSet(row))
      .execute();
  }
  return meetings.length;
}

async function upsertOrganization(
  db: Kysely<Database>,
  org: { kind: "international_organization" | "coordination_unit"; name: string; acronym: string; is_partner: boolean },
): Promise<void> {
  const existing = await db
    .selectFrom("organizations")
    .select("id")
    .where((eb) => eb(eb.fn("lower", ["name"]), "=", org.name.toLowerCase()))
    .executeTakeFirst();
  if (existing) {
    await db
      .updateTable("organizations")
      .set({ kind: org.kind, acronym: org.acronym, is_partner: org.is_partner })
      .where("id", "=", existing.id)
      .execute();
  } else {
    await db.insertInto("organizations").values(org).execute();
  }
}
