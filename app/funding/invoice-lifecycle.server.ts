import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../db/schema";
import { writeAudit } from "../accounts/audit.server";
import type { Actor } from "../accounts/permissions";
import { inTransaction } from "~/utils/transaction.server";
import { notify } from "../notifications/notify.server";
import { because, FundingError, parseInput } from "./errors";
import { lockPledge, prepareLines, reserveOnPledge, writeLines } from "./invoice-drafts.server";
import { loadInvoice, lockInvoice, requireInvoiceManager, type Invoice } from "./invoices.server";
import { addDays, isoDateSchema as dateSchema, today } from "~/forms/dates";
import { toCents } from "~/money/decimal";
import { creditorReference } from "./creditor-reference";
import { bankInstructionsSchema, getInvoicingSettings } from "./settings.server";

// Issue, void, replace. Numbers are "PP-<year>-<4 digits>", sequential per calendar year of the issue
// date, with no gap and no reuse: the counter row is incremented (and so locked) in the same
// transaction that issues, so concurrent issuers queue on it and a rolled-back issue gives its number
// back with everything else. A void invoice keeps its number.

export const DEFAULT_PAYMENT_TERMS_DAYS = 30;

export const issueOptionsSchema = z.object({
  expectedVersion: z.number().int().positive().optional(),
  /** Defaults to today (UTC). Its year chooses the number sequence. */
  issueDate: dateSchema.optional(),
  /** Defaults to the draft's due date, else the issue date plus 30 days. */
  dueDate: dateSchema.optional(),
});
export type IssueOptions = z.input<typeof issueOptionsSchema>;

/**
 * Invoice numbering, the rule's home (with the counter in issueInvoice): an invoice gets its number
 * when issued, `PP-<year>-<4 digits>`, sequential per calendar year of the issue date from 0001, never
 * reused (a void invoice keeps its number). The per-year row of invoice_counters is incremented inside
 * the issuing transaction, so concurrent issuers queue on its lock and a failed issue gives it back.
 */
export function formatInvoiceNumber(year: number, sequence: number): string {
  return `PP-${year}-${String(sequence).padStart(4, "0")}`;
}

export async function issueInvoice(
  db: Kysely<Database>,
  actor: Actor,
  invoiceId: number,
  options: IssueOptions = {},
): Promise<Invoice> {
  requireInvoiceManager(actor);
  const o = parseInput(issueOptionsSchema, options);
  return inTransaction(db, async (trx) => {
    const row = await lockInvoice(trx, invoiceId, o.expectedVersion);
    if (row.status !== "draft") throw new FundingError("not_draft", `Invoice ${row.number} is already ${row.status}`);
    if (toCents(row.total) <= 0n)
      throw new FundingError("invalid", "An invoice needs at least one line", {
        fields: { lines: because("funding.linesMissing", "Add a line") },
      });
    const issueDate = o.issueDate ?? today();
    const dueDate = o.dueDate ?? row.due_date ?? addDays(issueDate, DEFAULT_PAYMENT_TERMS_DAYS);
    if (dueDate < issueDate)
      throw new FundingError("invalid", "The due date is before the issue date", {
        fields: { dueDate: because("funding.error.dueBeforeIssue", "On or after the issue date") },
      });
    const settings = await getInvoicingSettings(trx);
    // Bank details saved before they were validated (an IBAN such as "NOT AN IBAN") are not printed:
    // they count as missing.
    if (!settings.issuer || !settings.bank || !bankInstructionsSchema.safeParse(settings.bank).success) {
      throw new FundingError(
        "settings_missing",
        "Set the coordination unit's details and bank instructions before issuing invoices",
      );
    }
    const year = Number(issueDate.slice(0, 4));
    // Upsert = UPDATE ... RETURNING on an existing year's row; its row lock is held until commit.
    const { last_number: sequence } = await trx
      .insertInto("invoice_counters")
      .values({ year, last_number: 1 })
      .onConflict((oc) => oc.column("year").doUpdateSet({ last_number: sql`invoice_counters.last_number + 1` }))
      .returning("last_number")
      .executeTakeFirstOrThrow();
    const number = formatInvoiceNumber(year, sequence);
    const before = await loadInvoice(trx, invoiceId);
    await trx
      .updateTable("invoices")
      .set({
        status: "issued",
        number,
        year,
        sequence,
        issue_date: issueDate,
        due_date: dueDate,
        payment_reference: creditorReference(number),
        issuer: JSON.stringify(settings.issuer),
        bank_instructions: JSON.stringify(settings.bank),
        issued_at: new Date(),
        issued_by: actor.id,
        version: row.version + 1,
        updated_at: new Date(),
      })
      .where("id", "=", invoiceId)
      .where("status", "=", "draft")
      .execute();
    const after = await loadInvoice(trx, invoiceId);
    await writeAudit(trx, {
      actorUserId: actor.id,
      action: "invoice.issue",
      entityType: "invoice",
      entityId: invoiceId,
      before,
      after,
    });
    await notify(trx, { type: "invoice.issued", invoiceId }, { actorId: actor.id });
    return after;
  });
}

const reasonSchema = z.string().trim().min(3, "funding.reasonShort").max(1000);

/** Voids an issued or partly paid invoice. It keeps its number; its amount is freed on the pledge. */
export async function voidInvoice(
  db: Kysely<Database>,
  actor: Actor,
  invoiceId: number,
  reason: string,
  expectedVersion?: number,
): Promise<Invoice> {
  requireInvoiceManager(actor);
  const why = parseInput(z.object({ reason: reasonSchema }), { reason }).reason;
  return inTransaction(db, (trx) => voidLocked(trx, actor, invoiceId, why, expectedVersion));
}

async function voidLocked(
  trx: Kysely<Database>,
  actor: Actor,
  invoiceId: number,
  reason: string,
  expectedVersion?: number,
) {
  const row = await lockInvoice(trx, invoiceId, expectedVersion);
  if (row.status !== "issued" && row.status !== "partly_paid") {
    throw new FundingError(
      "not_voidable",
      row.status === "draft"
        ? "A draft is deleted, not voided"
        : `Invoice ${row.number} is ${row.status} and cannot be voided`,
    );
  }
  const before = await loadInvoice(trx, invoiceId);
  await trx
    .updateTable("invoices")
    .set({
      status: "void",
      void_reason: reason,
      voided_at: new Date(),
      voided_by: actor.id,
      version: row.version + 1,
      updated_at: new Date(),
    })
    .where("id", "=", invoiceId)
    .execute();
  const after = await loadInvoice(trx, invoiceId);
  await writeAudit(trx, {
    actorUserId: actor.id,
    action: "invoice.void",
    entityType: "invoice",
    entityId: invoiceId,
    before,
    after,
  });
  return after;
}

/**
 * Replaces an issued invoice: voids it (a reason is then required) unless it is void already, and
 * creates a new draft with the same bill-to, language and lines that points back to it.
 */
export async function replaceInvoice(
  db: Kysely<Database>,
  actor: Actor,
  invoiceId: number,
  options: { reason?: string; expectedVersion?: number } = {},
): Promise<{ voided: Invoice; draft: Invoice }> {
  requireInvoiceManager(actor);
  return inTransaction(db, async (trx) => {
    const row = await lockInvoice(trx, invoiceId, options.expectedVersion);
    if (row.status === "draft" || row.status === "paid") {
      throw new FundingError(
        "not_replaceable",
        row.status === "draft" ? "Edit the draft instead" : `Invoice ${row.number} is paid`,
      );
    }
    const existing = await trx
      .selectFrom("invoices")
      .select("id")
      .where("replaces_invoice_id", "=", invoiceId)
      .executeTakeFirst();
    if (existing)
      throw new FundingError("already_replaced", `Invoice ${row.number} already has a replacement`, {
        details: { replacementId: existing.id },
      });
    const voided =
      row.status === "void"
        ? await loadInvoice(trx, invoiceId)
        : await voidLocked(
            trx,
            actor,
            invoiceId,
            parseInput(z.object({ reason: reasonSchema }), { reason: options.reason ?? "" }).reason,
          );
    const pledge = await lockPledge(trx, row.pledge_id);
    const prepared = prepareLines(voided.lines);
    await reserveOnPledge(trx, pledge, prepared.total);
    const created = await trx
      .insertInto("invoices")
      .values({
        pledge_id: row.pledge_id,
        bill_to_organization_id: row.bill_to_organization_id,
        bill_to_name: row.bill_to_name,
        bill_to_address: row.bill_to_address,
        language: row.language,
        currency: row.currency.trim(),
        total: prepared.total,
        replaces_invoice_id: invoiceId,
        created_by: actor.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writeLines(trx, created.id, prepared.lines);
    const draft = await loadInvoice(trx, created.id);
    await writeAudit(trx, {
      actorUserId: actor.id,
      action: "invoice.replace",
      entityType: "invoice",
      entityId: created.id,
      after: draft,
    });
    return { voided, draft };
  });
}
