import type { Locale, MessageKey, Translate } from "~/i18n";
import type { QueueKey } from "./queue";

// A queue's count in words: Intl.PluralRules picks the form (Russian: 1 запрос, 2 запроса,
// 5 запросов), the dictionary holds one message per form.

type Noun = "requests" | "pairs" | "matches" | "cells" | "invoices" | "currencies" | "needs" | "projects";

export const NOUN_OF: Record<QueueKey, Noun> = {
  accessRequests: "requests",
  duplicates: "pairs",
  matchesToDecide: "matches",
  matchesAwaitingOther: "matches",
  flaggedCells: "cells",
  draftInvoices: "invoices",
  overdueInvoices: "invoices",
  invoicesDue: "invoices",
  staleRates: "currencies",
  newNeeds: "needs",
  needCoverage: "needs",
  needsWithoutSuggestion: "needs",
  similarProjects: "projects",
  endedStillActive: "projects",
  newlyActiveProjects: "projects",
};

export function countOf(t: Translate, locale: Locale, queue: QueueKey, count: number): string {
  const tag = locale === "ru" ? "ru-RU" : "en-GB";
  const form = new Intl.PluralRules(tag).select(count);
  const known = form === "one" || form === "few" || form === "many" ? form : "other";
  return t(`queue.count.${NOUN_OF[queue]}.${known}` as MessageKey, { count: count.toLocaleString(tag) });
}
