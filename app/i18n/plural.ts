import type { Locale, MessageKey, Translate } from "./index";

// Counted phrases, the one home of plural rules. Intl.PluralRules picks the form a count takes in the
// language (Russian: 1 проект, 2 проекта, 5 проектов, 21 проект, 1,5 проекта); the dictionaries hold
// one message per form, keyed `….one`, `….few`, `….many`, `….other`. English uses "one" and "other"
// only: its "few" and "many" entries repeat "other", so that both languages keep the same keys.

export type PluralForm = "one" | "few" | "many" | "other";

const intlLocale: Record<Locale, string> = { en: "en-GB", ru: "ru-RU" };
const rules = new Map<Locale, Intl.PluralRules>();

/** The plural form a count takes in the locale. */
export function pluralForm(locale: Locale, count: number): PluralForm {
  let rule = rules.get(locale);
  if (!rule) rules.set(locale, (rule = new Intl.PluralRules(intlLocale[locale])));
  const form = rule.select(count);
  return form === "one" || form === "few" || form === "many" ? form : "other";
}

/** A message key that has all four forms: "plural.needs" for "plural.needs.one" … "plural.needs.other". */
export type PluralKey = {
  [K in MessageKey]: K extends `${infer Base}.one`
    ? `${Base}.${Exclude<PluralForm, "one">}` extends MessageKey
      ? Base
      : never
    : never;
}[MessageKey];

/**
 * The counted phrase in the locale's form for `count`; `{count}` is the count written for the locale
 * (1 234; 1,5), other parameters are passed on.
 */
export function plural(
  t: Translate,
  locale: Locale,
  key: PluralKey,
  count: number,
  params: Record<string, string | number> = {},
): string {
  const formKey: `${PluralKey}.${PluralForm}` = `${key}.${pluralForm(locale, count)}`;
  return t(formKey, { count: count.toLocaleString(intlLocale[locale]), ...params });
}
