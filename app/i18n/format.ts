import type { Locale } from "./index";

const intlLocale: Record<Locale, string> = { en: "en-GB", ru: "ru-RU" };

// Building an Intl formatter costs far more than using one (a gap matrix formats ~1,000 amounts):
// each one is made once per locale and options, then reused.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) {
    formatter = make();
    formatters.set(key, formatter);
  }
  return formatter;
}

export function formatNumber(locale: Locale, value: number | string, fractionDigits = 0): string {
  const format = cached(
    `n|${locale}|${fractionDigits}`,
    () =>
      new Intl.NumberFormat(intlLocale[locale], {
        minimumFractionDigits: fractionDigits,
        maximumFractionDigits: fractionDigits,
      }),
  );
  return format.format(Number(value));
}

/** Money is kept as a decimal string; Intl formats it without losing the cents. */
export function formatMoney(locale: Locale, amount: string | number, currency: string): string {
  const format = cached(
    `m|${locale}|${currency}`,
    () => new Intl.NumberFormat(intlLocale[locale], { style: "currency", currency }),
  );
  // Intl accepts decimal strings exactly (ES2023 Intl.NumberFormat v3).
  return format.format(String(amount) as unknown as number);
}

/** Formats a calendar date ("YYYY-MM-DD") or a timestamp for the locale. */
export function formatDate(locale: Locale, value: string | Date): string {
  const date =
    typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
  return cached(
    `d|${locale}`,
    () => new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: "medium", timeZone: "UTC" }),
  ).format(date);
}

export function formatDateTime(locale: Locale, value: string | Date): string {
  const format = cached(
    `dt|${locale}`,
    () => new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }),
  );
  return format.format(new Date(value));
}

// Plural forms: ./plural.ts.
