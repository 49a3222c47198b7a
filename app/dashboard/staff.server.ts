import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { listPendingRequests } from "~/accounts/access-requests.server";
import type { Actor } from "~/accounts/permissions";
import { RATE_MAX_AGE_DAYS, staleRates } from "~/money/exchange.server";
import { newFlaggedCells } from "./gap-cells.server";
import { matchesToDecide } from "./matches.server";
import { draftInvoices, duplicateCandidates, openInvoices, type QueueRows } from "./queries.server";
import { QUEUE_PREVIEW, type Queue } from "./queue";

// The coordination unit's working day: coordinators and admins.

export interface DayContext {
  db: Kysely<Database>;
  actor: Actor;
  today: string;
  now: Date;
  locale: "en" | "ru";
}

export function fromRows(
  key: Queue["key"],
  result: QueueRows,
  href: string | null,
  entryHref: (id: number) => string,
): Queue {
  return {
    key,
    count: result.count,
    href,
    entries: result.rows.map((r) => ({
      key: String(r.id),
      title: r.title,
      href: entryHref(r.id),
      date: r.date,
      tag: r.overdue ? "overdue" : undefined,
    })),
  };
}

/** Pending requests oldest first, so the overdue ones (past the 48-hour promise) come first. */
async function accessRequests({ db, now }: DayContext): Promise<Queue> {
  const pending = await listPendingRequests(db, { page: 1, pageSize: QUEUE_PREVIEW, now });
  return {
    key: "accessRequests",
    count: pending.total,
    href: "/admin/requests",
    parts: [{ key: "overdue", count: pending.overdue, href: "/admin/requests" }],
    entries: pending.rows.map((r) => ({
      key: String(r.id),
      title: r.fullName,
      href: "/admin/requests",
      date: new Date(r.createdAt).toISOString(),
      tag: r.overdue ? "overdue" : undefined,
    })),
  };
}

async function outdatedRates({ db, today }: DayContext): Promise<Queue> {
  const rates = await staleRates(db, today);
  return {
    key: "staleRates",
    count: rates.length,
    days: RATE_MAX_AGE_DAYS,
    href: null,
    entries: rates
      .slice(0, QUEUE_PREVIEW)
      .map((r) => ({ key: r.currency, title: r.currency, href: null, date: r.rateDate })),
  };
}

export function staffQueues(day: DayContext): Promise<Queue[]> {
  const { db, actor, today } = day;
  return Promise.all([
    accessRequests(day),
    duplicateCandidates(db).then((r) => fromRows("duplicates", r, "/duplicates", (id) => `/duplicates/${id}`)),
    matchesToDecide(db, actor),
    newFlaggedCells(db, actor.id, today, day.locale),
    draftInvoices(db).then((r) => fromRows("draftInvoices", r, "/invoices?status=draft", (id) => `/invoices/${id}`)),
    openInvoices(db, today, { overdueOnly: true }).then((r) =>
      fromRows("overdueInvoices", r, "/invoices", (id) => `/invoices/${id}`),
    ),
    outdatedRates(day),
  ]);
}
