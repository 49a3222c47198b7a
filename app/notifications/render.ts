import { translator, type Locale } from "~/i18n";
import { isOneOf } from "~/utils/one-of";
import { NOTIFICATION_EVENTS, type NotificationParams } from "./events";

/**
 * A notification's sentence in the reader's language (the same in the app and in e-mail). The event
 * is read back from the database as text: one we no longer know is shown as its code, never as a key.
 */
export function notificationText(locale: Locale, event: string, params: unknown): string {
  if (!isOneOf(NOTIFICATION_EVENTS, event)) return event;
  const t = translator(locale);
  const resolved: Record<string, string | number> = {};
  for (const [key, value] of Object.entries((params ?? {}) as NotificationParams)) {
    resolved[key] = typeof value === "object" && value !== null ? (value[locale] ?? value.en) : value;
  }
  return t(`notify.${event}`, resolved);
}
