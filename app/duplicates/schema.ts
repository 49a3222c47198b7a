import { z } from "zod";
import { optionalText } from "~/forms/rules";

export const DecisionSchema = z.object({
  decision: z.enum(["duplicate", "complementary", "dismissed"], { error: "form.choose" }),
  note: optionalText(1000),
  /** The pair's version when the page was loaded; a page without one is treated as stale. */
  version: z.coerce
    .number({ error: "form.invalid" })
    .int({ error: "form.invalid" })
    .positive({ error: "form.invalid" })
    .optional(),
});
