import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "../db/schema";
import {
  documentId,
  emptyFacets,
  FACET_NAMES,
  normalizePaging,
  type EngineHealth,
  type FacetName,
  type SearchDocument,
  type SearchFilters,
  type SearchEngine,
  type SearchHit,
  type SearchQuery,
  type SearchRef,
  type SearchResult,
  type SearchSort,
  type SimilarOptions,
} from "./engine";
import { buildAnyWordQuery, buildTsQuery, filterConditions, hitJson, orderBy } from "./embedded-query";
import { filterKeyGroups } from "./memory-index";
import { memorySearchFor, type MemorySearch } from "./memory-sync";
import { markedToHtml, tokenize } from "./text";

type HitRow = Omit<SearchDocument, "updatedAt"> & { updatedAt: string; hlTitle: string; hlSnippet: string };

function toHit(row: HitRow): SearchHit {
  const { hlTitle, hlSnippet, ...document } = row;
  const doc: SearchDocument = {
    ...document,
    countries: document.countries.map((c) => c.trim()),
    currency: document.currency?.trim() ?? null,
    updatedAt: new Date(document.updatedAt).toISOString(),
  };
  return {
    id: doc.id,
    type: doc.type,
    recordId: doc.recordId,
    title: doc.title,
    highlight: { title: markedToHtml(hlTitle), snippet: markedToHtml(hlSnippet) },
    document: doc,
  };
}

/** 'facet:value' for every facet value of a document (see search_documents.facet_keys). */
/** The facet keys of a document (search_documents.facet_keys): `type:need`, `country:TJK`, … */
export function facetKeys(doc: SearchDocument): string[] {
  const keys = [`type:${doc.type}`, `status:${doc.status}`, `organization:${doc.organizationId}`];
  if (doc.priority) keys.push(`priority:${doc.priority}`);
  for (const v of doc.pillars) keys.push(`pillar:${v}`);
  for (const v of doc.capacityAreas) keys.push(`capacityArea:${v}`);
  for (const v of doc.countries) keys.push(`country:${v.trim()}`);
  for (const v of doc.routes) keys.push(`route:${v}`);
  return keys;
}

type FacetRow = { k: string; n: number };

/** Added to the rank of a match without typo corrections: ts_rank stays far below it. */
const EXACT_BONUS = 10;

/** A relevance sort of a broad query ranks this many newest matches (see pageQuery()). */
export const RANK_WINDOW = 500;
/** Walking an index in sort order is worth it up to about this many rows (see orderPlan()). */
export const MAX_WALK_STEPS = 5_000;
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

/**
 * A filter narrower than this share of the index finds a query's candidates through its own index
 * (see drivingMatches()).
 */
const FILTER_DRIVES_BELOW = 1 / 4;

/** Every document has exactly one 'type:' facet key: their counts add up to the number of documents. */
function totalOf(rows: FacetRow[]): number {
  return rows.reduce((sum, { k, n }) => (k.startsWith("type:") ? sum + n : sum), 0);
}

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

/** A search, parsed: its query, conditions, sort, page and facet-cache key (see EmbeddedSearchEngine.search). */
type SearchPlan = {
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

/** What the search's transaction reads: facet counts (and where they came from) and the page's hits. */
type SnapshotAnswer = { facetRows: FacetRow[]; generation: string | null; cached: boolean; hits: HitRow[] };

async function parseSearch(
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

/** The search in one repeatable-read snapshot: from the in-memory index if it can answer, else from SQL. */
async function searchInSnapshot(
  trx: Kysely<Database>,
  plan: SearchPlan,
  memory: MemorySearch | null,
): Promise<SnapshotAnswer> {
  await tuneTransaction(trx);
  // The in-memory index, when loaded and at this snapshot's generation, answers everything but
  // the page's text: the same matches and counts as the SQL below, in a few milliseconds.
  const { tsquery, exact, filters, sort, offset, pageSize } = plan;
  const fromMemory = memory
    ? await memory.answer<HitRow>(trx, { tsquery, exact, filters, sort, offset, pageSize })
    : null;
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
  const { rows } = await sql<{ key: string; n: number }>`
    SELECT key, n FROM search_facet_counts WHERE key = ANY(${groups.flat()}::text[]) OR key LIKE 'type:%'
  `.execute(trx);
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

/**
 * Facet counts (and, through the one 'type:' key of every document, the total): the whole
 * index's from the counts the triggers keep, a search's from the cache while the index
 * is unchanged, otherwise counted over the matches' precomputed facet keys.
 */
async function facetCounts(
  trx: Kysely<Database>,
  plan: SearchPlan,
  matches: RawBuilder<unknown>,
): Promise<Omit<SnapshotAnswer, "hits">> {
  if (plan.unfiltered) {
    const { rows } = await sql<FacetRow>`SELECT key AS k, n FROM search_facet_counts WHERE n > 0`.execute(trx);
    return { facetRows: rows, generation: null, cached: false };
  }
  const hit = await sql<{ facets: FacetRow[] }>`
    SELECT c.facets FROM search_facet_cache c
      JOIN search_index_state s ON s.id = 1 AND s.generation = c.generation
    WHERE c.key = ${plan.cacheKey}
  `.execute(trx);
  if (hit.rows.length > 0) return { facetRows: hit.rows[0].facets, generation: null, cached: true };
  // One statement, one snapshot: the counts belong to the generation read beside them.
  const counted = await sql<{ generation: string; facets: FacetRow[] }>`
    SELECT (SELECT generation FROM search_index_state WHERE id = 1) AS generation,
      (SELECT coalesce(json_agg(json_build_object('k', f.k, 'n', f.n)), '[]'::json)
         FROM (SELECT k, count(*)::int AS n FROM search_documents d, unnest(d.facet_keys) AS k
               WHERE ${matches} GROUP BY k) f) AS facets
  `.execute(trx);
  return { facetRows: counted.rows[0].facets, generation: counted.rows[0].generation, cached: false };
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
  const all = plan.unfiltered
    ? total
    : totalOf(
        (await sql<FacetRow>`SELECT key AS k, n FROM search_facet_counts WHERE key LIKE 'type:%'`.execute(trx)).rows,
      );
  const steps = (rows: number) => (rows * all) / total;
  if (sort === "relevance")
    return { window: total > RANK_WINDOW && steps(RANK_WINDOW) <= MAX_WALK_STEPS, walked: null };
  if (offset >= total || steps(offset + pageSize) > MAX_WALK_STEPS) return { window: false, walked: null };
  // The outer ORDER BY names the inner one's output, so the planner sees the rows arrive in
  // order and stops at the page's last row (sorting an expression again would read them all).
  const [key, order] = sort === "newest" ? [sql`d.updated_at`, sql`DESC`] : [sql`lower(d.title)`, sql`ASC`];
  const { rows } = await sql<{ id: string }>`
    SELECT d.id FROM (
      SELECT d.*, ${key} AS sort_key FROM search_documents d
      ORDER BY ${key} ${order}, d.id LIMIT ${2 * MAX_WALK_STEPS}
    ) d
    WHERE ${matches} ORDER BY d.sort_key ${order}, d.id LIMIT ${offset + pageSize}
  `.execute(trx);
  // Complete if the page filled up, or if the walk saw every document.
  const complete = rows.length === offset + pageSize || all <= 2 * MAX_WALK_STEPS;
  return { window: false, walked: complete ? rows.slice(offset).map((r) => r.id) : null };
}

/**
 * The page: a bounded top-N over narrow columns (no text), for readHits to complete. Relevance
 * ranks every match with ts_rank, except for a broad query (a large share of the index): then the
 * RANK_WINDOW newest matches are ranked and come first, and the rest follow newest first, so that
 * ranking costs the same at any number of matches and pages never overlap.
 */
async function pageQuery(
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
async function readHits(trx: Kysely<Database>, plan: SearchPlan, pageRows: RawBuilder<unknown>): Promise<HitRow[]> {
  const { rows } = await sql<{ hits: HitRow[] }>`
    WITH page AS (${pageRows})
    SELECT coalesce(json_agg(${hitJson(plan.tsquery)} ORDER BY p.part, ${orderBy(plan.sort, "p")}), '[]'::json) AS hits
    FROM page p JOIN search_documents d ON d.id = p.id
  `.execute(trx);
  return rows[0].hits;
}

/** Facet rows ('facet:value', count) as the result's facets, each most frequent first. */
function facetsOf(facetRows: FacetRow[]): SearchResult["facets"] {
  const facets = emptyFacets();
  for (const { k, n } of facetRows) {
    const split = k.indexOf(":");
    const name = k.slice(0, split) as FacetName;
    if (FACET_NAMES.includes(name)) facets[name].push({ value: k.slice(split + 1), count: n });
  }
  for (const name of FACET_NAMES) facets[name].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return facets;
}

/** Search on PostgreSQL itself: full-text search and trigram similarity on the same database. */
export class EmbeddedSearchEngine implements SearchEngine {
  readonly name = "embedded" as const;

  /**
   * `memory: false` answers every search from SQL alone (tests compare both ways); by default the
   * in-memory index (memory-index.ts) answers once loaded, and SQL while it loads. `snapshots`: the
   * folder where the in-memory index keeps its snapshot, for a fast restart (memory-snapshot.ts).
   */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: { memory?: boolean; snapshots?: string | null } = {},
  ) {
    if (options.memory !== false && options.snapshots !== undefined)
      memorySearchFor(db, { snapshots: options.snapshots });
  }

  private get memory() {
    return this.options.memory === false ? null : memorySearchFor(this.db);
  }

  /** Waits until the in-memory index is loaded (start-up and benchmarks); searches do not wait for a large one. */
  async warmUp(): Promise<void> {
    await this.memory?.ready();
  }

  async health(): Promise<EngineHealth> {
    try {
      await sql`SELECT similarity('narcotics', 'narcotcs')`.execute(this.db);
      const memory = this.memory;
      if (!memory) return { engine: this.name, ok: true };
      // Loading, or failed: searches are answered from SQL meanwhile (correct, slower).
      return { engine: this.name, ok: true, detail: `in-memory index ${memory.describe()}` };
    } catch (error) {
      return { engine: this.name, ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }

  /**
   * The embedded engine's settings are its migrations (0004_search and later); at start-up this
   * loads the in-memory index (a large one in the background, searches answer from SQL meanwhile).
   */
  async applySettings(): Promise<void> {
    await this.memory?.prepare();
  }

  async index(docs: SearchDocument[]): Promise<void> {
    if (docs.length === 0) return;
    const rows = JSON.stringify(
      docs.map((doc) => ({ ...doc, facetText: doc.facetText ?? "", facetKeys: facetKeys(doc) })),
    );
    await this.db.transaction().execute(async (trx) => {
      await sql`
        INSERT INTO search_documents AS s (id, type, record_id, title, body, language, pillars, capacity_areas,
          countries, routes, status, priority, organization_id, organization_name, start_date, end_date,
          start_year, end_year, amount, currency, updated_at, facet_keys, facet_text, indexed_at)
        SELECT d.id, d.type, d."recordId", d.title, d.text, d.language, d.pillars, d."capacityAreas", d.countries,
          d.routes, d.status, d.priority, d."organizationId", d."organizationName", d."startDate", d."endDate",
          d."startYear", d."endYear", d.amount, d.currency, d."updatedAt", d."facetKeys", d."facetText", now()
        FROM jsonb_to_recordset(${rows}::jsonb) AS d(id text, type text, "recordId" int, title text, text text,
          language text, pillars text[], "capacityAreas" text[], countries text[], routes text[], status text,
          priority text, "organizationId" int, "organizationName" text, "startDate" date, "endDate" date,
          "startYear" int, "endYear" int, amount numeric, currency text, "updatedAt" timestamptz,
          "facetKeys" text[], "facetText" text)
        ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body, language = EXCLUDED.language,
          pillars = EXCLUDED.pillars, capacity_areas = EXCLUDED.capacity_areas, countries = EXCLUDED.countries,
          routes = EXCLUDED.routes, status = EXCLUDED.status, priority = EXCLUDED.priority,
          organization_id = EXCLUDED.organization_id, organization_name = EXCLUDED.organization_name,
          start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date, start_year = EXCLUDED.start_year,
          end_year = EXCLUDED.end_year, amount = EXCLUDED.amount, currency = EXCLUDED.currency,
          updated_at = EXCLUDED.updated_at, facet_keys = EXCLUDED.facet_keys,
          facet_text = EXCLUDED.facet_text, indexed_at = now()
      `.execute(trx);
      // The vocabulary for typo correction; sorted so that concurrent writers take locks in one order.
      await sql`
        INSERT INTO search_terms (term)
        SELECT DISTINCT w
        FROM jsonb_to_recordset(${rows}::jsonb) AS d(title text, text text, "organizationName" text, "facetText" text),
          unnest(tsvector_to_array(to_tsvector('simple',
            adam_unaccent(concat_ws(' ', d.title, d."organizationName", d.text, d."facetText"))))) AS w
        WHERE length(w) BETWEEN 3 AND 40
        ORDER BY w
        ON CONFLICT (term) DO NOTHING
      `.execute(trx);
    });
  }

  async delete(refs: SearchRef[]): Promise<void> {
    if (refs.length === 0) return;
    await sql`DELETE FROM search_documents WHERE id = ANY(${refs.map(documentId)}::text[])`.execute(this.db);
  }

  async clear(): Promise<void> {
    await sql`DELETE FROM search_documents`.execute(this.db);
    await sql`DELETE FROM search_terms`.execute(this.db);
    // Already stale (the delete moved the index to a new generation); gone, to keep the table small.
    await sql`DELETE FROM search_facet_cache`.execute(this.db);
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const { page, pageSize } = normalizePaging(query);
    const plan = await parseSearch(this.db, query, (page - 1) * pageSize, pageSize);
    const memory = this.memory;
    await memory?.prepare();

    // Repeatable read: the counts (cached or counted) and the page come from one snapshot, so a
    // concurrent index write cannot make them disagree.
    const { facetRows, generation, cached, hits } = await this.db
      .transaction()
      .setIsolationLevel("repeatable read")
      .execute((trx) => searchInSnapshot(trx, plan, memory));

    const total = totalOf(facetRows);
    if (!plan.unfiltered && !cached && generation !== null)
      await this.cacheFacets(plan.cacheKey, generation, facetRows);
    return {
      hits: hits.map(toHit),
      total,
      page,
      pageSize,
      totalPages: Math.ceil(total / pageSize),
      facets: facetsOf(facetRows),
    };
  }

  /**
   * Outside the search's transaction: a newer generation's entry is never overwritten by an
   * older one; now and then the entries of past generations are swept away.
   */
  private async cacheFacets(cacheKey: string, generation: string, facetRows: FacetRow[]): Promise<void> {
    await sql`
      INSERT INTO search_facet_cache AS c (key, generation, facets)
      VALUES (${cacheKey}, ${generation}::bigint, ${JSON.stringify(facetRows)}::jsonb)
      ON CONFLICT (key) DO UPDATE SET generation = EXCLUDED.generation, facets = EXCLUDED.facets, created_at = now()
      WHERE c.generation < EXCLUDED.generation
    `.execute(this.db);
    if (Math.random() < CACHE_SWEEP_CHANCE) {
      await sql`
        DELETE FROM search_facet_cache
        WHERE generation < ${generation}::bigint
           OR key IN (SELECT key FROM search_facet_cache ORDER BY created_at DESC OFFSET ${CACHE_MAX_ENTRIES})
      `.execute(this.db);
    }
  }

  async similar(target: SearchRef | { text: string }, options: SimilarOptions = {}): Promise<SearchHit[]> {
    const limit = Math.min(50, Math.max(1, options.limit ?? 10));
    let text: string;
    let exclude: string | null = null;
    if ("text" in target) text = target.text;
    else {
      exclude = documentId(target);
      const source = await this.db
        .selectFrom("search_documents")
        .select(["title", "body"])
        .where("id", "=", exclude)
        .executeTakeFirst();
      if (!source) return [];
      // The title counts twice: it says what the record is about more densely than the body.
      text = `${source.title} ${source.title} ${source.body.slice(0, 600)}`;
    }
    const tsquery = await buildAnyWordQuery(this.db, text);
    if (!tsquery) return [];
    const where = filterConditions(options.filters);
    where.push(sql`d.tsv @@ ${tsquery}`);
    if (exclude) where.push(sql`d.id <> ${exclude}`);
    // ts_rank_cd rewards records that share more of the words, and share them close together.
    const { rows } = await sql<{ hit: HitRow }>`
      SELECT ${hitJson(tsquery)} AS hit
      FROM search_documents d
      WHERE ${sql.join(where, sql` AND `)}
      ORDER BY ts_rank_cd(d.tsv, ${tsquery}, 1) DESC, d.updated_at DESC, d.id
      LIMIT ${limit}
    `.execute(this.db);
    return rows.map((r) => toHit(r.hit));
  }

  async close(): Promise<void> {}
}
