import type { Kysely, Selectable } from "kysely";
import { z } from "zod";
import type { Database, InvoicesTable, InvoiceStatus, Locale } from "../../db/schema";
import { can, type Actor } from "../accounts/permissions";
import { FundingError } from "./errors";
import { moneySchema, quantitySchema } from "~/money/amount";
import { fromCents, toCents } from "~/money/decimal";
import type { BankInstructions, Issuer } from "./settings.server";
import type { Page } from "./pledges.server";

// Invoices as the pages read them, and the pieces the draft, issue and payment modules share.

export const lineInputSchema = z.object({
  description: z.string().trim().min(1, "Describe the line").max(500),
  quantity: quantitySchema.default("1"),
  unitPrice: moneySchema,
});
export type LineInput = z.input<typeof lineInputSchema>;

export interface InvoiceLine {
  position: number;
  description: string;
  quantity: string;
  unitPrice: string;
  amount: string;
}

export interface InvoicePayment {
  id: number;
  amount: string;
  paidOn: string;
  bankReference: string;
  recordedBy: number | null;
  createdAt: Date;
}

export interface Invoice {
  id: number;
  /** Null while a draft: numbers are given at issue. */
  number: string | null;
  year: number | null;
  sequence: number | null;
  pledgeId: number;
  billToOrganizationId: number;
  billToName: string;
  billToAddress: string;
  language: Locale;
  currency: string;
  total: string;
  paid: string;
  outstanding: string;
  issueDate: string | null;
  dueDate: string | null;
  paymentReference: string | null;
  status: InvoiceStatus;
  voidReason: string | null;
  voidedAt: Date | null;
  replacesInvoiceId: number | null;
  replacesInvoiceNumber: string | null;
  replacedByInvoiceId: number | null;
  /** Snapshots taken at issue (null on drafts). */
  issuer: Issuer | null;
  bankInstructions: BankInstructions | null;
  issuedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  lines: InvoiceLine[];
  payments: InvoicePayment[];
}

/** Open (issued or partly paid) and past its due date. `today` is a "YYYY-MM-DD" calendar date. */
export function isOverdue(invoice: Pick<Invoice, "status" | "dueDate">, today: string): boolean {
  return (
    (invoice.status === "issued" || invoice.status === "partly_paid") &&
    invoice.dueDate !== null &&
    invoice.dueDate < today
  );
}

export function requireInvoiceManager(actor: Actor) {
  if (!can(actor.role, "invoice:manage"))
    throw new FundingError("forbidden", "Only the coordination unit manages invoices");
}

/** Coordinators see every invoice; a donor sees the issued invoices addressed to its organization. */
export async function getInvoice(db: Kysely<Database>, actor: Actor, invoiceId: number): Promise<Invoice> {
  const invoice = await loadInvoice(db, invoiceId);
  if (
    !can(actor.role, "invoice:manage") &&
    (invoice.status === "draft" || invoice.billToOrganizationId !== actor.organizationId)
  ) {
    throw new FundingError("not_found", "No such invoice");
  }
  return invoice;
}

export interface InvoiceFilters {
  status?: InvoiceStatus;
  pledgeId?: number;
  billToOrganizationId?: number;
  year?: number;
  page?: number;
  pageSize?: number;
}

/** Newest first; lines and payments included (an invoice has a handful of each). */
export async function listInvoices(
  db: Kysely<Database>,
  actor: Actor,
  filters: InvoiceFilters = {},
): Promise<Page<Invoice>> {
  const page = Math.max(1, Math.floor(filters.page ?? 1));
  const pageSize = Math.min(200, Math.max(1, Math.floor(filters.pageSize ?? 50)));
  const query = visibleInvoices(db, actor, filters);
  const [{ n }, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
    query
      .selectAll()
      .orderBy("id", "desc")
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
  ]);
  return { items: await hydrate(db, rows), total: Number(n), page, pageSize };
}

/** The invoices the actor may see, filtered: the list's rule, shared by the page and its export. */
function visibleInvoices(db: Kysely<Database>, actor: Actor, filters: InvoiceFilters) {
  let query = db.selectFrom("invoices");
  if (!can(actor.role, "invoice:manage")) {
    if (actor.organizationId === null) throw new FundingError("forbidden", "You may not see invoices");
    query = query.where("bill_to_organization_id", "=", actor.organizationId).where("status", "<>", "draft");
  }
  if (filters.status) query = query.where("status", "=", filters.status);
  if (filters.pledgeId !== undefined) query = query.where("pledge_id", "=", filters.pledgeId);
  if (filters.billToOrganizationId !== undefined)
    query = query.where("bill_to_organization_id", "=", filters.billToOrganizationId);
  if (filters.year !== undefined) query = query.where("year", "=", filters.year);
  return query;
}

/** One keyset page of the invoices the actor may see, for an export (id > afterId, by id), with payments. */
export async function listInvoicesAfter(
  db: Kysely<Database>,
  actor: Actor,
  filters: InvoiceFilters,
  afterId: number,
  limit: number,
): Promise<Invoice[]> {
  const query = visibleInvoices(db, actor, filters).selectAll().where("id", ">", afterId);
  const rows = await query.orderBy("id").limit(limit).execute();
  return hydrate(db, rows);
}

export async function loadInvoice(db: Kysely<Database>, invoiceId: number): Promise<Invoice> {
  const row = await db.selectFrom("invoices").selectAll().where("id", "=", invoiceId).executeTakeFirst();
  if (!row) throw new FundingError("not_found", "No such invoice");
  return (await hydrate(db, [row]))[0];
}

/** Locks the invoice row for the rest of the transaction and checks the caller's version. */
export async function lockInvoice(db: Kysely<Database>, invoiceId: number, expectedVersion?: number) {
  const row = await db.selectFrom("invoices").selectAll().where("id", "=", invoiceId).forUpdate().executeTakeFirst();
  if (!row) throw new FundingError("not_found", "No such invoice");
  if (expectedVersion !== undefined && row.version !== expectedVersion) {
    throw new FundingError("stale", "Someone changed this invoice since you opened it", {
      details: { currentVersion: row.version },
    });
  }
  return row;
}

async function hydrate(db: Kysely<Database>, rows: Selectable<InvoicesTable>[]): Promise<Invoice[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const replacedIds = rows.map((r) => r.replaces_invoice_id).filter((v): v is number => v !== null);
  const [lines, payments, replacements, replaced] = await Promise.all([
    db.selectFrom("invoice_lines").selectAll().where("invoice_id", "in", ids).orderBy("position").execute(),
    db
      .selectFrom("invoice_payments")
      .selectAll()
      .where("invoice_id", "in", ids)
      .orderBy("paid_on")
      .orderBy("id")
      .execute(),
    db.selectFrom("invoices").select(["id", "replaces_invoice_id"]).where("replaces_invoice_id", "in", ids).execute(),
    replacedIds.length
      ? db.selectFrom("invoices").select(["id", "number"]).where("id", "in", replacedIds).execute()
      : Promise.resolve([]),
  ]);
  return rows.map((r) => {
    const own = payments.filter((p) => p.invoice_id === r.id);
    const paid = own.reduce((sum, p) => sum + toCents(p.amount), 0n);
    return {
      id: r.id,
      number: r.number,
      year: r.year,
      sequence: r.sequence,
      pledgeId: r.pledge_id,
      billToOrganizationId: r.bill_to_organization_id,
      billToName: r.bill_to_name,
      billToAddress: r.bill_to_address,
      language: r.language,
      currency: r.currency.trim(),
      total: r.total,
      paid: fromCents(paid),
      outstanding: r.status === "void" ? "0.00" : fromCents(toCents(r.total) - paid),
      issueDate: r.issue_date,
      dueDate: r.due_date,
      paymentReference: r.payment_reference,
      status: r.status,
      voidReason: r.void_reason,
      voidedAt: r.voided_at,
      replacesInvoiceId: r.replaces_invoice_id,
      replacesInvoiceNumber: replaced.find((x) => x.id === r.replaces_invoice_id)?.number ?? null,
      replacedByInvoiceId: replacements.find((x) => x.replaces_invoice_id === r.id)?.id ?? null,
      issuer: r.issuer as unknown as Issuer | null,
      bankInstructions: r.bank_instructions as unknown as BankInstructions | null,
      issuedAt: r.issued_at,
      version: r.version,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      lines: lines
        .filter((l) => l.invoice_id === r.id)
        .map((l) => ({
          position: l.position,
          description: l.description,
          quantity: l.quantity,
          unitPrice: l.unit_price,
          amount: l.amount,
        })),
      payments: own.map((p) => ({
        id: p.id,
        amount: p.amount,
        paidOn: p.paid_on,
        bankReference: p.bank_reference,
        recordedBy: p.recorded_by,
        createdAt: p.created_at,
      })),
    };
  });
}
