import { beforeAll, expect, it } from "vitest";
import type { Actor } from "~/accounts/permissions";
import { coverageOf } from "~/matches/coverage.server";
import { decideMatch } from "~/matches/decisions.server";
import { MatchError } from "~/matches/errors";
import { proposeMatch } from "~/matches/proposals.server";
import { suggestProjectsForNeed } from "~/matches/suggestions.server";
import { withdrawNeed } from "~/needs/needs.server";
import { closeProject } from "~/projects/projects.server";
import * as matchesPage from "~/routes/matches._index";
import { EmbeddedSearchEngine } from "../../search/embedded";
import { makeActor, makeOrganization, type TestActor, makeNeed, makeProject, setRate } from "../support/factories";
import { formRequest, requestContext } from "../support/requests";
import { describeEachDatabase } from "../support/database";

const AS_OF = "2030-01-15";
const IP = "127.0.0.1";

describeEachDatabase("matches and coverage", (use) => {
  let donor: Actor, otherDonor: Actor, beneficiary: Actor, coordinator: Actor, coordinatorUser: TestActor;
  let donorOrg: number, beneficiaryOrg: number;

  beforeAll(async () => {
    const { db } = use();
    // Round, hand-made rates dated just before the valuation day; later ones must be ignored.
    await setRate(db, "EUR", "2030-01-01", "1.5");
    await setRate(db, "GBP", "2030-01-01", "2");
    await setRate(db, "EUR", "2030-02-01", "9");
    donorOrg = (await makeOrganization(db, "donor_agency", "NOR")).id;
    const otherOrg = (await makeOrganization(db, "donor_agency", "DEU")).id;
    beneficiaryOrg = (await makeOrganization(db, "beneficiary_agency", "TJK")).id;
    const unit = await db
      .selectFrom("organizations")
      .select("id")
      .where("kind", "=", "coordination_unit")
      .executeTakeFirstOrThrow();
    const asActor = (a: {
      userId: number;
      role: Actor["role"];
      organizationId: number | null;
      countryIso3: string | null;
    }): Actor => ({ id: a.userId, role: a.role, organizationId: a.organizationId, countryIso3: a.countryIso3 });
    donor = asActor(await makeActor(db, "donor", { organizationId: donorOrg, countryIso3: "NOR" }));
    otherDonor = asActor(await makeActor(db, "donor", { organizationId: otherOrg, countryIso3: "DEU" }));
    beneficiary = asActor(await makeActor(db, "beneficiary", { organizationId: beneficiaryOrg, countryIso3: "TJK" }));
    coordinatorUser = await makeActor(db, "coordinator", { organizationId: unit.id });
    coordinator = asActor(coordinatorUser);
  });

  async function fixture(cost: string | null = "1000.00", currency = "USD") {
    const { db } = use();
    const projectId = await makeProject(db, {
      organizationId: donorOrg,
      countries: ["TJK"],
      pillars: ["II"],
      start: "2029-01-01",
    });
    const needId = await makeNeed(db, {
      organizationId: beneficiaryOrg,
      country: "TJK",
      pillar: "II",
      cost,
      currency,
    });
    return { projectId, needId };
  }

  async function version(matchId: number) {
    return (await use().db.selectFrom("matches").select("version").where("id", "=", matchId).executeTakeFirstOrThrow())
      .version;
  }

  async function needStatus(needId: number) {
    return (await use().db.selectFrom("needs").select("status").where("id", "=", needId).executeTakeFirstOrThrow())
      .status;
  }

  it("a donor proposes its project, the beneficiary confirms in another currency: partially met", async () => {
    const { db } = use();
    const { projectId, needId } = await fixture("1000.00", "USD");
    const { id } = await proposeMatch(db, donor, { needId, projectId }, IP);
    await decideMatch(
      db,
      beneficiary,
      { matchId: id, version: await version(id), decision: "confirm", amount: "200.00", currency: "EUR", asOf: AS_OF },
      IP,
    );
    const match = await db.selectFrom("matches").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(match).toMatchObject({
      status: "confirmed",
      amount: "200.00",
      amount_usd: "300.00",
      rate_date: "2030-01-01",
    });
    expect(await coverageOf(db, needId, AS_OF)).toMatchObject({
      costUsd: "1000.00",
      coverageUsd: "300.00",
      unmetUsd: "700.00",
    });
    expect(await needStatus(needId)).toBe("partially_met");
    const audit = await db
      .selectFrom("audit_log")
      .select(["action"])
      .where("entity_type", "=", "match")
      .where("entity_id", "=", String(id))
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["match.proposed", "match.confirmed"]);
  });

  it("caps coverage at the cost and refuses an amount above what is unmet", async () => {
    const { db } = use();
    const { projectId, needId } = await fixture("1000.00", "GBP"); // 2000 USD
    const second = await makeProject(db, {
      organizationId: donorOrg,
      countries: ["TJK"],
      pillars: ["II"],
      start: "2029-01-01",
    });
    const a = await proposeMatch(db, beneficiary, { needId, projectId }, IP);
    await decideMatch(
      db,
      donor,
      {
        matchId: a.id,
        version: await version(a.id),
        decision: "confirm",
        amount: "1500.00",
        currency: "USD",
        asOf: AS_OF,
      },
      IP,
    );
    const b = await proposeMatch(db, beneficiary, { needId, projectId: second }, IP);
    const refused = decideMatch(
      db,
      donor,
      {
        matchId: b.id,
        version: await version(b.id),
        decision: "confirm",
        amount: "400.00",
        currency: "EUR",
        asOf: AS_OF,
      },
      IP,
    );
    await expect(refused).rejects.toMatchObject({
      code: "exceeds_unmet",
      detail: { unmetUsd: "500.00", amountUsd: "600.00" },
    });
    await decideMatch(
      db,
      donor,
      {
        matchId: b.id,
        version: await version(b.id),
        decision: "confirm",
        amount: "250.00",
        currency: "GBP",
        asOf: AS_OF,
      },
      IP,
    );
    expect(await coverageOf(db, needId, AS_OF)).toMatchObject({
      costUsd: "2000.00",
      coverageUsd: "2000.00",
      unmetUsd: "0.00",
    });
    expect(await needStatus(needId)).toBe("met");
  });

  it("a rejected match does not count", async () => {
    const { db } = use();
    const { projectId, needId } = await fixture("1000.00");
    const { id } = await proposeMatch(db, donor, { needId, projectId }, IP);
    await decideMatch(
      db,
      coordinator,
      { matchId: id, version: await version(id), decision: "reject", note: "Out of scope", asOf: AS_OF },
      IP,
    );
    expect(await coverageOf(db, needId, AS_OF)).toMatchObject({
      coverageUsd: "0.00",
      unmetUsd: "1000.00",
      hasConfirmedMatch: false,
    });
    expect(await needStatus(needId)).toBe("open");
    // Once rejected, the pair may be proposed again.
    await expect(proposeMatch(db, donor, { needId, projectId }, IP)).resolves.toHaveProperty("id");
  });

  it("a need with no cost is met by a confirmed match", async () => {
    const { db } = use();
    const { projectId, needId } = await fixture(null);
    const { id } = await proposeMatch(db, donor, { needId, projectId }, IP);
    await decideMatch(
      db,
      beneficiary,
      { matchId: id, version: await version(id), decision: "confirm", amount: "5000", currency: "USD", asOf: AS_OF },
      IP,
    );
    expect(await needStatus(needId)).toBe("met");
  });

  it("refuses the wrong people: another donor, the proposer's own side, a stale or repeated decision", async () => {
    const { db } = use();
    const { projectId, needId } = await fixture();
    await expect(proposeMatch(db, otherDonor, { needId, projectId }, IP)).rejects.toMatchObject({ code: "forbidden" });
    const { id } = await proposeMatch(db, donor, { needId, projectId }, IP);
    await expect(proposeMatch(db, donor, { needId, projectId }, IP)).rejects.toMatchObject({ code: "exists" });
    const v = await version(id);
    await expect(decideMatch(db, donor, { matchId: id, version: v, decision: "reject" }, IP)).rejects.toMatchObject({
      code: "own_proposal",
    });
    await expect(
      decideMatch(db, otherDonor, { matchId: id, version: v, decision: "reject" }, IP),
    ).rejects.toBeInstanceOf(MatchError);
    await expect(
      decideMatch(db, beneficiary, { matchId: id, version: v - 1, decision: "reject" }, IP),
    ).rejects.toMatchObject({ code: "stale" });
    await decideMatch(db, beneficiary, { matchId: id, version: v, decision: "reject" }, IP);
    await expect(
      decideMatch(db, coordinator, { matchId: id, version: v + 1, decision: "reject" }, IP),
    ).rejects.toMatchObject({ code: "not_proposed" });
  });

  async function rowVersion(table: "needs" | "projects", id: number) {
    return (await use().db.selectFrom(table).select("version").where("id", "=", id).executeTakeFirstOrThrow()).version;
  }

  it(
    "refuses to confirm a match once the need is withdrawn " + "or the project closed; rejecting it stays possible",
    async () => {
      const { db } = use();
      const withdrawn = await fixture("1000.00");
      const a = await proposeMatch(db, donor, withdrawn, IP);
      await withdrawNeed(db, beneficiary, withdrawn.needId, await rowVersion("needs", withdrawn.needId), IP);
      const confirmA = { matchId: a.id, decision: "confirm" as const, amount: "100.00", currency: "USD", asOf: AS_OF };
      await expect(
        decideMatch(db, beneficiary, { ...confirmA, version: await version(a.id) }, IP),
      ).rejects.toMatchObject({ code: "need_closed" });
      await expect(
        decideMatch(db, coordinator, { ...confirmA, version: await version(a.id) }, IP),
      ).rejects.toMatchObject({ code: "need_closed" });
      expect(await coverageOf(db, withdrawn.needId, AS_OF)).toMatchObject({
        coverageUsd: "0.00",
        hasConfirmedMatch: false,
      });
      expect(await needStatus(withdrawn.needId)).toBe("withdrawn");
      await decideMatch(
        db,
        coordinator,
        { matchId: a.id, version: await version(a.id), decision: "reject", note: "Need withdrawn" },
        IP,
      );

      for (const status of ["cancelled", "completed"] as const) {
        const closing = await fixture("1000.00");
        const b = await proposeMatch(db, beneficiary, closing, IP);
        await closeProject(db, donor, closing.projectId, await rowVersion("projects", closing.projectId), status, IP);
        await expect(
          decideMatch(
            db,
            donor,
            {
              matchId: b.id,
              version: await version(b.id),
              decision: "confirm",
              amount: "100.00",
              currency: "USD",
              asOf: AS_OF,
            },
            IP,
          ),
        ).rejects.toMatchObject({ code: "project_closed" });
        expect((await coverageOf(db, closing.needId, AS_OF)).coverageUsd).toBe("0.00");
      }
    },
  );

  it("refuses to confirm on a need that is already met (one with no cost, met by a first match)", async () => {
    const { db } = use();
    const { projectId, needId } = await fixture(null);
    const second = await makeProject(db, {
      organizationId: donorOrg,
      countries: ["TJK"],
      pillars: ["II"],
      start: "2029-01-01",
    });
    const a = await proposeMatch(db, donor, { needId, projectId }, IP);
    const b = await proposeMatch(db, donor, { needId, projectId: second }, IP);
    await decideMatch(
      db,
      beneficiary,
      { matchId: a.id, version: await version(a.id), decision: "confirm", amount: "10", currency: "USD", asOf: AS_OF },
      IP,
    );
    expect(await needStatus(needId)).toBe("met");
    await expect(
      decideMatch(
        db,
        beneficiary,
        {
          matchId: b.id,
          version: await version(b.id),
          decision: "confirm",
          amount: "10",
          currency: "USD",
          asOf: AS_OF,
        },
        IP,
      ),
    ).rejects.toMatchObject({ code: "need_closed" });
  });

  it("accepts only a proposal that fits the need's country and pillar, the same rule as the suggestions", async () => {
    const { db } = use();
    const afgOrg = (await makeOrganization(db, "beneficiary_agency", "AFG")).id;
    const need = await makeNeed(db, { organizationId: afgOrg, country: "AFG", pillar: "I", cost: "1000.00" });
    const project = (countries: string[], pillars: string[]) =>
      makeProject(db, { organizationId: donorOrg, countries, pillars, start: "2029-01-01" });
    const tjkPillarIII = await project(["TJK"], ["III"]);
    const tjkPillarI = await project(["TJK"], ["I"]);
    const afgPillarIII = await project(["AFG"], ["III"]);
    const regional = await project(["TJK", "AFG", "PAK"], ["I", "III"]);
    const direct = await project(["AFG"], ["I"]);
    await expect(proposeMatch(db, donor, { needId: need, projectId: tjkPillarIII }, IP)).rejects.toMatchObject({
      code: "wrong_country_pillar",
      detail: { country: "AFG", pillar: "I" },
    });
    await expect(proposeMatch(db, donor, { needId: need, projectId: tjkPillarI }, IP)).rejects.toMatchObject({
      code: "wrong_country",
    });
    await expect(proposeMatch(db, coordinator, { needId: need, projectId: afgPillarIII }, IP)).rejects.toMatchObject({
      code: "wrong_pillar",
    });
    const suggested = (await suggestProjectsForNeed(db, new EmbeddedSearchEngine(db), need, 50)).map((p) => p.id);
    expect(suggested).toEqual(expect.arrayContaining([regional, direct]));
    for (const misfit of [tjkPillarIII, tjkPillarI, afgPillarIII]) expect(suggested).not.toContain(misfit);
    await expect(proposeMatch(db, donor, { needId: need, projectId: regional }, IP)).resolves.toHaveProperty("id");
    await expect(proposeMatch(db, coordinator, { needId: need, projectId: direct }, IP)).resolves.toHaveProperty("id");
    const misfits = await db
      .selectFrom("matches")
      .select("id")
      .where("need_id", "=", need)
      .where("project_id", "in", [tjkPillarIII, tjkPillarI, afgPillarIII])
      .execute();
    expect(misfits).toEqual([]);
  });

  it("answers a misfit proposal on the page with 409 and a message naming the need's country and pillar", async () => {
    const { db, mode } = use();
    const afgOrg = (await makeOrganization(db, "beneficiary_agency", "AFG")).id;
    const need = await makeNeed(db, { organizationId: afgOrg, country: "AFG", pillar: "I" });
    const misfit = await makeProject(db, {
      organizationId: donorOrg,
      countries: ["TJK"],
      pillars: ["III"],
      start: "2029-01-01",
    });
    let out: unknown;
    try {
      out = await matchesPage.action({
        request: formRequest("/matches", { needId: String(need), projectId: String(misfit) }, coordinatorUser.cookie),
        params: {},
        context: requestContext(db, mode),
      } as never);
    } catch (thrown) {
      out = thrown;
    }
    const answer = out as { init: { status: number }; data: { error: string } };
    expect(answer.init.status).toBe(409);
    expect(answer.data.error).toContain("AFG");
    expect(answer.data.error).toMatch(/pillar I,/);
  });
});
