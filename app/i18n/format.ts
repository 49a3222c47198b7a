import type { Locale } from "./index";

const intlLocale: Record<Locale, string> = { en: "en-GB", ru: "ru-RU" };

export function formatNumber(locale: Locale, value: number | string, fractionDigits = 0): string {
  return new Intl.NumberFormat(intlLocale[locale], {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(Number(value));
}

/** Money is kept as a decimal string; Intl formats it without losing the cents. */
export function formatMoney(locale: Locale, amount: string | number, currency: string): string {
  return new Intl.NumberFormat(intlLocale[locale], { style: "currency", currency }).format(
    // Intl accepts decimal strings exactly (ES2023 Intl.NumberFormat v3).
    String(amount) as unknown as number,
  );
}

/** Formats a calendar date ("YYYY-MM-DD") or a timestamp for the locale. */
export function formatDate(locale: Locale, value: string | Date): string {
  const date = typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
  return new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: "medium", timeZone: "UTC" }).format(date);
}

export function formatDateTime(locale: Locale, value: string | Date): string {
  return new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(new Date(value));
}
