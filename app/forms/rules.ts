import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "~/accounts/password-policy";

// Building blocks for the forms' zod schemas, shared by server and browser: text, e-mail, choices and
// code lists here; ids in ./ids.ts, calendar dates in ./dates.ts, money in ./money.ts, query strings in
// ./query.ts. Error messages are message keys (app/i18n/messages/forms.ts); the form components
// translate them.

/**
 * Characters no person types and PostgreSQL may refuse (a NUL byte fails the whole statement): the C0
 * controls except tab, line feed and carriage return (browsers send CRLF from text areas), DEL and the C1
 * controls.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's whole purpose
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

export function hasControlCharacters(value: string): boolean {
  return CONTROL_CHARACTERS.test(value);
}

const cleanText = (schema: z.ZodString) =>
  schema.refine((v) => !hasControlCharacters(v), { error: "form.controlCharacters" });

export const requiredText = (max: number) =>
  cleanText(
    z.string({ error: "form.required" }).trim().min(1, { error: "form.required" }).max(max, { error: "form.tooLong" }),
  );

export const optionalText = (max: number) =>
  cleanText(z.string().trim().max(max, { error: "form.tooLong" }))
    .optional()
    .transform((v) => (v ? v : undefined));

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

export const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: "form.choose" });

export const countryCode = () => z.string({ error: "form.choose" }).regex(/^[A-Z]{3}$/, { error: "form.choose" });

/** Checkbox groups post zero, one or many values. */
export const codeList = (pattern: RegExp, max = 300) =>
  z
    .array(z.string().regex(pattern, { error: "form.choose" }), { error: "form.choose" })
    .max(max, { error: "form.tooLong" })
    .optional()
    .transform((v) => [...new Set(v ?? [])]);
