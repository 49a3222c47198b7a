import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { gapCellDetails } from "~/gaps/drilldown.server";
import type { GapFilters } from "~/gaps/filters";
import { gapMatrix, type GapCell } from "~/gaps/gaps.server";
import { keepNeedFactsValued, needFactsValuedAt, valueNeedFactsAt } from "~/gaps/valuation.server";
import { replaceProjectLinks } from "~/projects/queries.server";
import { makeActor, makeOrganization, makeMatch, makeNeed, makeProject, setRate } from "../support/factories";
import { describeEachDatabase } from "../support/database";

const AS_OF = "2030-01-15";

// One hand-made world; every number below is worked out by hand in the comments.
describeEachDatabase("gap analysis", (use) => {
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    const { db } = use();
    await setRate(db, "EUR", "2030-01-01", "1.5");
    await setRate(db, "EUR", "2030-06-01", "3"); // after the valuation day: must be ignored
    const donorA = (await makeOrganization(db, "donor_agency", "NOR")).id;
    const donorB = (await makeOrganization(db, "donor_agency", "DEU")).id;
    const agency = (await makeOrganization(db, "beneficiary_agency", "TJK")).id;
    const coordinator = await makeActor(db, "coordinator");

    // Projects.
    ids.p1 = await makeProject(db, {
      organizationId: donorA,
      status: "active",
      countries: ["TJK", "UZB"],
      pillars: ["II"],
      start: "2029-01-01",
    }); // regional, open-ended
    ids.p2 = await makeProject(db, {
      organizationId: donorA,
      status: "pipeline",
      countries: ["TJK"],
      pillars: ["II"],
      start: "2029-01-01",
      end: "2031-12-31",
    });
    ids.p3 = await makeProject(db, {
      organizationId: donorB,
      status: "pipeline",
      countries: ["PAK"],
      pillars: ["IV"],
      start: "2024-01-01",
      end: "2025-01-01",
    });
    ids.p4 = await makeProject(db, {
      organizationId: donorB,
      status: "completed",
      countries: ["TJK"],
      pillars: ["II"],
      start: "2020-01-01",
      end: "2021-01-01",
    });
    ids.p5 = await makeProject(db, {
      organizationId: donorB,
      status: "active",
      countries: ["UZB"],
      pillars: ["I"],
      start: "2020-01-01",
      end: "2020-12-31",
    });

    // Needs.
    ids.n1 = await makeNeed(db, {
      organizationId: agency,
      country: "TJK",
      pillar: "II",
      priority: "critical",
      cost: "1000.00",
      currency: "USD",
    });
    ids.n2 = await makeNeed(db, {
      organizationId: agency,
      country: "TJK",
      pillar: "II",
      priority: "medium",
      cost: "1000.00",
      currency: "EUR",
    }); // 1500 USD
    ids.n3 = await makeNeed(db, {
      organizationId: agency,
      country: "PAK",
      pillar: "IV",
      priority: "high",
      cost: "1000.00",
      currency: "USD",
    });
    ids.n4 = await makeNeed(db, {
      organizationId: agency,
      country: "KEN",
      pillar: "III",
      priority: "low",
      cost: null,
    });
    ids.n5 = await makeNeed(db, {
      organizationId: agency,
      country: "TJK",
      pillar: "II",
      priority: "high",
      cost: "999.00",
      withdrawn: true,
    });
    ids.n6 = await makeNeed(db, {
      organizationId: agency,
      country: "UZB",
      pillar: "I",
      priority: "medium",
      cost: "500.00",
      wantedStart: "2020-01-01",
      wantedEnd: "2020-12-31",
    });

    // Matches: n2 200 EUR = 300 USD confirmed; n3 1500 USD confirmed (capped at 1000); n1 only a rejected one.
    await makeMatch(db, {
      needId: ids.n2,
      projectId: ids.p1,
      proposedBy: coordinator.userId,
      status: "confirmed",
      amount: "200.00",
      currency: "EUR",
    });
    await makeMatch(db, {
      needId: ids.n3,
      projectId: ids.p3,
      proposedBy: coordinator.userId,
      status: "confirmed",
      amount: "1500.00",
      currency: "USD",
    });
    await makeMatch(db, {
      needId: ids.n1,
      projectId: ids.p2,
      proposedBy: coordinator.userId,
      status: "rejected",
      amount: "1000.00",
      currency: "USD",
    });
  });

  const cell = (cells: GapCell[], route: string, country: string, pillar: string) => {
    const found = cells.find((c) => c.routeCode === route && c.countryIso3 === country && c.pillarCode === pillar);
    if (!found) throw new Error(`no cell ${route}/${country}/${pillar}`);
    return found;
  };
  // Every matrix below is computed both ways: valued here (the stored valuation is of other rates)
  // and read from need_gap_facts valued at AS_OF's rates; the two must be the same.
  const matrix = async (filters: GapFilters = {}) => {
    const { db } = use();
    await valueNeedFactsAt(db, "2000-01-01");
    expect(await needFactsValuedAt(db, AS_OF)).toBe(false);
    const live = await gapMatrix(db, filters, AS_OF);
    await valueNeedFactsAt(db, AS_OF);
    expect(await needFactsValuedAt(db, AS_OF)).toBe(true);
    expect(await gapMatrix(db, filters, AS_OF)).toEqual(live);
    return live;
  };

  it("computes needs, coverage (converted, capped), unmet and projects per cell", async () => {
    const { cells } = await matrix();
    // TJK/II: n1 1000 USD + n2 1500 USD; coverage 300 (n2); n5 withdrawn; p1 active, p2 pipeline, one donor.
    expect(cell(cells, "northern", "TJK", "II")).toMatchObject({
      needs: 2,
      costedNeeds: 2,
      costUsd: "2500.00",
      coverageUsd: "300.00",
      unmetUsd: "2200.00",
      unmetShare: 0.88,
      activeProjects: 1,
      pipelineProjects: 1,
      donors: 1,
      flags: { uncoveredPriorityNeed: true, noProjectForNeeds: false },
      flagged: true,
    });
    // PAK/IV: 1500 confirmed on a 1000 need: coverage capped at 1000. With no period the view is as
    // of AS_OF (2030-01-15): p3, still "pipeline" but ended 2025-01-01, no longer counts; it is
    // counted apart as a project past its end date, and the need now has no project (flagged).
    expect(cell(cells, "balkan", "PAK", "IV")).toMatchObject({
      needs: 1,
      costUsd: "1000.00",
      coverageUsd: "1000.00",
      unmetUsd: "0.00",
      unmetShare: 0,
      pipelineProjects: 0,
      staleProjects: 1,
      flags: { uncoveredPriorityNeed: false, noProjectForNeeds: true },
      flagged: true,
    });
    // KEN/III: a need with no cost is unmet but has no amount; no project at all.
    expect(cell(cells, "southern", "KEN", "III")).toMatchObject({
      needs: 1,
      costedNeeds: 0,
      costUsd: "0.00",
      unmetShare: null,
      uncostedUnmet: 1,
      flags: { uncoveredPriorityNeed: false, noProjectForNeeds: true },
      flagged: true,
    });
    // A regional project counts in each of its countries.
    expect(cell(cells, "northern", "UZB", "II")).toMatchObject({
      needs: 0,
      activeProjects: 1,
      donors: 1,
      flagged: false,
    });
    // UZB/I: p5 says "active" but ended 2020-12-31: not counted today, counted apart; the need is flagged.
    expect(cell(cells, "northern", "UZB", "I")).toMatchObject({
      needs: 1,
      unmetUsd: "500.00",
      activeProjects: 0,
      staleProjects: 1,
      flagged: true,
    });
    // p4 is completed and dated in the past: no contradiction.
    expect(cell(cells, "northern", "TJK", "II").staleProjects).toBe(0);
  });

  it("shows a country on two routes in each, and counts it once in the totals", async () => {
    const result = await matrix();
    expect(cell(result.cells, "southern", "PAK", "IV")).toEqual({
      ...cell(result.cells, "balkan", "PAK", "IV"),
      routeCode: "southern",
      routePosition: 3,
    });
    // 2 (TJK/II) + 1 (PAK/IV, once) + 1 (KEN/III) + 1 (UZB/I) needs; 2500 + 1000 + 500 USD; 300 + 1000 covered.
    expect(result.totals).toMatchObject({ needs: 5, costUsd: "4000.00", coverageUsd: "1300.00", unmetUsd: "2700.00" });
    expect(result.rateDates.EUR).toBe("2030-01-01");
    // 43 route memberships × 4 pillars.
    expect(result.cells).toHaveLength(172);
  });

  it("filters by route, pillar and priority", async () => {
    const balkan = await matrix({ route: "balkan" });
    expect(new Set(balkan.cells.map((c) => c.routeCode))).toEqual(new Set(["balkan"]));
    const pillarII = await matrix({ pillar: "II" });
    expect(new Set(pillarII.cells.map((c) => c.pillarCode))).toEqual(new Set(["II"]));
    const critical = await matrix({ priority: ["critical"] });
    expect(cell(critical.cells, "northern", "TJK", "II")).toMatchObject({
      needs: 1,
      costUsd: "1000.00",
      coverageUsd: "0.00",
      flagged: true,
    });
    expect(cell(critical.cells, "southern", "KEN", "III")).toMatchObject({ needs: 0, flagged: false });
  });

  it("filters by period: inclusive ends, open-ended periods run on", async () => {
    const from2025 = await matrix({ from: "2025-01-01" });
    // n6 wanted in 2020 and p5 ended in 2020: both out.
    expect(cell(from2025.cells, "northern", "UZB", "I")).toMatchObject({ needs: 0, activeProjects: 0 });
    // p3 ends on 2025-01-01: the periods touch, so it counts.
    expect(cell(from2025.cells, "balkan", "PAK", "IV")).toMatchObject({ pipelineProjects: 1, flagged: false });
    // p1 has no end: it still runs in 2040.
    expect(cell((await matrix({ from: "2040-01-01", to: "2040-12-31" })).cells, "northern", "UZB", "II")).toMatchObject(
      { activeProjects: 1 },
    );
    const from2025b = await matrix({ from: "2025-01-02" });
    expect(cell(from2025b.cells, "balkan", "PAK", "IV")).toMatchObject({
      pipelineProjects: 0,
      flags: { noProjectForNeeds: true },
      flagged: true,
    });
  });

  it("drills down to the needs and projects behind a cell", async () => {
    const details = await gapCellDetails(use().db, "TJK", "II", {}, AS_OF);
    expect(details.needs.map((n) => n.id)).toEqual([ids.n1, ids.n2]);
    expect(details.needs[1]).toMatchObject({
      costUsd: "1500.00",
      coverageUsd: "300.00",
      unmetUsd: "1200.00",
      confirmedMatches: 1,
    });
    expect(details.needs[0]).toMatchObject({ coverageUsd: "0.00", unmetUsd: "1000.00", confirmedMatches: 0 });
    expect(details.projects.map((p) => p.id).sort()).toEqual([ids.p1, ids.p2].sort());
  });
});

// The projects' side of the matrix reads project_gap_facts, kept by triggers: after every kind of
// change it must equal the join it stands for, and the matrix must follow.
describeEachDatabase("gap analysis: project facts kept in step", (use) => {
  const factsEqualTheJoin = async () => {
    const { rows } = await sql<{ missing: number; extra: number }>`
      WITH truth AS (
        SELECT p.id AS project_id, pc.country_iso3, pp.pillar_code, p.organization_id, p.status,
               p.start_date, p.end_date
        FROM projects p
        JOIN project_countries pc ON pc.project_id = p.id
        JOIN project_pillars pp ON pp.project_id = p.id
      ),
      facts AS (
        SELECT project_id, country_iso3, pillar_code, organization_id, status, start_date, end_date
        FROM project_gap_facts
      )
      SELECT (SELECT count(*)::int FROM (SELECT * FROM truth EXCEPT SELECT * FROM facts) x) AS missing,
             (SELECT count(*)::int FROM (SELECT * FROM facts EXCEPT SELECT * FROM truth) y) AS extra`.execute(use().db);
    return rows[0];
  };
  const tjk = async (pillar: string) => {
    const { cells } = await gapMatrix(use().db, {}, AS_OF);
    return cells.find((c) => c.routeCode === "northern" && c.countryIso3 === "TJK" && c.pillarCode === pillar)!;
  };

  it("follows changes of countries, pillars, status, period, donor and deletion", async () => {
    const { db } = use();
    const donorA = (await makeOrganization(db, "donor_agency", "NOR")).id;
    const donorB = (await makeOrganization(db, "donor_agency", "DEU")).id;
    const id = await makeProject(db, {
      organizationId: donorA,
      status: "active",
      countries: ["TJK"],
      pillars: ["II"],
      start: "2029-01-01",
    });
    expect(await tjk("II")).toMatchObject({ activeProjects: 1, donors: 1 });

    await replaceProjectLinks(db, id, { countries: ["TJK", "UZB"], pillars: ["I", "II"], capacityAreas: [] });
    expect(await factsEqualTheJoin()).toEqual({ missing: 0, extra: 0 });
    expect(await tjk("I")).toMatchObject({ activeProjects: 1 });

    await db
      .updateTable("projects")
      .set({ status: "pipeline", organization_id: donorB })
      .where("id", "=", id)
      .execute();
    expect(await tjk("II")).toMatchObject({ activeProjects: 0, pipelineProjects: 1, donors: 1 });
    await db.updateTable("projects").set({ status: "completed" }).where("id", "=", id).execute();
    expect(await tjk("II")).toMatchObject({ activeProjects: 0, pipelineProjects: 0, donors: 0 });

    await db.updateTable("projects").set({ status: "active", end_date: "2029-06-30" }).where("id", "=", id).execute();
    expect(await factsEqualTheJoin()).toEqual({ missing: 0, extra: 0 });
    expect(
      (await gapMatrix(db, { from: "2029-07-01" }, AS_OF)).cells.find(
        (c) => c.countryIso3 === "TJK" && c.pillarCode === "II",
      ),
    ).toMatchObject({ activeProjects: 0 });

    await db.deleteFrom("project_pillars").where("project_id", "=", id).where("pillar_code", "=", "II").execute();
    expect(await tjk("II")).toMatchObject({ activeProjects: 0 });
    expect(await factsEqualTheJoin()).toEqual({ missing: 0, extra: 0 });

    await db.deleteFrom("projects").where("id", "=", id).execute();
    expect(await factsEqualTheJoin()).toEqual({ missing: 0, extra: 0 });
    expect(await tjk("I")).toMatchObject({ activeProjects: 0, donors: 0 });
  });
});

// The needs' side reads need_gap_facts, valued ahead of time and kept by triggers: after every kind
// of change to needs and matches it must equal the valuation it stands for, at the stored rates.
describeEachDatabase("gap analysis: need facts kept in step", (use) => {
  const factsEqualTheValuation = async () => {
    const { rows } = await sql<{ missing: number; extra: number }>`
      WITH truth AS (
        SELECT n.id AS need_id, n.country_iso3, n.pillar_code, n.priority, n.status, n.wanted_start, n.wanted_end,
               round(n.estimated_cost * r.usd_per_unit, 2) AS cost_usd,
               (SELECT sum(round(m.amount * mr.usd_per_unit, 2))
                FROM matches m JOIN need_gap_rates mr ON mr.currency = m.currency
                WHERE m.need_id = n.id AND m.status = 'confirmed') AS confirmed_usd
        FROM needs n LEFT JOIN need_gap_rates r ON r.currency = n.currency
      ),
      facts AS (
        SELECT need_id, country_iso3, pillar_code, priority, status, wanted_start, wanted_end, cost_usd, confirmed_usd
        FROM need_gap_facts
      )
      SELECT (SELECT count(*)::int FROM (SELECT * FROM truth EXCEPT SELECT * FROM facts) x) AS missing,
             (SELECT count(*)::int FROM (SELECT * FROM facts EXCEPT SELECT * FROM truth) y) AS extra`.execute(use().db);
    return rows[0];
  };
  const tjk = async (pillar: string) => {
    const { db } = use();
    expect(await needFactsValuedAt(db, AS_OF)).toBe(true);
    expect(await factsEqualTheValuation()).toEqual({ missing: 0, extra: 0 });
    const { cells } = await gapMatrix(db, {}, AS_OF);
    return cells.find((c) => c.routeCode === "northern" && c.countryIso3 === "TJK" && c.pillarCode === pillar)!;
  };

  it(
    "follows needs and matches: costs, currencies, priority, " + "status, period, place, confirmations and deletions",
    async () => {
      const { db } = use();
      await setRate(db, "EUR", "2030-01-01", "1.5");
      await valueNeedFactsAt(db, AS_OF);
      const agency = (await makeOrganization(db, "beneficiary_agency", "TJK")).id;
      const donor = (await makeOrganization(db, "donor_agency", "NOR")).id;
      const coordinator = await makeActor(db, "coordinator");
      const project = await makeProject(db, {
        organizationId: donor,
        status: "active",
        countries: ["TJK"],
        pillars: ["II"],
        start: "2029-01-01",
      });

      const need = await makeNeed(db, {
        organizationId: agency,
        country: "TJK",
        pillar: "II",
        priority: "critical",
        cost: "1000.00",
        currency: "EUR",
      });
      expect(await tjk("II")).toMatchObject({
        needs: 1,
        costUsd: "1500.00",
        coverageUsd: "0.00",
        flags: { uncoveredPriorityNeed: true },
      });

      await db
        .updateTable("needs")
        .set({ estimated_cost: "2000.00", currency: "USD", priority: "low" })
        .where("id", "=", need)
        .execute();
      expect(await tjk("II")).toMatchObject({ costUsd: "2000.00", flags: { uncoveredPriorityNeed: false } });

      const match = await makeMatch(db, {
        needId: need,
        projectId: project,
        proposedBy: coordinator.userId,
        status: "proposed",
        amount: "100.00",
        currency: "EUR",
      });
      expect(await tjk("II")).toMatchObject({ coverageUsd: "0.00" });
      await db.updateTable("matches").set({ status: "confirmed" }).where("id", "=", match).execute();
      expect(await tjk("II")).toMatchObject({ coverageUsd: "150.00" });
      await db.updateTable("matches").set({ amount: "200.00" }).where("id", "=", match).execute();
      expect(await tjk("II")).toMatchObject({ coverageUsd: "300.00" });

      // The match moves to another need, which moves to pillar I; then back, and the match goes.
      const other = await makeNeed(db, {
        organizationId: agency,
        country: "TJK",
        pillar: "II",
        cost: "500.00",
        currency: "USD",
      });
      await db.updateTable("matches").set({ need_id: other }).where("id", "=", match).execute();
      expect(await tjk("II")).toMatchObject({ needs: 2, costUsd: "2500.00", coverageUsd: "300.00" });
      await db
        .updateTable("needs")
        .set({ pillar_code: "I", capacity_area_code: "I.1" })
        .where("id", "=", other)
        .execute();
      expect(await tjk("II")).toMatchObject({ needs: 1, coverageUsd: "0.00" });
      expect(await tjk("I")).toMatchObject({ needs: 1, costUsd: "500.00", coverageUsd: "300.00" });
      await db.deleteFrom("matches").where("id", "=", match).execute();
      expect(await tjk("I")).toMatchObject({ coverageUsd: "0.00" });

      await db.updateTable("needs").set({ status: "withdrawn" }).where("id", "=", other).execute();
      expect(await tjk("I")).toMatchObject({ needs: 0 });
      await db
        .updateTable("needs")
        .set({ wanted_start: "2020-01-01", wanted_end: "2020-12-31" })
        .where("id", "=", need)
        .execute();
      expect(await factsEqualTheValuation()).toEqual({ missing: 0, extra: 0 });
      expect(
        (await gapMatrix(db, { from: "2025-01-01" }, AS_OF)).cells.find(
          (c) => c.countryIso3 === "TJK" && c.pillarCode === "II",
        ),
      ).toMatchObject({ needs: 0 });

      await db.deleteFrom("needs").where("id", "=", other).execute();
      expect(await tjk("I")).toMatchObject({ needs: 0 });
    },
  );

  it("values the needs again when the day's rates are not the stored ones, and is right meanwhile", async () => {
    const { db } = use();
    await setRate(db, "EUR", "2030-01-01", "1.5");
    await valueNeedFactsAt(db, AS_OF);
    const agency = (await makeOrganization(db, "beneficiary_agency", "UZB")).id;
    await makeNeed(db, { organizationId: agency, country: "UZB", pillar: "III", cost: "1000.00", currency: "EUR" });
    const uzb = async () =>
      (await gapMatrix(db, {}, AS_OF)).cells.find(
        (c) => c.routeCode === "northern" && c.countryIso3 === "UZB" && c.pillarCode === "III",
      )!;
    expect(await uzb()).toMatchObject({ costUsd: "1500.00" });

    // A rate dated the valuation day: the stored values are of yesterday's rates, so they are not used.
    await setRate(db, "EUR", AS_OF, "2");
    expect(await needFactsValuedAt(db, AS_OF)).toBe(false);
    expect(await uzb()).toMatchObject({ costUsd: "2000.00" });
    expect(await keepNeedFactsValued(db, AS_OF)).toBe(true);
    expect(await needFactsValuedAt(db, AS_OF)).toBe(true);
    expect(await uzb()).toMatchObject({ costUsd: "2000.00" });
    expect(await factsEqualTheValuation()).toEqual({ missing: 0, extra: 0 });
    expect(await keepNeedFactsValued(db, AS_OF)).toBe(false);
  });
});
