import { z } from "zod";
import { choice, optionalText, requiredText } from "~/forms/rules";
import { currencyCode, optionalAmount, optionalIsoDate } from "~/forms/money";
import { recommendationFields } from "~/consultative/schema";

// One schema per form, used by the server and by the browser (conform).

export const PRIORITIES = ["critical", "high", "medium", "low"] as const;
export const NEED_STATUSES = ["open", "partially_met", "met", "withdrawn"] as const;
export const NEED_LIMITS = { title: 200, description: 5000, recommendation: 500 } as const;

export const NeedSchema = z
  .object({
    version: z.coerce.number().int().positive().optional(),
    country: z.string({ error: "form.choose" }).regex(/^[A-Z]{3}$/, { error: "form.choose" }),
    title: requiredText(NEED_LIMITS.title),
    description: requiredText(NEED_LIMITS.description),
    pillar: choice(["I", "II", "III", "IV"]),
    capacityArea: z.string({ error: "form.choose" }).regex(/^(I|II|III|IV)\.\d{1,2}$/, { error: "form.choose" }),
    priority: choice(PRIORITIES),
    estimatedCost: optionalAmount(),
    currency: currencyCode().optional(),
    wantedStart: optionalIsoDate(),
    wantedEnd: optionalIsoDate(),
    recommendation: optionalText(NEED_LIMITS.recommendation),
    ...recommendationFields,
  })
  // Cross-field rules run even when another field is wrong, so the form explains everything at once.
  .superRefine(
    (value, ctx) => {
    if (typeof value.capacityArea === "string" && typeof value.pillar === "string" && value.capacityArea.split(".")[0] !== value.pillar) {
      ctx.addIssue({ code: "custom", path: ["capacityArea"], message: "needs.areaOutsidePillar" });
    }
    if (value.estimatedCost && !value.currency) ctx.addIssue({ code: "custom", path: ["currency"], message: "needs.currencyWithCost" });
    if (!value.estimatedCost && value.currency) ctx.addIssue({ code: "custom", path: ["estimatedCost"], message: "needs.costWithCurrency" });
    if (isDate(value.wantedStart) && isDate(value.wantedEnd) && value.wantedEnd < value.wantedStart) {
      ctx.addIssue({ code: "custom", path: ["wantedEnd"], message: "market.endBeforeStart" });
    }
    },
    { when: (payload) => typeof payload.value === "object" && payload.value !== null },
  );

function isDate(value: unknown): value is string {
  return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value);
}

export type NeedInput = z.output<typeof NeedSchema>;

export const WithdrawNeedSchema = z.object({
  intent: z.literal("withdraw", { error: "form.invalid" }),
  version: z.coerce.number({ error: "form.invalid" }).int().positive(),
});
