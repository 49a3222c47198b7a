import { sql, type Kysely, type RawBuilder, type Selectable } from "kysely";
import { z } from "zod";
import { column, rawRows } from "../db/rows";
import type { Database, SearchIndexStateTable } from "../db/schema";
import type { SearchPlan } from "./embedded-plan";
import { FacetRow } from "./embedded-results";

// The SQL path's facet counts and their cache (migration 0010_search_speed): the whole index's
// counts kept by triggers, a search's counted once per index generation and kept in
// search_facet_cache, so that paging and the same search again skip counting every match.

/**
 * Facet counts of every search with a query or filter are cached until the index changes: paging
 * through results, or the same search again, skips counting (and finding) every match again.
 * One cache write in this many also deletes the entries of past generations.
 */
const CACHE_SWEEP_CHANCE = 1 / 50;
/**
 * The sweep also keeps only this many newest entries: many distinct searches between two index
 * writes cannot fill the disk.
 */
const CACHE_MAX_ENTRIES = 5_000;

/** Facet counts, the generation they were counted at (null: not counted now) and whether the cache gave them. */
export type FacetAnswer = { facetRows: FacetRow[]; generation: string | null; cached: boolean };

/** Raw SQL: json_agg over unnest(facet_keys), which Kysely's builder has no typed form for. */
const CountedRow = z.object({ generation: column.bigint, facets: z.array(FacetRow) }) satisfies z.ZodType<
  Pick<Selectable<SearchIndexStateTable>, "generation">
>;

/** The counts of the whole index, kept by triggers (the literals as before: the same SQL text, the same plan). */
export async function wholeIndexFacets(trx: Kysely<Database>): Promise<FacetRow[]> {
  return trx.selectFrom("search_facet_counts").select(["key as k", "n"]).where("n", ">", sql.lit(0)).execute();
}

/** The counts of the 'type:' keys alone: their sum is the number of documents. */
export async function typeFacets(trx: Kysely<Database>): Promise<FacetRow[]> {
  return trx
    .selectFrom("search_facet_counts")
    .select(["key as k", "n"])
    .where("key", "like", sql.lit("type:%"))
    .execute();
}

/** A search's counts from the cache, if they were counted at the index's current generation. */
async function cachedFacets(trx: Kysely<Database>, cacheKey: string): Promise<FacetRow[] | null> {
  const hit = await trx
    .selectFrom("search_facet_cache as c")
    .innerJoin("search_index_state as s", (join) =>
      join.on("s.id", "=", sql.lit(1)).onRef("s.generation", "=", "c.generation"),
    )
    .select("c.facets")
    .where("c.key", "=", cacheKey)
    .executeTakeFirst();
  // jsonb is `unknown` in the table's type; the cache holds only what cacheFacets() wrote.
  return hit ? (hit.facets as FacetRow[]) : null;
}

/**
 * Facet counts (and, through the one 'type:' key of every document, the total): the whole
 * index's from the counts the triggers keep, a search's from the cache while the index
 * is unchanged, otherwise counted over the matches' precomputed facet keys.
 */
export async function facetCounts(
  trx: Kysely<Database>,
  plan: SearchPlan,
  matches: RawBuilder<unknown>,
): Promise<FacetAnswer> {
  if (plan.unfiltered) return { facetRows: await wholeIndexFacets(trx), generation: null, cached: false };
  const cached = await cachedFacets(trx, plan.cacheKey);
  if (cached) return { facetRows: cached, generation: null, cached: true };
  // One statement, one snapshot: the counts belong to the generation read beside them.
  const [counted] = await rawRows(
    trx,
    "embeddedFacets.facetCounts",
    CountedRow,
    sql`
    SELECT (SELECT generation FROM search_index_state WHERE id = 1) AS generation,
      (SELECT coalesce(json_agg(json_build_object('k', f.k, 'n', f.n)), '[]'::json)
         FROM (SELECT k, count(*)::int AS n FROM search_documents d, unnest(d.facet_keys) AS k
               WHERE ${matches} GROUP BY k) f) AS facets
  `,
  );
  return { facetRows: counted.facets, generation: counted.generation, cached: false };
}

/**
 * Outside the search's transaction: a newer generation's entry is never overwritten by an
 * older one; now and then the entries of past generations are swept away.
 */
export async function cacheFacets(
  db: Kysely<Database>,
  cacheKey: string,
  generation: string,
  facetRows: FacetRow[],
): Promise<void> {
  await sql`
    INSERT INTO search_facet_cache AS c (key, generation, facets)
    VALUES (${cacheKey}, ${generation}::bigint, ${JSON.stringify(facetRows)}::jsonb)
    ON CONFLICT (key) DO UPDATE SET generation = EXCLUDED.generation, facets = EXCLUDED.facets, created_at = now()
    WHERE c.generation < EXCLUDED.generation
  `.execute(db);
  if (Math.random() < CACHE_SWEEP_CHANCE) {
    await sql`
      DELETE FROM search_facet_cache
      WHERE generation < ${generation}::bigint
         OR key IN (SELECT key FROM search_facet_cache ORDER BY created_at DESC OFFSET ${CACHE_MAX_ENTRIES})
    `.execute(db);
  }
}
