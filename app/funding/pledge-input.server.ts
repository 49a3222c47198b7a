import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../db/schema";
import { because, FundingError } from "./errors";
import type { Refusal } from "~/errors/domain-error";
import { isoDateSchema as dateSchema } from "~/forms/dates";
import { currencySchema, moneySchema } from "~/money/amount";
import { PURPOSES, refinePledgePeriodAndPurpose } from "./schemas";

// A pledge as the form gives it: the input schema, its columns, and the check that what it refers to
// exists. Apart from pledge-announce.server.ts (which announces and edits with them) so that the
// validation rules of a pledge can be read in one place.

const id = z.coerce.number().int().positive();

/** Flat, so that one HTML form maps onto it field by field. */
export const pledgeInputSchema = z
  .object({
    organizationId: id,
    amount: moneySchema,
    currency: currencySchema,
    periodStart: dateSchema,
    periodEnd: dateSchema,
    purposeKind: z.enum(PURPOSES),
    pillarCode: z.string().trim().optional(),
    countryIso3: z.string().trim().toUpperCase().length(3).optional(),
    projectId: id.optional(),
    needId: id.optional(),
    note: z.string().trim().max(2000).optional(),
  })
  .superRefine(refinePledgePeriodAndPurpose);

export type PledgeInput = z.input<typeof pledgeInputSchema>;

export type ParsedPledge = z.output<typeof pledgeInputSchema>;

export function toColumns(p: ParsedPledge) {
  return {
    organization_id: p.organizationId,
    amount: p.amount,
    currency: p.currency,
    period_start: p.periodStart,
    period_end: p.periodEnd,
    purpose_kind: p.purposeKind,
    // Only the reference that the purpose names is kept (the table's check insists on it).
    pillar_code: p.purposeKind === "pillar" ? p.pillarCode! : null,
    country_iso3: p.purposeKind === "country" ? p.countryIso3! : null,
    project_id: p.purposeKind === "project" ? p.projectId! : null,
    need_id: p.purposeKind === "need" ? p.needId! : null,
    note: p.note || null,
  };
}

export const UNKNOWN_CURRENCY = "No exchange rate is known for this currency";

/** Unknown references become field errors rather than foreign-key failures. */
export async function checkReferences(db: Kysely<Database>, p: ParsedPledge) {
  const fields: Record<string, Refusal> = {};
  const found = async (
    table: "organizations" | "pillars" | "countries" | "projects" | "needs" | "exchange_rates",
    column: string,
    value: string | number,
  ) =>
    Boolean(
      await db
        .selectFrom(table)
        .select(sql`1`.as("one"))
        .where(sql.ref(column), "=", value)
        .limit(1)
        .executeTakeFirst(),
    );
  if (!(await found("organizations", "id", p.organizationId)))
    fields.organizationId = because("form.choose", "No such organization");
  // Only a currency with a rate can be converted for the totals (every total is in USD at a dated rate).
  if (!(await found("exchange_rates", "currency", p.currency)))
    fields.currency = because("funding.error.unknownCurrency", UNKNOWN_CURRENCY);
  if (p.purposeKind === "pillar" && !(await found("pillars", "code", p.pillarCode!)))
    fields.pillarCode = because("form.choose", "No such pillar");
  if (p.purposeKind === "country" && !(await found("countries", "iso3", p.countryIso3!)))
    fields.countryIso3 = because("form.choose", "No such country");
  if (p.purposeKind === "project" && !(await found("projects", "id", p.projectId!)))
    fields.projectId = because("funding.error.noSuchProject", "No such project");
  if (p.purposeKind === "need" && !(await found("needs", "id", p.needId!)))
    fields.needId = because("funding.error.noSuchNeed", "No such need");
  if (Object.keys(fields).length)
    throw new FundingError("invalid", "The pledge refers to something that does not exist", { fields });
}
