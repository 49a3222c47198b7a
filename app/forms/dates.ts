import { z } from "zod";

// The one home of calendar dates and of "today". Calendar dates travel as "YYYY-MM-DD" strings (a day
// has no time zone). A date must exist (2024-02-30 does not) and lie in a plausible range: PostgreSQL
// would accept year 0001 or 9999, but no project, need, pledge or payment of ADAM is dated outside these
// years.

export const EARLIEST_DATE = "1990-01-01";
export const LATEST_DATE = "2100-12-31";

const iso = z.iso.date();

export function isCalendarDate(value: unknown): value is string {
  return typeof value === "string" && iso.safeParse(value).success && value >= EARLIEST_DATE && value <= LATEST_DATE;
}

export const calendarDate = () =>
  z
    .string({ error: "form.required" })
    .trim()
    .min(1, { error: "form.required" })
    .refine((v) => v === "" || iso.safeParse(v).success, { error: "form.dateInvalid" })
    .refine((v) => !iso.safeParse(v).success || isCalendarDate(v), { error: "form.dateRange" });

export const optionalCalendarDate = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || iso.safeParse(v).success, { error: "form.dateInvalid" })
    .refine((v) => v === undefined || !iso.safeParse(v).success || isCalendarDate(v), { error: "form.dateRange" });

/**
 * Any real day, without the forms' plausible range: the domain's own date input (app/funding parses its
 * input again, whoever calls it) and the API's response dates (api/schemas.ts: `DateSchema`). English
 * message: it travels in FundingError.fields.
 */
export const isoDateSchema = z.iso.date({ error: "Enter a date as YYYY-MM-DD" });

/** The calendar date (YYYY-MM-DD) of an instant, in UTC. */
export function isoDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/**
 * Today's calendar date in UTC: the day rates, "as of today" views, due dates and payments are reckoned
 * in. The one "today" of ADAM; pass `now` to reckon from another instant.
 */
export function today(now: Date = new Date()): string {
  return isoDate(now);
}

/** Adds days to a calendar date ("YYYY-MM-DD"), in UTC so no time zone moves it. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDate(d);
}
