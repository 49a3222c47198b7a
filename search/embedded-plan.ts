import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "../db/schema";
import type { SearchFilters, SearchQuery, SearchSort } from "./engine";
import { buildTsQuery, filterConditions } from "./embedded-query";
import { tokenize } from "./text";

// A search parsed once into what both answering paths need (embedded-search.ts): its tsquery and
// the exact one, the relevance expression, the filters' conditions, the sort, the page and the
// facet cache's key. Kept apart so that the paths only read a plan and never parse again.

/** Added to the rank of a match without typo corrections: ts_rank stays far below it. */
const EXACT_BONUS = 10;

/** A search, parsed: its query, conditions, sort, page and facet-cache key (see EmbeddedSearchEngine.search). */
export type SearchPlan = {
  filters: SearchFilters | undefined;
  tsquery: RawBuilder<unknown> | null;
  exact: RawBuilder<unknown> | null;
  /** The rank of a match (0 without a query). */
  relevance: RawBuilder<unknown>;
  /** The filters' conditions alone, and (`matches`) with the query's. */
  filterWhere: RawBuilder<unknown>[];
  matches: RawBuilder<unknown>;
  /** At most one condition: the whole index, or the query's matches in it. */
  unfiltered: boolean;
  sort: SearchSort;
  offset: number;
  pageSize: number;
  cacheKey: string;
};

/** Filters in one canonical form (sorted values, no empty lists), for the facet cache's key. */
function normalizedFilters(filters: SearchFilters = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(filters).sort() as Array<keyof SearchFilters>) {
    const value = filters[name];
    if (Array.isArray(value)) {
      if (value.length > 0)
        out[name] = [...value]
          .map(String)
          .map((v) => (name === "country" ? v.toUpperCase() : v))
          .sort();
    } else if (value !== undefined && Number.isInteger(value)) out[name] = value;
  }
  return out;
}

export async function parseSearch(
  db: Kysely<Database>,
  query: SearchQuery,
  offset: number,
  pageSize: number,
): Promise<SearchPlan> {
  const built = await buildTsQuery(db, query.q, { prefix: true });
  const tsquery = built?.tsquery ?? null;
  const exact = built?.exact ?? null;
  // An exact match ranks above a typo match: every exact match outranks every match through a correction.
  const relevance = tsquery
    ? exact
      ? sql`(ts_rank(d.tsv, ${tsquery}) + CASE WHEN d.tsv @@ ${exact} THEN ${EXACT_BONUS}::real ELSE 0::real END)`
      : sql`ts_rank(d.tsv, ${tsquery})`
    : sql`0::real`;
  const filterWhere = filterConditions(query.filters);
  const where = tsquery ? [...filterWhere, sql`d.tsv @@ ${tsquery}`] : filterWhere;
  const cacheKey = JSON.stringify({
    q: tokenize(query.q ?? "").join(" "),
    filters: normalizedFilters(query.filters),
  });
  return {
    filters: query.filters,
    tsquery,
    exact,
    relevance,
    filterWhere,
    matches: sql.join(where, sql` AND `),
    unfiltered: where.length === 1,
    sort: query.sort ?? (tsquery ? "relevance" : "newest"),
    offset,
    pageSize,
    cacheKey,
  };
}
