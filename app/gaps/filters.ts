import { z } from "zod";
import { isCalendarDate } from "~/forms/dates";
import { PILLAR_CODES, PRIORITIES, ROUTE_CODES } from "../../db/values";

// The gap analysis's filters, shared by the page, the CSV and the JSON API (query parameters).

export { PRIORITIES };
const isoDate = z.string().refine(isCalendarDate, { error: "form.dateInvalid" });

export const GapFiltersSchema = z
  .object({
    route: z.enum(ROUTE_CODES, { error: "form.choose" }).optional(),
    pillar: z.enum(PILLAR_CODES, { error: "form.choose" }).optional(),
    priority: z.array(z.enum(PRIORITIES, { error: "form.choose" })).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ["to"], message: "gaps.periodOrder" });

export type GapFilters = z.infer<typeof GapFiltersSchema>;

/** Reads filters from a URL's query string; empty values count as absent. */
export function gapFiltersFromSearchParams(params: URLSearchParams) {
  const single = (name: string) => params.get(name) || undefined;
  const priorities = params.getAll("priority").filter(Boolean);
  return GapFiltersSchema.safeParse({
    route: single("route"),
    pillar: single("pillar"),
    priority: priorities.length ? priorities : undefined,
    from: single("from"),
    to: single("to"),
  });
}

export function gapFiltersToSearchParams(filters: GapFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.route) params.set("route", filters.route);
  if (filters.pillar) params.set("pillar", filters.pillar);
  for (const p of filters.priority ?? []) params.append("priority", p);
  if (filters.from) params.set("from", filters.from);
  if (filters.to) params.set("to", filters.to);
  return params;
}
