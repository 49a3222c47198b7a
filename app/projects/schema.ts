import { z } from "zod";
import { PROJECT_STATUSES } from "../../db/values";
import { calendarDate, isCalendarDate, optionalCalendarDate } from "~/forms/dates";
import { optionalId, optionalVersion, version } from "~/forms/ids";
import { amount, currencyCode, refineMinorUnits } from "~/money/amount";
import { choice, codeList, optionalText, requiredText } from "~/forms/rules";
import { recommendationFields } from "~/consultative/schema";

// One schema per form, used by the server and by the browser (conform).

export { PROJECT_STATUSES };
export const CLOSED_STATUSES = ["completed", "cancelled"] as const;

/** IATI activity identifiers: the reporting organisation's reference, a hyphen, then the activity's own id. */
export const IATI_IDENTIFIER_PATTERN = /^[A-Za-z0-9]{2,}(?:[-._][A-Za-z0-9]+)*-[A-Za-z0-9._-]*[A-Za-z0-9]$/;

export const LIMITS = {
  title: 200,
  summary: 1000,
  description: 10000,
  implementer: 200,
  iati: 150,
  recommendation: 500,
} as const;

export const ProjectSchema = z
  .object({
    version: optionalVersion(),
    organizationId: optionalId(),
    title: requiredText(LIMITS.title),
    summary: requiredText(LIMITS.summary),
    description: optionalText(LIMITS.description),
    pillars: codeList(/^(I|II|III|IV)$/, 4),
    capacityAreas: codeList(/^(I|II|III|IV)\.\d{1,2}$/, 50),
    dacCode: z.string({ error: "form.choose" }).regex(/^\d{5}$/, { error: "form.choose" }),
    countries: codeList(/^[A-Z]{3}$/),
    routes: codeList(/^[a-z]{2,20}$/, 10),
    implementingOrganization: optionalText(LIMITS.implementer),
    status: choice(PROJECT_STATUSES),
    startDate: calendarDate(),
    endDate: optionalCalendarDate(),
    budget: amount(),
    currency: currencyCode(),
    iatiIdentifier: optionalText(LIMITS.iati).refine((v) => v === undefined || IATI_IDENTIFIER_PATTERN.test(v), {
      error: "projects.iatiFormat",
    }),
    ...recommendationFields,
  })
  // Cross-field rules run even when another field is wrong, so the form explains everything at once.
  .superRefine(
    (value, ctx) => {
      const pillars = Array.isArray(value.pillars) ? value.pillars : [];
      const countries = Array.isArray(value.countries) ? value.countries : [];
      const routes = Array.isArray(value.routes) ? value.routes : [];
      const areas = Array.isArray(value.capacityAreas) ? value.capacityAreas : [];
      if (pillars.length === 0)
        ctx.addIssue({ code: "custom", path: ["pillars"], message: "projects.pillarsRequired" });
      if (countries.length === 0 && routes.length === 0)
        ctx.addIssue({ code: "custom", path: ["countries"], message: "projects.countriesRequired" });
      if (areas.some((area) => typeof area !== "string" || !pillars.includes(area.split(".")[0]))) {
        ctx.addIssue({ code: "custom", path: ["capacityAreas"], message: "projects.areaOutsidePillars" });
      }
      if (isCalendarDate(value.startDate) && isCalendarDate(value.endDate) && value.endDate < value.startDate) {
        ctx.addIssue({ code: "custom", path: ["endDate"], message: "market.endBeforeStart" });
      }
      refineMinorUnits(ctx, value, "budget", "currency");
    },
    { when: (payload) => typeof payload.value === "object" && payload.value !== null },
  );

export type ProjectInput = z.output<typeof ProjectSchema>;

export const CloseProjectSchema = z.object({
  intent: z.literal("close", { error: "form.invalid" }),
  status: choice(CLOSED_STATUSES),
  version: version(),
});
