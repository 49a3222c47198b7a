import { PILLAR_CODES, ROUTE_CODES } from "../../db/values";
import { z } from "zod";
import { isCalendarDate } from "~/forms/dates";
import { id } from "~/forms/ids";
import { PRIORITIES } from "~/gaps/filters";

// The API's query parameters: the list pages' filters, but strict. A page drops a malformed
// filter and shows everything; a script must hear that its filter was wrong (400, with the field).

export const pillar = () => z.enum(PILLAR_CODES, { error: "form.choose" }).meta({ description: "Pillar code" });
export const area = () =>
  z
    .string()
    .regex(/^(I|II|III|IV)\.\d{1,2}$/, { error: "form.invalid" })
    .meta({ description: "Capacity area code", example: "II.3" });
export const country = () =>
  z
    .string()
    .regex(/^[A-Z]{3}$/, { error: "form.invalid" })
    .meta({ description: "ISO 3166 alpha-3 code", example: "TJK" });
export const route = () => z.enum(ROUTE_CODES, { error: "form.choose" }).meta({ description: "Trafficking route" });
export const recordId = (description: string) =>
  id().meta({ description, override: { type: "string", pattern: "^\\d{1,10}$" } });
export const year = () =>
  z
    .string()
    .regex(/^\d{4}$/, { error: "form.invalid" })
    .transform(Number)
    .refine((y) => y >= 1990 && y <= 2100, { error: "form.invalid" })
    .meta({ description: "Records whose period overlaps this calendar year", example: "2026" });
export const mine = () =>
  z.literal("1", { error: "form.invalid" }).meta({ description: "1: only your own organization's records" });
export const flag = (description: string) =>
  z
    .enum(["true", "false"], { error: "form.choose" })
    .transform((v) => v === "true")
    .meta({ description });
export const priority = () => z.enum(PRIORITIES, { error: "form.choose" });
/** A calendar date that exists (2026-02-30 does not: it is refused here, never sent to the database). */
export const date = (description: string) =>
  z
    .string()
    .refine(isCalendarDate, { error: "form.dateInvalid" })
    .meta({ description, override: { type: "string", format: "date" } });
