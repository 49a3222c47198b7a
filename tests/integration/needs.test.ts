import { expect, it } from "vitest";
import { RecordError } from "~/marketplace/errors";
import { createNeed, refreshNeedStatus, updateNeed, withdrawNeed } from "~/needs/needs.server";
import { action as editAction } from "~/routes/needs.$id_.edit";
import { action as newAction } from "~/routes/needs.new";
import { beneficiaryOf, donorOf, needInput, projectInput, staff } from "../support/factories";
import { formRequest, requestContext } from "../support/requests";
import { describeEachDatabase } from "../support/database";
import { refusalOf } from "../support/refusal";
import { createProject } from "~/projects/projects.server";

const refusal = refusalOf(RecordError, (e) => ({ code: e.code, field: e.field, key: e.messageKey }));

const fields = (overrides: Record<string, string> = {}) => ({
  country: "TJK",
  title: "Scanners for the Panji Poyon crossing",
  description: "Two vehicle scanners.",
  pillar: "I",
  capacityArea: "I.4",
  priority: "critical",
  ...overrides,
});

describeEachDatabase("needs", (use) => {
  it("creates a need for the beneficiary's country, open, versioned and audited", async () => {
    const { db } = use();
    const beneficiary = await beneficiaryOf(db);
    const { id } = await createNeed(db, beneficiary, needInput(), "127.0.0.1");
    const row = await db.selectFrom("needs").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      organization_id: beneficiary.organizationId,
      country_iso3: "TJK",
      status: "open",
      version: 1,
      estimated_cost: "80000.00",
      currency: "USD",
    });
    const audit = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("entity_type", "=", "need")
      .where("entity_id", "=", String(id))
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: "need.create", actor_user_id: beneficiary.id, before: null });
    expect(audit.after).toMatchObject({ title: needInput().title, status: "open" });
  });

  it("refuses a need for another country, and donors altogether; staff may list for any country", async () => {
    const { db } = use();
    const beneficiary = await beneficiaryOf(db);
    expect((await refusal(() => createNeed(db, beneficiary, needInput({ country: "AFG" })))).code).toBe("forbidden");
    const donor = await donorOf(db);
    expect((await refusal(() => createNeed(db, donor, needInput()))).code).toBe("forbidden");
    const coordinator = await staff(db);
    const { id } = await createNeed(db, coordinator, needInput({ country: "AFG" }));
    expect(
      (await db.selectFrom("needs").select("country_iso3").where("id", "=", id).executeTakeFirstOrThrow()).country_iso3,
    ).toBe("AFG");
  });

  it("checks the area's pillar and the currency against the reference data", async () => {
    const { db } = use();
    const beneficiary = await beneficiaryOf(db);
    expect(
      await refusal(() => createNeed(db, beneficiary, needInput({ pillar: "II", capacityArea: "I.8" }))),
    ).toMatchObject({ field: "capacityArea", key: "needs.areaOutsidePillar" });
    expect(await refusal(() => createNeed(db, beneficiary, needInput({ capacityArea: "I.99" })))).toMatchObject({
      field: "capacityArea",
    });
    expect(await refusal(() => createNeed(db, beneficiary, needInput({ currency: "XYZ" })))).toMatchObject({
      field: "currency",
      key: "market.unknownCurrency",
    });
  });

  it(
    "updates at the version loaded, refuses stale edits " + "and moves to another country, audits before/after",
    async () => {
      const { db } = use();
      const beneficiary = await beneficiaryOf(db);
      const colleague = await beneficiaryOf(db); // another agency of the same country acts for it too
      const { id } = await createNeed(db, beneficiary, needInput());
      expect(
        (
          await updateNeed(
            db,
            colleague,
            id,
            1,
            needInput({ priority: "critical", estimatedCost: undefined, currency: undefined }),
            "10.1.1.1",
          )
        ).version,
      ).toBe(2);
      expect(await refusal(() => updateNeed(db, beneficiary, id, 1, needInput({ title: "Late" })))).toMatchObject({
        code: "stale",
      });
      expect((await refusal(() => updateNeed(db, beneficiary, id, 2, needInput({ country: "UZB" })))).code).toBe(
        "forbidden",
      );
      const outsider = await beneficiaryOf(db, "KGZ");
      expect((await refusal(() => updateNeed(db, outsider, id, 2, needInput()))).code).toBe("forbidden");
      const audit = await db
        .selectFrom("audit_log")
        .selectAll()
        .where("action", "=", "need.update")
        .where("entity_id", "=", String(id))
        .executeTakeFirstOrThrow();
      expect(audit.before).toMatchObject({ priority: "high", estimated_cost: "80000.00", version: 1 });
      expect(audit.after).toMatchObject({ priority: "critical", estimated_cost: null, currency: null, version: 2 });
      expect(audit.ip).toBe("10.1.1.1");
    },
  );

  it("withdraws a need (the owner's decision) and keeps it withdrawn whatever its matches", async () => {
    const { db } = use();
    const beneficiary = await beneficiaryOf(db);
    const { id } = await createNeed(db, beneficiary, needInput());
    expect(await refusal(() => withdrawNeed(db, beneficiary, id, 5))).toMatchObject({ code: "stale" });
    const donor = await donorOf(db);
    expect((await refusal(() => withdrawNeed(db, donor, id, 1))).code).toBe("forbidden");
    await withdrawNeed(db, beneficiary, id, 1);
    const row = await db
      .selectFrom("needs")
      .select(["status", "withdrawn_at", "version"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("withdrawn");
    expect(row.withdrawn_at).not.toBeNull();
    expect((await refreshNeedStatus(db, id)).status).toBe("withdrawn");
    const audit = await db
      .selectFrom("audit_log")
      .select(["before", "after"])
      .where("action", "=", "need.withdraw")
      .where("entity_id", "=", String(id))
      .executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ status: "open" });
    expect(audit.after).toMatchObject({ status: "withdrawn" });
  });

  it("keeps the status in step with confirmed matches in USD (deriveNeedStatus on real rows)", async () => {
    const { db } = use();
    const beneficiary = await beneficiaryOf(db);
    const donor = await donorOf(db);
    const project = await createProject(db, donor, projectInput());
    const { id } = await createNeed(db, beneficiary, needInput({ estimatedCost: "1000.00", currency: "USD" }));
    const noCost = await createNeed(db, beneficiary, needInput({ estimatedCost: undefined, currency: undefined }));
    const match = (needId: number, usd: string) =>
      db
        .insertInto("matches")
        .values({
          need_id: needId,
          project_id: project.id,
          status: "confirmed",
          proposed_by: donor.id,
          proposed_side: "donor",
          amount: usd,
          currency: "USD",
          amount_usd: usd,
        })
        .execute();
    await match(id, "400.00");
    expect((await refreshNeedStatus(db, id)).status).toBe("partially_met");
    // A need with no cost counts as unmet until a confirmed match says otherwise (computeCoverage).
    await match(noCost.id, "10.00");
    expect((await refreshNeedStatus(db, noCost.id)).status).toBe("met");
    await db
      .updateTable("matches")
      .set({ amount: "1500.00", amount_usd: "1500.00" })
      .where("need_id", "=", id)
      .execute();
    expect((await refreshNeedStatus(db, id)).status).toBe("met");
  });

  it("answers the pages: 400 keeps the typed text, 403 for another country, 409 for a stale edit", async () => {
    const { db, mode } = use();
    const beneficiary = await beneficiaryOf(db);
    const context = requestContext(db, mode);
    const bad = (await newAction({
      request: formRequest("/needs/new", fields({ capacityArea: "IV.2", estimatedCost: "12,5" }), beneficiary.cookie),
      params: {},
      context,
    } as never)) as {
      init: { status: number };
      data: { result: { error: Record<string, string[]>; initialValue: Record<string, string> } };
    };
    expect(bad.init.status).toBe(400);
    expect(bad.data.result.error).toMatchObject({
      capacityArea: ["needs.areaOutsidePillar"],
      estimatedCost: ["market.amountInvalid"],
    });
    expect(bad.data.result.initialValue.title).toBe("Scanners for the Panji Poyon crossing");
    const foreign = await newAction({
      request: formRequest("/needs/new", fields({ country: "AFG" }), beneficiary.cookie),
      params: {},
      context,
    } as never).catch((e: unknown) => e);
    expect((foreign as Response).status).toBe(403);

    const { id } = await createNeed(db, beneficiary, needInput());
    const edit = (title: string) =>
      editAction({
        request: formRequest(`/needs/${id}/edit`, fields({ title, version: "1" }), beneficiary.cookie),
        params: { id: String(id) },
        context,
      } as never);
    expect(((await edit("Saved first")) as Response).status).toBe(302);
    const stale = (await edit("Typed in the old tab")) as {
      init: { status: number };
      data: { result: { error: Record<string, string[]>; initialValue: Record<string, string> } };
    };
    expect(stale.init.status).toBe(409);
    expect(stale.data.result.error[""]).toEqual(["form.stale"]);
    expect(stale.data.result.initialValue.title).toBe("Typed in the old tab");
  });
});
