import { describe, expect, it } from "vitest";
import {
  heatClass,
  mapClass,
  matrixRow,
  parseSort,
  quantileBreaks,
  sortRows,
  totalsRow,
  type CompactCell,
} from "~/gaps/components/matrix-model";

const cell = (pillar: string, unmetUsd: string, extra: Partial<CompactCell> = {}): CompactCell => ({
  pillar,
  needs: 1,
  unmetUsd,
  unmetShare: 0.5,
  uncostedUnmet: 0,
  staleProjects: 0,
  priority: false,
  noProject: false,
  ...extra,
});

describe("the gap matrix's view model", () => {
  it("classes a cell: no needs, needs without cost, all met, then four steps of unmet share", () => {
    expect(heatClass({ needs: 0, unmetShare: null })).toBe("none");
    expect(heatClass({ needs: 2, unmetShare: null })).toBe("uncosted");
    expect(heatClass({ needs: 2, unmetShare: 0 })).toBe("s0");
    expect(heatClass({ needs: 2, unmetShare: 0.01 })).toBe("s1");
    expect(heatClass({ needs: 2, unmetShare: 0.25 })).toBe("s1");
    expect(heatClass({ needs: 2, unmetShare: 0.26 })).toBe("s2");
    expect(heatClass({ needs: 2, unmetShare: 0.75 })).toBe("s3");
    expect(heatClass({ needs: 2, unmetShare: 1 })).toBe("s4");
  });

  const rows = [
    matrixRow("AFG", "Afghanistan", 1, [cell("I", "100.00"), cell("II", "50.00", { priority: true })]),
    matrixRow("PAK", "Pakistan", 2, [cell("I", "900.10"), cell("II", "0.00")]),
    matrixRow("IRN", "Iran", 3, [cell("I", "10.00", { noProject: true }), cell("II", "5.00", { priority: true })]),
  ];

  it("sums a row's unmet amount exactly and counts its flagged cells", () => {
    expect(rows[0].unmetUsd).toBe("150.00");
    expect(rows[1].flaggedCells).toBe(0);
    expect(rows[2].flaggedCells).toBe(2);
  });

  it("sorts by route order, by unmet amount or by flags (then unmet), and reads the parameter safely", () => {
    expect(sortRows(rows, "route").map((r) => r.iso3)).toEqual(["AFG", "PAK", "IRN"]);
    expect(sortRows(rows, "unmet").map((r) => r.iso3)).toEqual(["PAK", "AFG", "IRN"]);
    expect(sortRows(rows, "flags").map((r) => r.iso3)).toEqual(["IRN", "AFG", "PAK"]);
    expect(parseSort("flags")).toBe("flags");
    expect(parseSort("<script>")).toBe("route");
    expect(parseSort(null)).toBe("route");
  });

  it("totals a route per pillar", () => {
    expect(totalsRow(rows, ["I", "II"])).toEqual([
      { pillar: "I", unmetUsd: "1010.10", flaggedCells: 1 },
      { pillar: "II", unmetUsd: "55.00", flaggedCells: 2 },
    ]);
  });

  it("splits the map's countries into quintiles of unmet amount, nothing unmet apart", () => {
    const amounts = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    const breaks = quantileBreaks(amounts);
    expect(breaks).toEqual([20, 40, 60, 80, 100]);
    expect(amounts.map((a) => mapClass(a, breaks))).toEqual([-1, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
    // Equal amounts do not make empty classes.
    expect(quantileBreaks([5, 5, 5, 5])).toEqual([5]);
    expect(quantileBreaks([0, 0])).toEqual([]);
  });
});
