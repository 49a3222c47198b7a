import { sql, type Kysely } from "kysely";

// Frozen in time: the needs' side of the gap matrix, valued in USD ahead of time (the budget, scripts/README.md: the
// full matrix under 200 ms with 100,000 needs). Valuing 80,000 needs and their confirmed matches at the dated rates on
// every request was most of the matrix's time.
//
// need_gap_rates holds the rates the facts are valued at (one per currency, chosen by the app's
// rule for a valuation day: app/gaps/valuation.server.ts). need_gap_facts holds one row per need:
// what the matrix filters on, its cost in USD and the USD of its confirmed matches (each match
// rounded to the cent, as the live query does). Triggers keep every row in step with needs and
// matches at the stored rates; the app uses the rows only while the stored rates are the ones of
// the day it asks about, and values everything again when they are not.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE need_gap_rates (
      currency char(3) PRIMARY KEY,
      usd_per_unit numeric(20, 10) NOT NULL,
      rate_date date NOT NULL
    )
  `.execute(db);
  await sql`
    CREATE TABLE need_gap_facts (
      need_id integer PRIMARY KEY REFERENCES needs(id) ON DELETE CASCADE,
      country_iso3 char(3) NOT NULL,
      pillar_code text NOT NULL,
      priority text NOT NULL,
      status text NOT NULL,
      wanted_start date,
      wanted_end date,
      -- null: no cost, or no rate for its currency
      cost_usd numeric,
      -- null: no confirmed match valued
      confirmed_usd numeric
    )
  `.execute(db);
  // The facts of the needs `ids`, at the stored rates (all needs: ARRAY(SELECT id FROM needs)).
  // Part of the coverage rule, copied for speed: each confirmed match in USD rounded to the cent and
  // summed per need, as coverageOf (app/matches/coverage.server.ts) hands them to computeCoverage
  // (app/matches/coverage.ts, the rule's home); the cap at the cost is applied by the gap query.
  await sql`
    CREATE FUNCTION adam_value_need_gap_facts(ids integer[]) RETURNS void
    LANGUAGE sql AS $$
      DELETE FROM need_gap_facts WHERE need_id = ANY(ids);
      INSERT INTO need_gap_facts
        (need_id, country_iso3, pillar_code, priority, status, wanted_start, wanted_end, cost_usd, confirmed_usd)
      SELECT n.id, n.country_iso3, n.pillar_code, n.priority, n.status, n.wanted_start, n.wanted_end,
             round(n.estimated_cost * r.usd_per_unit, 2), c.usd
      FROM needs n
      LEFT JOIN need_gap_rates r ON r.currency = n.currency
      LEFT JOIN (
        SELECT m.need_id, sum(round(m.amount * mr.usd_per_unit, 2)) AS usd
        FROM matches m JOIN need_gap_rates mr ON mr.currency = m.currency
        WHERE m.status = 'confirmed' AND m.need_id = ANY(ids)
        GROUP BY m.need_id
      ) c ON c.need_id = n.id
      WHERE n.id = ANY(ids);
    $$
  `.execute(db);
  await sql`
    CREATE FUNCTION adam_need_gap_facts_trigger() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_TABLE_NAME = 'needs' THEN
        PERFORM adam_value_need_gap_facts(ARRAY[NEW.id]);
      ELSE
        IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM adam_value_need_gap_facts(ARRAY[OLD.need_id]); END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR NEW.need_id <> OLD.need_id) THEN
          PERFORM adam_value_need_gap_facts(ARRAY[NEW.need_id]);
        END IF;
      END IF;
      RETURN NULL;
    END
    $$
  `.execute(db);
  // A deleted need cascades.
  await sql`
    CREATE TRIGGER needs_gap_facts
    AFTER INSERT OR UPDATE OF
      country_iso3, pillar_code, priority, status, wanted_start, wanted_end, estimated_cost, currency
    ON needs
    FOR EACH ROW EXECUTE FUNCTION adam_need_gap_facts_trigger()
  `.execute(db);
  await sql`
    CREATE TRIGGER matches_gap_facts
    AFTER INSERT OR UPDATE OF need_id, status, amount, currency OR DELETE ON matches
    FOR EACH ROW EXECUTE FUNCTION adam_need_gap_facts_trigger()
  `.execute(db);
  // No rates stored yet: the app values the facts at start (and whenever the rates of the day differ).
  await sql`SELECT adam_value_need_gap_facts(ARRAY(SELECT id FROM needs))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS matches_gap_facts ON matches`.execute(db);
  await sql`DROP TRIGGER IF EXISTS needs_gap_facts ON needs`.execute(db);
  await sql`DROP FUNCTION IF EXISTS adam_need_gap_facts_trigger()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS adam_value_need_gap_facts(integer[])`.execute(db);
  await sql`DROP TABLE IF EXISTS need_gap_facts`.execute(db);
  await sql`DROP TABLE IF EXISTS need_gap_rates`.execute(db);
}
