import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { ReferenceData } from "./mapping";

// The reference data an import maps with, read once per import.
export async function loadReferenceData(
  db: Kysely<Database>,
  today = new Date().toISOString().slice(0, 10),
): Promise<ReferenceData> {
  const [countries, routes, pillarDac, dac, currencies] = await Promise.all([
    db.selectFrom("countries").select(["iso2", "iso3", "is_partner"]).execute(),
    db.selectFrom("route_countries").select("country_iso3").distinct().execute(),
    db.selectFrom("pillar_dac_codes").select(["pillar_code", "dac_code"]).execute(),
    db.selectFrom("dac_codes").select("code").execute(),
    db.selectFrom("exchange_rates").select("currency").distinct().execute(),
  ]);
  const pillarsOfDac = new Map<string, string[]>();
  for (const row of pillarDac)
    pillarsOfDac.set(row.dac_code, [...(pillarsOfDac.get(row.dac_code) ?? []), row.pillar_code]);
  return {
    iso3OfIso2: new Map(countries.map((c) => [c.iso2.toUpperCase(), c.iso3])),
    scope: new Set([...countries.filter((c) => c.is_partner).map((c) => c.iso3), ...routes.map((r) => r.country_iso3)]),
    pillarsOfDac,
    dacCodes: new Set(dac.map((d) => d.code)),
    currencies: new Set(currencies.map((c) => c.currency.trim())),
    today,
  };
}
