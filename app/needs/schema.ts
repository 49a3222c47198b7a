import { z } from "zod";
import { NEED_STATUSES, PILLAR_CODES, PRIORITIES } from "../../db/values";
import { isCalendarDate, optionalCalendarDate } from "~/forms/dates";
import { optionalVersion, version } from "~/forms/ids";
import { currencyCode, optionalAmount, refineMinorUnits } from "~/money/amount";
import { choice, optionalText, requiredText } from "~/forms/rules";
import { recommendationFields } from "~/consultative/schema";

// One schema per form, used by the server and by the browser (conform).

export { NEED_STATUSES, PRIORITIES };
export const NEED_LIMITS = { title: 200, description: 5000, recommendation: 500 } as const;

export const NeedSchema = z
  .object({
    version: optionalVersion(),
    country: z.string({ error: "form.choose" }).regex(/^[A-Z]{3}$/, { error: "form.choose" }),
    title: requiredText(NEED_LIMITS.title),
    description: requiredText(NEED_LIMITS.description),
    pillar: choice(PILLAR_CODES),
    capacityArea: z.string({ error: "form.choose" }).regex(/^(I|II|III|IV)\.\d{1,2}$/, { error: "form.choose" }),
    priority: choice(PRIORITIES),
    estimatedCost: optionalAmount(),
    currency: currencyCode().optional(),
    wantedStart: optionalCalendarDate(),
    wantedEnd: optionalCalendarDate(),
    recommendation: optionalText(NEED_LIMITS.recommendation),
    ...recommendationFields,
  })
  // Cross-field rules run even when another field is wrong, so the form explains everything at once.
  .superRefine(
    (value, ctx) => {
      if (
        typeof value.capacityArea === "string" &&
        typeof value.pillar === "string" &&
        value.capacityArea.split(".")[0] !== value.pillar
      ) {
        ctx.addIssue({ code: "custom", path: ["capacityArea"], message: "needs.areaOutsidePillar" });
      }
      if (value.estimatedCost && !value.currency)
        ctx.addIssue({ code: "custom", path: ["currency"], message: "needs.currencyWithCost" });
      if (!value.estimatedCost && value.currency)
        ctx.addIssue({ code: "custom", path: ["estimatedCost"], message: "needs.costWithCurrency" });
      if (isCalendarDate(value.wantedStart) && isCalendarDate(value.wantedEnd) && value.wantedEnd < value.wantedStart) {
        ctx.addIssue({ code: "custom", path: ["wantedEnd"], message: "market.endBeforeStart" });
      }
      refineMinorUnits(ctx, value, "estimatedCost", "currency");
    },
    { when: (payload) => typeof payload.value === "object" && payload.value !== null },
  );

export type NeedInput = z.output<typeof NeedSchema>;

export const WithdrawNeedSchema = z.object({
  intent: z.literal("withdraw", { error: "form.invalid" }),
  version: version(),
});
