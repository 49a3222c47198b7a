import type { SearchFilters, SearchSort } from "./engine";
import type { TsNode } from "./tsquery";

// The shapes the in-memory index (memory-index.ts) takes in and gives out: a document as loaded
// from PostgreSQL (memory-load.ts), the whole index as a snapshot stores it (memory-snapshot.ts),
// and a search's request and result. Apart from the index so that its readers and writers
// depend on these shapes only.

/** One document as the index needs it. */
export interface MemoryDocument {
  id: string;
  /** updated_at in microseconds since the epoch (PostgreSQL's precision). */
  updatedAt: number;
  /** lower(title): the title sort's key. */
  titleKey: string;
  startYear: number | null;
  endYear: number | null;
  facetKeys: string[];
  /** Each lexeme of its tsvector with its info byte (see lexemeInfo). */
  lexemes: Array<[string, number]>;
  /** Keys (tsNodeKey) of the precomputed phrases the document matches. */
  phrases: string[];
}

/** The whole of an index, as a snapshot stores it (memory-snapshot.ts). */
export interface MemoryIndexParts {
  generation: number;
  phraseKeys: string[];
  /** By document number, the dead ones included (alive 0). */
  ids: string[];
  titleKeys: string[];
  facetNames: string[];
  lexemes: string[];
  alive: Uint8Array<ArrayBuffer>;
  updatedAt: Float64Array<ArrayBuffer>;
  startYear: Int32Array<ArrayBuffer>;
  endYear: Int32Array<ArrayBuffer>;
  facetStart: Uint32Array<ArrayBuffer>;
  facetCount: Uint8Array<ArrayBuffer>;
  facetPool: Uint16Array<ArrayBuffer>;
  /** The lexemes' lists in the order of `lexemes`, then the phrases' in the order of `phraseKeys`. */
  postings: Array<{ docs: Uint32Array<ArrayBuffer>; infos: Uint8Array<ArrayBuffer> }>;
}

export interface MemoryQuery {
  /** The parsed tsquery, or null without search words. */
  query: TsNode | null;
  /** Lexemes that only typo corrections brought into the query (see EXACT). */
  typoLexemes?: ReadonlySet<string>;
  filters?: SearchFilters;
  sort: SearchSort;
  offset: number;
  limit: number;
}

export interface MemoryResult {
  total: number;
  facets: Array<{ k: string; n: number }>;
  /** Ids of the page's documents, in order. */
  ids: string[];
}
