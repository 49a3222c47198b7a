import type { FacetName, SearchFilters } from "./engine";

// A search's facet filters as facet keys, one group per filter (any key of a group lets a
// document through, every group must): read by the in-memory index to filter and by the SQL path
// to size the filters (embedded-search.ts: drivingMatches). One definition, so both agree.

/** For each facet filter, the facet keys (facetKeys() in embedded-writes.ts) of its values; none for the year. */
export function filterKeyGroups(filters: SearchFilters = {}): string[][] {
  const groups: string[][] = [];
  const add = (
    facet: FacetName,
    values: Array<string | number> | undefined,
    map = (v: string | number) => String(v),
  ) => {
    if (Array.isArray(values) && values.length > 0) groups.push(values.map((v) => `${facet}:${map(v)}`));
  };
  add("type", filters.type);
  add("pillar", filters.pillar);
  add("capacityArea", filters.capacityArea);
  add("country", filters.country, (v) => String(v).toUpperCase());
  add("route", filters.route);
  add("status", filters.status);
  add("priority", filters.priority);
  add("organization", filters.organization, (v) => String(Number(v)));
  return groups;
}
