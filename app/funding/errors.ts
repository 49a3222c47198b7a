import { DomainError, type MessageParams, type Refusal } from "~/errors/domain-error";
import { isMessageKey, translator, type MessageKey } from "~/i18n";

// Typed refusals of the funding domain: a DomainError (app/errors/domain-error.ts) with the codes
// below. Each code has its message here; a field at fault carries its own message key (and the
// domain's English wording in `fields`, for logs and tests). Nothing here is an unexpected failure
// (those stay ordinary Errors and become a 500).
export type FundingErrorCode =
  | "forbidden" // the actor's role or organization does not allow it
  | "not_found"
  | "invalid" // input failed validation; see `fields`
  | "stale" // the record changed since the form was loaded; see details.currentVersion
  | "not_draft" // only a draft invoice can be edited, deleted or issued
  | "not_voidable" // only an issued or partly paid invoice can be voided
  | "not_replaceable" // a draft or a paid invoice cannot be replaced
  | "already_replaced" // this voided invoice already has a replacement
  | "not_payable" // payments go on issued or partly paid invoices only
  | "overpayment" // the payment exceeds what is outstanding; see details.outstanding
  | "exceeds_pledge" // the invoice total exceeds what is left to invoice; see details.available
  | "below_invoiced" // a pledge cannot drop below what is already invoiced; see details.invoiced
  | "pledge_invoiced" // donor and currency are fixed once a pledge has live invoices
  | "settings_missing"; // the coordination unit's details or bank instructions are not configured

const MESSAGE: Record<FundingErrorCode, MessageKey> = {
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

/** Amounts refused against a limit: the limit's detail is the `{amount}` in the message, also on the field. */
const LIMIT_DETAIL: Partial<Record<FundingErrorCode, string>> = {
  overpayment: "outstanding",
  exceeds_pledge: "available",
  below_invoiced: "invoiced",
};

/** Input errors, not conflicts with the record's state. */
const BAD_REQUEST: ReadonlySet<FundingErrorCode> = new Set(["overpayment", "exceeds_pledge", "below_invoiced"]);

const english = translator("en");

/** A field's refusal: the message key the form shows, and the domain's English wording. */
export const because = (key: MessageKey, text: string): Refusal => ({ key, text });

export class FundingError extends DomainError<FundingErrorCode> {
  /** Each field at fault in the domain's English wording (the dictionary's English where it has none). */
  readonly fields: Record<string, string>;

  constructor(
    code: FundingErrorCode,
    message: string,
    options: { fields?: Record<string, Refusal>; details?: Record<string, string | number> } = {},
  ) {
    const limit = LIMIT_DETAIL[code];
    const amount = limit !== undefined ? options.details?.[limit] : undefined;
    const params: MessageParams | undefined = amount !== undefined ? { amount: { money: String(amount) } } : undefined;
    const onLimit = (issue: Refusal): Refusal => (params ? { key: MESSAGE[code], params, text: issue.text } : issue);
    const issues = Object.fromEntries(Object.entries(options.fields ?? {}).map(([name, i]) => [name, onLimit(i)]));
    super(code, {
      messageKey: MESSAGE[code],
      params,
      issues,
      details: options.details,
      text: message,
      status: BAD_REQUEST.has(code) ? 400 : undefined,
    });
    this.fields = Object.fromEntries(Object.entries(issues).map(([name, i]) => [name, i.text ?? english(i.key)]));
  }
}

export function isFundingError(error: unknown, code?: FundingErrorCode): error is FundingError {
  return error instanceof FundingError && (code === undefined || error.code === code);
}

/** Runs a zod parse and turns its issues into one `invalid` error with a message per field. */
export function parseInput<T>(
  schema: {
    safeParse(
      input: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } };
  },
  input: unknown,
): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, Refusal> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join(".") || "_form";
    // The schemas' own messages are dictionary keys; zod's defaults (English) become "form.invalid".
    fields[key] ??= isMessageKey(issue.message) ? { key: issue.message } : { key: "form.invalid", text: issue.message };
  }
  throw new FundingError("invalid", "The input is not valid", { fields });
}
