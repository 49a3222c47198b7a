import { describe, expect, it } from "vitest";
import { computeCoverage, deriveNeedStatus } from "~/matches/coverage";
import {
  compareAmounts,
  convertAmount,
  fromCents,
  isAmount,
  minAmount,
  shareOf,
  subtractAmounts,
  sumAmounts,
  toCents,
} from "~/money/decimal";

describe("exact money arithmetic", () => {
  it("parses and prints two-decimal amounts exactly", () => {
    expect(toCents("0.1") + toCents("0.2")).toBe(30n);
    expect(fromCents(toCents("1234567890123.45"))).toBe("1234567890123.45");
    expect(sumAmounts(["0.10", "0.20", "1"])).toBe("1.30");
    expect(subtractAmounts("100", "33.33")).toBe("66.67");
    expect(minAmount("5.00", "4.99")).toBe("4.99");
    expect(compareAmounts("10.00", "10")).toBe(0);
    expect(isAmount("12.345")).toBe(false);
    expect(isAmount("-3")).toBe(true);
  });

  it("converts with a ten-decimal rate and rounds half away from zero", () => {
    expect(convertAmount("100.00", "1.1535")).toBe("115.35");
    expect(convertAmount("1000000", "0.0064935")).toBe("6493.50");
    expect(convertAmount("0.01", "0.5")).toBe("0.01"); // 0.005 rounds up
    expect(convertAmount("-0.01", "0.5")).toBe("-0.01");
    expect(convertAmount("12345678.91", "1")).toBe("12345678.91");
  });

  it("computes shares for display", () => {
    expect(shareOf("25", "100")).toBe(0.25);
    expect(shareOf("1", "3")).toBe(0.3333);
    expect(shareOf("1", "0")).toBeNull();
  });
});

describe("coverage of a need", () => {
  it("sums confirmed amounts and caps them at the cost", () => {
    expect(computeCoverage("1000.00", ["300.00", "200.50"])).toEqual({
      costUsd: "1000.00",
      coverageUsd: "500.50",
      unmetUsd: "499.50",
      hasConfirmedMatch: true,
    });
    expect(computeCoverage("1000.00", ["800.00", "700.00"])).toMatchObject({
      coverageUsd: "1000.00",
      unmetUsd: "0.00",
    });
  });

  it("leaves a need with no cost without an unmet amount", () => {
    expect(computeCoverage(null, [])).toEqual({
      costUsd: null,
      coverageUsd: "0.00",
      unmetUsd: null,
      hasConfirmedMatch: false,
    });
  });

  it("derives the status: open, partially met, met, withdrawn", () => {
    expect(deriveNeedStatus(false, computeCoverage("1000", []))).toBe("open");
    expect(deriveNeedStatus(false, computeCoverage("1000", ["1"]))).toBe("partially_met");
    expect(deriveNeedStatus(false, computeCoverage("1000", ["1000"]))).toBe("met");
    expect(deriveNeedStatus(false, computeCoverage("1000", ["600", "600"]))).toBe("met");
    expect(deriveNeedStatus(true, computeCoverage("1000", ["1000"]))).toBe("withdrawn");
    expect(deriveNeedStatus(false, computeCoverage("0.30", ["0.3"]))).toBe("met");
    // No cost: unmet until a confirmed match says otherwise.
    expect(deriveNeedStatus(false, computeCoverage(null, []))).toBe("open");
    expect(deriveNeedStatus(false, computeCoverage(null, ["50"]))).toBe("met");
  });
});
