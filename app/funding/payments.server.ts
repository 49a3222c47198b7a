import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../db/schema";
import { writeAudit } from "../accounts/audit.server";
import type { Actor } from "../accounts/permissions";
import { inTransaction } from "~/utils/transaction.server";
import { notify } from "../notifications/notify.server";
import { because, FundingError, parseInput } from "./errors";
import { loadInvoice, lockInvoice, requireInvoiceManager, type Invoice, type InvoicePayment } from "./invoices.server";
import { isoDateSchema as dateSchema, today } from "~/forms/dates";
import { moneySchema } from "~/money/amount";
import { fromCents, toCents } from "~/money/decimal";

// Bank transfers received against an invoice, recorded by the coordination unit from its statement.
// Recorded payments are append-only (the database refuses to change or delete them).

export const paymentInputSchema = z.object({
  amount: moneySchema,
  paidOn: dateSchema,
  bankReference: z.string().trim().min(1, "Copy the reference from the bank statement").max(200),
});
export type PaymentInput = z.input<typeof paymentInputSchema>;

/** The status follows the money: partly_paid until the total is reached, then paid. */
export async function recordPayment(
  db: Kysely<Database>,
  actor: Actor,
  invoiceId: number,
  input: PaymentInput,
  /** The calendar day the payment is recorded on (UTC; tests give their own). */
  options: { today?: string } = {},
): Promise<{ invoice: Invoice; payment: InvoicePayment }> {
  requireInvoiceManager(actor);
  const p = parseInput(paymentInputSchema, input);
  return inTransaction(db, async (trx) => {
    // The lock serializes two clerks recording payments on the same invoice.
    const row = await lockInvoice(trx, invoiceId);
    if (row.status !== "issued" && row.status !== "partly_paid") {
      throw new FundingError(
        "not_payable",
        row.status === "draft"
          ? "Issue the invoice before recording payments"
          : `Invoice ${row.number} is ${row.status}`,
      );
    }
    assertPaymentDate(p.paidOn, row.issue_date!, options.today ?? today());
    const before = await loadInvoice(trx, invoiceId);
    const outstanding = toCents(before.outstanding);
    if (toCents(p.amount) > outstanding) {
      throw new FundingError("overpayment", `Only ${fromCents(outstanding)} ${before.currency} is outstanding`, {
        fields: { amount: because("funding.error.overpayment", `At most ${fromCents(outstanding)}`) },
        details: { outstanding: fromCents(outstanding), requested: p.amount },
      });
    }
    const payment = await trx
      .insertInto("invoice_payments")
      .values({
        invoice_id: invoiceId,
        amount: p.amount,
        paid_on: p.paidOn,
        bank_reference: p.bankReference,
        recorded_by: actor.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .updateTable("invoices")
      .set({
        status: toCents(p.amount) === outstanding ? "paid" : "partly_paid",
        version: row.version + 1,
        updated_at: new Date(),
      })
      .where("id", "=", invoiceId)
      .execute();
    const invoice = await loadInvoice(trx, invoiceId);
    const recorded = invoice.payments.find((x) => x.id === payment.id)!;
    await writeAudit(trx, {
      actorUserId: actor.id,
      action: "invoice.payment",
      entityType: "invoice",
      entityId: invoiceId,
      ...paymentAudit(before, invoice, recorded),
    });
    await notify(trx, { type: "invoice.paid", invoiceId, amount: p.amount }, { actorId: actor.id });
    return { invoice, payment: recorded };
  });
}

/** A payment is received on a real day: not after today, not before the invoice was issued. Each refusal says which. */
function assertPaymentDate(paidOn: string, issueDate: string, today: string) {
  if (paidOn > today)
    throw new FundingError("invalid", "The payment is dated in the future", {
      fields: { paidOn: because("funding.error.paidInFuture", "A payment cannot be dated in the future") },
    });
  if (paidOn < issueDate) {
    throw new FundingError("invalid", "The payment is dated before the invoice", {
      fields: { paidOn: because("funding.error.paidBeforeIssue", "A payment cannot be dated before the issue date") },
      details: { issueDate },
    });
  }
}

/**
 * What the audit log keeps of a payment: the payment itself and what it moved on the invoice
 * (status, paid, outstanding), flat, so that the log shows these changes and nothing else.
 */
function paymentAudit(before: Invoice, after: Invoice, payment: InvoicePayment) {
  return {
    before: { status: before.status, paid: before.paid, outstanding: before.outstanding },
    after: {
      amount: payment.amount,
      paid_on: payment.paidOn,
      bank_reference: payment.bankReference,
      status: after.status,
      paid: after.paid,
      outstanding: after.outstanding,
    },
  };
}
