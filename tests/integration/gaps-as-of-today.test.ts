import { beforeAll, expect, it } from "vitest";
import { gapCellDetails } from "~/gaps/drilldown.server";
import { gapMatrix, type GapCell } from "~/gaps/gaps.server";
import { statusDateConflict } from "~/projects/status-dates";
import type { ProjectStatus } from "../../db/schema";
import { makeOrganization, makeNeed, makeProject } from "../support/factories";
import { describeEachDatabase } from "../support/database";
import { SeededRandom } from "../../db/demo/random";

// "As of today" (no period chosen) and projects whose status contradicts their dates, on a
// hand-made world in Kyrgyzstan (northern route), every number worked out in the comments.
const TODAY = "2031-06-15";

describeEachDatabase("gap view as of today", (use) => {
  let donor: number;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    const { db } = use();
    donor = (await makeOrganization(db, "donor_agency", "NOR")).id;
    const agency = (await makeOrganization(db, "beneficiary_agency", "KGZ")).id;
    const project = (status: ProjectStatus, start: string, end: string | undefined, pillar = "I") =>
      makeProject(db, { organizationId: donor, status, countries: ["KGZ"], pillars: [pillar], start, end });
    // Pillar I of KGZ: what counts today and what does not.
    ids.endsToday = await project("active", "2030-01-01", TODAY); // counts: the end day is included
    ids.endedYesterday = await project("active", "2030-01-01", "2031-06-14"); // past its end: apart
    ids.pipelinePast = await project("pipeline", "2029-01-01", "2030-12-31"); // past its end: apart
    ids.openEnded = await project("pipeline", "2032-01-01", undefined); // counts
    ids.completedFuture = await project("completed", "2031-07-01", "2032-01-01"); // completed before its start: apart
    ids.completedPast = await project("completed", "2020-01-01", "2021-01-01"); // consistent, not active
    // Pillar II of KGZ: one need, and a project that says active but ended: flagged "no project".
    await project("active", "2020-01-01", "2020-12-31", "II");
    ids.needII = await makeNeed(db, {
      organizationId: agency,
      country: "KGZ",
      pillar: "II",
      priority: "low",
      cost: "100.00",
    });
    // Pillar III of KGZ: needs in every status.
    await makeNeed(db, { organizationId: agency, country: "KGZ", pillar: "III", cost: "10.00" }); // open
    const partly = await makeNeed(db, { organizationId: agency, country: "KGZ", pillar: "III", cost: "20.00" });
    const met = await makeNeed(db, { organizationId: agency, country: "KGZ", pillar: "III", cost: "40.00" });
    await makeNeed(db, { organizationId: agency, country: "KGZ", pillar: "III", cost: "80.00", withdrawn: true });
    await db.updateTable("needs").set({ status: "partially_met" }).where("id", "=", partly).execute();
    await db.updateTable("needs").set({ status: "met" }).where("id", "=", met).execute();
  });

  const kgz = (cells: GapCell[], pillar: string) =>
    cells.find((c) => c.countryIso3 === "KGZ" && c.pillarCode === pillar && c.routeCode === "northern")!;

  it("counts a project only if it has not ended before today, and the rest apart", async () => {
    const { cells } = await gapMatrix(use().db, {}, TODAY);
    // endsToday (active) + openEnded (pipeline); endedYesterday, pipelinePast and completedFuture apart.
    expect(kgz(cells, "I")).toMatchObject({ activeProjects: 1, pipelineProjects: 1, donors: 1, staleProjects: 3 });
    expect(kgz(cells, "II")).toMatchObject({
      needs: 1,
      activeProjects: 0,
      staleProjects: 1,
      flags: { noProjectForNeeds: true },
      flagged: true,
    });
  });

  it("keeps the period filter as it was: a project counts in the periods it overlaps, whatever today is", async () => {
    const { cells } = await gapMatrix(use().db, { from: "2030-06-01", to: "2030-06-30" }, TODAY);
    // endsToday, endedYesterday, pipelinePast overlap June 2030; openEnded starts in 2032.
    expect(kgz(cells, "I")).toMatchObject({ activeProjects: 2, pipelineProjects: 1, staleProjects: 3 });
    expect(kgz(cells, "II")).toMatchObject({ activeProjects: 0, flagged: true });
    const in2020 = await gapMatrix(use().db, { from: "2020-01-01", to: "2020-12-31" }, TODAY);
    expect(kgz(in2020.cells, "II")).toMatchObject({ activeProjects: 1, flags: { noProjectForNeeds: false } });
  });

  it("counts needs while open or partly met today, and every need not withdrawn within a period", async () => {
    const today = await gapMatrix(use().db, {}, TODAY);
    // open 10 + partly met 20; met and withdrawn left out.
    expect(kgz(today.cells, "III")).toMatchObject({ needs: 2, costUsd: "30.00" });
    const period = await gapMatrix(use().db, { from: "2031-01-01", to: "2031-12-31" }, TODAY);
    // open 10 + partly met 20 + met 40.
    expect(kgz(period.cells, "III")).toMatchObject({ needs: 3, costUsd: "70.00" });
  });

  it(
    "lists the projects behind the cell: the counted ones, " + "and the contradicting ones apart with their reason",
    async () => {
      const detail = await gapCellDetails(use().db, "KGZ", "I", {}, TODAY);
      expect(detail.projects.map((p) => p.id).sort()).toEqual([ids.endsToday, ids.openEnded].sort());
      expect(Object.fromEntries(detail.staleProjects.map((p) => [p.id, p.conflict]))).toEqual({
        [ids.endedYesterday]: "pastEnd",
        [ids.pipelinePast]: "pastEnd",
        [ids.completedFuture]: "completedBeforeStart",
      });
    },
  );

  it("counts in SQL exactly what the rule says, cell by cell (parity of the copy with its home)", async () => {
    const { db } = use();
    const random = new SeededRandom(17);
    const statuses: ProjectStatus[] = ["active", "pipeline", "completed", "cancelled"];
    const countries = ["AFG", "PAK", "IRN", "TKM"];
    const made: Array<{
      status: ProjectStatus;
      start: string;
      end: string | null;
      countries: string[];
      pillars: string[];
    }> = [];
    const day = (year: number) =>
      `${year}-${String(random.int(1, 12)).padStart(2, "0")}-${String(random.int(1, 28)).padStart(2, "0")}`;
    for (let i = 0; i < 120; i++) {
      const start = day(random.int(2028, 2034));
      const end = random.chance(0.2) ? null : day(random.int(Number(start.slice(0, 4)), 2035));
      const p = {
        status: random.pick(statuses),
        start,
        end: end && end >= start ? end : null,
        countries: random.sample(countries, random.int(1, 2)),
        pillars: [random.pick(["I", "II", "III", "IV"])],
      };
      made.push(p);
      await makeProject(db, {
        organizationId: donor,
        status: p.status,
        countries: p.countries,
        pillars: p.pillars,
        start: p.start,
        end: p.end ?? undefined,
      });
    }
    const expected = new Map<string, number>();
    for (const p of made) {
      if (!statusDateConflict({ status: p.status, startDate: p.start, endDate: p.end }, TODAY)) continue;
      for (const c of p.countries)
        for (const pl of p.pillars) expected.set(`${c}/${pl}`, (expected.get(`${c}/${pl}`) ?? 0) + 1);
    }
    const { cells } = await gapMatrix(db, {}, TODAY);
    for (const c of countries) {
      for (const pl of ["I", "II", "III", "IV"]) {
        const cell = cells.find((x) => x.countryIso3 === c && x.pillarCode === pl)!;
        expect(cell.staleProjects, `${c}/${pl}`).toBe(expected.get(`${c}/${pl}`) ?? 0);
      }
    }
    expect([...expected.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
  });
});

it("statusDateConflict: the rule's own table", () => {
  const today = "2031-06-15";
  const cases: Array<[ProjectStatus, string, string | null, ReturnType<typeof statusDateConflict>]> = [
    ["active", "2030-01-01", "2031-06-14", "pastEnd"],
    ["active", "2030-01-01", "2031-06-15", null],
    ["active", "2030-01-01", null, null],
    ["pipeline", "2029-01-01", "2030-01-01", "pastEnd"],
    ["pipeline", "2032-01-01", "2033-01-01", null],
    ["completed", "2031-06-16", "2032-01-01", "completedBeforeStart"],
    ["completed", "2031-06-15", null, null],
    ["completed", "2020-01-01", "2021-01-01", null],
    ["cancelled", "2040-01-01", "2041-01-01", null],
    ["cancelled", "2000-01-01", "2001-01-01", null],
  ];
  for (const [status, startDate, endDate, expected] of cases)
    expect(statusDateConflict({ status, startDate, endDate }, today), `${status} ${startDate}–${endDate}`).toBe(
      expected,
    );
});
