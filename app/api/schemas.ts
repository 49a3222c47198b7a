import { z } from "zod";
import "zod-openapi";
import { isoDateSchema } from "~/forms/dates";

// Building blocks of the API's responses, shared by the resources. Money is an exact decimal
// string with its ISO 4217 currency (never a float); names that the reference data has in both
// languages come in both.

export const BilingualSchema = z
  .object({ en: z.string(), ru: z.string() })
  .meta({ id: "Bilingual", description: "A name in English and in Russian." });

export const MoneySchema = z
  .object({
    amount: z
      .string()
      .regex(/^-?\d+(\.\d+)?$/)
      .meta({ example: "125000.00" }),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .meta({ example: "EUR" }),
  })
  .meta({ id: "Money", description: "An exact decimal amount and its ISO 4217 currency." });

// How the document has always published a date: a string of the YYYY-MM-DD shape. A `format: date` would
// change the types that clients generate from it.
const PUBLISHED_DATE_PATTERN = "^\\d{4}-\\d{2}-\\d{2}$";
/** A day that exists (the domain's dates, `forms/dates.ts`), published as above. */
export const DateSchema = isoDateSchema.meta({
  description: "ISO 8601 date",
  example: "2026-03-01",
  override: ({ jsonSchema }) => {
    delete jsonSchema.format;
    jsonSchema.pattern = PUBLISHED_DATE_PATTERN;
  },
});
export const TimestampSchema = z
  .string()
  .meta({ description: "ISO 8601 date and time (UTC)", example: "2026-03-01T09:30:00.000Z" });

export const CountryRefSchema = z.object({ iso3: z.string(), name: BilingualSchema }).meta({ id: "CountryRef" });
export const CodeRefSchema = z.object({ code: z.string(), name: BilingualSchema }).meta({ id: "CodeRef" });
export const OrganizationRefSchema = z
  .object({ id: z.number().int(), name: z.string() })
  .meta({ id: "OrganizationRef" });

export const LanguageSchema = z
  .enum(["en", "ru"])
  .meta({ description: "The language the record's texts were written in." });

/** An exact decimal and currency, or null when either is missing. */
export function money(amount: string | null, currency: string | null) {
  return amount !== null && currency ? { amount, currency: currency.trim() } : null;
}

export const iso = (value: Date) => value.toISOString();
