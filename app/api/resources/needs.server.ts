import { z } from "zod";
import { NEED_STATUSES, PRIORITIES } from "~/needs/schema";
import { listNeedsAfter } from "~/needs/queries.server";
import { bilingualNames } from "~/reference/reference.server";
import { defineEndpoint } from "../endpoint.server";
import { marketplacePage } from "./marketplace-page.server";
import { area, country, mine, pillar, priority, recordId, route, year } from "../filters";
import { idPageParams, pageOf, toPage } from "../pagination";
import {
  CodeRefSchema,
  CountryRefSchema,
  DateSchema,
  LanguageSchema,
  MoneySchema,
  OrganizationRefSchema,
  TimestampSchema,
  iso,
  money,
} from "../schemas";

// Needs, as every member sees them on /needs, with the list's filters.

export const NeedSchema = z
  .object({
    id: z.number().int(),
    title: z.string(),
    description: z.string(),
    language: LanguageSchema,
    country: CountryRefSchema,
    pillar: CodeRefSchema,
    capacityArea: CodeRefSchema,
    priority: z.enum(PRIORITIES),
    status: z.enum(NEED_STATUSES),
    estimatedCost: MoneySchema.nullable().meta({ description: "null when the need has no cost yet" }),
    wantedStart: DateSchema.nullable(),
    wantedEnd: DateSchema.nullable(),
    recommendation: z.string().nullable(),
    organization: OrganizationRefSchema,
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: "Need" });

const Query = z.strictObject({
  ...idPageParams,
  pillar: pillar().optional(),
  area: area().optional(),
  country: country().optional(),
  route: route().optional(),
  status: z.enum(NEED_STATUSES, { error: "form.choose" }).optional(),
  priority: priority().optional(),
  organization: recordId("The listing organization's id").optional(),
  year: year().optional(),
  mine: mine().optional(),
});

export const needsEndpoint = defineEndpoint({
  path: "/api/v1/needs",
  operationId: "listNeeds",
  summary: "Needs",
  description: "Every member reads every need. Filters as on the needs page; mine=1 keeps your organization's.",
  query: Query,
  response: pageOf(NeedSchema, "Need"),
  async run({ caller, query, url, db }) {
    const { request, rows } = await marketplacePage(caller, query, (filters, after, limit) =>
      listNeedsAfter(db, filters, after, limit),
    );
    const names = await bilingualNames(
      db,
      rows.map((r) => r.country_iso3),
    );
    const name = (map: Map<string, { en: string; ru: string }>, code: string) =>
      map.get(code.trim()) ?? { en: code, ru: code };
    return toPage(
      rows,
      request,
      url,
      (r) => r.id,
      (r) => ({
        id: r.id,
        title: r.title,
        description: r.description,
        language: r.language,
        country: { iso3: r.country_iso3.trim(), name: name(names.countries, r.country_iso3) },
        pillar: { code: r.pillar_code, name: name(names.pillars, r.pillar_code) },
        capacityArea: { code: r.capacity_area_code, name: name(names.areas, r.capacity_area_code) },
        priority: r.priority,
        status: r.status,
        estimatedCost: money(r.estimated_cost, r.currency),
        wantedStart: r.wanted_start,
        wantedEnd: r.wanted_end,
        recommendation: r.recommendation,
        organization: { id: r.organization_id, name: r.organization_name },
        createdAt: iso(r.created_at),
        updatedAt: iso(r.updated_at),
      }),
    );
  },
});
