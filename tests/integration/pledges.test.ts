import { expect, it } from "vitest";
import { FundingError } from "~/funding/errors";
import { createInvoiceDraft } from "~/funding/invoice-drafts.server";
import { createPledge, updatePledge } from "~/funding/pledge-announce.server";
import { getPledge, listPledges } from "~/funding/pledges.server";
import { describeEachDatabase } from "../support/database";
import { refusalOf } from "../support/refusal";
import {
  asActor,
  makeActor,
  makeFundingWorld,
  makeNeed,
  makeOrganization,
  unique,
  pledgeInput,
  type FundingWorld,
} from "../support/factories";

const refusal = refusalOf(FundingError);

describeEachDatabase("pledges", (use) => {
  let world: FundingWorld;
  const setup = async () => (world ??= await makeFundingWorld(use().db));

  it("lets a donor announce funding for its own organization only", async () => {
    const { db } = use();
    await setup();
    const pledge = await createPledge(
      db,
      world.donor,
      pledgeInput(world.donorOrgId, { amount: "250000.5", note: "Year one" }),
    );
    expect(pledge).toMatchObject({
      amount: "250000.50",
      currency: "EUR",
      purposeKind: "programme",
      invoiced: "0.00",
      remaining: "250000.50",
      version: 1,
      organizationName: world.donorName,
    });
    expect((await refusal(createPledge(db, world.donor, pledgeInput(world.otherDonorOrgId)))).code).toBe("forbidden");
    // Coordinators invoice pledges but do not announce them (no pledge:create in the permissions).
    expect((await refusal(createPledge(db, world.coordinator, pledgeInput(world.donorOrgId)))).code).toBe("forbidden");
    const audit = await db
      .selectFrom("audit_log")
      .select(["action", "actor_user_id"])
      .where("entity_type", "=", "pledge")
      .where("entity_id", "=", String(pledge.id))
      .execute();
    expect(audit).toEqual([{ action: "pledge.create", actor_user_id: world.donor.id }]);
  });

  it("validates the input into field messages", async () => {
    const { db } = use();
    await setup();
    const bad = await refusal(
      createPledge(
        db,
        world.admin,
        pledgeInput(world.donorOrgId, {
          amount: "12.345",
          currency: "euro",
          periodEnd: "2025-01-01",
          purposeKind: "pillar",
        }),
      ),
    );
    expect(bad.code).toBe("invalid");
    expect(Object.keys(bad.fields).sort()).toEqual(["amount", "currency", "periodEnd", "pillarCode"]);
    const unknown = await refusal(
      createPledge(db, world.admin, pledgeInput(world.donorOrgId, { purposeKind: "country", countryIso3: "ZZZ" })),
    );
    expect(unknown.fields).toEqual({ countryIso3: "No such country" });
    const forPillar = await createPledge(
      db,
      world.admin,
      pledgeInput(world.donorOrgId, { purposeKind: "pillar", pillarCode: "II", countryIso3: "TJK" }),
    );
    // Only the reference that the purpose names is kept.
    expect(forPillar).toMatchObject({ pillarCode: "II", countryIso3: null });
  });

  it("refuses a stale edit and keeps the donor, currency and amount consistent with invoices", async () => {
    const { db } = use();
    await setup();
    const pledge = await createPledge(db, world.donor, pledgeInput(world.donorOrgId, { amount: "1000.00" }));
    const updated = await updatePledge(
      db,
      world.donor,
      pledge.id,
      1,
      pledgeInput(world.donorOrgId, { amount: "1200.00" }),
    );
    expect(updated).toMatchObject({ amount: "1200.00", version: 2 });
    const stale = await refusal(
      updatePledge(db, world.donor, pledge.id, 1, pledgeInput(world.donorOrgId, { amount: "900.00" })),
    );
    expect(stale).toMatchObject({ code: "stale", details: { currentVersion: 2 } });
    expect((await getPledge(db, world.donor, pledge.id)).amount).toBe("1200.00");

    await createInvoiceDraft(db, world.coordinator, { pledgeId: pledge.id, amount: "700.00" });
    expect((await getPledge(db, world.admin, pledge.id)).remaining).toBe("500.00");
    expect(
      (await refusal(updatePledge(db, world.donor, pledge.id, 2, pledgeInput(world.donorOrgId, { amount: "699.99" }))))
        .code,
    ).toBe("below_invoiced");
    expect(
      (
        await refusal(
          updatePledge(
            db,
            world.donor,
            pledge.id,
            2,
            pledgeInput(world.donorOrgId, { amount: "700.00", currency: "USD" }),
          ),
        )
      ).code,
    ).toBe("pledge_invoiced");
    expect(
      (await updatePledge(db, world.donor, pledge.id, 2, pledgeInput(world.donorOrgId, { amount: "700.00" })))
        .remaining,
    ).toBe("0.00");
    const other = asActor(await makeActor(db, "donor", { organizationId: world.otherDonorOrgId }));
    expect((await refusal(updatePledge(db, other, pledge.id, 3, pledgeInput(world.donorOrgId)))).code).toBe(
      "forbidden",
    );
    expect((await refusal(getPledge(db, other, pledge.id))).code).toBe("not_found");
    const audit = await db
      .selectFrom("audit_log")
      .select("action")
      .where("entity_type", "=", "pledge")
      .where("entity_id", "=", String(pledge.id))
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["pledge.create", "pledge.update", "pledge.update"]);
  });

  it("lists with filters by donor, pillar, country and year, and pages", async () => {
    const { db } = use();
    await setup();
    const donorOrg = await makeOrganization(db, "donor_agency", "SWE", {
      name: unique("Filter test donor"),
      iatiRef: null,
    });
    const donor = asActor(await makeActor(db, "donor", { organizationId: donorOrg.id }));
    const needId = await makeNeed(db, {
      organizationId: world.otherDonorOrgId,
      title: "Scanners",
      description: "Border scanners",
      priority: "high",
      cost: null,
    });
    const make = (o: Parameters<typeof pledgeInput>[1]) => createPledge(db, donor, pledgeInput(donorOrg.id, o));
    const p2024 = await make({ periodStart: "2024-01-01", periodEnd: "2024-12-31" });
    const pPillar = await make({
      purposeKind: "pillar",
      pillarCode: "III",
      periodStart: "2025-06-01",
      periodEnd: "2026-05-31",
    });
    const pCountry = await make({
      purposeKind: "country",
      countryIso3: "TJK",
      periodStart: "2026-01-01",
      periodEnd: "2026-12-31",
    });
    const pNeed = await make({
      purposeKind: "need",
      needId,
      periodStart: "2027-01-01",
      periodEnd: "2027-12-31",
    });
    const ids = async (filters: Parameters<typeof listPledges>[2]) =>
      (await listPledges(db, world.coordinator, { donorOrganizationId: donorOrg.id, ...filters })).items.map(
        (p) => p.id,
      );

    expect(await ids({})).toEqual([pNeed.id, pCountry.id, pPillar.id, p2024.id]);
    expect(await ids({ year: 2026 })).toEqual([pCountry.id, pPillar.id]);
    expect(await ids({ pillarCode: "III" })).toEqual([pPillar.id]);
    expect(await ids({ pillarCode: "I" })).toEqual([pNeed.id]);
    expect(await ids({ countryIso3: "tjk" })).toEqual([pNeed.id, pCountry.id]);
    const page2 = await listPledges(db, world.coordinator, { donorOrganizationId: donorOrg.id, page: 2, pageSize: 3 });
    expect(page2).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(page2.items.map((p) => p.id)).toEqual([p2024.id]);
    // Announcements are for all members: another donor and a beneficiary see them and filter by donor.
    const otherDonor = asActor(await makeActor(db, "donor", { organizationId: world.otherDonorOrgId }));
    expect((await listPledges(db, otherDonor, { donorOrganizationId: donorOrg.id })).total).toBe(4);
    const beneficiary = asActor(await makeActor(db, "beneficiary", { organizationId: world.otherDonorOrgId }));
    expect(
      (await listPledges(db, beneficiary, { donorOrganizationId: donorOrg.id, year: 2026 })).items.map((p) => p.id),
    ).toEqual([pCountry.id, pPillar.id]);
  });
});
