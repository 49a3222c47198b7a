import { z } from "zod";

// Calendar dates travel as "YYYY-MM-DD" strings (a day has no time zone). A date must exist
// (2024-02-30 does not) and lie in a plausible range: PostgreSQL would accept year 0001 or 9999,
// but no project, need, pledge or payment of ADAM is dated outside these years.

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

/** Today's calendar date in UTC (the day rates, "as of today" views and due dates are reckoned in). */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
