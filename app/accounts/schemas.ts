import { z } from "zod";
import { id, parseId } from "~/forms/ids";
import { lenient, queryDate, queryId, queryPage, queryText, readQuery } from "~/forms/query";
import { choice, countryCode, email, newPassword, optionalText, requiredText } from "~/forms/rules";
import { personalPasswordProblem } from "./password-policy";

// One zod schema per form, used by the server and by the browser (conform).

export const LoginSchema = z.object({
  email: email(),
  password: z.string({ error: "form.required" }).min(1, { error: "form.required" }).max(200, { error: "form.tooLong" }),
  redirectTo: z.string().optional(),
});

export const NEW_ORGANIZATION = "new";

/** An existing organization's id, or "new" for one the applicant names. */
const organizationChoice = () =>
  z
    .string({ error: "form.choose" })
    .refine((v) => v === NEW_ORGANIZATION || parseId(v) !== undefined, { error: "form.choose" });

export const JoinSchema = z
  .object({
    fullName: requiredText(120),
    email: email(),
    organization: organizationChoice(),
    newOrganizationName: optionalText(200),
    newOrganizationKind: choice(["donor_agency", "beneficiary_agency", "international_organization"]).optional(),
    newOrganizationCountry: countryCode().optional(),
    role: choice(["donor", "beneficiary"]),
    country: countryCode(),
    justification: requiredText(1000),
    password: newPassword(),
    // The honeypot: people never see it, bots fill it in.
    website: z.string().optional(),
  })
  .superRefine((value, ctx) => {
    // The server also checks the password against common ones (password-policy.server.ts).
    const personal = personalPasswordProblem(value.password, { email: value.email, fullName: value.fullName });
    if (personal) ctx.addIssue({ code: "custom", path: ["password"], message: personal });
    if (value.organization !== NEW_ORGANIZATION) return;
    if (!value.newOrganizationName)
      ctx.addIssue({ code: "custom", path: ["newOrganizationName"], message: "form.required" });
    if (!value.newOrganizationKind)
      ctx.addIssue({ code: "custom", path: ["newOrganizationKind"], message: "form.choose" });
    if (!value.newOrganizationCountry)
      ctx.addIssue({ code: "custom", path: ["newOrganizationCountry"], message: "form.choose" });
  });

export const ApproveSchema = z.object({
  intent: z.literal("approve"),
  requestId: id(),
  role: choice(["donor", "beneficiary"]),
  organization: organizationChoice(),
  newOrganizationName: optionalText(200),
});

export const RejectSchema = z.object({
  intent: z.literal("reject"),
  requestId: id(),
  reason: requiredText(500),
});

export const ProfileSchema = z.object({
  intent: z.literal("profile"),
  fullName: requiredText(120),
  locale: choice(["en", "ru"]),
});

export const PasswordSchema = z
  .object({
    intent: z.literal("password"),
    currentPassword: z.string({ error: "form.required" }).min(1, { error: "form.required" }),
    newPassword: newPassword(),
    confirmPassword: z.string({ error: "form.required" }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "profile.passwordMismatch",
  });

export const UserStatusSchema = z.object({
  intent: z.enum(["suspend", "reactivate"]),
  userId: id(),
});

export const RoleChangeSchema = z.object({
  intent: z.literal("role"),
  userId: id(),
  role: choice(["donor", "beneficiary", "coordinator", "admin"]),
});

// Filters travel in the URL: anything unreadable there is ignored rather than refused.
export const UserFiltersSchema = z.object({
  q: queryText(200),
  status: lenient(z.enum(["active", "suspended", "rejected"])),
  role: lenient(z.enum(["donor", "beneficiary", "coordinator", "admin"])),
  organization: queryId(),
  page: queryPage(),
});

export const AuditFiltersSchema = z.object({
  entity: queryText(60),
  action: queryText(60),
  actor: queryText(200),
  from: queryDate(),
  to: queryDate(),
  page: queryPage(),
});

export const QueuePageSchema = z.object({ page: queryPage() });

/** Reads a URL's query string with one of the filter schemas above (never fails). */
export function parseSearchParams<T extends z.ZodType>(schema: T, url: string): z.output<T> {
  return readQuery(schema, url);
}
