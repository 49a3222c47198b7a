// A work queue on the dashboard: what waits for the user, how many, the newest few, and where to act.
// Plain data (no server code), so the page renders it as it is.

export type QueueKey =
  | "accessRequests"
  | "duplicates"
  | "matchesToDecide"
  | "flaggedCells"
  | "draftInvoices"
  | "overdueInvoices"
  | "staleRates"
  | "matchesAwaitingOther"
  | "newNeeds"
  | "similarProjects"
  | "invoicesDue"
  | "endedStillActive"
  | "needCoverage"
  | "needsWithoutSuggestion"
  | "newlyActiveProjects";

/** What a queue counts: its count reads "3 requests" (messages `queue.count.<noun>.<plural form>`). */
export type QueueNoun = "requests" | "pairs" | "matches" | "cells" | "invoices" | "currencies" | "needs" | "projects";

export const NOUN_OF: Record<QueueKey, QueueNoun> = {
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

/** A mark beside an entry: the reason it is urgent, or whose turn it is. */
export type EntryTag = "overdue" | "new";

export interface QueueEntry {
  key: string;
  title: string;
  /** Where to act on it; null when there is no page for it (an exchange rate). */
  href: string | null;
  /** The date that orders the queue (ISO date or timestamp). */
  date: string | null;
  tag?: EntryTag;
}

/** A count with its own link (the coverage at a glance, the overdue share of a queue). */
export interface QueuePart {
  key: "open" | "partially_met" | "met" | "overdue";
  count: number;
  href: string | null;
}

export interface Queue {
  key: QueueKey;
  count: number;
  /** The newest few (at most QUEUE_PREVIEW), newest first unless the queue says otherwise. */
  entries: QueueEntry[];
  parts?: QueuePart[];
  /** The full list. */
  href: string | null;
  /** Shown with an action button (the gap cells: "mark as seen"). */
  canMarkSeen?: boolean;
  /** When the user last marked the gap cells seen (null: never). */
  seenAt?: string | null;
  /** The number of days the "what to do" sentence speaks of (new within, allowed age). */
  days?: number;
}

export const QUEUE_PREVIEW = 5;

/** "New" needs and "newly" active projects: within this many days. */
export const NEW_WITHIN_DAYS = 30;
