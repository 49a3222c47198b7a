import type { MetaArgs } from "@remix-run/react";
import { DEFAULT_LOCALE, isLocale, translator, type MessageKey } from "./index";

type TitleKey = Extract<MessageKey, `title.${string}`>;

/**
 * A route's `<title>` in the page's language: "ADAM — " and the route's `title.*` message, or `name`
 * (a record's own title, which is not translated) when there is one. The language is the root loader's.
 */
export function pageTitle(matches: MetaArgs["matches"], key: TitleKey, name?: string | null): [{ title: string }] {
  const root = matches.find((match) => match.id === "root")?.data as { locale?: unknown } | undefined;
  const locale = isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
  return [{ title: `ADAM — ${name ?? translator(locale)(key)}` }];
}
