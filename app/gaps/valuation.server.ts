import { sql, type Kysely } from "kysely";
import { z } from "zod";
import { column, rawRows } from "../../db/rows";
import type { Database } from "../../db/schema";
import { ratesCte } from "~/money/exchange.server";
import { inTransaction } from "~/utils/transaction.server";

// The needs' side of the gap matrix reads need_gap_facts (0011): every need valued in USD ahead of
// time at one set of rates, kept in step with needs and matches by triggers. The set is the one of
// a valuation day, chosen by the same rule as every other valuation (ratesCte). The matrix uses the
// stored values only while they are the rates of the day it asks about; otherwise it values the
// needs itself (slower, same result) until they are valued again.

const SameRow = z.object({ same: column.bool });

/** Whether the stored facts are valued at the rates of `asOf`: the same rate for every currency. */
export async function needFactsValuedAt(db: Kysely<Database>, asOf: string): Promise<boolean> {
  const rows = await rawRows(
    db,
    "valuation.needFactsValuedAt",
    SameRow,
    sql`
    WITH day AS (${ratesCte(asOf)})
    SELECT NOT EXISTS (
      (SELECT currency, usd_per_unit, rate_date FROM day
       EXCEPT SELECT currency, usd_per_unit, rate_date FROM need_gap_rates)
      UNION ALL
      (SELECT currency, usd_per_unit, rate_date FROM need_gap_rates
       EXCEPT SELECT currency, usd_per_unit, rate_date FROM day)
    ) AS same`,
  );
  return rows[0].same;
}

/**
 * Values every need at the rates of `asOf`, in one transaction. Writers of needs and matches wait
 * for it (their triggers write need_gap_facts), so none is valued at the old rates after it.
 */
export async function valueNeedFactsAt(db: Kysely<Database>, asOf: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    await sql`LOCK TABLE need_gap_facts IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
    await trx.deleteFrom("need_gap_rates").execute();
    await trx
      .insertInto("need_gap_rates")
      .columns(["currency", "usd_per_unit", "rate_date"])
      .expression(sql`SELECT currency, usd_per_unit, rate_date FROM (${ratesCte(asOf)}) r`)
      .execute();
    await sql`SELECT adam_value_need_gap_facts(ARRAY(SELECT id FROM needs))`.execute(trx);
  });
}

/**
 * Values the needs again when the stored rates are not those of `asOf` (after a rate is added, or on a new rate's first
 * day); whether it did.
 */
export async function keepNeedFactsValued(db: Kysely<Database>, asOf: string): Promise<boolean> {
  if (await needFactsValuedAt(db, asOf)) return false;
  await valueNeedFactsAt(db, asOf);
  return true;
}
