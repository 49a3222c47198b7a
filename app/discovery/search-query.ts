import { z } from "zod";
import { queryText, queryYear } from "~/forms/query";
import type { SearchQuery } from "../../search/engine";

// The search page's URL, parsed: hostile input is dropped rather than failing the page.

const list = (pattern: RegExp) => z.array(z.string().regex(pattern)).catch([]);

export const SearchParamsSchema = z.object({
  q: queryText(200).transform((v) => v ?? ""),
  type: list(/^(project|need)$/),
  pillar: list(/^(I|II|III|IV)$/),
  capacityArea: list(/^(I|II|III|IV)\.\d{1,2}$/),
  country: list(/^[A-Z]{3}$/),
  route: list(/^(northern|balkan|southern)$/),
  status: list(/^(pipeline|active|completed|cancelled|open|partially_met|met|withdrawn)$/),
  priority: list(/^(critical|high|medium|low)$/),
  organization: list(/^\d{1,9}$/),
  year: queryYear(),
  sort: z.enum(["relevance", "newest", "title"]).catch("relevance"),
  page: z.coerce.number().int().min(1).max(1000).catch(1),
});

export type SearchParams = z.infer<typeof SearchParamsSchema>;
export const FILTER_KEYS = [
  "type",
  "pillar",
  "capacityArea",
  "country",
  "route",
  "status",
  "priority",
  "organization",
] as const;

export function parseSearchParams(params: URLSearchParams): SearchParams {
  const raw: Record<string, unknown> = {
    q: params.get("q") ?? "",
    year: params.get("year") || undefined,
    sort: params.get("sort") ?? "relevance",
    page: params.get("page") ?? 1,
  };
  for (const key of FILTER_KEYS) raw[key] = params.getAll(key).filter(Boolean);
  return SearchParamsSchema.parse(raw);
}

export function toEngineQuery(p: SearchParams, pageSize = 20): SearchQuery {
  return {
    q: p.q || undefined,
    filters: {
      type: p.type.length ? (p.type as Array<"project" | "need">) : undefined,
      pillar: p.pillar.length ? p.pillar : undefined,
      capacityArea: p.capacityArea.length ? p.capacityArea : undefined,
      country: p.country.length ? p.country : undefined,
      route: p.route.length ? p.route : undefined,
      status: p.status.length ? p.status : undefined,
      priority: p.priority.length ? p.priority : undefined,
      organization: p.organization.length ? p.organization.map(Number) : undefined,
      year: p.year,
    },
    sort: p.sort,
    page: p.page,
    pageSize,
  };
}

/** The URL of the page with one filter value added or removed (facet links work without JavaScript). */
export function toggleHref(p: SearchParams, key: (typeof FILTER_KEYS)[number], value: string): string {
  const next = new URLSearchParams();
  if (p.q) next.set("q", p.q);
  for (const k of FILTER_KEYS) {
    const values = new Set(p[k]);
    if (k === key) {
      if (values.has(value)) values.delete(value);
      else values.add(value);
    }
    for (const v of values) next.append(k, v);
  }
  if (p.year) next.set("year", String(p.year));
  if (p.sort !== "relevance") next.set("sort", p.sort);
  return `/search?${next}`;
}

export function pageHref(p: SearchParams, page: number): string {
  const next = new URLSearchParams();
  if (p.q) next.set("q", p.q);
  for (const k of FILTER_KEYS) for (const v of p[k]) next.append(k, v);
  if (p.year) next.set("year", String(p.year));
  if (p.sort !== "relevance") next.set("sort", p.sort);
  next.set("page", String(page));
  return `/search?${next}`;
}
