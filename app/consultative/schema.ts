import { z } from "zod";
import { PILLAR_CODES } from "../../db/values";
import { id } from "~/forms/ids";
import { choice, countryCode, optionalText, requiredText } from "~/forms/rules";

// The consultative mechanism's forms: one schema each, for the server and the browser.

export const RECOMMENDATION_STATUSES = ["proposed", "endorsed", "superseded"] as const;
export { PILLAR_CODES };
export const MEETING_KINDS = ["EWG", "PCG"] as const;
export const TEXT_LIMIT = 4000;

// The public record gives some meeting dates to the month only ("2013-02"): both are accepted.
const meetingDate = z
  .string({ error: "form.required" })
  .trim()
  .regex(/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/, { error: "consult.dateFormat" });

const optionalId = z
  .union([z.literal(""), id()])
  .optional()
  .transform((v) => (v === "" || v === undefined ? undefined : v));

export const MeetingSchema = z
  .object({
    version: z.coerce.number().int().positive().optional(),
    kind: choice(MEETING_KINDS),
    number: z
      .union([
        z.literal(""),
        z.coerce.number({ error: "form.invalid" }).int({ error: "form.invalid" }).positive({ error: "form.invalid" }),
      ])
      .optional()
      .transform((v) => (v === "" ? undefined : v)),
    topic: requiredText(300),
    pillar: choice(PILLAR_CODES).optional(),
    host: optionalText(200),
    city: optionalText(100),
    country: countryCode().optional(),
    startDate: meetingDate,
    endDate: meetingDate.optional(),
  })
  .refine((m) => !m.endDate || m.endDate >= m.startDate, { path: ["endDate"], message: "market.endBeforeStart" });

export type MeetingInput = z.output<typeof MeetingSchema>;

export const RecommendationSchema = z
  .object({
    version: z.coerce.number().int().positive().optional(),
    meetingId: id(),
    number: id(),
    pillar: choice(PILLAR_CODES),
    textEn: requiredText(TEXT_LIMIT),
    textRu: requiredText(TEXT_LIMIT),
    status: choice(RECOMMENDATION_STATUSES),
    endorsedBy: optionalId,
    supersededBy: optionalId,
  })
  .superRefine((r, ctx) => {
    if (r.status === "endorsed" && !r.endorsedBy)
      ctx.addIssue({ code: "custom", path: ["endorsedBy"], message: "consult.endorsedNeedsPcg" });
    if (r.status === "superseded" && !r.supersededBy)
      ctx.addIssue({ code: "custom", path: ["supersededBy"], message: "consult.supersededNeedsMeeting" });
  });

export type RecommendationInput = z.output<typeof RecommendationSchema>;

/**
 * The recommendations a need or project cites. A multi-select or checkboxes send one value each and
 * nothing when none is chosen, so the picker also sends `recommendationPicker=1`: without it (an
 * older form, an API client) the links are left as they are.
 */
export const recommendationFields = {
  recommendations: z.preprocess(
    (v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]),
    z.array(id()).max(50, { error: "form.invalid" }).optional(),
  ),
  recommendationPicker: z.literal("1").optional(),
};

/** The ids to set, or undefined to leave the links alone. */
export function citedRecommendations(input: {
  recommendations?: number[];
  recommendationPicker?: "1";
}): number[] | undefined {
  return input.recommendationPicker ? (input.recommendations ?? []) : undefined;
}
