import { sql, type Kysely, type RawBuilder, type Selectable } from "kysely";
import { z } from "zod";
import { column, rawRows } from "../db/rows";
import type { Database, SearchFacetCountsTable } from "../db/schema";
import { facetCounts, type FacetAnswer } from "./embedded-facets";
import { pageQuery, readHits } from "./embedded-page";
import type { SearchPlan } from "./embedded-plan";
import { totalOf, type HitRow } from "./embedded-results";
import { filterKeyGroups } from "./memory-filters";
import type { MemorySearch } from "./memory-sync";

// One search inside its repeatable-read transaction: the planner settings of the SQL path, the
// in-memory index's answer when it can give one, and otherwise the SQL path (which index drives
// the candidates, the facet counts, the page). The caller (EmbeddedSearchEngine.search) opens the
// transaction and turns the answer into a result.

/**
 * A filter narrower than this share of the index finds a query's candidates through its own index
 * (see drivingMatches()).
 */
const FILTER_DRIVES_BELOW = 1 / 4;

/** What the search's transaction reads: facet counts (and where they came from) and the page's hits. */
export type SnapshotAnswer = FacetAnswer & { hits: HitRow[] };

/** The search in one repeatable-read snapshot: from the in-memory index if it can answer, else from SQL. */
export async function searchInSnapshot(
  trx: Kysely<Database>,
  plan: SearchPlan,
  memory: MemorySearch | null,
): Promise<SnapshotAnswer> {
  await tuneTransaction(trx);
  // The in-memory index, when loaded and at this snapshot's generation, answers everything but
  // the page's text: the same matches and counts as the SQL below, in a few milliseconds.
  const { tsquery, exact, filters, sort, offset, pageSize } = plan;
  const fromMemory = memory ? await memory.answer(trx, { tsquery, exact, filters, sort, offset, pageSize }) : null;
  if (fromMemory) return { facetRows: fromMemory.facets, generation: null, cached: true, hits: fromMemory.hits };
  const matches = await drivingMatches(trx, plan);
  const { facetRows, generation, cached } = await facetCounts(trx, plan, matches);
  const pageRows = await pageQuery(trx, plan, matches, totalOf(facetRows));
  const hits = await readHits(trx, plan, pageRows);
  return { facetRows, generation, cached, hits };
}

/**
 * For this transaction only: sorting and hashing tens of thousands of matches must not spill
 * to disk at the default 4 MB. The planner prices `tsv @@ query` as one cheap operator, but as
 * a filter it detoasts and decompresses every candidate's tsvector (~10 µs each): it would
 * rather filter 50,000 rows than read the GIN index. A high operator cost and no sequential
 * scan make it use the index (a bitmap without recheck does not read the tsvector at all);
 * the higher costs must not trigger JIT compilation, which costs more than it saves here.
 */
async function tuneTransaction(trx: Kysely<Database>): Promise<void> {
  await sql`
    SELECT set_config('work_mem', '64MB', true), set_config('enable_seqscan', 'off', true),
      set_config('cpu_operator_cost', '0.25', true), set_config('jit', 'off', true)
  `.execute(trx);
}

/** A search_facet_counts row. */
const FacetSizeRow = z.object({ key: column.text, n: column.int }) satisfies z.ZodType<
  Selectable<SearchFacetCountsTable>
>;

/**
 * The sizes of the filters' facet values and of the 'type:' keys (whose sum is the index's size).
 * Raw SQL: one `= ANY(array)` parameter however many values, as the hot path has always sent it.
 */
async function filterSizes(trx: Kysely<Database>, keys: string[]): Promise<Selectable<SearchFacetCountsTable>[]> {
  return rawRows(
    trx,
    "embeddedSearch.filterSizes",
    FacetSizeRow,
    sql`SELECT key, n FROM search_facet_counts WHERE key = ANY(${keys}::text[]) OR key LIKE 'type:%'`,
  );
}

/**
 * A query with filters: which index finds the candidates? Driving by a filter's index tests the
 * query on every document the filter lets through, detoasting its tsvector; driving by the GIN
 * index reads only the query's matches and tests the filters on their rows (cheap columns). The
 * planner misjudges both (it overestimates a query of several alternatives by about 4x), and at
 * 100,000 + 100,000 chose e.g. a route filter's 126,000 documents over the query's 37,000 matches
 * (~420 ms against ~200 ms). The exact sizes of facet filters are known (search_facet_counts):
 * when every filter lets through at least FILTER_DRIVES_BELOW of the index, its conditions are
 * made unusable for an index (IS TRUE), so the GIN index drives; a narrower filter is left to the
 * planner, which then walks that filter's few rows. Returns the conditions of a match.
 */
async function drivingMatches(trx: Kysely<Database>, plan: SearchPlan): Promise<RawBuilder<unknown>> {
  const { tsquery, filterWhere } = plan;
  if (!tsquery || filterWhere.length <= 1) return plan.matches;
  const groups = filterKeyGroups(plan.filters);
  const rows = await filterSizes(trx, groups.flat());
  const size = new Map(rows.map((r) => [r.key, Number(r.n)]));
  const documents = rows.reduce((sum, r) => (r.key.startsWith("type:") ? sum + Number(r.n) : sum), 0);
  // An upper bound of what the filters let through: the smallest filter's sum over its values.
  const narrowest = Math.min(...groups.map((keys) => keys.reduce((sum, key) => sum + (size.get(key) ?? 0), 0)));
  if (narrowest < documents * FILTER_DRIVES_BELOW) return plan.matches;
  return sql.join(
    [...filterWhere.map((condition) => sql`(${condition}) IS TRUE`), sql`d.tsv @@ ${tsquery}`],
    sql` AND `,
  );
}
