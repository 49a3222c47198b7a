import { z } from "zod";
import { toCents, truncateToCents, truncateToMilli } from "./decimal";

// What an amount of money may be when a person (or a caller of the domain) gives one: the one amount
// pattern, the forms' zod types, and the domain's own input schemas. Arithmetic is ./decimal.ts.
//
// Amounts of money in forms: exact decimal strings (never floats), in a currency given by its ISO 4217
// code, with no more decimals than that currency has (none for JPY), and under a ceiling.
// Error messages are message keys (app/i18n/messages/forms.ts). No check here aborts (an aborted check
// would skip the forms' cross-field rules, which explain every broken rule at once): each later check
// tolerates what an earlier one refused.

/** A positive decimal with at most two decimals, kept as a string. Fits numeric(18, 2). */
export const AMOUNT_PATTERN = /^(?:0|[1-9]\d{0,15})(?:\.\d{1,2})?$/;

/**
 * No single amount above a trillion units of its currency (about US$1.3 trillion in the strongest
 * currency ADAM holds). Technical assistance is counted in millions: a larger figure is a typing slip or
 * an attack, and one such figure would swamp every total of the gap view.
 */
/** An ISO 4217 code's shape. */
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;

export const MAX_AMOUNT_UNITS = 1_000_000_000_000n;

export function isPositiveAmount(value: string): boolean {
  return AMOUNT_PATTERN.test(value) && /[1-9]/.test(value);
}

/** For an amount already matching AMOUNT_PATTERN. */
export function isWithinCeiling(value: string): boolean {
  return toCents(value) <= MAX_AMOUNT_UNITS * 100n;
}

/** How many decimals an amount in `currency` may have: ISO 4217's minor units, as Intl knows them (JPY 0, EUR 2). */
export function minorUnits(currency: string): number {
  try {
    const digits =
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    return Math.min(digits, 2); // amounts are stored as numeric(18, 2)
  } catch {
    return 2;
  }
}

export function fitsMinorUnits(value: string, currency: string): boolean {
  const decimals = value.split(".")[1] ?? "";
  return decimals.replace(/0+$/, "").length <= minorUnits(currency);
}

/**
 * People type "1 250 000" or "1 250,50" (Russian keyboards): spaces go, and a comma followed by exactly
 * two digits is a decimal comma. Any other comma ("12,5", "1,250") is refused as ambiguous.
 */
function normalizeAmount(value: string): string {
  const compact = value.replace(/[\s\u00a0\u202f]/g, "");
  return /^\d+,\d{2}$/.test(compact) ? compact.replace(",", ".") : compact;
}

const amountRules = (schema: z.ZodString) =>
  schema
    .transform(normalizeAmount)
    .refine(isPositiveAmount, { error: "market.amountInvalid" })
    .refine((v) => !isPositiveAmount(v) || isWithinCeiling(v), { error: "form.amountCeiling" });

/** A required positive amount. Pair it with its currency through `refineMinorUnits`. */
export const amount = () => amountRules(z.string({ error: "form.required" }).trim().min(1, { error: "form.required" }));

export const optionalAmount = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? normalizeAmount(v) : undefined))
    .refine((v) => v === undefined || isPositiveAmount(v), { error: "market.amountInvalid" })
    .refine((v) => v === undefined || !isPositiveAmount(v) || isWithinCeiling(v), { error: "form.amountCeiling" });

/** An ISO 4217 code's shape; which currencies ADAM can value is the domain's question (they need a rate). */
export const currencyCode = () =>
  z.string({ error: "form.choose" }).trim().toUpperCase().regex(CURRENCY_PATTERN, { error: "form.choose" });

/**
 * The cross-field rule of money: an amount has no more decimals than its currency allows. Call it from a
 * schema's superRefine with the two fields' names.
 */
export function refineMinorUnits(
  ctx: z.RefinementCtx,
  value: Record<string, unknown>,
  amountField: string,
  currencyField: string,
): void {
  const amountValue = value[amountField];
  const currency = value[currencyField];
  if (typeof amountValue !== "string" || typeof currency !== "string" || !isPositiveAmount(amountValue)) return;
  if (!fitsMinorUnits(amountValue, currency)) {
    ctx.addIssue({
      code: "custom",
      path: [amountField],
      message: minorUnits(currency) === 0 ? "form.amountWhole" : "market.amountInvalid",
    });
  }
}

// The domain's input schemas (app/funding parses its input again, whoever calls it). Their messages are
// English: they travel in FundingError.fields, and the form reply shows "form.invalid" for them.

const QUANTITY_PATTERN = /^\d{1,9}(\.\d{1,3})?$/;

/** A positive amount (AMOUNT_PATTERN), kept as a string. */
export const moneySchema = z
  .string()
  .trim()
  .regex(AMOUNT_PATTERN, "Enter an amount such as 1250 or 1250.50")
  .refine((v) => truncateToCents(v) > 0n, "The amount must be more than zero");
export const quantitySchema = z
  .string()
  .trim()
  .regex(QUANTITY_PATTERN, "Enter a quantity with at most three decimals")
  .refine((v) => truncateToMilli(v) > 0n, "The quantity must be more than zero");
export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(CURRENCY_PATTERN, "Enter an ISO 4217 code such as EUR");
