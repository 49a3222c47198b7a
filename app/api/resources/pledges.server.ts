import { z } from "zod";
import { listPledgesAfter } from "~/funding/pledges.server";
import { defineEndpoint } from "../endpoint.server";
import { country, pillar, recordId, year } from "../filters";
import { idPageParams, pageOf, pageRequest, toPage } from "../pagination";
import { DateSchema, MoneySchema, OrganizationRefSchema, TimestampSchema, iso } from "../schemas";

// Pledges (funding announcements), as every member sees them on /pledges. A pledge is a promise,
// not money: what was invoiced against it and what remains are given beside it.

export const PledgeSchema = z
  .object({
    id: z.number().int(),
    organization: OrganizationRefSchema,
    amount: MoneySchema,
    invoiced: MoneySchema.meta({
      description: "The total of the pledge's invoices that are not void (drafts included).",
    }),
    remaining: MoneySchema,
    periodStart: DateSchema,
    periodEnd: DateSchema,
    purpose: z.object({
      kind: z.enum(["programme", "pillar", "country", "project", "need"]),
      pillarCode: z.string().nullable(),
      countryIso3: z.string().nullable(),
      projectId: z.number().int().nullable(),
      needId: z.number().int().nullable(),
    }),
    note: z.string().nullable(),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: "Pledge" });

const Query = z.strictObject({
  ...idPageParams,
  donor: recordId("The donor organization's id").optional(),
  pillar: pillar().optional().meta({ description: "The pledge's pillar, or that of the need or project it is for" }),
  country: country().optional().meta({ description: "The pledge's country, or that of the need or project it is for" }),
  year: year().optional(),
});

export const pledgesEndpoint = defineEndpoint({
  path: "/api/v1/pledges",
  operationId: "listPledges",
  summary: "Pledges",
  description: "Every member reads every pledge, as on the funding announcements page.",
  query: Query,
  response: pageOf(PledgeSchema, "Pledge"),
  async run({ query, url, db }) {
    const request = pageRequest(query);
    const filters = {
      donorOrganizationId: query.donor,
      pillarCode: query.pillar,
      countryIso3: query.country,
      year: query.year,
    };
    const rows = await listPledgesAfter(db, filters, request.after, request.limit + 1);
    return toPage(
      rows,
      request,
      url,
      (p) => p.id,
      (p) => ({
        id: p.id,
        organization: { id: p.organizationId, name: p.organizationName },
        amount: { amount: p.amount, currency: p.currency },
        invoiced: { amount: p.invoiced, currency: p.currency },
        remaining: { amount: p.remaining, currency: p.currency },
        periodStart: p.periodStart,
        periodEnd: p.periodEnd,
        purpose: {
          kind: p.purposeKind,
          pillarCode: p.pillarCode,
          countryIso3: p.countryIso3,
          projectId: p.projectId,
          needId: p.needId,
        },
        note: p.note,
        createdAt: iso(p.createdAt),
        updatedAt: iso(p.updatedAt),
      }),
    );
  },
});
