import { describe, expect, it } from "vitest";
import { addDays, isoDate, isoDateSchema, today } from "~/forms/dates";
import { AMOUNT_PATTERN, currencySchema, moneySchema, quantitySchema } from "~/money/amount";
import { idValue, MAX_ID, parseId } from "~/forms/ids";
import { idParam, loadRecord } from "~/utils/http.server";
import { lineAmount, sumAmounts, toCents, toMilli, truncateToCents, truncateToMilli } from "~/money/decimal";

describe("the two readers of decimal text", () => {
  it("reads exactly, and refuses what is not a two-decimal amount", () => {
    expect(toCents(" 1250.5 ")).toBe(125050n);
    expect(toCents("-3")).toBe(-300n);
    expect(() => toCents("1.239")).toThrow("Not a money amount");
    expect(() => toCents("abc")).toThrow("Not a money amount");
    expect(toMilli("1.5")).toBe(1500n);
    expect(() => toMilli("1.2345")).toThrow();
  });

  it("truncates where a later check still sees refused text", () => {
    expect(truncateToCents("1.239")).toBe(123n);
    expect(truncateToCents(".5")).toBe(50n);
    expect(truncateToCents(12.5)).toBe(1250n);
    expect(truncateToMilli("1.23456")).toBe(1234n);
    expect(() => truncateToCents("abc")).toThrow(SyntaxError);
  });

  it("prices invoice lines half up to the cent and sums them exactly", () => {
    expect(lineAmount("3", "0.10")).toBe("0.30");
    expect(lineAmount("0.333", "0.05")).toBe("0.02"); // 0.01665 rounds up
    expect(lineAmount("1.5", "1250.00")).toBe("1875.00");
    expect(sumAmounts([lineAmount("1", "0.10"), lineAmount("2", "0.10")])).toBe("0.30");
  });
});

describe("the one amount pattern", () => {
  it("is the forms' and the domain's", () => {
    for (const ok of ["1", "0.5", "1250.50", "1234567890123456.99"]) expect(AMOUNT_PATTERN.test(ok), ok).toBe(true);
    for (const bad of ["01", "1.234", "-1", "1e3", "12345678901234567"])
      expect(AMOUNT_PATTERN.test(bad), bad).toBe(false);
    expect(moneySchema.parse(" 1250.5 ")).toBe("1250.5");
    expect(moneySchema.safeParse("0").error?.issues[0]?.message).toBe("The amount must be more than zero");
    expect(moneySchema.safeParse("1.234").error?.issues[0]?.message).toBe("Enter an amount such as 1250 or 1250.50");
    expect(quantitySchema.safeParse("0.000").success).toBe(false);
    expect(quantitySchema.parse("2.5")).toBe("2.5");
    expect(currencySchema.parse(" eur ")).toBe("EUR");
  });
});

describe("calendar dates and today", () => {
  it("has one today, in UTC", () => {
    expect(today(new Date("2026-03-01T23:30:00-05:00"))).toBe("2026-03-02");
    expect(isoDate(new Date("2024-02-29T00:00:00Z"))).toBe("2024-02-29");
    expect(today()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("adds days across months and leap years", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-12-31", 30)).toBe("2027-01-30");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("parses the domain's dates with z.iso.date()", () => {
    expect(isoDateSchema.parse("2024-02-29")).toBe("2024-02-29");
    for (const bad of ["2023-02-29", "2024-13-01", "2024-1-01", "20240101", ""])
      expect(isoDateSchema.safeParse(bad).error?.issues[0]?.message, bad).toBe("Enter a date as YYYY-MM-DD");
  });
});

describe("the one id parser", () => {
  it("accepts positive integers in PostgreSQL's range, as numbers or digits", () => {
    expect(parseId("42")).toBe(42);
    expect(parseId(" 42 ")).toBe(42);
    expect(parseId(42)).toBe(42);
    expect(parseId(String(MAX_ID))).toBe(MAX_ID);
    for (const bad of [
      "0",
      "-1",
      "4e1",
      "0x2a",
      "42abc",
      "1.5",
      "",
      "2147483648",
      "99999999999",
      null,
      undefined,
      1.5,
      NaN,
    ])
      expect(parseId(bad), String(bad)).toBeUndefined();
    expect(idValue.safeParse(Infinity).success).toBe(false);
  });

  it("answers a route's bad id with a 404, never a query", async () => {
    expect(idParam("7")).toBe(7);
    const refusal = (() => {
      try {
        idParam("7x", "No such invoice");
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(refusal).toBeInstanceOf(Response);
    expect((refusal as Response).status).toBe(404);
    expect(await (refusal as Response).json()).toEqual({ message: "No such invoice" });
  });
});

describe("the load-and-guard step", () => {
  const refusal = async (work: Promise<unknown>) => {
    const thrown = await work.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(thrown).toBeInstanceOf(Response);
    return { status: (thrown as Response).status, body: await (thrown as Response).json() };
  };

  it("returns the record the guard allows", async () => {
    expect(await loadRecord(Promise.resolve({ id: 1 }))).toEqual({ id: 1 });
    expect(await loadRecord({ id: 2, owner: 7 }, (r) => r.owner === 7)).toEqual({ id: 2, owner: 7 });
  });

  it("answers 404 for no record, 403 (or 404 when asked) for a refused one", async () => {
    expect(await refusal(loadRecord(Promise.resolve(undefined)))).toEqual({
      status: 404,
      body: { message: "Not found" },
    });
    expect(await refusal(loadRecord(null, () => true))).toEqual({ status: 404, body: { message: "Not found" } });
    expect(await refusal(loadRecord({ id: 1 }, () => false))).toEqual({ status: 403, body: { message: "Forbidden" } });
    expect(await refusal(loadRecord({ id: 1 }, () => false, { refuseAs: 404 }))).toEqual({
      status: 404,
      body: { message: "Not found" },
    });
  });
});
