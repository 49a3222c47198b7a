import type { Locale } from "~/i18n";

const intlLocale: Record<Locale, string> = { en: "en-GB", ru: "ru-RU" };

/**
 * "in 30 seconds" / "через 30 секунд", "in 2 minutes" / "через 2 минуты": a Retry-After in words,
 * with Intl's plural rules for both languages. Seconds under a minute and a half, else minutes
 * rounded up (never a promise shorter than the real wait).
 */
export function formatWait(locale: Locale, seconds: number): string {
  const format = new Intl.RelativeTimeFormat(intlLocale[locale], { numeric: "always" });
  const whole = Math.max(1, Math.ceil(seconds));
  return whole < 90 ? format.format(whole, "second") : format.format(Math.ceil(whole / 60), "minute");
}
