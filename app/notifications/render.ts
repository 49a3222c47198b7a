import { translator, type Locale, type MessageKey } from "~/i18n";
import type { NotificationEventType, NotificationParams } from "./events";

/** A notification's sentence in the reader's language (the same in the app and in e-mail). */
export function notificationText(locale: Locale, event: string, params: unknown): string {
  const t = translator(locale);
  const resolved: Record<string, string | number> = {};
  for (const [key, value] of Object.entries((params ?? {}) as NotificationParams)) {
    resolved[key] = typeof value === "object" && value !== null ? (value[locale] ?? value.en) : value;
  }
  return t(`notify.${event as NotificationEventType}` as MessageKey, resolved);
}
