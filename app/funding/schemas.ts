import { PILLAR_CODES } from "../../db/values";
import { z } from "zod";
import { calendarDate } from "~/forms/dates";
import { id, optionalId, optionalVersion } from "~/forms/ids";
import { amount, currencyCode, refineMinorUnits } from "~/money/amount";
import { lenient, queryId, queryPage, queryYear, readQuery } from "~/forms/query";
import { choice, countryCode, optionalText, requiredText } from "~/forms/rules";
import { truncateToMilli } from "~/money/decimal";
import { bicProblem, ibanProblem } from "./bank-codes";

// The funding pages' forms, one schema each, shared by server and browser (conform). Errors are
// message keys. The domain parses its own input again; these only give early, translated answers.

export const PURPOSES = ["programme", "pillar", "country", "project", "need"] as const;
export const INVOICE_STATUSES = ["draft", "issued", "partly_paid", "paid", "void"] as const;
export const INVOICE_LANGUAGES = ["en", "ru"] as const;

// Amounts, ids and dates come from the shared vocabulary (app/forms/); a comma is accepted as the
// decimal separator there (Russian keyboards), and stored as a point.
const money = amount;

const quantity = () =>
  z
    .string({ error: "form.required" })
    .trim()
    .regex(/^\d{1,9}([.,]\d{1,3})?$/, { error: "funding.quantityFormat" })
    .transform((v) => v.replace(",", "."))
    .refine((v) => truncateToMilli(v) > 0n, { error: "funding.amountPositive" });

const date = calendarDate;
const version = optionalVersion;

/** A pledge's rules across fields, for the form and the domain alike: its period runs forwards, and a
 * purpose other than the programme names what it is for. */
export function refinePledgePeriodAndPurpose(
  p: {
    periodStart: string;
    periodEnd: string;
    purposeKind: (typeof PURPOSES)[number];
    pillarCode?: string;
    countryIso3?: string;
    projectId?: number;
    needId?: number;
  },
  ctx: z.RefinementCtx,
): void {
  if (p.periodEnd < p.periodStart)
    ctx.addIssue({ code: "custom", path: ["periodEnd"], message: "funding.periodOrder" });
  const needed = { pillar: "pillarCode", country: "countryIso3", project: "projectId", need: "needId" } as const;
  if (p.purposeKind !== "programme" && p[needed[p.purposeKind]] === undefined) {
    ctx.addIssue({ code: "custom", path: [needed[p.purposeKind]], message: "funding.purposeMissing" });
  }
}

export const PledgeFormSchema = z
  .object({
    version: version(),
    organizationId: id(),
    amount: money(),
    currency: currencyCode(),
    periodStart: date(),
    periodEnd: date(),
    purposeKind: choice(PURPOSES),
    pillarCode: choice(PILLAR_CODES).optional(),
    countryIso3: countryCode().optional(),
    projectId: optionalId(),
    needId: optionalId(),
    note: optionalText(2000),
  })
  .superRefine((p, ctx) => {
    refinePledgePeriodAndPurpose(p, ctx);
    refineMinorUnits(ctx, p, "amount", "currency");
  });

export const PLEDGE_FIELDS = Object.keys(PledgeFormSchema.shape);

export const DraftNewSchema = z.object({
  pledgeId: id(),
  /** A tranche; empty means all that is left of the pledge. */
  amount: money().optional(),
  language: choice(INVOICE_LANGUAGES),
  billToAddress: optionalText(1000),
  dueDate: date().optional(),
});

export const DraftEditSchema = z.object({
  intent: z.literal("edit"),
  version: version(),
  lines: z
    .array(z.object({ description: requiredText(500), quantity: quantity(), unitPrice: money() }), {
      error: "funding.linesMissing",
    })
    .min(1, { error: "funding.linesMissing" })
    .max(50, { error: "form.tooLong" }),
  language: choice(INVOICE_LANGUAGES),
  billToName: requiredText(300),
  billToAddress: optionalText(1000),
  dueDate: date().optional(),
});

export const IssueSchema = z.object({ intent: z.literal("issue"), version: version() });
export const DeleteDraftSchema = z.object({ intent: z.literal("delete"), version: version() });

export const VoidSchema = z.object({
  intent: z.literal("void"),
  version: version(),
  reason: requiredText(1000).pipe(z.string().min(3, { error: "funding.reasonShort" })),
});

export const ReplaceSchema = z.object({
  intent: z.literal("replace"),
  version: version(),
  /** Required when the invoice is still open (it is voided first); the domain says so. */
  reason: optionalText(1000),
});

export const PaymentSchema = z.object({
  intent: z.literal("pay"),
  amount: money(),
  paidOn: date(),
  bankReference: requiredText(200),
});

export const IssuerFormSchema = z.object({
  intent: z.literal("issuer"),
  version: version(),
  name: requiredText(200),
  address: requiredText(1000),
  email: optionalText(200),
  website: optionalText(200),
});

export const BankFormSchema = z
  .object({
    intent: z.literal("bank"),
    version: version(),
    accountHolder: requiredText(200),
    bankName: requiredText(200),
    bankAddress: optionalText(500),
    // Checked with ibantools, each problem with its own message (app/funding/bank-codes.ts).
    iban: optionalText(50).superRefine((v, ctx) => {
      const problem = v ? ibanProblem(v) : null;
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
    accountNumber: optionalText(50),
    swift: z
      .string({ error: "form.required" })
      .trim()
      .toUpperCase()
      .superRefine((v, ctx) => {
        const problem = bicProblem(v);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    note: optionalText(1000),
  })
  .refine((b) => b.iban || b.accountNumber, { message: "funding.ibanOrAccount", path: ["iban"] });

/** List filters from the query string; a bad value is dropped rather than refused. */
const ListFiltersSchema = z.object({
  page: queryPage(),
  donor: queryId(),
  year: queryYear(),
  pillar: lenient(z.string().regex(/^[A-Z]{1,4}$/)),
  country: lenient(
    z
      .string()
      .regex(/^[A-Za-z]{3}$/)
      .transform((v) => v.toUpperCase()),
  ),
  status: lenient(z.enum(INVOICE_STATUSES)),
});

export function readListFilters(url: URL) {
  return readQuery(ListFiltersSchema, url.searchParams);
}
