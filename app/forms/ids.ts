import { z } from "zod";

// Record ids and versions are PostgreSQL `integer`s: a larger number in a URL or a form would make the
// database fail (and answer 500), so the vocabulary refuses it before any query runs.

export const MAX_ID = 2_147_483_647;

const DIGITS = /^\s*\d{1,10}\s*$/;

const idNumber = z.number().int().min(1).max(MAX_ID);

/**
 * The one id parser: a positive integer within PostgreSQL's integer range, given as a number or as
 * digits ("42", " 42 "); never "4e1", "0x2a", "42abc", 0 or 2147483648. Routes read path ids through
 * idParam (app/utils/http.server.ts), forms through id(), query strings through queryId().
 */
export const idValue = z.union([idNumber, z.string().regex(DIGITS).transform(Number).pipe(idNumber)]);

/** A record id (see idValue), or undefined. */
export function parseId(value: unknown): number | undefined {
  const parsed = idValue.safeParse(value);
  return parsed.success ? parsed.data : undefined;
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
