import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Locale } from "~/i18n";
import { dacName, listPillars } from "~/reference/reference.server";

// The choices the marketplace forms and filters offer, in the reader's language.

type Db = Kysely<Database>;

export async function marketplaceOptions(db: Db, locale: Locale, include: string[] = []) {
  const [pillars, dacCodes, routes, members, countries, currencies, organizations] = await Promise.all([
    listPillars(db, locale),
    db.selectFrom("dac_codes").select(["code", "name", "name_ru"]).orderBy("code").execute(),
    db.selectFrom("routes").selectAll().orderBy("position").execute(),
    db
      .selectFrom("route_countries")
      .select(["route_code", "country_iso3"])
      .orderBy("route_code")
      .orderBy("position")
      .execute(),
    db.selectFrom("countries").select(["iso3", "name_en", "name_ru", "is_partner"]).execute(),
    db.selectFrom("exchange_rates").select("currency").distinct().orderBy("currency").execute(),
    db
      .selectFrom("organizations")
      .select(["id", "name", "kind"])
      .where("kind", "!=", "coordination_unit")
      .orderBy("name")
      .execute(),
  ]);
  const onRoute = new Set(members.map((m) => m.country_iso3));
  const wanted = new Set(include);
  const collator = new Intl.Collator(locale);
  return {
    pillars,
    dacCodes: dacCodes.map((d) => ({ code: d.code, name: dacName(d, locale) })),
    routes: routes.map((r) => ({
      code: r.code,
      name: locale === "ru" ? r.name_ru : r.name_en,
      countries: members.filter((m) => m.route_code === r.code).map((m) => m.country_iso3),
    })),
    /** Partner and route countries (and any already chosen): the ones assistance goes to. */
    countries: countries
      .filter((c) => c.is_partner || onRoute.has(c.iso3) || wanted.has(c.iso3))
      .map((c) => ({ iso3: c.iso3, name: locale === "ru" ? c.name_ru : c.name_en }))
      .sort((a, b) => collator.compare(a.name, b.name)),
    currencies: currencies.map((c) => c.currency),
    donors: organizations.filter((o) => o.kind !== "beneficiary_agency").map((o) => ({ id: o.id, name: o.name })),
    agencies: organizations.filter((o) => o.kind === "beneficiary_agency").map((o) => ({ id: o.id, name: o.name })),
  };
}

export type MarketplaceOptions = Awaited<ReturnType<typeof marketplaceOptions>>;
