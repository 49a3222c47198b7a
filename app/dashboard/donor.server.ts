import { matchesAwaitingOther, matchesToDecide } from "./matches.server";
import {
  endedStillActive,
  newNeedsForDonor,
  openInvoices,
  overdueInvoiceCount,
  similarProjectsOf,
} from "./queries.server";
import { NEW_WITHIN_DAYS, type Queue } from "./queue";
import { fromRows, type DayContext } from "./staff.server";

// A donor's working day: its organization's matches, needs, similar projects, invoices and projects.

async function invoicesDue({ db, today }: DayContext, organizationId: number): Promise<Queue> {
  const [due, overdue] = await Promise.all([
    openInvoices(db, today, { billedTo: organizationId, overdueOnly: false }),
    overdueInvoiceCount(db, today, organizationId),
  ]);
  return {
    ...fromRows("invoicesDue", due, "/invoices", (id) => `/invoices/${id}`),
    parts: [{ key: "overdue", count: overdue, href: "/invoices" }],
  };
}

export function donorQueues(day: DayContext): Promise<Queue[]> {
  const { db, actor, today } = day;
  const org = actor.organizationId;
  if (org === null) return Promise.resolve([]);
  return Promise.all([
    matchesToDecide(db, actor),
    matchesAwaitingOther(db, actor),
    newNeedsForDonor(db, org, today).then((r) => ({
      ...fromRows("newNeeds", r, "/needs?status=open", (id) => `/needs/${id}`),
      days: NEW_WITHIN_DAYS,
    })),
    similarProjectsOf(db, org).then((r) =>
      fromRows("similarProjects", r, "/projects?mine=1", (id) => `/projects/${id}`),
    ),
    invoicesDue(day, org),
    endedStillActive(db, org, today).then((r) =>
      fromRows("endedStillActive", r, "/projects?mine=1&status=active", (id) => `/projects/${id}`),
    ),
  ]);
}
