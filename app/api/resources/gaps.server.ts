import { z } from "zod";
import { gapMatrix } from "~/gaps/gaps.server";
import { today } from "~/forms/dates";
import { defineEndpoint } from "../endpoint.server";
import { date, pillar, priority, route } from "../filters";
import { DateSchema } from "../schemas";

// The gap matrix (every route country × pillar), as on the gap analysis page and its CSV: for the
// coordination unit. Not a collection: one matrix, its amounts in US dollars at dated rates.

const Usd = z.string().meta({ description: "US dollars, exact decimal" });

const CellSchema = z.object({
  routeCode: z.string(),
  routePosition: z.number().int(),
  countryIso3: z.string(),
  countryNameEn: z.string(),
  countryNameRu: z.string(),
  pillarCode: z.string(),
  needs: z.number().int(),
  costedNeeds: z.number().int(),
  costUsd: Usd,
  coverageUsd: Usd,
  unmetUsd: Usd,
  unmetShare: z.number().nullable(),
  uncostedUnmet: z.number().int(),
  activeProjects: z.number().int(),
  pipelineProjects: z.number().int(),
  donors: z.number().int(),
  staleProjects: z
    .number()
    .int()
    .meta({
      description:
        "Projects whose status contradicts their dates today (still active or pipeline after their end, " +
        "completed before their start), counted apart.",
    }),
  flags: z.object({ uncoveredPriorityNeed: z.boolean(), noProjectForNeeds: z.boolean() }),
  flagged: z.boolean(),
});

const Query = z
  .strictObject({
    route: route().optional(),
    pillar: pillar().optional(),
    priority: z.array(priority()).optional().meta({ description: "Repeatable: ?priority=critical&priority=high" }),
    from: date("Period start (ISO date)").optional(),
    to: date("Period end (ISO date)").optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ["to"], message: "gaps.periodOrder" });

export const GapMatrixSchema = z
  .object({
    filters: z.object({
      route: z.string().optional(),
      pillar: z.string().optional(),
      priority: z.array(z.string()).optional(),
      from: DateSchema.optional(),
      to: DateSchema.optional(),
    }),
    currency: z.literal("USD"),
    asOf: DateSchema,
    rateDates: z
      .record(z.string(), DateSchema)
      .meta({ description: "The exchange rate's date per currency converted." }),
    cells: z.array(CellSchema),
    totals: z.object({
      needs: z.number().int(),
      costUsd: Usd,
      coverageUsd: Usd,
      unmetUsd: Usd,
      flaggedCells: z.number().int(),
    }),
  })
  .meta({ id: "GapMatrix" });

export const gapsEndpoint = defineEndpoint({
  path: "/api/v1/gaps",
  operationId: "getGapMatrix",
  summary: "Gap matrix",
  description: "Coordinators and administrators (403 for others), as the gap analysis page. /api/gaps is the same.",
  permission: "gaps:read",
  query: Query,
  repeatable: ["priority"],
  response: GapMatrixSchema,
  async run({ query, db }) {
    const filters = {
      route: query.route,
      pillar: query.pillar,
      priority: query.priority,
      from: query.from,
      to: query.to,
    };
    const matrix = await gapMatrix(db, filters, today());
    return { filters: JSON.parse(JSON.stringify(filters)), currency: "USD" as const, ...matrix };
  },
});
