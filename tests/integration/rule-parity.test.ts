import { beforeAll, expect, it } from "vitest";
import { gapCellDetails } from "~/gaps/drilldown.server";
import type { GapFilters } from "~/gaps/filters";
import { gapCellFlags, isFlagged, isUncoveredPriorityNeed } from "~/gaps/flag";
import { gapMatrix, type GapCell } from "~/gaps/gaps.server";
import { valueNeedFactsAt } from "~/gaps/valuation.server";
import { coverageOf } from "~/matches/coverage.server";
import { sumAmounts } from "~/money/decimal";
import { makeActor, makeMatch, makeNeed, makeOrganization, makeProject, setRate } from "../support/factories";
import { describeEachDatabase } from "../support/database";

// Parity of the rules that SQL repeats for speed (app/README.md, "Rules index"): each rule's home
// and each of its copies run on the same hand-made world and must agree.
//   - coverage: computeCoverage through coverageOf (the home) = the drill-down's coverage per need
//     = the gap matrix's LEAST(...) sum per cell, valued live and read from need_gap_facts (0011);
//   - the gap flag: gapCellFlags over the drill-down's needs and projects (isUncoveredPriorityNeed
//     in TypeScript) = the matrix's flags (bool_or(...) in SQL).

const AS_OF = "2030-03-10";
const COUNTRIES = ["TJK", "UZB", "PAK", "KEN"];

describeEachDatabase("rule parity: coverage and the gap flag", (use) => {
  const needIds: number[] = [];

  beforeAll(async () => {
    const { db } = use();
    // Rates with decimals, so that rounding each match to the cent matters.
    await setRate(db, "EUR", "2030-01-01", "1.0837");
    await setRate(db, "GBP", "2030-02-28", "1.2711");
    await setRate(db, "GBP", "2030-04-01", "9"); // after the valuation day: ignored everywhere
    const donorA = (await makeOrganization(db, "donor_agency", "NOR")).id;
    const donorB = (await makeOrganization(db, "donor_agency", "GBR")).id;
    const tjk = (await makeOrganization(db, "beneficiary_agency", "TJK")).id;
    const coordinator = await makeActor(db, "coordinator");

    const p1 = await makeProject(db, {
      organizationId: donorA,
      status: "active",
      countries: ["TJK", "UZB"],
      pillars: ["II", "III"],
      start: "2029-01-01",
    });
    const p2 = await makeProject(db, {
      organizationId: donorB,
      status: "pipeline",
      countries: ["PAK"],
      pillars: ["IV"],
      start: "2030-01-01",
      end: "2032-12-31",
    });
    const p3 = await makeProject(db, {
      organizationId: donorB,
      status: "active",
      countries: ["TJK"],
      pillars: ["II"],
      start: "2029-06-01",
      end: "2030-03-10",
    }); // ends on the valuation day: still counts
    await makeProject(db, {
      organizationId: donorB,
      status: "active",
      countries: ["KEN"],
      pillars: ["I"],
      start: "2020-01-01",
      end: "2021-12-31",
    }); // stale: does not count as active today
    await makeProject(db, {
      organizationId: donorA,
      status: "completed",
      countries: ["UZB"],
      pillars: ["I"],
      start: "2020-01-01",
      end: "2021-01-01",
    });

    const need = async (fixture: Omit<Parameters<typeof makeNeed>[1], "organizationId">) => {
      const id = await makeNeed(db, { organizationId: tjk, ...fixture });
      needIds.push(id);
      return id;
    };
    const confirm = (needId: number, projectId: number, amount: string, currency: string) =>
      makeMatch(db, { needId, projectId, proposedBy: coordinator.userId, status: "confirmed", amount, currency });

    // TJK/II: a critical need partly covered in two currencies; a high one covered beyond its cost.
    const a = await need({ country: "TJK", pillar: "II", priority: "critical", cost: "1000.00", currency: "EUR" });
    await confirm(a, p1, "333.33", "EUR");
    await confirm(a, p3, "100.01", "GBP");
    const b = await need({ country: "TJK", pillar: "II", priority: "high", cost: "500.00", currency: "USD" });
    await confirm(b, p1, "777.77", "GBP");
    // TJK/III: a need with no cost but a confirmed match (met, coverage with no cap), and a low one.
    const c = await need({ country: "TJK", pillar: "III", priority: "medium", cost: null });
    await confirm(c, p1, "250.00", "USD");
    await need({ country: "TJK", pillar: "III", priority: "low", cost: "10.00", currency: "GBP" });
    // UZB/I: a high-priority need with only a rejected and a proposed match: flagged both ways.
    const d = await need({ country: "UZB", pillar: "I", priority: "high", cost: "2000.00", currency: "EUR" });
    await makeMatch(db, { needId: d, projectId: p1, proposedBy: coordinator.userId, status: "rejected" });
    await makeMatch(db, { needId: d, projectId: p1, proposedBy: coordinator.userId, status: "proposed" });
    // PAK/IV: a critical need fully covered; a project in the pipeline: not flagged.
    const e = await need({ country: "PAK", pillar: "IV", priority: "critical", cost: "300.00", currency: "USD" });
    await confirm(e, p2, "300.00", "USD");
    // KEN/I: a medium need, its only project stale: flagged for having no project.
    await need({ country: "KEN", pillar: "I", priority: "medium", cost: "1234.56", currency: "EUR" });
    // KEN/II: a withdrawn critical need, which no side counts.
    await need({ country: "KEN", pillar: "II", priority: "critical", cost: "99.00", withdrawn: true });
    // UZB/II: a need wanted in 2020 only (out of a later period).
    await need({
      country: "UZB",
      pillar: "II",
      priority: "critical",
      cost: "40.00",
      wantedStart: "2020-01-01",
      wantedEnd: "2020-12-31",
    });
  });

  const filterSets: GapFilters[] = [
    {},
    { priority: ["critical", "high"] },
    { from: "2030-01-01", to: "2030-12-31" },
    { pillar: "II" },
  ];

  /** The matrix's cells of the world's countries, valued live and from need_gap_facts (must agree). */
  const worldCells = async (filters: GapFilters): Promise<GapCell[]> => {
    const { db } = use();
    await valueNeedFactsAt(db, "2000-01-01");
    const live = await gapMatrix(db, filters, AS_OF);
    await valueNeedFactsAt(db, AS_OF);
    expect(await gapMatrix(db, filters, AS_OF)).toEqual(live);
    const seen = new Set<string>();
    return live.cells.filter((cell) => {
      const key = `${cell.countryIso3}/${cell.pillarCode}`;
      if (!COUNTRIES.includes(cell.countryIso3) || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  };

  it("coverage: computeCoverage (coverageOf) = the drill-down = the matrix's SQL, valued live and stored", async () => {
    const { db } = use();
    for (const filters of filterSets) {
      for (const cell of await worldCells(filters)) {
        const details = await gapCellDetails(db, cell.countryIso3, cell.pillarCode, filters, AS_OF);
        const home = await Promise.all(details.needs.map((n) => coverageOf(db, n.id, AS_OF)));
        const label = `${cell.countryIso3}/${cell.pillarCode} ${JSON.stringify(filters)}`;
        details.needs.forEach((n, i) => {
          expect({ costUsd: n.costUsd, coverageUsd: n.coverageUsd, unmetUsd: n.unmetUsd }, label).toEqual({
            costUsd: home[i].costUsd,
            coverageUsd: home[i].coverageUsd,
            unmetUsd: home[i].unmetUsd,
          });
        });
        expect(cell.needs, label).toBe(details.needs.length);
        expect(cell.coverageUsd, label).toBe(sumAmounts(home.map((h) => h.coverageUsd)));
        expect(cell.costUsd, label).toBe(sumAmounts(home.flatMap((h) => (h.costUsd === null ? [] : [h.costUsd]))));
      }
    }
    // The world exercises what it should: a cap, rounding per match, a need with no cost.
    const covered = await Promise.all(needIds.map((id) => coverageOf(db, id, AS_OF)));
    expect(covered.map((c) => c.coverageUsd)).toContain("500.00"); // b, capped
    expect(covered.some((c) => c.costUsd === null && c.coverageUsd === "250.00")).toBe(true); // c
  });

  it("the gap flag: gapCellFlags over the drill-down = the matrix's SQL", async () => {
    const { db } = use();
    const flagged: string[] = [];
    for (const filters of filterSets) {
      for (const cell of await worldCells(filters)) {
        const details = await gapCellDetails(db, cell.countryIso3, cell.pillarCode, filters, AS_OF);
        const flags = gapCellFlags({
          needs: details.needs.length,
          activeProjects: details.projects.filter((p) => p.status === "active").length,
          pipelineProjects: details.projects.filter((p) => p.status === "pipeline").length,
          uncoveredPriorityNeed: details.needs.some(isUncoveredPriorityNeed),
        });
        const label = `${cell.countryIso3}/${cell.pillarCode} ${JSON.stringify(filters)}`;
        expect(cell.flags, label).toEqual(flags);
        expect(cell.flagged, label).toBe(isFlagged(flags));
        if (Object.keys(filters).length === 0 && cell.flagged) flagged.push(`${cell.countryIso3}/${cell.pillarCode}`);
      }
    }
    // As of AS_OF with no filter: TJK/II (a and b have confirmed matches, p1 is active) is not
    // flagged; UZB/I (high, uncovered; only a completed project), UZB/II (critical, uncovered; the
    // wanted period is not asked about without a period) and KEN/I (its project is stale) are.
    expect(flagged.sort()).toEqual(["KEN/I", "UZB/I", "UZB/II"]);
  });
});
