import { z } from "zod";
import { isCalendarDate } from "./dates";
import { id } from "./ids";
import { hasControlCharacters } from "./rules";

// Lists' filters live in the URL (so they work without JavaScript and can be shared). A malformed
// parameter is ignored, never an error, and never reaches the database: an id outside PostgreSQL's
// integer range, a date that does not exist, text with a NUL byte are all dropped here.

/** Any schema, made lenient: a value it refuses becomes undefined. */
export const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

export const queryId = () => lenient(id());

export const queryDate = () => lenient(z.string().refine(isCalendarDate));

export const queryText = (max: number) =>
  lenient(
    z
      .string()
      .trim()
      .max(max)
      .refine((v) => !hasControlCharacters(v))
      .transform((v) => v || undefined),
  );

export const queryPage = (max = 100_000) => z.coerce.number().int().min(1).max(max).catch(1);

/** A year filter in the same plausible range as calendar dates. */
export const queryYear = () => lenient(z.coerce.number().int().min(1990).max(2100));

/** The first value of each parameter, empty ones left out. */
export function firstValues(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = Object.create(null); // "__proto__" is a parameter like any other
  for (const [key, value] of params) if (value !== "" && !Object.hasOwn(out, key)) out[key] = value;
  return out;
}

/** Reads a query string with a lenient schema (one that never fails). */
export function readQuery<T extends z.ZodType>(schema: T, params: URLSearchParams | string): z.output<T> {
  const search = typeof params === "string" ? new URL(params, "http://adam.invalid").searchParams : params;
  return schema.parse(firstValues(search));
}
