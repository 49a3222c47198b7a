import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { invalid } from "./errors";

// Checks of form input against the reference tables: what zod cannot know in the browser.

type Db = Kysely<Database>;

export async function assertKnownCurrency(db: Db, currency: string, field = "currency"): Promise<void> {
  const row = await db
    .selectFrom("exchange_rates")
    .select("currency")
    .where("currency", "=", currency)
    .limit(1)
    .executeTakeFirst();
  if (!row) throw invalid(field, "market.unknownCurrency");
}

export async function assertKnownDacCode(db: Db, code: string): Promise<void> {
  const row = await db.selectFrom("dac_codes").select("code").where("code", "=", code).executeTakeFirst();
  if (!row) throw invalid("dacCode", "projects.unknownDacCode");
}

export async function assertKnownCountries(db: Db, iso3s: string[], field: string): Promise<void> {
  if (iso3s.length === 0) return;
  const rows = await db.selectFrom("countries").select("iso3").where("iso3", "in", iso3s).execute();
  if (rows.length !== new Set(iso3s).size) throw invalid(field, "form.choose");
}

/** Capacity areas must exist and belong to one of the pillars chosen. */
export async function assertAreasOfPillars(db: Db, areas: string[], pillars: string[], field: string): Promise<void> {
  if (areas.length === 0) return;
  const rows = await db
    .selectFrom("capacity_areas")
    .select(["code", "pillar_code"])
    .where("code", "in", areas)
    .execute();
  if (rows.length !== new Set(areas).size) throw invalid(field, "form.choose");
  if (rows.some((r) => !pillars.includes(r.pillar_code)))
    throw invalid(field, field === "capacityArea" ? "needs.areaOutsidePillar" : "projects.areaOutsidePillars");
}

/** The countries of the routes picked, added to the countries picked (unknown routes are refused). */
export async function expandRoutes(db: Db, countries: string[], routes: string[]): Promise<string[]> {
  const all = new Set(countries);
  if (routes.length) {
    const known = await db.selectFrom("routes").select("code").where("code", "in", routes).execute();
    if (known.length !== new Set(routes).size) throw invalid("routes", "form.choose");
    const members = await db
      .selectFrom("route_countries")
      .select("country_iso3")
      .where("route_code", "in", routes)
      .orderBy("position")
      .execute();
    for (const m of members) all.add(m.country_iso3);
  }
  return [...all].sort();
}
