import { z } from "zod";

// Rules for the marketplace forms that the account forms do not need: money, currencies, dates.
// Error messages are message keys.

/** A positive decimal with at most two decimals, kept as a string (never a float). Fits numeric(18, 2). */
export const AMOUNT_PATTERN = /^(?:0|[1-9]\d{0,15})(?:\.\d{1,2})?$/;

export function isPositiveAmount(value: string): boolean {
  return AMOUNT_PATTERN.test(value) && /[1-9]/.test(value);
}

export const amount = () =>
  z
    .string({ error: "form.required" })
    .trim()
    .transform((v) => v.replace(/[\s\u00a0]/g, ""))
    .refine(isPositiveAmount, { error: "market.amountInvalid" });

export const optionalAmount = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v.replace(/[\s\u00a0]/g, "") : undefined))
    .refine((v) => v === undefined || isPositiveAmount(v), { error: "market.amountInvalid" });

export const currencyCode = () => z.string({ error: "form.choose" }).regex(/^[A-Z]{3}$/, { error: "form.choose" });

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export const isoDate = () => z.string({ error: "form.required" }).trim().refine(isCalendarDate, { error: "market.dateInvalid" });

export const optionalIsoDate = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || isCalendarDate(v), { error: "market.dateInvalid" });

/** Checkbox groups post zero, one or many values. */
export const codeList = (pattern: RegExp, max = 300) =>
  z
    .array(z.string().regex(pattern, { error: "form.choose" }), { error: "form.choose" })
    .max(max, { error: "form.tooLong" })
    .optional()
    .transform((v) => [...new Set(v ?? [])]);

// Exact decimal arithmetic has one home: app/money/decimal.ts.
export { compareAmounts as compareDecimal, fromCents, toCents } from "~/money/decimal";
