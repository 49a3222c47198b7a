import { translator, type Locale, type MessageKey } from "~/i18n";

// A reason is a message key and its values, so that one report reads in English on the command line
// and in the reader's language on the page and in the CSV.
export interface Reason {
  key: MessageKey;
  params?: Record<string, string | number>;
}

export const reason = (key: MessageKey, params?: Record<string, string | number>): Reason =>
  params ? { key, params } : { key };

export function renderReason(r: Reason, locale: Locale = "en"): string {
  return translator(locale)(r.key, r.params);
}
