import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "~/accounts/password-policy";

// Building blocks for the forms' zod schemas, shared by server and browser. Error messages are
// message keys (app/i18n/messages/forms.ts); the form components translate them.

export const requiredText = (max: number) =>
  z
    .string({ error: "form.required" })
    .trim()
    .min(1, { error: "form.required" })
    .max(max, { error: "form.tooLong" });

export const optionalText = (max: number) =>
  z.string().trim().max(max, { error: "form.tooLong" }).optional().transform((v) => (v ? v : undefined));

export const email = () =>
  z
    .string({ error: "form.required" })
    .trim()
    .max(254, { error: "form.tooLong" })
    .pipe(z.email({ error: "form.email" }))
    .transform((v) => v.toLowerCase());

// The length rule of the password policy (app/accounts/password-policy.ts); the server adds the
// dictionary, e-mail and name checks.
export const newPassword = () =>
  z
    .string({ error: "form.required" })
    .min(PASSWORD_MIN_LENGTH, { error: "form.passwordShort" })
    .max(PASSWORD_MAX_LENGTH, { error: "password.tooLong" });

export const idNumber = () =>
  z.coerce.number({ error: "form.required" }).int({ error: "form.invalid" }).positive({ error: "form.invalid" });

export const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: "form.choose" });

export const countryCode = () => z.string({ error: "form.choose" }).regex(/^[A-Z]{3}$/, { error: "form.choose" });
