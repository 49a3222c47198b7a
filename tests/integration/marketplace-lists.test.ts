import { expect, it } from "vitest";
import { getCountryOverview } from "~/marketplace/country.server";
import { NeedFiltersSchema, ProjectFiltersSchema } from "~/marketplace/filters";
import { createNeed } from "~/needs/needs.server";
import { listNeeds } from "~/needs/queries.server";
import { createProject } from "~/projects/projects.server";
import { listProjects } from "~/projects/queries.server";
import { loader as projectsLoader } from "~/routes/projects._index";
import { beneficiaryOf, donorOf, needInput, projectInput, staff } from "../support/factories";
import { getRequest, requestContext } from "../support/requests";
import { describeEachDatabase } from "../support/database";

const projectFilters = (f: Record<string, unknown>) => ProjectFiltersSchema.parse(f);
const needFilters = (f: Record<string, unknown>) => NeedFiltersSchema.parse(f);

describeEachDatabase("marketplace lists", (use) => {
  let ids: Record<string, number> = {};
  let donorOrg = 0;
  let otherOrg = 0;

  it("sets up projects and needs", async () => {
    const { db } = use();
    const donor = await donorOf(db);
    const other = await donorOf(db, "DEU");
    donorOrg = donor.organizationId!;
    otherOrg = other.organizationId!;
    ids = {
      fiu: (
        await createProject(
          db,
          donor,
          projectInput({ title: "A FIU project", countries: ["TJK"], startDate: "2024-01-01", endDate: "2024-12-31" }),
        )
      ).id,
      youth: (
        await createProject(
          db,
          donor,
          projectInput({
            title: "B youth prevention",
            pillars: ["IV"],
            capacityAreas: ["IV.1"],
            dacCode: "12340",
            countries: ["IRN"],
            status: "pipeline",
            startDate: "2026-05-01",
            endDate: undefined,
            budget: "90000",
          }),
        )
      ).id,
      balkan: (
        await createProject(
          db,
          other,
          projectInput({
            title: "C Balkan customs",
            pillars: ["I", "III"],
            capacityAreas: ["I.9", "III.2"],
            dacCode: "33120",
            countries: [],
            routes: ["balkan"],
            startDate: "2022-01-01",
            endDate: "2023-06-30",
          }),
        )
      ).id,
    };
    const tajik = await beneficiaryOf(db, "TJK");
    const coordinator = await staff(db);
    ids.needTjk = (
      await createNeed(
        db,
        tajik,
        needInput({ title: "Scanners", priority: "low", wantedStart: "2025-01-01", wantedEnd: "2025-12-31" }),
      )
    ).id;
    ids.needTjk2 = (
      await createNeed(
        db,
        tajik,
        needInput({
          title: "Analysts",
          pillar: "II",
          capacityArea: "II.1",
          priority: "critical",
          wantedStart: undefined,
          wantedEnd: undefined,
        }),
      )
    ).id;
    ids.needAfg = (
      await createNeed(
        db,
        coordinator,
        needInput({
          country: "AFG",
          title: "Labs",
          pillar: "III",
          capacityArea: "III.3",
          priority: "high",
          wantedStart: "2027-01-01",
          wantedEnd: undefined,
        }),
      )
    ).id;
  });

  it("filters projects by pillar, area, country, route, status, organization and year", async () => {
    const { db } = use();
    const titles = async (f: Record<string, unknown>) =>
      (await listProjects(db, projectFilters(f), "en")).rows
        .map((r) => r.title)
        .filter((t) => /^[ABC] /.test(t))
        .sort();
    expect(await titles({ pillar: "IV" })).toEqual(["B youth prevention"]);
    expect(await titles({ area: "III.2" })).toEqual(["C Balkan customs"]);
    expect(await titles({ country: "TJK" })).toEqual(["A FIU project"]);
    expect(await titles({ country: "BGR" })).toEqual(["C Balkan customs"]);
    // The Balkan project reaches Afghanistan, Pakistan and Iran too, which are on the other routes.
    expect(await titles({ route: "southern" })).toEqual(["B youth prevention", "C Balkan customs"]);
    expect(await titles({ route: "northern" })).toEqual(["A FIU project", "C Balkan customs"]);
    expect(await titles({ route: "southern", pillar: "IV" })).toEqual(["B youth prevention"]);
    expect(await titles({ status: "pipeline" })).toEqual(["B youth prevention"]);
    expect(await titles({ organization: otherOrg })).toEqual(["C Balkan customs"]);
    expect(await titles({ organization: donorOrg, sort: "title" })).toEqual(["A FIU project", "B youth prevention"]);
    expect(await titles({ year: 2024 })).toEqual(["A FIU project"]);
    // No end date: the project runs on indefinitely.
    expect(await titles({ year: 2031 })).toEqual(["B youth prevention"]);
  });

  it("sorts and paginates, clamping the page to the last one", async () => {
    const { db } = use();
    const page1 = await listProjects(db, projectFilters({ organization: donorOrg, sort: "title" }), "en", 1);
    expect(page1).toMatchObject({ total: 2, page: 1, pageCount: 2 });
    expect(page1.rows.map((r) => r.title)).toEqual(["A FIU project"]);
    const page2 = await listProjects(db, projectFilters({ organization: donorOrg, sort: "title", page: 2 }), "en", 1);
    expect(page2.rows.map((r) => r.title)).toEqual(["B youth prevention"]);
    const beyond = await listProjects(db, projectFilters({ organization: donorOrg, sort: "title", page: 99 }), "en", 1);
    expect(beyond.page).toBe(2);
    const byBudget = await listProjects(db, projectFilters({ organization: donorOrg, sort: "budget" }), "en");
    expect(byBudget.rows.map((r) => r.budget)).toEqual(["1250000.50", "90000.00"]);
  });

  it("batch-loads the pillars and countries of a page, names in the reader's language", async () => {
    const { db } = use();
    const ru = await listProjects(db, projectFilters({ country: "TJK" }), "ru");
    const row = ru.rows.find((r) => r.id === ids.fiu)!;
    expect(row.pillars).toEqual(["II"]);
    expect(row.countries).toEqual([{ iso3: "TJK", name: "Таджикистан" }]);
    const balkan = (await listProjects(db, projectFilters({ organization: otherOrg }), "en")).rows[0];
    expect(balkan.pillars).toEqual(["I", "III"]);
    expect(balkan.countries.length).toBeGreaterThan(5);
  });

  it("filters needs by country, route, pillar, priority, status and wanted year, sorts by priority", async () => {
    const { db } = use();
    const titles = async (f: Record<string, unknown>) =>
      (await listNeeds(db, needFilters(f), "en")).rows.map((r) => r.title);
    expect(await titles({ country: "TJK", sort: "priority" })).toEqual(["Analysts", "Scanners"]);
    expect((await titles({ route: "northern", sort: "title" })).sort()).toEqual(["Analysts", "Labs", "Scanners"]);
    expect(await titles({ pillar: "III" })).toEqual(["Labs"]);
    expect(await titles({ area: "II.1" })).toEqual(["Analysts"]);
    expect(await titles({ priority: "high" })).toEqual(["Labs"]);
    expect(await titles({ status: "withdrawn" })).toEqual([]);
    expect((await titles({ year: 2025 })).sort()).toEqual(["Analysts", "Scanners"]);
    expect((await titles({ year: 2030 })).sort()).toEqual(["Analysts", "Labs"]);
  });

  it("gives a country page with its routes, needs and the projects that reach it", async () => {
    const { db } = use();
    const tjk = await getCountryOverview(db, "TJK", "en");
    expect(tjk?.name).toBe("Tajikistan");
    expect(tjk?.routes.map((r) => r.code)).toEqual(["northern"]);
    expect(tjk?.needs.rows.map((n) => n.title)).toEqual(["Analysts", "Scanners"]);
    expect(tjk?.projects.rows.map((p) => p.id)).toContain(ids.fiu);
    const bgr = await getCountryOverview(db, "BGR", "ru");
    expect(bgr?.projects.rows.map((p) => p.id)).toEqual([ids.balkan]);
    expect(bgr?.needs.total).toBe(0);
    expect(await getCountryOverview(db, "ZZZ", "en")).toBeNull();
  });

  it("shows a donor their organization's projects with mine=1, ignoring an organization in the URL", async () => {
    const { db, mode } = use();
    const donor = await donorOf(db);
    await createProject(db, donor, projectInput({ title: "Mine only" }));
    const result = (await projectsLoader({
      request: getRequest(`/projects?mine=1&organization=${otherOrg}`, donor.cookie),
      params: {},
      context: requestContext(db, mode),
    } as never)) as {
      result: { rows: Array<{ title: string }>; total: number };
    };
    expect(result.result.total).toBe(1);
    expect(result.result.rows.map((r) => r.title)).toEqual(["Mine only"]);
  });
});
