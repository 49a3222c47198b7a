// The ways a marketplace write can be refused, each mapped by the routes to an HTTP answer.

export type RecordErrorCode = "not_found" | "forbidden" | "stale" | "invalid";

export class RecordError extends Error {
  constructor(
    readonly code: RecordErrorCode,
    /** For "invalid": the form field at fault and the message key to show there. */
    readonly field?: string,
    readonly messageKey?: string,
  ) {
    super(field ? `${code}: ${field} (${messageKey})` : code);
    this.name = "RecordError";
  }
}

export const invalid = (field: string, messageKey: string) => new RecordError("invalid", field, messageKey);

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
