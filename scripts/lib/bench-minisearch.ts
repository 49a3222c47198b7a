import MiniSearch, { type SearchResult as MiniResult } from "minisearch";
import type { FacetName, SearchDocument, SearchFilters, SearchQuery } from "../../search/engine";
import { FACET_NAMES, normalizePaging } from "../../search/engine";
import { facetKeys } from "../../search/embedded";

// The peer in bench:search's side-by-side figure: MiniSearch 7.2 (the strongest embeddable engine
// with typo tolerance) holding the same documents, answering the same queries with what ADAM's
// interface asks of a search — every query word must match (AND), typos as ADAM counts them
// (5–8 letters one, 9 and more two), the last word as a prefix, the same filters, facet counts over
// the whole result set, the three sorts and a page. MiniSearch has no stemming, synonyms or facet
// names in both languages: totals differ where those matter, and the benchmark says on how many.

interface Stored {
  keys: string[];
  titleKey: string;
  updatedMs: number;
  startYear: number | null;
  endYear: number | null;
}

export interface PeerResult {
  total: number;
  facets: Record<string, number>;
  ids: string[];
}

/** The filter as sets of accepted facet keys, one set per filter (AND of ORs). */
function filterGroups(filters: SearchFilters = {}): Array<Set<string>> {
  const groups: Array<Set<string>> = [];
  const names: Record<Exclude<keyof SearchFilters, "year">, FacetName> = {
    type: "type",
    pillar: "pillar",
    capacityArea: "capacityArea",
    country: "country",
    route: "route",
    status: "status",
    priority: "priority",
    organization: "organization",
  };
  for (const [field, facet] of Object.entries(names) as Array<[keyof typeof names, FacetName]>) {
    const values = filters[field] as Array<string | number> | undefined;
    if (!values?.length) continue;
    const normal = (v: string | number) => (facet === "country" ? String(v).toUpperCase() : String(v));
    groups.push(new Set(values.map((v) => `${facet}:${normal(v)}`)));
  }
  return groups;
}

/** Typos as ADAM counts them (search/engine.ts): none below 5 letters, one up to 8, two from 9. */
const typos = (term: string) => (term.length >= 9 ? 2 : term.length >= 5 ? 1 : 0);

export class MiniSearchPeer {
  private readonly index = new MiniSearch<SearchDocument>({
    fields: ["title", "organizationName", "text", "facetText"],
    idField: "id",
  });
  private readonly stored = new Map<string, Stored>();

  get documents(): number {
    return this.stored.size;
  }

  add(batch: SearchDocument[]): void {
    this.index.addAll(batch);
    for (const doc of batch)
      this.stored.set(doc.id, {
        startYear: doc.startYear,
        endYear: doc.endYear,
        updatedMs: Date.parse(doc.updatedAt),
        titleKey: doc.title.toLowerCase(),
        keys: facetKeys(doc),
      });
  }

  search(query: SearchQuery): PeerResult {
    const { page, pageSize } = normalizePaging(query);
    const groups = filterGroups(query.filters);
    const year = query.filters?.year;
    const accept = (id: string) => {
      const doc = this.stored.get(id)!;
      if (!groups.every((g) => doc.keys.some((k) => g.has(k)))) return false;
      if (year === undefined) return true;
      return (doc.startYear === null || doc.startYear <= year) && (doc.endYear === null || doc.endYear >= year);
    };
    const text = (query.q ?? "").trim();
    const results: MiniResult[] = this.index.search(text || MiniSearch.wildcard, {
      combineWith: "AND",
      prefix: (_term, i, terms) => i === terms.length - 1,
      fuzzy: typos,
      boost: { title: 5, organizationName: 2, text: 1, facetText: 0.5 },
      filter: (r) => accept(String(r.id)),
    });
    const counts: Record<string, number> = {};
    for (const r of results) for (const k of this.stored.get(String(r.id))!.keys) counts[k] = (counts[k] ?? 0) + 1;
    const sort = query.sort ?? (text ? "relevance" : "newest");
    const byNewest = (a: MiniResult, b: MiniResult) =>
      this.stored.get(String(b.id))!.updatedMs - this.stored.get(String(a.id))!.updatedMs;
    if (sort === "newest" || !text) results.sort(byNewest);
    else if (sort === "title") {
      const key = (r: MiniResult) => this.stored.get(String(r.id))!.titleKey;
      results.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    } // relevance: MiniSearch's own order (BM25+), already sorted
    const offset = (page - 1) * pageSize;
    return {
      total: results.length,
      facets: counts,
      ids: results.slice(offset, offset + pageSize).map((r) => String(r.id)),
    };
  }
}

/** Whether both engines counted the same facets (every value of every facet). */
export function sameFacets(
  ours: Record<FacetName, Array<{ value: string; count: number }>>,
  peer: PeerResult,
): boolean {
  const flat: Record<string, number> = {};
  for (const name of FACET_NAMES) for (const { value, count } of ours[name]) flat[`${name}:${value}`] = count;
  const keys = new Set([...Object.keys(flat), ...Object.keys(peer.facets)]);
  for (const k of keys) if ((flat[k] ?? 0) !== (peer.facets[k] ?? 0)) return false;
  return true;
}
