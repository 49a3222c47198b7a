import type { SubmissionResult } from "@conform-to/react";
import { data } from "@remix-run/node";
import { DEFAULT_LOCALE, translator, type Locale } from "~/i18n";
import { DomainError, formMessageKey, hasValues, worded, type Refusal } from "./domain-error";

// The one way a route answers a refusal (a DomainError): the HTTP status comes from the error; the
// message goes on the field at fault when the form has that field, else above the form; what was
// typed is kept (the reply carries the submitted values). A message without values stays a
// dictionary key (the page translates it); one with values (amounts, names) is worded here, in the
// user's language. Anything that is not a DomainError is thrown on: an unexpected failure.

interface Replyable {
  reply(options?: {
    formErrors?: string[];
    fieldErrors?: Record<string, string[]>;
    hideFields?: string[];
  }): SubmissionResult<string[]>;
}

export interface RefusalOptions {
  /** For messages with values; default English. */
  locale?: Locale;
  /** The form's field names; a message on another field is shown above the form. Default: any field. */
  fields?: readonly string[];
  /** The domain's field name → the form's, where they differ. */
  rename?: Readonly<Record<string, string>>;
  /** Formats an amount (`{ money }` parameters) in the user's language and currency. */
  money?: (amount: string) => string;
  /** Fields whose typed value is not sent back (passwords). */
  hideFields?: string[];
  /** 403 and 404 become the page's error (its ErrorBoundary), not a message on the form. */
  pageErrors?: boolean;
}

/** The form's messages for a refusal: per field and above the form (see the rules at the top). */
export function refusalMessages(
  error: DomainError,
  options: Pick<RefusalOptions, "locale" | "fields" | "rename" | "money"> = {},
): { formErrors: string[]; fieldErrors: Record<string, string[]> } {
  const t = translator(options.locale ?? DEFAULT_LOCALE);
  const money = options.money ?? ((amount: string) => amount);
  const say = ({ key, params }: Refusal): string => (hasValues(params) ? t(key, worded(params, money)) : key);
  const message = say({ key: formMessageKey(error), params: error.params });
  const issues: Record<string, Refusal> =
    error.field && error.messageKey ? { [error.field]: { key: error.messageKey, params: error.params } } : error.issues;

  const fieldErrors: Record<string, string[]> = {};
  const formErrors: string[] = [];
  for (const [domainField, issue] of Object.entries(issues)) {
    const name = options.rename?.[domainField] ?? domainField;
    const text = say(issue);
    if (!options.fields || options.fields.includes(name)) fieldErrors[name] = [text];
    else if (!formErrors.includes(text)) formErrors.push(text);
  }
  const shownOnField = Object.values(fieldErrors).some((texts) => texts.includes(message));
  const anyShown = formErrors.length > 0 || Object.keys(fieldErrors).length > 0;
  if (error.code === "invalid" ? !anyShown : !shownOnField) formErrors.push(message);
  return { formErrors, fieldErrors };
}

/**
 * The action's answer to a refusal: `{ ...extra, result }` with the error's status (and Retry-After
 * when it says when to try again). Throws anything that is not a DomainError.
 */
export function refusalReply<Extra extends Record<string, unknown> = Record<never, never>>(
  error: unknown,
  submission: Replyable,
  options: RefusalOptions & { extra?: Extra } = {},
) {
  if (!(error instanceof DomainError)) throw error;
  if (options.pageErrors && (error.status === 403 || error.status === 404)) throw pageError(error);
  const result = submission.reply({ ...refusalMessages(error, options), hideFields: options.hideFields });
  const headers: Record<string, string> =
    error.retryAfterSeconds > 0 ? { "Retry-After": String(error.retryAfterSeconds) } : {};
  return data({ ...(options.extra as Extra), result }, { status: error.status, headers });
}

/** The response a loader throws for a refusal to show something (403, 404). */
export function pageError(error: DomainError): Response {
  return Response.json({ message: error.message }, { status: error.status });
}

/** For loaders: a refusal to show something becomes its 403 or 404 page; anything else propagates. */
export async function orResponse<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof DomainError && (error.status === 403 || error.status === 404)) throw pageError(error);
    throw error;
  }
}
