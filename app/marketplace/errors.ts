import { DomainError } from "~/errors/domain-error";
import type { MessageKey } from "~/i18n";

// The ways a marketplace write can be refused: a DomainError (app/errors/domain-error.ts) that the
// routes answer with `refusalReply` (a stale version: 409 "form.stale"; a broken rule: 400 on its field;
// 403 and 404: the page's error).

export type RecordErrorCode = "not_found" | "forbidden" | "stale" | "invalid";

export class RecordError extends DomainError<RecordErrorCode> {
  constructor(
    code: RecordErrorCode,
    /** For "invalid": the form field at fault and the message key to show there. */
    field?: string,
    messageKey?: MessageKey,
  ) {
    super(code, { field, messageKey });
  }
}

/**
 * The row an edit starts from, in the order the editor is told: not_found when it is gone, forbidden
 * unless `mayEdit`, stale when someone saved since the version the editor saw (their text is kept).
 */
export function editableAt<R extends { version: number }>(
  row: R | undefined,
  expectedVersion: number,
  mayEdit: (row: R) => boolean = () => true,
): R {
  if (!row) throw new RecordError("not_found");
  if (!mayEdit(row)) throw new RecordError("forbidden");
  if (row.version !== expectedVersion) throw new RecordError("stale");
  return row;
}

export const invalid = (field: string, messageKey: MessageKey) => new RecordError("invalid", field, messageKey);

/** True for PostgreSQL's unique-violation error on the given constraint. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  return Boolean(e && e.code === "23505" && (e.constraint === constraint || e.message?.includes(constraint)));
}

/** Text in Cyrillic is stored as Russian, anything else as English (the search layer reads this). */
export function detectLanguage(...texts: Array<string | null | undefined>): "en" | "ru" {
  const text = texts.filter(Boolean).join(" ");
  const cyrillic = (text.match(/[\u0400-\u04FF]/g) ?? []).length;
  const latin = (text.match(/[A-Za-z]/g) ?? []).length;
  return cyrillic > latin ? "ru" : "en";
}
