import { describe, expect, it } from "vitest";
import { z } from "zod";
import { calendarDate, isCalendarDate, optionalCalendarDate } from "~/forms/dates";
import { id, MAX_ID, parseId } from "~/forms/ids";
import { amount, fitsMinorUnits, minorUnits, refineMinorUnits } from "~/money/amount";
import { firstValues, queryDate, queryId, queryText, readQuery } from "~/forms/query";
import { optionalText, requiredText } from "~/forms/rules";

// The shared input vocabulary: what every form field and query parameter is checked with before any
// query runs.

const messages = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.message);
};

describe("ids", () => {
  it("accepts positive integers within PostgreSQL's integer range, as text or number", () => {
    expect(parseId("1")).toBe(1);
    expect(parseId(42)).toBe(42);
    expect(parseId(String(MAX_ID))).toBe(2_147_483_647);
  });
  it("refuses what the database would fail on, or what is not plainly an id", () => {
    for (const value of [
      "2147483648",
      "99999999999999999999",
      "0",
      "-1",
      "1e3",
      "0x10",
      "1.5",
      "1\u0000",
      "",
      "__proto__",
      1.5,
      Number.NaN,
    ]) {
      expect(parseId(value), String(value)).toBeUndefined();
    }
  });
  it("says required for a missing id and invalid for a wrong one", () => {
    expect(messages(id(), undefined)).toEqual(["form.required"]);
    expect(messages(id(), " ")).toEqual(["form.required"]);
    expect(messages(id(), "2147483648")).toEqual(["form.invalid"]);
    expect(id().parse("7")).toBe(7);
  });
});

describe("calendar dates", () => {
  it("accepts days that exist between 1990 and 2100", () => {
    expect(isCalendarDate("2024-02-29")).toBe(true);
    expect(isCalendarDate("1990-01-01")).toBe(true);
    expect(isCalendarDate("2100-12-31")).toBe(true);
  });
  it("refuses days that do not exist, and implausible years, each with its message", () => {
    expect(messages(calendarDate(), "2024-02-30")).toEqual(["form.dateInvalid"]);
    expect(messages(calendarDate(), "2023-02-29")).toEqual(["form.dateInvalid"]);
    expect(messages(calendarDate(), "0000-00-00")).toEqual(["form.dateInvalid"]);
    expect(messages(calendarDate(), "1989-12-31")).toEqual(["form.dateRange"]);
    expect(messages(calendarDate(), "9999-12-31")).toEqual(["form.dateRange"]);
    expect(messages(calendarDate(), "")).toEqual(["form.required"]);
    expect(optionalCalendarDate().parse("")).toBeUndefined();
  });
});

describe("text", () => {
  it("refuses NUL and other control characters, keeps tabs and line breaks", () => {
    expect(messages(requiredText(100), "a\u0000b")).toEqual(["form.controlCharacters"]);
    expect(messages(requiredText(100), "bell\u0007")).toEqual(["form.controlCharacters"]);
    expect(messages(optionalText(100), "c1\u0085")).toEqual(["form.controlCharacters"]);
    expect(requiredText(100).parse(" line one\r\n\tline two ")).toBe("line one\r\n\tline two");
  });
});

describe("money", () => {
  it("knows each currency's minor units (none for JPY)", () => {
    expect(minorUnits("JPY")).toBe(0);
    expect(minorUnits("EUR")).toBe(2);
    expect(fitsMinorUnits("1000", "JPY")).toBe(true);
    expect(fitsMinorUnits("1000.00", "JPY")).toBe(true);
    expect(fitsMinorUnits("1000.50", "JPY")).toBe(false);
  });
  it("refuses decimals a currency does not have, as a rule between the two fields", () => {
    const schema = z
      .object({ amount: amount(), currency: z.string() })
      .superRefine((v, ctx) => refineMinorUnits(ctx, v, "amount", "currency"));
    expect(messages(schema, { amount: "1500.50", currency: "JPY" })).toEqual(["form.amountWhole"]);
    expect(messages(schema, { amount: "1500", currency: "JPY" })).toEqual([]);
    expect(messages(schema, { amount: "1500.50", currency: "EUR" })).toEqual([]);
  });
  it("reads spaces and a decimal comma, and refuses amounts above the ceiling", () => {
    expect(amount().parse("1 250 000,50")).toBe("1250000.50");
    expect(messages(amount(), "12,5")).toEqual(["market.amountInvalid"]);
    expect(amount().parse("1000000000000")).toBe("1000000000000");
    expect(messages(amount(), "1000000000000.01")).toEqual(["form.amountCeiling"]);
    expect(messages(amount(), "9999999999999999.99")).toEqual(["form.amountCeiling"]);
    expect(messages(amount(), "0")).toEqual(["market.amountInvalid"]);
  });
});

describe("query strings", () => {
  const Filters = z.object({ organization: queryId(), from: queryDate(), q: queryText(50) });
  it("drops hostile values instead of failing", () => {
    expect(readQuery(Filters, "/x?organization=2147483648&from=2024-02-30&q=a%00b")).toEqual({});
    expect(readQuery(Filters, "/x?organization=12&from=2024-02-29&q=border")).toEqual({
      organization: 12,
      from: "2024-02-29",
      q: "border",
    });
  });
  it("takes the first value of a repeated parameter, and __proto__ as a plain name", () => {
    const values = firstValues(new URLSearchParams("a=1&a=2&__proto__=x"));
    expect(values.a).toBe("1");
    expect(Object.keys(values)).toEqual(["a", "__proto__"]);
  });
});
