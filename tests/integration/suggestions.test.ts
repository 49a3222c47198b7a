import { beforeAll, expect, it } from "vitest";
import { suggestNeedsForProject, suggestProjectsForNeed } from "~/matches/suggestions.server";
import { EmbeddedSearchEngine } from "../../search/embedded";
import { drainOutbox, enqueueUnindexed } from "../../search/sync.server";
import { makeActor, makeOrganization, makeMatch, makeNeed, makeProject } from "../support/factories";
import { describeEachDatabase } from "../support/database";

describeEachDatabase("matching suggestions", (use) => {
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    const { db } = use();
    const donor = (await makeOrganization(db, "donor_agency", "NOR")).id;
    const agency = (await makeOrganization(db, "beneficiary_agency", "TJK")).id;
    const coordinator = await makeActor(db, "coordinator");
    const fiu = {
      title: "Financial intelligence unit analytical capacity",
      summary: "Training financial intelligence analysts on suspicious transaction reports.",
    };
    ids.good = await makeProject(db, {
      organizationId: donor,
      ...fiu,
      countries: ["TJK"],
      pillars: ["II"],
      capacityAreas: ["II.1"],
      start: "2030-01-01",
      end: "2031-12-31",
    });
    ids.regional = await makeProject(db, {
      organizationId: donor,
      title: "Regional anti-money laundering programme",
      summary: "Central Asia cooperation.",
      countries: ["TJK", "UZB"],
      pillars: ["II"],
      status: "pipeline",
      start: "2029-01-01",
    });
    ids.misfit = await makeProject(db, {
      organizationId: donor,
      ...fiu,
      countries: ["TJK"],
      pillars: ["II"],
      capacityAreas: ["II.1"],
      start: "2020-01-01",
      end: "2021-12-31",
    });
    ids.otherPillar = await makeProject(db, {
      organizationId: donor,
      ...fiu,
      countries: ["TJK"],
      pillars: ["IV"],
      start: "2030-01-01",
    });
    ids.otherCountry = await makeProject(db, {
      organizationId: donor,
      ...fiu,
      countries: ["UZB"],
      pillars: ["II"],
      start: "2030-01-01",
    });
    ids.completed = await makeProject(db, {
      organizationId: donor,
      ...fiu,
      countries: ["TJK"],
      pillars: ["II"],
      status: "completed",
      start: "2030-01-01",
    });
    ids.matched = await makeProject(db, {
      organizationId: donor,
      ...fiu,
      countries: ["TJK"],
      pillars: ["II"],
      start: "2030-01-01",
    });
    ids.need = await makeNeed(db, {
      organizationId: agency,
      country: "TJK",
      pillar: "II",
      capacityArea: "II.1",
      title: "Analytical capacity of the financial intelligence unit",
      wantedStart: "2030-06-01",
      wantedEnd: "2031-06-01",
    });
    ids.otherNeed = await makeNeed(db, {
      organizationId: agency,
      country: "KAZ",
      pillar: "II",
      title: "Financial intelligence in Kazakhstan",
    });
    await makeMatch(db, {
      needId: ids.need,
      projectId: ids.matched,
      proposedBy: coordinator.userId,
      status: "proposed",
    });
    await enqueueUnindexed(db);
    await drainOutbox(db, new EmbeddedSearchEngine(db));
  });

  it("suggests the projects that could serve a need, with reasons, best first", async () => {
    const { db } = use();
    const suggestions = await suggestProjectsForNeed(db, new EmbeddedSearchEngine(db), ids.need);
    // good: all four criteria. misfit (wrong period) and regional (no capacity area) hold three
    // each; misfit's text is closer to the need's, so it comes first.
    expect(suggestions.map((s) => s.id)).toEqual([ids.good, ids.misfit, ids.regional]);
    expect(suggestions[0].reasons).toMatchObject({
      sameCountry: true,
      regional: false,
      samePillar: true,
      sameCapacityArea: true,
      periodFits: true,
    });
    expect(suggestions[0].reasons.textRank).not.toBeNull();
    expect(suggestions[0].reasons.sharedTerms).toEqual(
      expect.arrayContaining(["financial", "intelligence", "analytical"]),
    );
    expect(suggestions[1].reasons).toMatchObject({ periodFits: false, sameCapacityArea: true });
    expect(suggestions[2].reasons).toMatchObject({ regional: true, sameCapacityArea: false, periodFits: true });
    expect(suggestions[1].reasons.textRank!).toBeLessThan(suggestions[2].reasons.textRank ?? Infinity);
  });

  it("suggests the needs a project could serve", async () => {
    const { db } = use();
    const suggestions = await suggestNeedsForProject(db, new EmbeddedSearchEngine(db), ids.good);
    expect(suggestions.map((s) => s.id)).toEqual([ids.need]);
    expect(suggestions[0].reasons).toMatchObject({ sameCapacityArea: true, periodFits: true });
    // Already proposed together: not suggested again.
    expect((await suggestNeedsForProject(db, new EmbeddedSearchEngine(db), ids.matched)).map((s) => s.id)).toEqual([]);
  });

  it("gives as reasons only words that carry meaning, and says in words how close the texts are", async () => {
    const { db } = use();
    const donor = (await makeOrganization(db, "donor_agency", "NOR")).id;
    const agency = (await makeOrganization(db, "beneficiary_agency", "KGZ")).id;
    // "test" ends up in most records; "adam" is the product's name; "along", "the", "для" are stop words.
    for (let i = 0; i < 24; i++) {
      await makeProject(db, {
        organizationId: donor,
        title: `Test record ${i}`,
        summary: "A test entry.",
        countries: ["ARM"],
        pillars: ["III"],
        start: "2030-01-01",
      });
    }
    const project = await makeProject(db, {
      organizationId: donor,
      title: "Forensic laboratory equipment along the border (ADAM test)",
      summary: "Spectrometers для the forensic laboratory.",
      countries: ["KGZ"],
      pillars: ["III"],
      start: "2030-01-01",
    });
    const need = await makeNeed(db, {
      organizationId: agency,
      country: "KGZ",
      pillar: "III",
      title: "Test of ADAM: forensic laboratory equipment along the border для",
    });
    await enqueueUnindexed(db);
    await drainOutbox(db, new EmbeddedSearchEngine(db));
    const [first] = await suggestProjectsForNeed(db, new EmbeddedSearchEngine(db), need);
    expect(first.id).toBe(project);
    expect(first.reasons.sharedTerms.sort()).toEqual(["border", "equipment", "forensic", "laboratory"]);
    expect(first.reasons.textCloseness).toBe("closest");
  });
});
