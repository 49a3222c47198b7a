import type { SubmissionResult } from "@conform-to/react";
import { data } from "@remix-run/node";
import type { Translate } from "~/i18n";
import { isFundingError, type FundingErrorCode } from "./errors";
import { PLEDGE_CURRENCY_UNKNOWN } from "./invoice-drafts.server";
import { UNKNOWN_CURRENCY } from "./pledges.server";
import { BANK_CODE_MESSAGES } from "./settings.server";

// Turns the funding domain's refusals into answers a form can show: a message per field when the
// refusal names a field that the form has, else a message above the form. What was typed is kept
// (the reply carries the submitted values). Messages with amounts are translated here, with the
// amounts in them; the rest are message keys that the page translates.

type Reply = (options: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => SubmissionResult<string[]>;

const STATUS: Record<FundingErrorCode, number> = {
  forbidden: 403,
  not_found: 404,
  invalid: 400,
  stale: 409,
  not_draft: 409,
  not_voidable: 409,
  not_replaceable: 409,
  already_replaced: 409,
  not_payable: 409,
  overpayment: 400,
  exceeds_pledge: 400,
  below_invoiced: 400,
  pledge_invoiced: 409,
  settings_missing: 409,
};

const FORM_MESSAGE: Record<FundingErrorCode, string> = {
  forbidden: "funding.error.forbidden",
  not_found: "funding.error.notFound",
  invalid: "form.fixErrors",
  stale: "form.stale",
  not_draft: "funding.error.notDraft",
  not_voidable: "funding.error.notVoidable",
  not_replaceable: "funding.error.notReplaceable",
  already_replaced: "funding.error.alreadyReplaced",
  not_payable: "funding.error.notPayable",
  overpayment: "funding.error.overpayment",
  exceeds_pledge: "funding.error.exceedsPledge",
  below_invoiced: "funding.error.belowInvoiced",
  pledge_invoiced: "funding.error.pledgeInvoiced",
  settings_missing: "funding.error.settingsMissing",
};

/** The domain's English field messages that have a translation; any other becomes "form.invalid". */
const FIELD_MESSAGE: Record<string, string> = {
  "No such organization": "form.choose",
  "No such pillar": "form.choose",
  "No such country": "form.choose",
  "No such project": "funding.error.noSuchProject",
  "No such need": "funding.error.noSuchNeed",
  "No such pledge": "funding.error.notFound",
  "Say why the invoice is void": "funding.reasonShort",
  "Add a line": "funding.linesMissing",
  "On or after the issue date": "funding.error.dueBeforeIssue",
  "A payment cannot be dated in the future": "funding.error.paidInFuture",
  "A payment cannot be dated before the issue date": "funding.error.paidBeforeIssue",
  "Enter an IBAN or an account number": "funding.ibanOrAccount",
  "The period ends before it starts": "funding.periodOrder",
  "Choose what the pledge is for": "funding.purposeMissing",
  [UNKNOWN_CURRENCY]: "funding.error.unknownCurrency",
  [PLEDGE_CURRENCY_UNKNOWN]: "funding.error.pledgeCurrencyUnknown",
  ...Object.fromEntries(Object.entries(BANK_CODE_MESSAGES).map(([key, english]) => [english, key])),
};

/**
 * The reply for a refusal of the funding domain, or undefined when `error` is something else (then
 * the caller rethrows it: an unexpected failure). `fields` are the names the form has.
 */
export function fundingErrorReply(
  error: unknown,
  reply: Reply,
  options: {
    t: Translate;
    fields: readonly string[];
    money?: (amount: string) => string;
    extra?: Record<string, unknown>;
  },
) {
  if (!isFundingError(error)) return undefined;
  const { t, fields } = options;
  const money = options.money ?? ((amount: string) => amount);
  const amounts = { outstanding: "outstanding", exceeds_pledge: "available", below_invoiced: "invoiced" } as const;
  let message = FORM_MESSAGE[error.code];
  const amountKey =
    error.code === "overpayment"
      ? amounts.outstanding
      : error.code === "exceeds_pledge"
        ? amounts.exceeds_pledge
        : error.code === "below_invoiced"
          ? amounts.below_invoiced
          : null;
  if (amountKey && error.details[amountKey] !== undefined)
    message = t(message as Parameters<Translate>[0], { amount: money(String(error.details[amountKey])) });

  const fieldErrors: Record<string, string[]> = {};
  const formErrors: string[] = [];
  for (const [name, text] of Object.entries(error.fields)) {
    const target = fields.includes(name) ? name : null;
    const translated = amountKey ? message : (FIELD_MESSAGE[text] ?? "form.invalid");
    if (target) fieldErrors[target] = [translated];
    else if (!formErrors.includes(translated)) formErrors.push(translated);
  }
  const shownOnField = Object.values(fieldErrors).some((e) => e.includes(message));
  if (error.code !== "invalid" ? !shownOnField : formErrors.length === 0 && Object.keys(fieldErrors).length === 0)
    formErrors.push(message);
  return data({ ...options.extra, result: reply({ formErrors, fieldErrors }) }, { status: STATUS[error.code] });
}

/** For loaders: a refusal to show something becomes 403 or 404; anything else propagates. */
export async function orResponse<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isFundingError(error, "forbidden")) throw Response.json({ message: error.message }, { status: 403 });
    if (isFundingError(error, "not_found")) throw Response.json({ message: error.message }, { status: 404 });
    throw error;
  }
}
