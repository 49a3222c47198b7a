import { z } from "zod";
import { idNumber, optionalText } from "~/forms/rules";

export const ProposeSchema = z.object({
  needId: idNumber(),
  projectId: idNumber(),
  note: optionalText(1000),
  redirectTo: z.string().optional(),
});

export const DecideSchema = z
  .object({
    decision: z.enum(["confirm", "reject"], { error: "form.choose" }),
    version: z.coerce.number().int().min(1),
    amount: z
      .string()
      .trim()
      .regex(/^\d{1,16}(\.\d{1,2})?$/, { error: "match.amountFormat" })
      .optional(),
    currency: z.string().regex(/^[A-Z]{3}$/, { error: "form.choose" }).optional(),
    note: optionalText(1000),
  })
  .superRefine((v, ctx) => {
    if (v.decision !== "confirm") return;
    if (!v.amount) ctx.addIssue({ code: "custom", path: ["amount"], message: "form.required" });
    else if (/^0+(\.0+)?$/.test(v.amount)) ctx.addIssue({ code: "custom", path: ["amount"], message: "match.amountFormat" });
    if (!v.currency) ctx.addIssue({ code: "custom", path: ["currency"], message: "form.choose" });
  });
