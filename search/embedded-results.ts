import {
  emptyFacets,
  FACET_NAMES,
  type FacetName,
  type SearchDocument,
  type SearchHit,
  type SearchResult,
} from "./engine";
import { markedToHtml } from "./text";

// The embedded engine's answers turned into the engine's result: a hit row (the JSON of
// hitJson() in embedded-query.ts) into a SearchHit, facet rows into the result's facets. Shared by
// the SQL path and the in-memory index, which both answer in these two shapes.

/** One hit as hitJson() renders it: the document (dates as text) and its two highlights. */
export type HitRow = Omit<SearchDocument, "updatedAt"> & { updatedAt: string; hlTitle: string; hlSnippet: string };

/** One facet count: `k` a facet key ('country:TJK'), `n` its documents. */
export type FacetRow = { k: string; n: number };

export function toHit(row: HitRow): SearchHit {
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

/** Every document has exactly one 'type:' facet key: their counts add up to the number of documents. */
export function totalOf(rows: FacetRow[]): number {
  return rows.reduce((sum, { k, n }) => (k.startsWith("type:") ? sum + n : sum), 0);
}

/** Facet rows ('facet:value', count) as the result's facets, each most frequent first. */
export function facetsOf(facetRows: FacetRow[]): SearchResult["facets"] {
  const facets = emptyFacets();
  for (const { k, n } of facetRows) {
    const split = k.indexOf(":");
    const name = k.slice(0, split) as FacetName;
    if (FACET_NAMES.includes(name)) facets[name].push({ value: k.slice(split + 1), count: n });
  }
  for (const name of FACET_NAMES) facets[name].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return facets;
}
