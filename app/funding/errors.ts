// Typed refusals of the funding domain. Routes turn `code` into a message and `fields` into field
// errors; nothing here is an unexpected failure (those stay ordinary Errors and become a 500).
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

export class FundingError extends Error {
  readonly code: FundingErrorCode;
  readonly fields: Record<string, string>;
  readonly details: Record<string, string | number>;

  constructor(
    code: FundingErrorCode,
    message: string,
    options: { fields?: Record<string, string>; details?: Record<string, string | number> } = {},
  ) {
    super(message);
    this.name = "FundingError";
    this.code = code;
    this.fields = options.fields ?? {};
    this.details = options.details ?? {};
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
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join(".") || "_form";
    fields[key] ??= issue.message;
  }
  throw new FundingError("invalid", "The input is not valid", { fields });
}
