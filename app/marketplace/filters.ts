import { z } from "zod";
import { NEED_STATUSES, PILLAR_CODES, PRIORITIES, PROJECT_STATUSES } from "../../db/values";
import { firstValues, lenient as optional, queryId, queryPage, queryYear } from "~/forms/query";

// The lists' filters live in the URL (so they work without JavaScript and can be shared).
// A malformed parameter is ignored, never an error.

const common = {
  page: queryPage(),
  pillar: optional(z.enum(PILLAR_CODES)),
  area: optional(z.string().regex(/^(I|II|III|IV)\.\d{1,2}$/)),
  country: optional(z.string().regex(/^[A-Z]{3}$/)),
  route: optional(z.string().regex(/^[a-z]{2,20}$/)),
  organization: queryId(),
  year: queryYear(),
  mine: optional(z.literal("1")),
};

export const PROJECT_SORTS = ["updated", "title", "start", "budget"] as const;
export const NEED_SORTS = ["updated", "priority", "title", "wanted"] as const;

export const ProjectFiltersSchema = z.object({
  ...common,
  status: optional(z.enum(PROJECT_STATUSES)),
  sort: z.enum(PROJECT_SORTS).catch("updated"),
});

export const NeedFiltersSchema = z.object({
  ...common,
  status: optional(z.enum(NEED_STATUSES)),
  priority: optional(z.enum(PRIORITIES)),
  sort: z.enum(NEED_SORTS).catch("updated"),
});

export type ProjectFilters = z.output<typeof ProjectFiltersSchema>;
export type NeedFilters = z.output<typeof NeedFiltersSchema>;

export function parseProjectFilters(params: URLSearchParams): ProjectFilters {
  return ProjectFiltersSchema.parse(firstValues(params));
}

export function parseNeedFilters(params: URLSearchParams): NeedFilters {
  return NeedFiltersSchema.parse(firstValues(params));
}

/** The same filters with other values: for pagination and sorting links. */
export function withParams(search: string, changes: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams(search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === "") params.delete(key);
    else params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "?";
}
