import { sql, type Kysely, type RawBuilder, type Selectable } from "kysely";
import { z } from "zod";
import { column, rawRows } from "../db/rows";
import type { Database, SearchDocumentsTable } from "../db/schema";
import { typeFacets } from "./embedded-facets";
import type { SearchPlan } from "./embedded-plan";
import { hitJson, orderBy } from "./embedded-query";
import { HitsRow, totalOf, type HitRow } from "./embedded-results";

// The SQL path's page: how to order a search's matches cheaply (walk an index in sort order, rank
// a bounded window, or sort the GIN index's matches), the page's narrow rows, then the whole
// documents with ts_headline for those rows only. The SQL is raw throughout: planner-sensitive
// shapes (MATERIALIZED, UNION ALL of two limits, ORDER BY an inner output) the search budgets
// depend on (scripts/README.md), which Kysely's builder would not keep as written.

/** A relevance sort of a broad query ranks this many newest matches (see pageQuery()). */
export const RANK_WINDOW = 500;
/** Walking an index in sort order is worth it up to about this many rows (see orderPlan()). */
export const MAX_WALK_STEPS = 5_000;

const WalkedRow = z.object({ id: column.text }) satisfies z.ZodType<Pick<Selectable<SearchDocumentsTable>, "id">>;

/**
 * The page's ids by walking an index in the sort order for at most 2 * MAX_WALK_STEPS documents;
 * null when the walk did not see the whole page (then the matches are sorted instead).
 */
async function walkedPage(
  trx: Kysely<Database>,
  plan: SearchPlan,
  matches: RawBuilder<unknown>,
  all: number,
): Promise<string[] | null> {
  const { sort, offset, pageSize } = plan;
  // The outer ORDER BY names the inner one's output, so the planner sees the rows arrive in
  // order and stops at the page's last row (sorting an expression again would read them all).
  const [key, order] = sort === "newest" ? [sql`d.updated_at`, sql`DESC`] : [sql`lower(d.title)`, sql`ASC`];
  const rows = await rawRows(
    trx,
    "embeddedPage.walkedPage",
    WalkedRow,
    sql`
    SELECT d.id FROM (
      SELECT d.*, ${key} AS sort_key FROM search_documents d
      ORDER BY ${key} ${order}, d.id LIMIT ${2 * MAX_WALK_STEPS}
    ) d
    WHERE ${matches} ORDER BY d.sort_key ${order}, d.id LIMIT ${offset + pageSize}
  `,
  );
  // Complete if the page filled up, or if the walk saw every document.
  const complete = rows.length === offset + pageSize || all <= 2 * MAX_WALK_STEPS;
  return complete ? rows.slice(offset).map((r) => r.id) : null;
}

/**
 * How to order the page. Walking an index in the sort order finds a page's rows after about
 * (offset + pageSize) * documents / matches steps, each testing the query on a detoasted tsvector:
 * cheap when the query matches a large share of the index, ruinous otherwise. So a walk is tried
 * only when it should take at most MAX_WALK_STEPS steps, and it stops after twice that many
 * documents whatever happens: when the matches are not spread evenly (titles put all Cyrillic after
 * all Latin) and the page is not complete by then, the matches come from the GIN index first and
 * are then sorted (MATERIALIZED keeps the planner from walking anyway). A relevance sort ranks the
 * RANK_WINDOW newest matches (`window`) when that is cheaper than ranking them all. `walked`: the
 * page's ids, when a walk found them.
 */
async function orderPlan(
  trx: Kysely<Database>,
  plan: SearchPlan,
  matches: RawBuilder<unknown>,
  total: number,
): Promise<{ window: boolean; walked: string[] | null }> {
  const { sort, offset, pageSize } = plan;
  if (!plan.tsquery || total <= 0) return { window: false, walked: null };
  const all = plan.unfiltered ? total : totalOf(await typeFacets(trx));
  const steps = (rows: number) => (rows * all) / total;
  if (sort === "relevance")
    return { window: total > RANK_WINDOW && steps(RANK_WINDOW) <= MAX_WALK_STEPS, walked: null };
  if (offset >= total || steps(offset + pageSize) > MAX_WALK_STEPS) return { window: false, walked: null };
  return { window: false, walked: await walkedPage(trx, plan, matches, all) };
}

/**
 * The page: a bounded top-N over narrow columns (no text), for readHits to complete. Relevance
 * ranks every match with ts_rank, except for a broad query (a large share of the index): then the
 * RANK_WINDOW newest matches are ranked and come first, and the rest follow newest first, so that
 * ranking costs the same at any number of matches and pages never overlap.
 */
export async function pageQuery(
  trx: Kysely<Database>,
  plan: SearchPlan,
  matches: RawBuilder<unknown>,
  total: number,
): Promise<RawBuilder<unknown>> {
  const { sort, offset, pageSize, relevance } = plan;
  const { window, walked } = await orderPlan(trx, plan, matches, total);
  const walk = (limit: RawBuilder<unknown>, ranked: boolean) => sql`
    SELECT d.id, d.updated_at, d.title, ${ranked ? relevance : sql`0::real`} AS rank
    FROM search_documents d WHERE ${matches} ORDER BY d.updated_at DESC, d.id ${limit}`;
  const rank = sort === "relevance" ? relevance : sql`0::real`;
  if (walked) {
    return sql`
      SELECT 0 AS part, d.id, d.updated_at, d.title, 0::real AS rank
      FROM search_documents d WHERE d.id = ANY(${walked}::text[])`;
  }
  if (window) {
    const rest = Math.max(0, offset + pageSize - RANK_WINDOW);
    return sql`
      SELECT * FROM (
        (SELECT 0 AS part, w.* FROM (${walk(sql`LIMIT ${RANK_WINDOW}`, true)}) w)
        UNION ALL
        (SELECT 1 AS part, r.* FROM (${walk(sql`LIMIT ${rest} OFFSET ${RANK_WINDOW}`, false)}) r)
      ) m ORDER BY m.part, ${orderBy(sort, "m")} LIMIT ${pageSize} OFFSET ${offset}`;
  }
  if (plan.tsquery) {
    return sql`
      WITH m AS MATERIALIZED (
        SELECT 0 AS part, d.id, d.updated_at, d.title, ${rank} AS rank FROM search_documents d WHERE ${matches}
      )
      SELECT m.* FROM m ORDER BY ${orderBy(sort, "m")} LIMIT ${pageSize} OFFSET ${offset}`;
  }
  return sql`
    SELECT m.* FROM (
      SELECT 0 AS part, d.id, d.updated_at, d.title, ${rank} AS rank FROM search_documents d WHERE ${matches}
    ) m
    ORDER BY ${orderBy(sort, "m")} LIMIT ${pageSize} OFFSET ${offset}`;
}

/** Whole documents, and ts_headline, for the page's rows only, in the page's order. */
export async function readHits(
  trx: Kysely<Database>,
  plan: SearchPlan,
  pageRows: RawBuilder<unknown>,
): Promise<HitRow[]> {
  const rows = await rawRows(
    trx,
    "embeddedPage.readHits",
    HitsRow,
    sql`
    WITH page AS (${pageRows})
    SELECT coalesce(json_agg(${hitJson(plan.tsquery)} ORDER BY p.part, ${orderBy(plan.sort, "p")}), '[]'::json) AS hits
    FROM page p JOIN search_documents d ON d.id = p.id
  `,
  );
  return rows[0].hits;
}
