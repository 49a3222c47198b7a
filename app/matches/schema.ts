import { z } from "zod";
import { id, version } from "~/forms/ids";
import { currencyCode, optionalAmount, refineMinorUnits } from "~/money/amount";
import { optionalText } from "~/forms/rules";

export const ProposeSchema = z.object({
  needId: id(),
  projectId: id(),
  note: optionalText(1000),
  redirectTo: z.string().optional(),
});

export const DecideSchema = z
  .object({
    decision: z.enum(["confirm", "reject"], { error: "form.choose" }),
    version: version(),
    amount: optionalAmount(),
    currency: currencyCode().optional(),
    note: optionalText(1000),
  })
  .superRefine((v, ctx) => {
    if (v.decision !== "confirm") return;
    if (!v.amount) ctx.addIssue({ code: "custom", path: ["amount"], message: "form.required" });
    if (!v.currency) ctx.addIssue({ code: "custom", path: ["currency"], message: "form.choose" });
    refineMinorUnits(ctx, v, "amount", "currency");
  });
