import { sql, type Kysely, type Selectable } from "kysely";
import { z } from "zod";
import { column, rawRows } from "../../db/rows";
import type { Database, ExchangeRatesTable } from "../../db/schema";
import { convertAmount } from "./decimal";

// Currency conversion. Every total that adds currencies converts them at one dated rate per
// currency: the latest rate on or before the valuation date, and the screen says which date.

export class UnknownCurrencyError extends Error {
  constructor(readonly currency: string) {
    super(`No exchange rate is known for ${currency}.`);
  }
}

export interface RateInfo {
  currency: string;
  usdPerUnit: string;
  rateDate: string;
}

/**
 * A rate as `ratesCte` gives it. Its readers are raw SQL because the rule is one SQL fragment, shared with
 * the gap queries' aggregates (DISTINCT ON with an ordering the query builder cannot write).
 */
const RateRow = z.object({
  currency: column.text,
  usd_per_unit: column.numeric,
  rate_date: column.date,
}) satisfies z.ZodType<Pick<Selectable<ExchangeRatesTable>, "currency" | "usd_per_unit" | "rate_date">>;

/** The currencies ADAM knows (those with at least one rate). */
export async function knownCurrencies(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom("exchange_rates").select("currency").distinct().orderBy("currency").execute();
  return rows.map((r) => r.currency.trim());
}

/**
 * The rate of each currency used on `asOf`: the latest on or before it, or, for a day before the
 * table starts, the earliest one known.
 */
export async function ratesAsOf(db: Kysely<Database>, asOf: string): Promise<Map<string, RateInfo>> {
  const rows = await rawRows(
    db,
    "exchange.ratesAsOf",
    RateRow,
    sql`
    SELECT currency, usd_per_unit, rate_date::text AS rate_date FROM (${ratesCte(asOf)}) AS r`,
  );
  return new Map(
    rows.map((r) => [
      r.currency.trim(),
      { currency: r.currency.trim(), usdPerUnit: r.usd_per_unit, rateDate: r.rate_date },
    ]),
  );
}

/** Converts an exact decimal amount to US dollars (rounded to cents) with a table from ratesAsOf. */
export function convertToUsd(
  rates: Map<string, RateInfo>,
  amount: string,
  currency: string,
): { usd: string; rate: RateInfo } {
  const rate = rates.get(currency.trim());
  if (!rate) throw new UnknownCurrencyError(currency);
  return { usd: convertAmount(amount, rate.usdPerUnit), rate };
}

/** Converts an exact decimal amount to US dollars (rounded to cents) at the rate used on `asOf`. */
export async function toUsd(
  db: Kysely<Database>,
  amount: string,
  currency: string,
  asOf: string,
): Promise<{ usd: string; rate: RateInfo }> {
  return convertToUsd(await ratesAsOf(db, asOf), amount, currency);
}

/**
 * A SQL fragment for the rates table as of a date, to join in aggregate queries:
 * `WITH rates AS (${ratesCte(asOf)})`. Same rule as ratesAsOf.
 */
export function ratesCte(asOf: string) {
  return sql`
    SELECT DISTINCT ON (currency) currency, usd_per_unit, rate_date
    FROM exchange_rates
    ORDER BY currency, (rate_date <= ${asOf}::date) DESC,
             CASE WHEN rate_date <= ${asOf}::date THEN rate_date END DESC NULLS LAST,
             rate_date ASC`;
}

/**
 * How old the rate used today may be. The rates are month-end values: older than a month and a half
 * means a monthly update was missed, and every conversion since uses an outdated rate.
 */
export const RATE_MAX_AGE_DAYS = 45;

/** The currencies whose rate used on `today` is older than the allowed age, oldest first. */
export async function staleRates(
  db: Kysely<Database>,
  today: string,
  maxAgeDays = RATE_MAX_AGE_DAYS,
): Promise<RateInfo[]> {
  const rows = await rawRows(
    db,
    "exchange.staleRates",
    RateRow,
    sql`
    SELECT currency, usd_per_unit, rate_date::text AS rate_date FROM (${ratesCte(today)}) AS r
    WHERE rate_date < ${today}::date - ${maxAgeDays}::int
    ORDER BY rate_date, currency`,
  );
  return rows.map((r) => ({ currency: r.currency.trim(), usdPerUnit: r.usd_per_unit, rateDate: r.rate_date }));
}
