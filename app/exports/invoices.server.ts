import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Actor } from "~/accounts/permissions";
import { isOverdue, listInvoicesAfter, type Invoice, type InvoiceFilters } from "~/funding/invoices.server";
import {
  type Column,
  columnsFor,
  dateColumn,
  type ExportDefinition,
  idColumn,
  joined,
  numberColumn,
  textColumn,
} from "./columns.server";
import { keysetPages } from "./keyset.server";

// /invoices.csv: one row per invoice that the reader may see (the coordination unit every one, a
// donor its organization's issued ones), its payments summarised in the row: how many, the total
// paid, what is outstanding, the last payment's date and each payment as "date amount reference".

const c = columnsFor<Invoice>();

export const invoiceColumns: Column<Invoice>[] = [
  idColumn(),
  textColumn("csv.invoiceNumber", (r) => r.number),
  ...c.code("csv.statusCode", "csv.status", "invoiceStatus.", (r) => r.status),
  { header: "csv.overdue", value: (r, x) => (isOverdue(r, x.asOf) ? x.t("csv.yes") : x.t("csv.no")) },
  numberColumn("csv.pledgeId", (r) => r.pledgeId),
  textColumn("csv.billTo", (r) => r.billToName),
  ...c.money(
    "csv.total",
    (r) => r.total,
    (r) => r.currency,
  ),
  numberColumn("csv.paid", (r) => r.paid),
  numberColumn("csv.outstanding", (r) => r.outstanding),
  dateColumn("csv.issueDate", (r) => r.issueDate),
  dateColumn("csv.dueDate", (r) => r.dueDate),
  textColumn("csv.paymentReference", (r) => r.paymentReference),
  numberColumn("csv.paymentCount", (r) => r.payments.length),
  dateColumn("csv.lastPayment", (r) => r.payments.at(-1)?.paidOn),
  textColumn("csv.payments", (r) => joined(r.payments.map((p) => `${p.paidOn} ${p.amount} ${p.bankReference}`))),
  textColumn("csv.replaces", (r) => r.replacesInvoiceNumber),
  textColumn("csv.voidReason", (r) => r.voidReason),
];

export function invoicesExport(
  db: Kysely<Database>,
  actor: Actor,
  filters: InvoiceFilters,
  pageSize?: number,
): ExportDefinition<Invoice> {
  return {
    filename: "adam-invoices",
    columns: invoiceColumns,
    pages: keysetPages((after, limit) => listInvoicesAfter(db, actor, filters, Number(after), limit), pageSize),
  };
}
