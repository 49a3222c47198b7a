import { sql, type Kysely } from "kysely";
import { z } from "zod";
import { inTransaction } from "../app/utils/transaction.server";
import { rawRows } from "../db/rows";
import type { Database } from "../db/schema";
import { cacheFacets } from "./embedded-facets";
import { parseSearch } from "./embedded-plan";
import { buildAnyWordQuery, filterConditions, hitJson } from "./embedded-query";
import { facetsOf, HitRow, toHit, totalOf } from "./embedded-results";
import { searchInSnapshot } from "./embedded-search";
import { writeDocuments } from "./embedded-writes";
import {
  documentId,
  normalizePaging,
  type EngineHealth,
  type SearchDocument,
  type SearchEngine,
  type SearchHit,
  type SearchQuery,
  type SearchRef,
  type SearchResult,
  type SimilarOptions,
} from "./engine";
import { memorySearchFor } from "./memory-sync";

// The embedded engine: search on PostgreSQL itself, behind the SearchEngine interface. This file
// holds the engine's class and what it answers with; the search's parts live beside it:
// embedded-plan.ts (parsing a search), embedded-search.ts (one search's transaction),
// embedded-facets.ts (facet counts and their cache), embedded-page.ts (ordering and the page),
// embedded-results.ts (rows into results), embedded-writes.ts (indexing documents),
// embedded-query.ts (SQL building blocks), and the in-memory index (memory-*.ts).

export { facetKeys } from "./embedded-writes";
export { MAX_WALK_STEPS, RANK_WINDOW } from "./embedded-page";

/** The row of similar(): one hit rendered by hitJson(). Raw SQL: ts_rank_cd and ts_headline. */
const SimilarRow = z.object({ hit: HitRow });

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
    // The engine's db is the app's database, never a transaction (the engine lives as long as the
    // process, and search() opens its own repeatable-read transaction on it): inTransaction here is
    // db.transaction(), written the project's one way.
    await inTransaction(this.db, (trx) => writeDocuments(trx, docs));
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
      await cacheFacets(this.db, plan.cacheKey, generation, facetRows);
    return {
      hits: hits.map(toHit),
      total,
      page,
      pageSize,
      totalPages: Math.ceil(total / pageSize),
      facets: facetsOf(facetRows),
    };
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
    const rows = await rawRows(
      this.db,
      "embedded.similar",
      SimilarRow,
      sql`
      SELECT ${hitJson(tsquery)} AS hit
      FROM search_documents d
      WHERE ${sql.join(where, sql` AND `)}
      ORDER BY ts_rank_cd(d.tsv, ${tsquery}, 1) DESC, d.updated_at DESC, d.id
      LIMIT ${limit}
    `,
    );
    return rows.map((r) => toHit(r.hit));
  }

  async close(): Promise<void> {}
}
