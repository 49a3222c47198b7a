import { translator, type Locale, type MessageKey } from "~/i18n";

// The one type of refusal. A domain function that refuses (not allowed, not found, changed since it was
// read, breaks a rule) throws a DomainError; anything else it throws is an unexpected failure (a 500).
// Routes answer a DomainError with `refusalReply` (forms) or `orResponse` (loaders), both in
// ./reply.server.ts; the API maps it with `apiErrorOf` (app/api/errors.ts). The error says *what* is
// wrong (code, field, message key); the route decides *how* to show it.

/** A value in a message; `{ money }` is an amount that the route formats in the user's language and currency. */
export type MessageParam = string | number | { money: string };
export type MessageParams = Record<string, MessageParam>;

/** What to say: a dictionary key and the values in it; `text` is the domain's English wording, for logs and tests. */
export interface Refusal {
  key: MessageKey;
  params?: MessageParams;
  text?: string;
}

/** The HTTP status of the codes that mean the same in every domain; a domain may set another. */
const STATUS: Readonly<Record<string, number>> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_allowed: 403,
  not_found: 404,
  stale: 409,
  rate_limited: 429,
};

/** A code no table knows is a conflict with the record's state (409). */
export function statusOf(code: string): number {
  return STATUS[code] ?? 409;
}

export interface DomainErrorInit {
  /** The message shown above the form (or on `field`); none: the route's generic one for the code. */
  messageKey?: MessageKey;
  params?: MessageParams;
  /** The one form field at fault: `messageKey` is shown there. */
  field?: string;
  /** Several fields at fault, each with its own message. */
  issues?: Record<string, Refusal>;
  status?: number;
  /** English, for logs (Error.message). */
  text?: string;
  /** Figures for the caller (the current version, the amount outstanding). */
  details?: Record<string, string | number>;
  retryAfterSeconds?: number;
}

export class DomainError<C extends string = string> extends Error {
  readonly code: C;
  readonly messageKey?: MessageKey;
  readonly params: MessageParams;
  readonly field?: string;
  readonly issues: Record<string, Refusal>;
  readonly status: number;
  readonly details: Record<string, string | number>;
  readonly retryAfterSeconds: number;

  constructor(code: C, init: DomainErrorInit = {}) {
    super(init.text ?? (init.field ? `${code}: ${init.field} (${init.messageKey})` : code));
    this.name = new.target.name;
    this.code = code;
    this.messageKey = init.messageKey;
    this.params = init.params ?? {};
    this.field = init.field;
    this.issues = init.issues ?? {};
    this.status = init.status ?? statusOf(code);
    this.details = init.details ?? {};
    this.retryAfterSeconds = init.retryAfterSeconds ?? 0;
  }
}

export function isDomainError<C extends string>(error: unknown, code?: C): error is DomainError<C> {
  return error instanceof DomainError && (code === undefined || error.code === code);
}

/** The message of a code when the error names none. */
const GENERIC_MESSAGE: Readonly<Record<string, MessageKey>> = {
  invalid: "form.fixErrors",
  stale: "form.stale",
  forbidden: "error.forbidden",
  not_found: "error.notFound",
};

/** The message shown above the form: the error's own, else the code's generic one. */
export function formMessageKey(error: DomainError): MessageKey {
  return error.messageKey ?? GENERIC_MESSAGE[error.code] ?? "form.invalid";
}

/** A refusal's message as one text in `locale` (for answers that are not a form's). */
export function refusalText(error: DomainError, locale: Locale, money?: (amount: string) => string): string {
  return translator(locale)(formMessageKey(error), worded(error.params, money ?? ((amount) => amount)));
}

export function hasValues(params: MessageParams | undefined): params is MessageParams {
  return params !== undefined && Object.keys(params).length > 0;
}

/** The values of a message, amounts formatted by `money`. */
export function worded(params: MessageParams, money: (amount: string) => string): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => [name, typeof value === "object" ? money(value.money) : value]),
  );
}
