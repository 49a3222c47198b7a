// Exact money arithmetic on two-decimal amounts, in integer cents (BigInt): no float ever touches money.

const AMOUNT = /^(-)?(\d{1,20})(?:\.(\d{1,2}))?$/;

export function isAmount(value: string): boolean {
  return AMOUNT.test(value.trim());
}

export function toCents(value: string): bigint {
  const match = AMOUNT.exec(value.trim());
  if (!match) throw new Error(`Not a money amount: ${value}`);
  const [, minus, whole, fraction = ""] = match;
  const cents = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0"));
  return minus ? -cents : cents;
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
