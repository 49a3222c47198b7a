import type { Kysely } from "kysely";
import type { Database, Locale } from "../../db/schema";
import { knownCurrencies } from "~/money/exchange.server";

// The choices that the funding forms and filters offer: donors, pillars, countries, currencies.

export async function fundingPickers(db: Kysely<Database>, locale: Locale) {
  const [donors, pillars, countries, currencies] = await Promise.all([
    db
      .selectFrom("organizations")
      .select(["id", "name"])
      .where("kind", "in", ["donor_agency", "international_organization"])
      .orderBy("name")
      .execute(),
    db.selectFrom("pillars").select(["code", "name_en", "name_ru"]).orderBy("number").execute(),
    db.selectFrom("countries").select(["iso3", "name_en", "name_ru"]).execute(),
    knownCurrencies(db),
  ]);
  const collator = new Intl.Collator(locale);
  return {
    donors,
    pillars: pillars.map((p) => ({ code: p.code, name: locale === "ru" ? p.name_ru : p.name_en })),
    countries: countries
      .map((c) => ({ iso3: c.iso3.trim(), name: locale === "ru" ? c.name_ru : c.name_en }))
      .sort((a, b) => collator.compare(a.name, b.name)),
    // Only the currencies that have a rate: the domain refuses any other.
    currencies,
  };
}

export type FundingPickers = Awaited<ReturnType<typeof fundingPickers>>;
