import type { ColumnType, Generated } from "kysely";
import type { Decimal, DateString, Timestamp } from "./columns";
import type { Locale } from "./reference";

// The embedded search engine's tables and the outbox that keeps any engine in step.

export interface SearchDocumentsTable {
  id: string;
  type: "project" | "need";
  record_id: number;
  title: string;
  body: string;
  language: Locale;
  pillars: ColumnType<string[], string[] | undefined, string[]>;
  capacity_areas: ColumnType<string[], string[] | undefined, string[]>;
  countries: ColumnType<string[], string[] | undefined, string[]>;
  routes: ColumnType<string[], string[] | undefined, string[]>;
  status: string;
  priority: string | null;
  organization_id: number;
  organization_name: string;
  start_date: DateString | null;
  end_date: DateString | null;
  start_year: number | null;
  end_year: number | null;
  amount: Decimal | null;
  currency: string | null;
  updated_at: Timestamp;
  facet_keys: ColumnType<string[], string[] | undefined, string[]>;
  indexed_at: Timestamp;
  /** Names of the record's countries, routes and capacity areas in both languages (0021_search_typos). */
  facet_text: Generated<string>;
  /** Generated from title, organization_name, body and facet_text; never written (never null, though
   * PostgreSQL types a generated column as nullable). */
  tsv: ColumnType<string | null, never, never>;
}

export interface SearchTermsTable {
  term: string;
  /** Order of arrival (0021_search_typos): the in-memory vocabulary reads only newer words. */
  seq: Generated<string>;
}

/** Facet counts of the whole index, kept in step by triggers (0010_search_speed). */
export interface SearchFacetCountsTable {
  key: string;
  n: number;
}

export interface SearchOutboxTable {
  entity_type: "project" | "need";
  entity_id: number;
  seq: Generated<string>;
  enqueued_at: Timestamp;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  last_attempt_at: Timestamp | null;
  /** Claimed by a worker until then (0015); null when free. */
  claimed_until: Timestamp | null;
}

/** The index's generation (0010_search_speed): bumped by every write to search_documents. */
export interface SearchIndexStateTable {
  id: number;
  generation: string;
  /** The oldest generation search_changes still describes (0012_search_changes): older ones are pruned. */
  changes_since: string;
  /** A random identity of this database (0023_search_snapshots): a snapshot of another is never loaded. */
  instance: Generated<string>;
}

/**
 * Which documents each index generation changed (0012_search_changes), written by the triggers of
 * search_documents, so that an in-memory index catches up with a few writes (search/memory-sync.ts).
 */
export interface SearchChangesTable {
  /** BIGINT: a string, as search_index_state.generation. */
  generation: ColumnType<string, never, never>;
  id: ColumnType<string, never, never>;
}

/** Facet counts of one search, valid while the index's generation is unchanged. */
export interface SearchFacetCacheTable {
  key: string;
  generation: string;
  facets: unknown;
  created_at: Generated<Date>;
}
