import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../db/schema";
import { writeAudit } from "../accounts/audit.server";
import { can, type Actor } from "../accounts/permissions";
import { inTransaction } from "~/utils/transaction.server";
import { FundingError, parseInput } from "./errors";
import { bicProblem, ibanProblem, normalizeIban } from "./bank-codes";

// The coordination unit's own details and bank instructions, configured once in the app. Issuing an
// invoice copies both onto it, so a later change here never alters an invoice already sent.

const text = (max: number) => z.string().trim().min(1, "Required").max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || undefined);

export const issuerSchema = z.object({
  name: text(200),
  /** Postal address, one line per line. */
  address: text(1000),
  email: optionalText(200),
  website: optionalText(200),
});

export const bankInstructionsSchema = z
  .object({
    accountHolder: text(200),
    bankName: text(200),
    bankAddress: optionalText(500),
    iban: optionalText(50)
      .transform((v) => (v ? normalizeIban(v) : undefined))
      .superRefine((v, ctx) => {
        const problem = v ? ibanProblem(v) : null;
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    accountNumber: optionalText(50),
    swift: z
      .string()
      .trim()
      .toUpperCase()
      .superRefine((v, ctx) => {
        const problem = bicProblem(v);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    note: optionalText(1000),
  })
  .refine((b) => b.iban || b.accountNumber, { message: "funding.ibanOrAccount", path: ["iban"] });

export type Issuer = z.infer<typeof issuerSchema>;
export type BankInstructions = z.infer<typeof bankInstructionsSchema>;

const KEYS = { issuer: "invoicing.issuer", bank: "invoicing.bank" } as const;

export interface InvoicingSettings {
  issuer: Issuer | null;
  bank: BankInstructions | null;
  /** Versions for optimistic concurrency on the settings form (null: never saved). */
  versions: { issuer: number | null; bank: number | null };
}

/** Readable by coordinators (who issue invoices) and admins (who configure them). */
export async function getInvoicingSettings(db: Kysely<Database>, actor?: Actor): Promise<InvoicingSettings> {
  if (actor && !can(actor.role, "invoice:manage") && !can(actor.role, "settings:manage")) {
    throw new FundingError("forbidden", "You may not read the invoicing settings");
  }
  const rows = await db
    .selectFrom("settings")
    .select(["key", "value", "version"])
    .where("key", "in", [KEYS.issuer, KEYS.bank])
    .execute();
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const issuer = byKey.get(KEYS.issuer);
  const bank = byKey.get(KEYS.bank);
  return {
    issuer: issuer ? (issuer.value as unknown as Issuer) : null,
    bank: bank ? (bank.value as unknown as BankInstructions) : null,
    versions: { issuer: issuer?.version ?? null, bank: bank?.version ?? null },
  };
}

export async function saveIssuer(
  db: Kysely<Database>,
  actor: Actor,
  input: unknown,
  expectedVersion: number | null,
): Promise<Issuer> {
  return saveSetting(db, actor, KEYS.issuer, parseInput(issuerSchema, input), expectedVersion);
}

export async function saveBankInstructions(
  db: Kysely<Database>,
  actor: Actor,
  input: unknown,
  expectedVersion: number | null,
): Promise<BankInstructions> {
  return saveSetting(db, actor, KEYS.bank, parseInput(bankInstructionsSchema, input), expectedVersion);
}

async function saveSetting<T>(
  db: Kysely<Database>,
  actor: Actor,
  key: string,
  value: T,
  expectedVersion: number | null,
): Promise<T> {
  if (!can(actor.role, "settings:manage"))
    throw new FundingError("forbidden", "Only an administrator may change the settings");
  return inTransaction(db, async (trx) => {
    const current = await trx.selectFrom("settings").selectAll().where("key", "=", key).forUpdate().executeTakeFirst();
    if ((current?.version ?? null) !== expectedVersion) {
      throw new FundingError("stale", "Someone changed these settings since you opened them", {
        details: { currentVersion: current?.version ?? 0 },
      });
    }
    const json = JSON.stringify(value);
    if (current) {
      await trx
        .updateTable("settings")
        .set({ value: json, version: current.version + 1, updated_by: actor.id, updated_at: new Date() })
        .where("key", "=", key)
        .execute();
    } else {
      await trx.insertInto("settings").values({ key, value: json, updated_by: actor.id }).execute();
    }
    await writeAudit(trx, {
      actorUserId: actor.id,
      action: "settings.update",
      entityType: "setting",
      entityId: key,
      before: current?.value,
      after: value,
    });
    return value;
  });
}
