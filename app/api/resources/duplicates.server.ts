import { z } from "zod";
import { listPairsAfter } from "~/duplicates/review.server";
import { defineEndpoint } from "../endpoint.server";
import { idPageParams, pageOf, pageRequest, toPage } from "../pagination";
import { DateSchema, OrganizationRefSchema, TimestampSchema, iso } from "../schemas";

// Candidate duplicate projects and the coordinators' decisions: for the coordination unit only,
// as the duplicates page.

const STATUSES = ["candidate", "duplicate", "complementary", "dismissed"] as const;
const Side = z.object({ id: z.number().int(), title: z.string(), organization: OrganizationRefSchema });

export const DuplicatePairSchema = z
  .object({
    id: z.number().int(),
    status: z.enum(STATUSES),
    score: z.string().meta({ description: "Similarity score from 0 to 1, as an exact decimal." }),
    reasons: z.object({
      textSimilarity: z.number(),
      sharedCountries: z.array(z.string()),
      sharedPillars: z.array(z.string()),
      sharedAreas: z.array(z.string()),
      overlap: z.object({ from: DateSchema, to: DateSchema.nullable() }),
    }),
    projectA: Side,
    projectB: Side,
    note: z.string().nullable(),
    detectedAt: TimestampSchema,
    decidedAt: TimestampSchema.nullable(),
  })
  .meta({ id: "DuplicatePair" });

const Query = z.strictObject({
  ...idPageParams,
  status: z
    .enum(STATUSES, { error: "form.choose" })
    .optional()
    .meta({ description: "Only pairs in this state (default: all)" }),
});

export const duplicatesEndpoint = defineEndpoint({
  path: "/api/v1/duplicates",
  operationId: "listDuplicates",
  summary: "Duplicate candidates",
  description: "Coordinators and administrators only (403 for others).",
  permission: "duplicates:review",
  query: Query,
  response: pageOf(DuplicatePairSchema, "DuplicatePair"),
  async run({ query, url, db }) {
    const request = pageRequest(query);
    const rows = await listPairsAfter(db, { status: query.status }, request.after, request.limit + 1);
    return toPage(
      rows,
      request,
      url,
      (r) => r.id,
      (r) => ({
        id: r.id,
        status: r.status,
        score: r.score,
        reasons: r.reasons,
        projectA: { id: r.a_id, title: r.a_title, organization: { id: r.a_organization_id, name: r.a_organization } },
        projectB: { id: r.b_id, title: r.b_title, organization: { id: r.b_organization_id, name: r.b_organization } },
        note: r.note,
        detectedAt: iso(r.detected_at),
        decidedAt: r.decided_at ? iso(r.decided_at) : null,
      }),
    );
  },
});
