import { afterAll, beforeAll, expect, it } from "vitest";
import { makeActor, makeOrganization, type TestActor, makeNeed, makeProject } from "../support/factories";
import { describeEachDatabase } from "../support/database";
import { startHttpApp, type HttpApp } from "../support/http-app";

// Over HTTP, as the pages render: a project whose status contradicts its dates is said so to its
// owner and to the coordination unit, on its page and in lists; others see the status as recorded.
// The gap view is every member's, and counts such a project apart in its cell.
describeEachDatabase("projects whose status contradicts their dates, on the pages", (use) => {
  let app: HttpApp;
  let owner: TestActor;
  let otherDonor: TestActor;
  let coordinator: TestActor;
  let beneficiary: TestActor;
  let ownerInRussian: TestActor;
  let ended: number;
  let completedEarly: number;

  beforeAll(async () => {
    const { db } = use();
    const ownerOrg = (await makeOrganization(db, "donor_agency", "NOR", { name: "Owner agency" })).id;
    const otherOrg = (await makeOrganization(db, "donor_agency", "DEU", { name: "Other agency" })).id;
    const agency = (await makeOrganization(db, "beneficiary_agency", "TKM")).id;
    owner = await makeActor(db, "donor", { organizationId: ownerOrg, countryIso3: "NOR" });
    otherDonor = await makeActor(db, "donor", { organizationId: otherOrg, countryIso3: "DEU" });
    coordinator = await makeActor(db, "coordinator");
    beneficiary = await makeActor(db, "beneficiary", { organizationId: agency, countryIso3: "TKM" });
    ownerInRussian = await makeActor(db, "donor", { organizationId: ownerOrg, countryIso3: "NOR" });
    await db.updateTable("users").set({ locale: "ru" }).where("id", "=", ownerInRussian.userId).execute();
    // Dated against the real today, which the pages use: ended in 2020, starts in 2099.
    ended = await makeProject(db, {
      organizationId: ownerOrg,
      title: "Ended but active",
      status: "active",
      countries: ["TKM"],
      pillars: ["III"],
      start: "2019-01-01",
      end: "2020-12-31",
    });
    completedEarly = await makeProject(db, {
      organizationId: ownerOrg,
      title: "Completed before start",
      status: "completed",
      countries: ["TKM"],
      pillars: ["III"],
      start: "2099-01-01",
    });
    await makeNeed(db, { organizationId: agency, country: "TKM", pillar: "III", cost: "1000.00" });
    app = await startHttpApp(use());
  });
  afterAll(async () => app?.close());

  const page = async (path: string, actor: TestActor) => {
    const response = await fetch(`${app.base}${path}`, { headers: { Cookie: actor.cookie } });
    expect(response.status, path).toBe(200);
    return response.text();
  };

  it("warns the owner and the unit on the project's page, not another donor", async () => {
    expect(await page(`/projects/${ended}`, owner)).toContain(
      "Its end date has passed but it is still marked as active",
    );
    expect(await page(`/projects/${ended}`, coordinator)).toContain("Its end date has passed");
    expect(await page(`/projects/${ended}`, otherDonor)).not.toContain("Its end date has passed");
    expect(await page(`/projects/${completedEarly}`, owner)).toContain(
      "It is marked as completed but has not started yet",
    );
    expect(await page(`/projects/${ended}`, ownerInRussian)).toContain("Дата окончания прошла");
  });

  it("marks the rows of the project list for the owner and the unit", async () => {
    const mine = await page("/projects?country=TKM", owner);
    expect(mine).toContain("past its end date");
    expect(mine).toContain("completed before its start");
    expect(await page("/projects?country=TKM", coordinator)).toContain("past its end date");
    expect(await page("/projects?country=TKM", otherDonor)).not.toContain("past its end date");
  });

  it(
    "shows every member the gap view, with the contradicting " +
      "projects counted apart in the cell and listed in its detail",
    async () => {
      const html = await page("/gaps?route=northern&pillar=III&cell=TKM-III", beneficiary);
      expect(html).toContain("2 projects whose status contradicts their dates");
      expect(html).toContain("Projects whose status contradicts their dates");
      expect(html).toContain("Ended but active");
      const ru = await page("/gaps?route=northern&pillar=III", ownerInRussian);
      expect(ru).toContain("2 проекта, статус которых противоречит датам");
    },
  );
});
