import { z } from "zod";

// Record ids and versions are PostgreSQL `integer`s: a larger number in a URL or a form would make the
// database fail (and answer 500), so the vocabulary refuses it before any query runs.

export const MAX_ID = 2_147_483_647;

const DIGITS = /^\s*\d{1,10}\s*$/;

/** A positive id within PostgreSQL's integer range, or undefined. Accepts "42" and 42; never "4e1", "0x2a" or "42abc". */
export function parseId(value: unknown): number | undefined {
  const number =
    typeof value === "number" ? value : typeof value === "string" && DIGITS.test(value) ? Number(value) : NaN;
  return Number.isInteger(number) && number >= 1 && number <= MAX_ID ? number : undefined;
}

/** A record id from a form field ("42" or 42). */
export const id = () =>
  z
    .union([z.string(), z.number()], {
      error: (issue) => (issue.input === undefined ? "form.required" : "form.invalid"),
    })
    .transform((value, ctx) => {
      const parsed = parseId(value);
      if (parsed === undefined)
        ctx.addIssue({
          code: "custom",
          message: typeof value === "string" && value.trim() === "" ? "form.required" : "form.invalid",
        });
      return parsed ?? z.NEVER;
    });

export const optionalId = () => id().optional();

/** An edited record's version (optimistic concurrency): the same range as an id. */
export const version = id;

export const optionalVersion = optionalId;
