import { z } from "zod";
import { optionalText } from "~/forms/rules";

export const DecisionSchema = z.object({
  decision: z.enum(["duplicate", "complementary", "dismissed"], { error: "form.choose" }),
  note: optionalText(1000),
});
