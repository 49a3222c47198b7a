import type { Locale, MessageKey, Translate } from "~/i18n";

// Counted phrases: Intl.PluralRules picks the form (Russian: 1 потребность, 2 потребности,
// 5 потребностей, 1,5 потребности), the dictionaries hold one message per form.
type Counted = "needs" | "projects" | "recommendations";

export function plural(t: Translate, locale: Locale, what: Counted, count: number): string {
  const form = new Intl.PluralRules(locale === "ru" ? "ru-RU" : "en-GB").select(count);
  const known = form === "one" || form === "few" || form === "many" ? form : "other";
  return t(`plural.${what}.${known}` as MessageKey, {
    count: count.toLocaleString(locale === "ru" ? "ru-RU" : "en-GB"),
  });
}
