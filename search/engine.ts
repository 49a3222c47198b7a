// The search engine interface. Every engine follows these rules (tests/support/search-contract.ts
// holds them, tests/support/search-relevance.ts measures them on a judged corpus):
// - Every query word must match (or its synonym group, or a facet name standing for it), in any
//   of the app's languages; English and Russian words match across their word forms.
// - Typos as Meilisearch counts them: a word of 5 to 8 letters matches with one typo, of 9 letters
//   and more with two, a shorter word only exactly. A typo is an insertion, a deletion, a
//   substitution or a transposition of two neighbours (restricted Damerau–Levenshtein). A wrong
//   first letter is one typo like any other: Meilisearch's default ranking counts it as two, ADAM
//   counts it as one (the embedded engine; Meilisearch keeps its own count). Typos are matched
//   against the words of the index. An exact match ranks above a typo match, wherever each occurs.
// - Synonyms of the field (search/synonyms.json: acronyms and their expansions, English and
//   Russian) work both ways: any member of a group finds the records with any other.
// - A record is also found by the names of its countries (English, Russian and common forms,
//   search/facet-aliases.json), routes and capacity areas, ranked below its own words.
// - Relevance ranks exact before corrected matches, then title above organization above text above
//   facet names; ties newest first.

/** The state of a search engine as /healthz reports it. */
export interface EngineHealth {
  engine: "embedded" | "meilisearch";
  ok: boolean;
  detail?: string;
}

/** The kinds of searchable record (search_documents.type, search_outbox.entity_type). */
export const SEARCH_RECORD_TYPES = ["project", "need"] as const;
export type SearchRecordType = (typeof SEARCH_RECORD_TYPES)[number];

/** The languages a record is written in (search_documents.language). */
export const SEARCH_LANGUAGES = ["en", "ru"] as const;

/** Points at one searchable record in the database. */
export interface SearchRef {
  type: SearchRecordType;
  recordId: number;
}

/**
 * One record as the engines index it. Derived from the database (search/documents.server.ts);
 * PostgreSQL stays the source of truth. Money stays a decimal string.
 */
export interface SearchDocument {
  /** `project:12`, `need:7` */
  id: string;
  type: SearchRecordType;
  recordId: number;
  title: string;
  /** Summary and description (projects) or description (needs), as written. */
  text: string;
  language: (typeof SEARCH_LANGUAGES)[number];
  pillars: string[];
  capacityAreas: string[];
  /** ISO 3166 alpha-3 codes. */
  countries: string[];
  /** Trafficking routes through any of the countries. */
  routes: string[];
  /**
   * Names of its countries (with their common forms, search/facet-aliases.json), routes and
   * capacity areas in English and Russian: a record is found by its facets' names, ranked below
   * its own words. Built with the document; not returned in hits.
   */
  facetText?: string;
  status: string;
  /** Needs only. */
  priority: string | null;
  /** The donor organization of a project, the beneficiary agency of a need. */
  organizationId: number;
  organizationName: string;
  /** The period: projects' start and end, needs' wanted time frame; null = open on that side. */
  startDate: string | null;
  endDate: string | null;
  startYear: number | null;
  endYear: number | null;
  /** Budget (projects) or estimated cost (needs) in its own currency. */
  amount: string | null;
  currency: string | null;
  /** ISO timestamp of the record's last change. */
  updatedAt: string;
}

/** Filters: values within one filter are OR-ed, filters are AND-ed. */
export interface SearchFilters {
  type?: SearchRecordType[];
  pillar?: string[];
  capacityArea?: string[];
  country?: string[];
  route?: string[];
  status?: string[];
  priority?: string[];
  /** Organization ids: the donor of a project, the agency of a need. */
  organization?: number[];
  /** Records whose period touches this calendar year (a missing bound is open). */
  year?: number;
}

export const FACET_NAMES = [
  "type",
  "pillar",
  "capacityArea",
  "country",
  "route",
  "status",
  "priority",
  "organization",
] as const;
export type FacetName = (typeof FACET_NAMES)[number];
export interface FacetValue {
  value: string;
  count: number;
}
/** Counts over the whole result set (query and every filter applied), largest first. */
export type Facets = Record<FacetName, FacetValue[]>;

export type SearchSort = "relevance" | "newest" | "title";

export interface SearchQuery {
  q?: string;
  filters?: SearchFilters;
  /** Default relevance (newest when there is no query text). */
  sort?: SearchSort;
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export interface SearchHit {
  id: string;
  type: SearchRecordType;
  recordId: number;
  title: string;
  /** HTML-safe: the text is escaped and matched words are wrapped in <mark></mark>. */
  highlight: { title: string; snippet: string };
  document: SearchDocument;
}

export interface SearchResult {
  hits: SearchHit[];
  total: number;
  page: number;
  pageSize: number;
  totalPages: number;
  facets: Facets;
}

export interface SimilarOptions {
  filters?: SearchFilters;
  limit?: number;
}

/** The search engine interface used by the app; engines live beside this file. */
export interface SearchEngine {
  readonly name: "embedded" | "meilisearch";
  health(): Promise<EngineHealth>;
  /** Puts the engine's settings (from code) in place; idempotent. */
  applySettings(): Promise<void>;
  /** Adds or replaces documents; resolves once they are searchable, throws if the engine refused them. */
  index(docs: SearchDocument[]): Promise<void>;
  delete(refs: SearchRef[]): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult>;
  /** Records like the given one (never itself) or like a piece of text, best first. */
  similar(target: SearchRef | { text: string }, options?: SimilarOptions): Promise<SearchHit[]>;
  /** Removes every document (a full reindex follows). */
  clear(): Promise<void>;
  close(): Promise<void>;
}

export function documentId(ref: SearchRef): string {
  return `${ref.type}:${ref.recordId}`;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Clamps paging input that may come straight from a URL. */
export function normalizePaging(query: SearchQuery): { page: number; pageSize: number } {
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(query.pageSize ?? DEFAULT_PAGE_SIZE)));
  const page = Math.max(1, Math.floor(query.page ?? 1));
  return { page, pageSize };
}

export function emptyFacets(): Facets {
  return { type: [], pillar: [], capacityArea: [], country: [], route: [], status: [], priority: [], organization: [] };
}
