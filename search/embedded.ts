import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema";
import {
  documentId,
  emptyFacets,
  FACET_NAMES,
  normalizePaging,
  type EngineHealth,
  type FacetName,
  type SearchDocument,
  type SearchEngine,
  type SearchHit,
  type SearchQuery,
  type SearchRef,
  type SearchResult,
  type SimilarOptions,
} from "./engine";
import { buildAnyWordQuery, buildTsQuery, filterConditions, hitJson, orderBy } from "./embedded-query";
import { markedToHtml } from "./text";

type HitRow = Omit<SearchDocument, "updatedAt"> & { updatedAt: string; hlTitle: string; hlSnippet: string };

function toHit(row: HitRow): SearchHit {
  const { hlTitle, hlSnippet, ...document } = row;
  const doc: SearchDocument = {
    ...document,
    countries: document.countries.map((c) => c.trim()),
    currency: document.currency?.trim() ?? null,
    updatedAt: new Date(document.updatedAt).toISOString(),
  };
  return { id: doc.id, type: doc.type, recordId: doc.recordId, title: doc.title, highlight: { title: markedToHtml(hlTitle), snippet: markedToHtml(hlSnippet) }, document: doc };
}

/** 'facet:value' for every facet value of a document (see search_documents.facet_keys). */
function facetKeys(doc: SearchDocument): string[] {
  const keys = [`type:${doc.type}`, `status:${doc.status}`, `organization:${doc.organizationId}`];
  if (doc.priority) keys.push(`priority:${doc.priority}`);
  for (const v of doc.pillars) keys.push(`pillar:${v}`);
  for (const v of doc.capacityAreas) keys.push(`capacityArea:${v}`);
  for (const v of doc.countries) keys.push(`country:${v.trim()}`);
  for (const v of doc.routes) keys.push(`route:${v}`);
  return keys;
}

/** Search on PostgreSQL itself: full-text search and trigram similarity on the same database. */
export class EmbeddedSearchEngine implements SearchEngine {
  readonly name = "embedded" as const;

  constructor(private readonly db: Kysely<Database>) {}

  async health(): Promise<EngineHealth> {
    try {
      await sql`SELECT similarity('narcotics', 'narcotcs')`.execute(this.db);
      return { engine: this.name, ok: true };
    } catch (error) {
      return { engine: this.name, ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }

  /** The embedded engine's settings are its migration (0004_search); nothing to apply at run time. */
  async applySettings(): Promise<void> {}

  async index(docs: SearchDocument[]): Promise<void> {
    if (docs.length === 0) return;
    const rows = JSON.stringify(docs.map((doc) => ({ ...doc, facetKeys: facetKeys(doc) })));
    await this.db.transaction().execute(async (trx) => {
      await sql`
        INSERT INTO search_documents AS s (id, type, record_id, title, body, language, pillars, capacity_areas, countries, routes,
          status, priority, organization_id, organization_name, start_date, end_date, start_year, end_year, amount, currency, updated_at, facet_keys, indexed_at)
        SELECT d.id, d.type, d."recordId", d.title, d.text, d.language, d.pillars, d."capacityAreas", d.countries, d.routes,
          d.status, d.priority, d."organizationId", d."organizationName", d."startDate", d."endDate", d."startYear", d."endYear",
          d.amount, d.currency, d."updatedAt", d."facetKeys", now()
        FROM jsonb_to_recordset(${rows}::jsonb) AS d(id text, type text, "recordId" int, title text, text text, language text,
          pillars text[], "capacityAreas" text[], countries text[], routes text[], status text, priority text, "organizationId" int,
          "organizationName" text, "startDate" date, "endDate" date, "startYear" int, "endYear" int, amount numeric, currency text,
          "updatedAt" timestamptz, "facetKeys" text[])
        ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body, language = EXCLUDED.language,
          pillars = EXCLUDED.pillars, capacity_areas = EXCLUDED.capacity_areas, countries = EXCLUDED.countries, routes = EXCLUDED.routes,
          status = EXCLUDED.status, priority = EXCLUDED.priority, organization_id = EXCLUDED.organization_id,
          organization_name = EXCLUDED.organization_name, start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date,
          start_year = EXCLUDED.start_year, end_year = EXCLUDED.end_year, amount = EXCLUDED.amount, currency = EXCLUDED.currency,
          updated_at = EXCLUDED.updated_at, facet_keys = EXCLUDED.facet_keys, indexed_at = now()
      `.execute(trx);
      // The vocabulary for typo correction; sorted so that concurrent writers take locks in one order.
      await sql`
        INSERT INTO search_terms (term)
        SELECT DISTINCT w FROM jsonb_to_recordset(${rows}::jsonb) AS d(title text, text text, "organizationName" text),
          unnest(tsvector_to_array(to_tsvector('simple', adam_unaccent(concat_ws(' ', d.title, d."organizationName", d.text))))) AS w
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
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const { page, pageSize } = normalizePaging(query);
    const offset = (page - 1) * pageSize;
    const tsquery = await buildTsQuery(this.db, query.q, { prefix: true });
    const where = filterConditions(query.filters);
    if (tsquery) where.push(sql`d.tsv @@ ${tsquery}`);
    const sort = query.sort ?? (tsquery ? "relevance" : "newest");
    // Only a relevance sort needs the rank of every match; the other sorts walk an index and stop.
    const rank = tsquery && sort === "relevance" ? sql`ts_rank(d.tsv, ${tsquery})` : sql`0::real`;
    const unfiltered = where.length === 1;
    // The page (a bounded top-N over narrow columns: no text), then whole documents and ts_headline
    // for the page's rows only. Facet counts come from the matches' precomputed facet keys; every
    // document has exactly one 'type:' key, so the type counts add up to the total. Browsing
    // everything (no query, no filter) reads the counts that triggers keep (0010_search_speed).
    const facetRows = unfiltered
      ? sql`SELECT key AS k, n FROM search_facet_counts WHERE n > 0`
      : sql`SELECT k, count(*)::int AS n FROM search_documents d, unnest(d.facet_keys) AS k WHERE ${sql.join(where, sql` AND `)} GROUP BY k`;
    const statement = sql<{ hits: HitRow[]; facets: Array<{ k: string; n: number }> }>`
      WITH page AS (
        SELECT m.id, m.rank, m.updated_at, m.title
        FROM (SELECT d.id, ${rank} AS rank, d.updated_at, d.title FROM search_documents d WHERE ${sql.join(where, sql` AND `)}) m
        ORDER BY ${orderBy(sort, "m")} LIMIT ${pageSize} OFFSET ${offset}
      )
      SELECT
        (SELECT coalesce(json_agg(${hitJson(tsquery)} ORDER BY ${orderBy(sort, "p")}), '[]'::json)
           FROM page p JOIN search_documents d ON d.id = p.id) AS hits,
        (SELECT coalesce(json_agg(json_build_object('k', f.k, 'n', f.n)), '[]'::json) FROM (${facetRows}) f) AS facets
    `;
    // Sorting and hashing tens of thousands of matches must not spill to disk at the default 4 MB.
    const row = unfiltered
      ? (await statement.execute(this.db)).rows[0]
      : await this.db.transaction().execute(async (trx) => {
          await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
          return (await statement.execute(trx)).rows[0];
        });
    const facets = emptyFacets();
    let total = 0;
    for (const { k, n } of row.facets) {
      const split = k.indexOf(":");
      const name = k.slice(0, split) as FacetName;
      if (name === "type") total += n;
      if (FACET_NAMES.includes(name)) facets[name].push({ value: k.slice(split + 1), count: n });
    }
    for (const name of FACET_NAMES) facets[name].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    return {
      hits: row.hits.map(toHit),
      total,
      page,
      pageSize,
      totalPages: Math.ceil(total / pageSize),
      facets,
    };
  }

  async similar(target: SearchRef | { text: string }, options: SimilarOptions = {}): Promise<SearchHit[]> {
    const limit = Math.min(50, Math.max(1, options.limit ?? 10));
    let text: string;
    let exclude: string | null = null;
    if ("text" in target) text = target.text;
    else {
      exclude = documentId(target);
      const source = await this.db.selectFrom("search_documents").select(["title", "body"]).where("id", "=", exclude).executeTakeFirst();
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
