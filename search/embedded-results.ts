import { z } from "zod";
import { column } from "../db/rows";
import {
  emptyFacets,
  FACET_NAMES,
  SEARCH_LANGUAGES,
  SEARCH_RECORD_TYPES,
  type FacetName,
  type SearchDocument,
  type SearchHit,
  type SearchResult,
} from "./engine";
import { markedToHtml } from "./text";

// The embedded engine's answers turned into the engine's result: a hit row (the JSON of
// hitJson() in embedded-query.ts) into a SearchHit, facet rows into the result's facets. Shared by
// the SQL path and the in-memory index, which both answer in these two shapes.

/**
 * One hit as hitJson() renders it (embedded-query.ts): the document (dates, amount and updated_at as
 * JSON text) and its two highlights. Raw rows hold it as JSON (json_agg, json_build_object), checked
 * against this schema (db/rows.ts) by each reader: the SQL path's page, the in-memory index's, similar().
 */
export const HitRow = z.object({
  id: column.text,
  type: z.enum(SEARCH_RECORD_TYPES),
  recordId: column.int,
  title: column.text,
  text: column.text,
  language: z.enum(SEARCH_LANGUAGES),
  pillars: column.textArray,
  capacityAreas: column.textArray,
  countries: column.textArray,
  routes: column.textArray,
  status: column.text,
  priority: column.text.nullable(),
  organizationId: column.int,
  organizationName: column.text,
  startDate: column.date.nullable(),
  endDate: column.date.nullable(),
  startYear: column.int.nullable(),
  endYear: column.int.nullable(),
  amount: column.numeric.nullable(),
  currency: column.text.nullable(),
  /** timestamptz in JSON: ISO text. */
  updatedAt: column.text,
  hlTitle: column.text,
  hlSnippet: column.text,
}) satisfies z.ZodType<Omit<SearchDocument, "updatedAt" | "facetText"> & { updatedAt: string }>;
export type HitRow = z.infer<typeof HitRow>;

/** A page's hits in order, as one JSON array (json_agg of hitJson()): the SQL path's and the in-memory index's. */
export const HitsRow = z.object({ hits: z.array(HitRow) });

/** One facet count: `k` a facet key ('country:TJK'), `n` its documents (an int4, or `count(*)::int` in JSON). */
export const FacetRow = z.object({ k: column.text, n: column.int });
export type FacetRow = z.infer<typeof FacetRow>;

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
