import type { Delivery, Role } from "../../db/schema";

// The events that notify someone, who may receive each, and how each is e-mailed by default.
// Shared by the server (notify) and the preferences page.

export const NOTIFICATION_EVENTS = [
  "access.submitted",
  "access.approved",
  "access.rejected",
  "match.proposed",
  "match.decided",
  "duplicate.found",
  "duplicate.marked",
  "invoice.issued",
  "invoice.paid",
  "need.listed",
] as const;
export type NotificationEventType = (typeof NOTIFICATION_EVENTS)[number];

export const DELIVERIES = ["immediate", "digest", "never"] as const satisfies readonly Delivery[];

// At once for every event that asks the person to act; a digest for what only informs.
export const DEFAULT_DELIVERY: Record<NotificationEventType, Delivery> = {
  "access.submitted": "immediate",
  "access.approved": "immediate",
  "access.rejected": "immediate",
  "match.proposed": "immediate",
  "match.decided": "digest",
  "duplicate.found": "immediate",
  "duplicate.marked": "immediate",
  "invoice.issued": "immediate",
  "invoice.paid": "digest",
  "need.listed": "digest",
};

const STAFF: readonly Role[] = ["coordinator", "admin"];
const MEMBERS: readonly Role[] = ["donor", "beneficiary", "coordinator", "admin"];

/** The roles an event can reach (the preferences page shows each person only theirs). */
export const EVENT_ROLES: Record<NotificationEventType, readonly Role[]> = {
  "access.submitted": STAFF,
  // The applicant is not a member yet when these are sent: nothing to choose.
  "access.approved": [],
  "access.rejected": [],
  "match.proposed": MEMBERS,
  "match.decided": MEMBERS,
  "duplicate.found": STAFF,
  "duplicate.marked": ["donor"],
  "invoice.issued": ["donor"],
  "invoice.paid": ["donor"],
  "need.listed": ["donor"],
};

/** A text shown in the reader's language: plain (a record's own text) or one per language. */
export type LocalizedParam = string | number | { en: string; ru: string };
export type NotificationParams = Record<string, LocalizedParam>;
