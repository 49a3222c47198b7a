import { Meilisearch, type Index, type SearchParams, type Settings, type Task } from "meilisearch";
import {
  documentId,
  emptyFacets,
  FACET_NAMES,
  normalizePaging,
  type EngineHealth,
  type FacetName,
  type SearchDocument,
  type SearchEngine,
  type SearchFilters,
  type SearchHit,
  type SearchQuery,
  type SearchRef,
  type SearchResult,
  type SimilarOptions,
} from "./engine";
import { MARK_END, MARK_START, markedToHtml, meilisearchSynonyms } from "./text";

export interface MeilisearchOptions {
  host: string;
  apiKey?: string;
  /** Milliseconds before a request is abandoned; the client has no default. */
  timeoutMs?: number;
  /** Milliseconds to wait for an indexing task (big batches during a reindex take longer). */
  taskTimeoutMs?: number;
  /** One index holds projects and needs (facets and ranking across both). */
  indexUid?: string;
}

/** What Meilisearch stores: the document, a key it accepts as primary key, and sort helpers. */
type MeiliDocument = SearchDocument & { key: string; titleSort: string; updatedAtTs: number };

/** Meilisearch ids allow letters, digits, - and _ only: `project:12` is stored as `project-12`. */
const meiliKey = (id: string) => id.replace(":", "-");

const FACET_ATTRIBUTE: Record<FacetName, keyof MeiliDocument> = {
  type: "type",
  pillar: "pillars",
  capacityArea: "capacityAreas",
  country: "countries",
  route: "routes",
  status: "status",
  priority: "priority",
  organization: "organizationId",
};

/** The index settings live here, in code, and applySettings() puts them in place. */
export const MEILISEARCH_SETTINGS: Settings = {
  // In order of importance: a word in the title weighs more than one in the organization or body.
  // facetText (names of the record's countries, routes and capacity areas) last: a record is found
  // by its facets' names, ranked below its own words.
  searchableAttributes: ["title", "organizationName", "text", "facetText"],
  filterableAttributes: [...Object.values(FACET_ATTRIBUTE), "startYear", "endYear", "key"],
  sortableAttributes: ["updatedAtTs", "titleSort"],
  displayedAttributes: ["*"],
  // Meilisearch's own defaults, which the embedded engine follows (search/typos.ts): 5 letters for one typo, 9 for two.
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
  synonyms: meilisearchSynonyms(),
  faceting: { maxValuesPerFacet: 300, sortFacetValuesBy: { "*": "count" } },
  pagination: { maxTotalHits: 5_000 },
};

const quote = (value: string | number) => JSON.stringify(String(value));

function filterExpression(filters: SearchFilters = {}): string[] {
  const out: string[] = [];
  const inList = (attribute: string, values: Array<string | number> | undefined) => {
    if (values && values.length > 0) out.push(`${attribute} IN [${values.map(quote).join(", ")}]`);
  };
  inList("type", filters.type);
  inList("pillars", filters.pillar);
  inList("capacityAreas", filters.capacityArea);
  inList(
    "countries",
    filters.country?.map((c) => c.toUpperCase()),
  );
  inList("routes", filters.route);
  inList("status", filters.status);
  inList("priority", filters.priority);
  inList("organizationId", filters.organization);
  if (filters.year !== undefined && Number.isInteger(filters.year)) {
    out.push(`(startYear IS NULL OR startYear <= ${filters.year}) AND (endYear IS NULL OR endYear >= ${filters.year})`);
  }
  return out;
}

function toMeili(doc: SearchDocument): MeiliDocument {
  return { ...doc, key: meiliKey(doc.id), titleSort: doc.title.toLowerCase(), updatedAtTs: Date.parse(doc.updatedAt) };
}

function toHit(hit: MeiliDocument & { _formatted?: Partial<Record<string, unknown>> }): SearchHit {
  const { key: _key, titleSort: _titleSort, updatedAtTs: _ts, _formatted, ...document } = hit;
  const title = typeof _formatted?.title === "string" ? _formatted.title : document.title;
  const snippet = typeof _formatted?.text === "string" ? _formatted.text : document.text.slice(0, 400);
  const doc = document as SearchDocument;
  return {
    id: doc.id,
    type: doc.type,
    recordId: doc.recordId,
    title: doc.title,
    highlight: { title: markedToHtml(title), snippet: markedToHtml(snippet) },
    document: doc,
  };
}

/** A task that ended in anything but success becomes an error naming the task and its reason. */
function assertSucceeded(task: Task, what: string): void {
  if (task.status !== "succeeded") {
    throw new Error(`Meilisearch ${what} task ${task.uid} ${task.status}: ${task.error?.message ?? "no reason given"}`);
  }
}

/** Search on a Meilisearch server through the official client. */
export class MeilisearchEngine implements SearchEngine {
  readonly name = "meilisearch" as const;
  readonly client: Meilisearch;
  readonly indexUid: string;
  private readonly taskTimeoutMs: number;

  constructor(options: MeilisearchOptions) {
    this.client = new Meilisearch({ host: options.host, apiKey: options.apiKey, timeout: options.timeoutMs ?? 5_000 });
    this.indexUid = options.indexUid ?? "adam_records";
    this.taskTimeoutMs = options.taskTimeoutMs ?? 60_000;
  }

  private get meiliIndex(): Index<MeiliDocument> {
    return this.client.index<MeiliDocument>(this.indexUid);
  }

  async health(): Promise<EngineHealth> {
    const ok = await this.client.isHealthy();
    return { engine: this.name, ok, detail: ok ? undefined : "Meilisearch did not answer its health check" };
  }

  async applySettings(): Promise<void> {
    const created = await this.client
      .createIndex(this.indexUid, { primaryKey: "key" })
      .waitTask({ timeout: this.taskTimeoutMs });
    if (created.status !== "succeeded" && created.error?.code !== "index_already_exists")
      assertSucceeded(created, "create index");
    const updated = await this.meiliIndex
      .updateSettings(MEILISEARCH_SETTINGS)
      .waitTask({ timeout: this.taskTimeoutMs });
    assertSucceeded(updated, "settings");
  }

  async index(docs: SearchDocument[]): Promise<void> {
    if (docs.length === 0) return;
    // Waiting makes a refused batch an error here, so the outbox keeps its rows and retries.
    const task = await this.meiliIndex
      .addDocuments(docs.map(toMeili), { primaryKey: "key" })
      .waitTask({ timeout: this.taskTimeoutMs });
    assertSucceeded(task, "add documents");
  }

  async delete(refs: SearchRef[]): Promise<void> {
    if (refs.length === 0) return;
    const task = await this.meiliIndex
      .deleteDocuments(refs.map((r) => meiliKey(documentId(r))))
      .waitTask({ timeout: this.taskTimeoutMs });
    assertSucceeded(task, "delete documents");
  }

  async clear(): Promise<void> {
    const task = await this.meiliIndex.deleteAllDocuments().waitTask({ timeout: this.taskTimeoutMs });
    if (task.status !== "succeeded" && task.error?.code !== "index_not_found") assertSucceeded(task, "clear");
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const { page, pageSize } = normalizePaging(query);
    const sort = query.sort ?? (query.q?.trim() ? "relevance" : "newest");
    const params: SearchParams = {
      filter: filterExpression(query.filters),
      facets: Object.values(FACET_ATTRIBUTE),
      page,
      hitsPerPage: pageSize,
      attributesToHighlight: ["title"],
      attributesToCrop: ["text"],
      cropLength: 30,
      highlightPreTag: MARK_START,
      highlightPostTag: MARK_END,
      sort: sort === "newest" ? ["updatedAtTs:desc"] : sort === "title" ? ["titleSort:asc"] : undefined,
    };
    const response = await this.meiliIndex.search(query.q?.trim() || null, params);
    const facets = emptyFacets();
    for (const name of FACET_NAMES) {
      const distribution = response.facetDistribution?.[FACET_ATTRIBUTE[name]] ?? {};
      facets[name] = Object.entries(distribution)
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    }
    const total = "totalHits" in response && typeof response.totalHits === "number" ? response.totalHits : 0;
    return { hits: response.hits.map(toHit), total, page, pageSize, totalPages: Math.ceil(total / pageSize), facets };
  }

  async similar(target: SearchRef | { text: string }, options: SimilarOptions = {}): Promise<SearchHit[]> {
    const limit = Math.min(50, Math.max(1, options.limit ?? 10));
    const filter = filterExpression(options.filters);
    let text: string;
    if ("text" in target) text = target.text;
    else {
      const key = meiliKey(documentId(target));
      const source = await this.meiliIndex.getDocument(key).catch((error: unknown) => {
        if ((error as { cause?: { code?: string } }).cause?.code === "document_not_found") return null;
        throw error;
      });
      if (!source) return [];
      text = `${source.title} ${source.text}`;
      filter.push(`key != ${quote(key)}`);
    }
    // No embedder is configured, so "similar" is a text search on the record's own words where
    // rare words count most and not every word has to match.
    const response = await this.meiliIndex.search(text.split(/\s+/).slice(0, 10).join(" "), {
      filter,
      limit,
      matchingStrategy: "frequency",
      attributesToHighlight: ["title"],
      attributesToCrop: ["text"],
      cropLength: 30,
      highlightPreTag: MARK_START,
      highlightPostTag: MARK_END,
    });
    return response.hits.map(toHit);
  }

  async close(): Promise<void> {}
}
