import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database, Locale } from "../../db/schema";
import { writeAudit } from "../accounts/audit.server";
import type { Actor } from "../accounts/permissions";
import { inTransaction } from "~/utils/transaction.server";
import { because, FundingError, parseInput } from "./errors";
import {
  lockInvoice,
  loadInvoice,
  lineInputSchema,
  requireInvoiceManager,
  type Invoice,
  type LineInput,
} from "./invoices.server";
import { isoDateSchema as dateSchema } from "~/forms/dates";
import { moneySchema } from "~/money/amount";
import { fromCents, lineAmount, sumAmounts, toCents } from "~/money/decimal";
import { invoicedOnPledge } from "./pledges.server";

// Drafts: made from a pledge (all of what is left, or a tranche), edited freely, deleted if unwanted.
// A draft already reserves its amount on the pledge, so two drafts cannot together exceed it.

const localeSchema = z.enum(["en", "ru"]);

export const draftInputSchema = z.object({
  pledgeId: z.coerce.number().int().positive(),
  /** A tranche; without it (and without lines) the draft asks for all that is left of the pledge. */
  amount: moneySchema.optional(),
  lines: z.array(lineInputSchema).min(1).max(50).optional(),
  language: localeSchema.optional(),
  billToAddress: z.string().trim().max(1000).optional(),
  dueDate: dateSchema.optional(),
});
export type DraftInput = z.input<typeof draftInputSchema>;

export const draftPatchSchema = z.object({
  lines: z.array(lineInputSchema).min(1).max(50).optional(),
  language: localeSchema.optional(),
  billToName: z.string().trim().min(1).max(300).optional(),
  billToAddress: z.string().trim().max(1000).optional(),
  dueDate: dateSchema.nullable().optional(),
});
export type DraftPatch = z.input<typeof draftPatchSchema>;

export async function createInvoiceDraft(db: Kysely<Database>, actor: Actor, input: DraftInput): Promise<Invoice> {
  requireInvoiceManager(actor);
  const d = parseInput(draftInputSchema, input);
  return inTransaction(db, async (trx) => {
    const pledge = await lockPledge(trx, d.pledgeId);
    await assertCurrencyHasRate(trx, pledge.currency);
    const organization = await trx
      .selectFrom("organizations as o")
      .leftJoin("countries as c", "c.iso3", "o.country_iso3")
      .select(["o.name", "c.name_en", "c.name_ru"])
      .where("o.id", "=", pledge.organization_id)
      .executeTakeFirstOrThrow();
    const language = d.language ?? (await lastLanguageOf(trx, pledge.organization_id));
    const remaining = fromCents(toCents(pledge.amount) - toCents(await invoicedOnPledge(trx, pledge.id)));
    const lines = d.lines ?? [
      { description: defaultDescription(language, pledge), quantity: "1", unitPrice: d.amount ?? remaining },
    ];
    const prepared = prepareLines(lines);
    await reserveOnPledge(trx, pledge, prepared.total);
    const row = await trx
      .insertInto("invoices")
      .values({
        pledge_id: pledge.id,
        bill_to_organization_id: pledge.organization_id,
        bill_to_name: organization.name,
        bill_to_address: d.billToAddress ?? (language === "ru" ? organization.name_ru : organization.name_en) ?? "",
        language,
        currency: pledge.currency.trim(),
        total: prepared.total,
        due_date: d.dueDate ?? null,
        created_by: actor.id,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeLines(trx, row.id, prepared.lines);
    const invoice = await loadInvoice(trx, row.id);
    await writeAudit(trx, {
      actorUserId: actor.id,
      action: "invoice.create_draft",
      entityType: "invoice",
      entityId: row.id,
      after: invoice,
    });
    return invoice;
  });
}

export const PLEDGE_CURRENCY_UNKNOWN = "The pledge's currency has no exchange rate";

/** An invoice is in its pledge's currency: one without a rate (stored before pledges were checked) is not invoiced. */
async function assertCurrencyHasRate(db: Kysely<Database>, currency: string) {
  const rate = await db
    .selectFrom("exchange_rates")
    .select("currency")
    .where("currency", "=", currency)
    .limit(1)
    .executeTakeFirst();
  if (!rate)
    throw new FundingError("invalid", `No exchange rate is known for ${currency.trim()}`, {
      fields: { _form: because("funding.error.pledgeCurrencyUnknown", PLEDGE_CURRENCY_UNKNOWN) },
    });
}

/** Changes a draft; an issued invoice is never edited (`not_draft`): void and replace it instead. */
export async function editDraft(
  db: Kysely<Database>,
  actor: Actor,
  invoiceId: number,
  expectedVersion: number,
  patch: DraftPatch,
): Promise<Invoice> {
  requireInvoiceManager(actor);
  const p = parseInput(draftPatchSchema, patch);
  return inTransaction(db, async (trx) => {
    const row = await lockInvoice(trx, invoiceId);
    if (row.status !== "draft")
      throw new FundingError("not_draft", `Invoice ${row.number} is ${row.status}: it can only be voided and replaced`);
    if (row.version !== expectedVersion) {
      throw new FundingError("stale", "Someone changed this draft since you opened it", {
        details: { currentVersion: row.version },
      });
    }
    const before = await loadInvoice(trx, invoiceId);
    let total = row.total;
    if (p.lines) {
      const prepared = prepareLines(p.lines);
      await reserveOnPledge(trx, await lockPledge(trx, row.pledge_id), prepared.total, invoiceId);
      await trx.deleteFrom("invoice_lines").where("invoice_id", "=", invoiceId).execute();
      await writeLines(trx, invoiceId, prepared.lines);
      total = prepared.total;
    }
    await trx
      .updateTable("invoices")
      .set({
        total,
        language: p.language ?? row.language,
        bill_to_name: p.billToName ?? row.bill_to_name,
        bill_to_address: p.billToAddress ?? row.bill_to_address,
        due_date: p.dueDate === undefined ? row.due_date : p.dueDate,
        version: row.version + 1,
        updated_at: new Date(),
      })
      .where("id", "=", invoiceId)
      .where("status", "=", "draft")
      .execute();
    const after = await loadInvoice(trx, invoiceId);
    await writeAudit(trx, {
      actorUserId: actor.id,
      action: "invoice.edit_draft",
      entityType: "invoice",
      entityId: invoiceId,
      before,
      after,
    });
    return after;
  });
}

/** Drafts may be thrown away (they never had a number); anything issued stays for ever. */
export async function deleteDraft(
  db: Kysely<Database>,
  actor: Actor,
  invoiceId: number,
  expectedVersion: number,
): Promise<void> {
  requireInvoiceManager(actor);
  await inTransaction(db, async (trx) => {
    const row = await lockInvoice(trx, invoiceId, expectedVersion);
    if (row.status !== "draft")
      throw new FundingError("not_draft", `Invoice ${row.number} is ${row.status} and cannot be deleted`);
    const before = await loadInvoice(trx, invoiceId);
    await trx.deleteFrom("invoices").where("id", "=", invoiceId).where("status", "=", "draft").execute();
    await writeAudit(trx, {
      actorUserId: actor.id,
      action: "invoice.delete_draft",
      entityType: "invoice",
      entityId: invoiceId,
      before,
    });
  });
}

type PledgeRow = {
  id: number;
  organization_id: number;
  amount: string;
  currency: string;
  period_start: string;
  period_end: string;
};

/** Locks the pledge so that concurrent drafts on it are checked one after the other. */
export async function lockPledge(db: Kysely<Database>, pledgeId: number): Promise<PledgeRow> {
  const pledge = await db
    .selectFrom("pledges")
    .select(["id", "organization_id", "amount", "currency", "period_start", "period_end"])
    .where("id", "=", pledgeId)
    .forUpdate()
    .executeTakeFirst();
  if (!pledge)
    throw new FundingError("not_found", "No such pledge", {
      fields: { pledgeId: because("funding.error.notFound", "No such pledge") },
    });
  return pledge;
}

/** Refuses a total above what of the pledge is not yet invoiced by its other non-void invoices. */
export async function reserveOnPledge(
  db: Kysely<Database>,
  pledge: PledgeRow,
  total: string,
  exceptInvoiceId?: number,
) {
  const available = fromCents(toCents(pledge.amount) - toCents(await invoicedOnPledge(db, pledge.id, exceptInvoiceId)));
  if (toCents(total) > toCents(available)) {
    throw new FundingError(
      "exceeds_pledge",
      `Only ${available} ${pledge.currency.trim()} of the pledge is left to invoice`,
      {
        fields: { amount: because("funding.error.exceedsPledge", `At most ${available}`) },
        details: { available, requested: total },
      },
    );
  }
}

export interface PreparedLine {
  description: string;
  quantity: string;
  unitPrice: string;
  amount: string;
}

export function prepareLines(lines: LineInput[]): { lines: PreparedLine[]; total: string } {
  const parsed = lines.map((l) => parseInput(lineInputSchema, l));
  const prepared = parsed.map((l) => ({ ...l, amount: lineAmount(l.quantity, l.unitPrice) }));
  return { lines: prepared, total: sumAmounts(prepared.map((l) => l.amount)) };
}

export async function writeLines(db: Kysely<Database>, invoiceId: number, lines: PreparedLine[]) {
  await db
    .insertInto("invoice_lines")
    .values(
      lines.map((l, i) => ({
        invoice_id: invoiceId,
        position: i + 1,
        description: l.description,
        quantity: l.quantity,
        unit_price: l.unitPrice,
        amount: l.amount,
      })),
    )
    .execute();
}

/** The language an organization was last invoiced in is its choice; English until then. */
async function lastLanguageOf(db: Kysely<Database>, organizationId: number): Promise<Locale> {
  const last = await db
    .selectFrom("invoices")
    .select("language")
    .where("bill_to_organization_id", "=", organizationId)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return last?.language ?? "en";
}

function defaultDescription(language: Locale, pledge: PledgeRow): string {
  const period = `${pledge.period_start} – ${pledge.period_end}`;
  return language === "ru"
    ? `Взнос в программу Парижского пакта, объявленный взнос № ${pledge.id} (период ${period})`
    : `Contribution to the Paris Pact programme under pledge no. ${pledge.id} (period ${period})`;
}
