// Exact money arithmetic on two-decimal amounts, in integer cents (BigInt): no float ever touches money.
// This is the one home of money arithmetic; what a person may type as an amount is ./amount.ts.
//
// Two readers of decimal text, named for how they differ:
// - `toCents` / `toMilli` are exact: they read a stored or validated amount and throw on anything
//   else (a value with three decimals is a bug upstream, not something to round away).
// - `truncateToCents` / `truncateToMilli` never refuse digits: extra decimals are cut. They serve the
//   input rules whose later checks still see text an earlier check refused (zod runs every check).

/**
 * A signed decimal with at most two decimals, as computed values (sums, differences) are: wider than
 * an input amount (./amount.ts's AMOUNT_PATTERN), because totals may exceed what one field accepts.
 */
const DECIMAL_CENTS = /^(-)?(\d{1,20})(?:\.(\d{1,2}))?$/;
const DECIMAL_MILLI = /^(-)?(\d{1,20})(?:\.(\d{1,3}))?$/;

export function isAmount(value: string): boolean {
  return DECIMAL_CENTS.test(value.trim());
}

function exactScaled(pattern: RegExp, digits: number, value: string): bigint {
  const match = pattern.exec(value.trim());
  if (!match) throw new Error(`Not a money amount: ${value}`);
  const [, minus, whole, fraction = ""] = match;
  const units = BigInt(whole) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, "0"));
  return minus ? -units : units;
}

/** "1250.5" -> 125050n, exactly; throws on anything that is not a decimal with at most two decimals. */
export function toCents(value: string): bigint {
  return exactScaled(DECIMAL_CENTS, 2, value);
}

/** "1.5" -> 1500n (thousandths, for quantities), exactly; throws past three decimals. */
export function toMilli(value: string): bigint {
  return exactScaled(DECIMAL_MILLI, 3, value);
}

function truncatedScaled(value: string | number, digits: number): bigint {
  const text = String(value);
  const negative = text.startsWith("-");
  const [whole, fraction = ""] = (negative ? text.slice(1) : text).split(".");
  const units =
    BigInt(whole || "0") * 10n ** BigInt(digits) + BigInt((fraction + "0".repeat(digits)).slice(0, digits) || "0");
  return negative ? -units : units;
}

/**
 * Cents of a decimal, cutting (not rounding) decimals past the second: "1.239" -> 123n. Only for
 * input rules that run after a pattern check may have refused the text; still throws on non-digits.
 */
export function truncateToCents(value: string | number): bigint {
  return truncatedScaled(value, 2);
}

/** Thousandths of a decimal, cutting decimals past the third (see truncateToCents). */
export function truncateToMilli(value: string | number): bigint {
  return truncatedScaled(value, 3);
}

export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const whole = abs / 100n;
  const fraction = (abs % 100n).toString().padStart(2, "0");
  return `${negative ? "-" : ""}${whole}.${fraction}`;
}

export function sumAmounts(values: Iterable<string>): string {
  let total = 0n;
  for (const v of values) total += toCents(v);
  return fromCents(total);
}

/** quantity × unit price rounded half up to the cent, as PostgreSQL's round(numeric, 2) does. */
export function lineAmount(quantity: string, unitPrice: string): string {
  const thousandthsOfCents = toMilli(quantity) * toCents(unitPrice);
  return fromCents((thousandthsOfCents + 500n) / 1000n);
}

export function minAmount(a: string, b: string): string {
  return toCents(a) <= toCents(b) ? fromCents(toCents(a)) : fromCents(toCents(b));
}

export function subtractAmounts(a: string, b: string): string {
  return fromCents(toCents(a) - toCents(b));
}

export function compareAmounts(a: string, b: string): -1 | 0 | 1 {
  const d = toCents(a) - toCents(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** a / b as a share between 0 and 1, rounded to 4 decimals (for display only, never summed). */
export function shareOf(a: string, b: string): number | null {
  const denominator = toCents(b);
  if (denominator === 0n) return null;
  return Number((toCents(a) * 10000n) / denominator) / 10000;
}

const RATE = /^(\d{1,10})(?:\.(\d{1,10}))?$/;
const RATE_SCALE = 10n ** 10n;

/**
 * amount × rate, rounded to cents half away from zero (as PostgreSQL's round() does), exactly:
 * the rate is read as a decimal string with up to ten decimals.
 */
export function convertAmount(amount: string, rate: string): string {
  const match = RATE.exec(rate.trim());
  if (!match) throw new Error(`Not a rate: ${rate}`);
  const scaledRate = BigInt(match[1]) * RATE_SCALE + BigInt((match[2] ?? "").padEnd(10, "0"));
  const product = toCents(amount) * scaledRate; // cents × 1e10
  const negative = product < 0n;
  const abs = negative ? -product : product;
  const rounded = (abs + RATE_SCALE / 2n) / RATE_SCALE;
  return fromCents(negative ? -rounded : rounded);
}
