import { expect, it } from "vitest";
import { fundingSummary } from "~/funding/funding-summary.server";
import { createInvoiceDraft } from "~/funding/invoice-drafts.server";
import { issueInvoice, voidInvoice } from "~/funding/invoice-lifecycle.server";
import { recordPayment } from "~/funding/payments.server";
import { createPledge } from "~/funding/pledge-announce.server";
import { describeEachDatabase } from "../support/database";
import { asActor, makeActor, makeFundingWorld, pledgeInput } from "../support/factories";

// A hand-made case, worked out on paper:
//   donor A  P1 EUR 1000.00 from 2026-02-15, pillar II   x 1.2 (2026-01-31)       = 1200.00 pledged
//            invoice EUR 600.00 issued 2026-04-10         x 1.1 (2026-03-31)       =  660.00 invoiced
//            payment EUR 250.00 on 2026-04-20             x 1.1 (2026-03-31)       =  275.00 paid
//            P2 USD 500.00 from 2027-01-01, programme; invoiced 2027-01-05 and paid 2027-01-10 in full = 500.00 each
//   donor B  P3 GBP 333.33 from 2026-02-01, pillar II    x 1.25 = 416.6625        =  416.66 pledged
//            invoice GBP 100.00 issued then voided: not invoiced
//            P4 JPY 150000 from 2026-06-01, pillar IV     x 0.0066667 = 1000.005   = 1000.01 pledged (half up)
//            a draft on P4: not invoiced
//            P5 CHF 100.00 from 2020-01-01: no CHF rate on or before it -> listed as missing, not summed
describeEachDatabase("funding summary", (use) => {
  it("adds pledged, invoiced and paid in USD at the dated rates, exactly", async () => {
    const { db } = use();
    const world = await makeFundingWorld(db);
    await db
      .insertInto("exchange_rates")
      .values([
        { currency: "EUR", rate_date: "2026-01-31", usd_per_unit: "1.2", source: "test" },
        { currency: "EUR", rate_date: "2026-03-31", usd_per_unit: "1.1", source: "test" },
        { currency: "GBP", rate_date: "2026-01-31", usd_per_unit: "1.25", source: "test" },
        { currency: "JPY", rate_date: "2026-01-31", usd_per_unit: "0.0066667", source: "test" },
      ])
      .execute();
    const a = world.donorOrgId;
    const b = world.otherDonorOrgId;
    const donorB = asActor(await makeActor(db, "donor", { organizationId: b }));
    const c = world.coordinator;

    const p1 = await createPledge(
      db,
      world.donor,
      pledgeInput(a, {
        amount: "1000.00",
        currency: "EUR",
        periodStart: "2026-02-15",
        purposeKind: "pillar",
        pillarCode: "II",
      }),
    );
    const i1 = await issueInvoice(db, c, (await createInvoiceDraft(db, c, { pledgeId: p1.id, amount: "600.00" })).id, {
      issueDate: "2026-04-10",
    });
    await recordPayment(db, c, i1.id, { amount: "250.00", paidOn: "2026-04-20", bankReference: "A-1" });
    const p2 = await createPledge(
      db,
      world.donor,
      pledgeInput(a, { amount: "500.00", currency: "USD", periodStart: "2027-01-01", periodEnd: "2027-12-31" }),
    );
    const i2 = await issueInvoice(db, c, (await createInvoiceDraft(db, c, { pledgeId: p2.id })).id, {
      issueDate: "2027-01-05",
    });
    // Recorded as on a day after the payment (payments are never dated in the future).
    await recordPayment(
      db,
      c,
      i2.id,
      { amount: "500.00", paidOn: "2027-01-10", bankReference: "A-2" },
      { today: "2027-12-31" },
    );

    const p3 = await createPledge(
      db,
      donorB,
      pledgeInput(b, {
        amount: "333.33",
        currency: "GBP",
        periodStart: "2026-02-01",
        purposeKind: "pillar",
        pillarCode: "II",
      }),
    );
    const i3 = await issueInvoice(db, c, (await createInvoiceDraft(db, c, { pledgeId: p3.id, amount: "100.00" })).id, {
      issueDate: "2026-03-01",
    });
    await voidInvoice(db, c, i3.id, "Issued in error");
    const p4 = await createPledge(
      db,
      donorB,
      pledgeInput(b, {
        amount: "150000",
        currency: "JPY",
        periodStart: "2026-06-01",
        purposeKind: "pillar",
        pillarCode: "IV",
      }),
    );
    await createInvoiceDraft(db, c, { pledgeId: p4.id, amount: "1000" });
    const p5 = await createPledge(
      db,
      donorB,
      pledgeInput(b, { amount: "100.00", currency: "CHF", periodStart: "2020-01-01", periodEnd: "2020-12-31" }),
    );

    const s = await fundingSummary(db, c);
    expect(s.totals).toEqual({ pledgedUsd: "3116.67", invoicedUsd: "1160.00", paidUsd: "775.00" });
    expect(s.byDonor).toEqual(
      [
        { key: String(a), label: world.donorName, pledgedUsd: "1700.00", invoicedUsd: "1160.00", paidUsd: "775.00" },
        { key: String(b), label: expect.any(String), pledgedUsd: "1416.67", invoicedUsd: "0.00", paidUsd: "0.00" },
      ].sort((x, y) => x.key.localeCompare(y.key)),
    );
    expect(s.byPillar).toEqual([
      { key: "II", label: expect.any(String), pledgedUsd: "1616.66", invoicedUsd: "660.00", paidUsd: "275.00" },
      { key: "IV", label: expect.any(String), pledgedUsd: "1000.01", invoicedUsd: "0.00", paidUsd: "0.00" },
      { key: "none", label: "Not pillar-specific", pledgedUsd: "500.00", invoicedUsd: "500.00", paidUsd: "500.00" },
    ]);
    expect(s.byYear).toEqual([
      { key: "2020", label: "2020", pledgedUsd: "0.00", invoicedUsd: "0.00", paidUsd: "0.00" },
      { key: "2026", label: "2026", pledgedUsd: "2616.67", invoicedUsd: "660.00", paidUsd: "275.00" },
      { key: "2027", label: "2027", pledgedUsd: "500.00", invoicedUsd: "500.00", paidUsd: "500.00" },
    ]);
    // Each amount says which rate it used; US dollars need none.
    const item = (kind: string, id: number) => s.items.find((i) => i.kind === kind && i.id === id);
    expect(item("pledged", p1.id)).toMatchObject({ usd: "1200.00", rateDate: "2026-01-31", usdPerUnit: "1.2" });
    expect(item("invoiced", i1.id)).toMatchObject({ usd: "660.00", rateDate: "2026-03-31", usdPerUnit: "1.1" });
    expect(item("pledged", p2.id)).toMatchObject({ usd: "500.00", rateDate: null, usdPerUnit: "1" });
    expect(item("pledged", p4.id)).toMatchObject({ amount: "150000.00", usd: "1000.01", rateDate: "2026-01-31" });
    expect(item("invoiced", i3.id)).toBeUndefined();
    expect(s.ratesUsed).toEqual([
      { currency: "EUR", rateDate: "2026-01-31", usdPerUnit: "1.2" },
      { currency: "EUR", rateDate: "2026-03-31", usdPerUnit: "1.1" },
      { currency: "GBP", rateDate: "2026-01-31", usdPerUnit: "1.25" },
      { currency: "JPY", rateDate: "2026-01-31", usdPerUnit: "0.0066667" },
    ]);
    expect(s.missingRates.map((m) => [m.kind, m.id, m.currency, m.date])).toEqual([
      ["pledged", p5.id, "CHF", "2020-01-01"],
    ]);

    const y2027 = await fundingSummary(db, c, { year: 2027 });
    expect(y2027.totals).toEqual({ pledgedUsd: "500.00", invoicedUsd: "500.00", paidUsd: "500.00" });
    // A donor sees its own organization's figures only, whatever it asks for.
    const own = await fundingSummary(db, world.donor, { donorOrganizationId: b });
    expect(own.totals).toEqual({ pledgedUsd: "1700.00", invoicedUsd: "1160.00", paidUsd: "775.00" });
    expect((await fundingSummary(db, c, { locale: "ru" })).byPillar.at(-1)?.label).toBe("Без привязки к компоненту");
  });
});
