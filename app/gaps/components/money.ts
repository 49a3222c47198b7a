import type { Locale } from "~/i18n";

const formats = new Map<Locale, Intl.NumberFormat>();

/** US dollars in a few characters ("$1.2M", "1,2 млн $"): what a matrix cell or a legend has room for. */
export function compactUsd(locale: Locale, amount: number | string): string {
  let format = formats.get(locale);
  if (!format) {
    const tag = locale === "ru" ? "ru-RU" : "en-GB";
    format = new Intl.NumberFormat(tag, {
      style: "currency",
      currency: "USD",
      notation: "compact",
      // Both bounds, not the maximum alone: given only the maximum, engines disagree on the minimum
      // (Node 20 keeps one digit, "US$4.0m"; today's Chromium none, "US$4m"), and the page rendered
      // on the server must read the same in the browser or React's hydration fails.
      minimumFractionDigits: 0,
      maximumFractionDigits: 1,
    });
    formats.set(locale, format);
  }
  // A display figure, rounded: a float is fine here (the exact amount is in the cell's detail).
  return format.format(Number(amount));
}
