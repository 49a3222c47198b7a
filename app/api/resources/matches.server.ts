import { z } from "zod";
import { MATCH_STATUSES } from "../../../db/values";
import { listMatchesAfter } from "~/matches/queries.server";
import { defineEndpoint } from "../endpoint.server";
import { recordId } from "../filters";
import { idPageParams, pageOf, pageRequest, toPage } from "../pagination";
import {
  BilingualSchema,
  DateSchema,
  MoneySchema,
  OrganizationRefSchema,
  TimestampSchema,
  iso,
  money,
} from "../schemas";

// Matches between needs and projects, as every member sees them on /matches.

export const MatchSchema = z
  .object({
    id: z.number().int(),
    status: z.enum(MATCH_STATUSES),
    proposedSide: z.enum(["donor", "beneficiary", "coordinator"]),
    need: z.object({
      id: z.number().int(),
      title: z.string(),
      country: z.object({ iso3: z.string(), name: BilingualSchema }),
      pillarCode: z.string(),
    }),
    project: z.object({ id: z.number().int(), title: z.string(), organization: OrganizationRefSchema }),
    amount: MoneySchema.nullable().meta({
      description: "The part of the need the project covers, in the match's currency.",
    }),
    amountUsd: z
      .object({ amount: z.string(), currency: z.literal("USD"), rateDate: DateSchema.nullable() })
      .nullable()
      .meta({ description: "The same in US dollars at the dated exchange rate used." }),
    note: z.string().nullable(),
    decisionNote: z.string().nullable(),
    createdAt: TimestampSchema,
    decidedAt: TimestampSchema.nullable(),
  })
  .meta({ id: "Match" });

const Query = z.strictObject({
  ...idPageParams,
  status: z.enum(MATCH_STATUSES, { error: "form.choose" }).optional(),
  need: recordId("Only this need's matches").optional(),
  project: recordId("Only this project's matches").optional(),
});

export const matchesEndpoint = defineEndpoint({
  path: "/api/v1/matches",
  operationId: "listMatches",
  summary: "Matches",
  description: "Every member reads every match, as on the matches page.",
  query: Query,
  response: pageOf(MatchSchema, "Match"),
  async run({ query, url, db }) {
    const request = pageRequest(query);
    const rows = await listMatchesAfter(
      db,
      { status: query.status, needId: query.need, projectId: query.project },
      request.after,
      request.limit + 1,
    );
    return toPage(
      rows,
      request,
      url,
      (r) => r.id,
      (r) => ({
        id: r.id,
        status: r.status,
        proposedSide: r.proposed_side,
        need: {
          id: r.need_id,
          title: r.need_title,
          country: { iso3: r.country_iso3.trim(), name: { en: r.country_en, ru: r.country_ru } },
          pillarCode: r.pillar_code,
        },
        project: {
          id: r.project_id,
          title: r.project_title,
          organization: { id: r.project_organization_id, name: r.donor_name },
        },
        amount: money(r.amount, r.currency),
        amountUsd:
          r.amount_usd !== null ? { amount: r.amount_usd, currency: "USD" as const, rateDate: r.rate_date } : null,
        note: r.note,
        decisionNote: r.decision_note,
        createdAt: iso(r.created_at),
        decidedAt: r.decided_at ? iso(r.decided_at) : null,
      }),
    );
  },
});
