import { z } from "zod";
import { choice, countryCode, email, idNumber, newPassword, optionalText, requiredText } from "~/forms/rules";
import { personalPasswordProblem } from "./password-policy";

// One zod schema per form, used by the server and by the browser (conform).

export const LoginSchema = z.object({
  email: email(),
  password: z.string({ error: "form.required" }).min(1, { error: "form.required" }).max(200, { error: "form.tooLong" }),
  redirectTo: z.string().optional(),
});

export const NEW_ORGANIZATION = "new";

export const JoinSchema = z
  .object({
    fullName: requiredText(120),
    email: email(),
    organization: z.union([z.literal(NEW_ORGANIZATION), z.string().regex(/^\d+$/)], { error: "form.choose" }),
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
    if (!value.newOrganizationName) ctx.addIssue({ code: "custom", path: ["newOrganizationName"], message: "form.required" });
    if (!value.newOrganizationKind) ctx.addIssue({ code: "custom", path: ["newOrganizationKind"], message: "form.choose" });
    if (!value.newOrganizationCountry) ctx.addIssue({ code: "custom", path: ["newOrganizationCountry"], message: "form.choose" });
  });

export const ApproveSchema = z.object({
  intent: z.literal("approve"),
  requestId: idNumber(),
  role: choice(["donor", "beneficiary"]),
  organization: z.union([z.literal(NEW_ORGANIZATION), z.string().regex(/^\d+$/)], { error: "form.choose" }),
  newOrganizationName: optionalText(200),
});

export const RejectSchema = z.object({
  intent: z.literal("reject"),
  requestId: idNumber(),
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
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "profile.passwordMismatch" });

export const UserStatusSchema = z.object({
  intent: z.enum(["suspend", "reactivate"]),
  userId: idNumber(),
});

export const RoleChangeSchema = z.object({
  intent: z.literal("role"),
  userId: idNumber(),
  role: choice(["donor", "beneficiary", "coordinator", "admin"]),
});

// Filters travel in the URL: anything unreadable there is ignored rather than refused.
const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const page = z.coerce.number().int().min(1).max(100_000).catch(1).default(1);
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)));

export const UserFiltersSchema = z.object({
  q: lenient(z.string().trim().max(200).transform((v) => v || undefined)),
  status: lenient(z.enum(["active", "suspended", "rejected"])),
  role: lenient(z.enum(["donor", "beneficiary", "coordinator", "admin"])),
  organization: lenient(z.coerce.number().int().positive()),
  page,
});

export const AuditFiltersSchema = z.object({
  entity: lenient(z.string().trim().max(60).transform((v) => v || undefined)),
  action: lenient(z.string().trim().max(60).transform((v) => v || undefined)),
  actor: lenient(z.string().trim().max(200).transform((v) => v || undefined)),
  from: lenient(isoDay),
  to: lenient(isoDay),
  page,
});

export const QueuePageSchema = z.object({ page });

/** Reads a URL's query string with one of the filter schemas above (never fails). */
export function parseSearchParams<T extends z.ZodType>(schema: T, url: string): z.output<T> {
  const params = Object.fromEntries([...new URL(url).searchParams].filter(([, v]) => v !== ""));
  return schema.parse(params);
}
