import { expect, it } from "vitest";
import type { Actor } from "~/accounts/permissions";
import { createInvoiceDraft } from "~/funding/invoice-drafts.server";
import { issueInvoice } from "~/funding/invoice-lifecycle.server";
import { getInvoice } from "~/funding/invoices.server";
import { createPledge } from "~/funding/pledge-announce.server";
import { getPledge } from "~/funding/pledges.server";
import { fundingPickers } from "~/funding/pickers.server";
import { saveBankInstructions } from "~/funding/settings.server";
import { translator } from "~/i18n";
import * as adminInvoicing from "~/routes/admin.invoicing";
import * as invoicePage from "~/routes/invoices.$id";
import * as invoicePdf from "~/routes/invoices.$id[.]pdf";
import * as newInvoice from "~/routes/invoices.new";
import * as editPledge from "~/routes/pledges.$id.edit";
import * as newPledge from "~/routes/pledges.new";
import { makeActor, makeOrganization, type TestActor, BANK, ISSUER, pledgeInput } from "../support/factories";
import { formRequest, getRequest, requestContext } from "../support/requests";
import { describeEachDatabase } from "../support/database";
import { pdfText } from "../support/pdf-text";

// The route-level rules of the funding pages: who may download which PDF, and how the domain's
// refusals reach the forms (status, message, and what was typed kept).

type Answer = {
  type?: string;
  data?: {
    result?: { status?: string; error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> };
  };
  init?: { status?: number } | null;
};

const asActor = (a: TestActor): Actor => ({
  id: a.userId,
  role: a.role,
  organizationId: a.organizationId,
  countryIso3: a.countryIso3,
});

async function answer(run: () => Promise<unknown>): Promise<{
  status: number;
  errors: Record<string, string[] | null>;
  typed: Record<string, unknown>;
  response?: Response;
}> {
  let value: unknown;
  try {
    value = await run();
  } catch (thrown) {
    value = thrown;
  }
  if (value instanceof Response) return { status: value.status, errors: {}, typed: {}, response: value };
  const out = value as Answer;
  return {
    status: out.init?.status ?? 200,
    errors: out.data?.result?.error ?? {},
    typed: out.data?.result?.initialValue ?? {},
  };
}

describeEachDatabase("funding routes", (use) => {
  let cast:
    | { donor: TestActor; otherDonor: TestActor; beneficiary: TestActor; coordinator: TestActor; admin: TestActor }
    | undefined;
  const setup = async () => {
    if (cast) return cast;
    const { db } = use();
    const org = await makeOrganization(db, "donor_agency", "NOR");
    const other = await makeOrganization(db, "donor_agency", "DEU");
    const ben = await makeOrganization(db, "beneficiary_agency", "TJK");
    const unit = await db
      .selectFrom("organizations")
      .select("id")
      .where("kind", "=", "coordination_unit")
      .executeTakeFirstOrThrow();
    cast = {
      donor: await makeActor(db, "donor", { organizationId: org.id }),
      otherDonor: await makeActor(db, "donor", { organizationId: other.id }),
      beneficiary: await makeActor(db, "beneficiary", { organizationId: ben.id, countryIso3: "TJK" }),
      coordinator: await makeActor(db, "coordinator", { organizationId: unit.id }),
      admin: await makeActor(db, "admin", { organizationId: unit.id }),
    };
    return cast;
  };
  const ctx = () => requestContext(use().db, use().mode);
  const pledge = async (amount = "5000.00") =>
    createPledge(use().db, asActor(cast!.admin), pledgeInput(cast!.donor.organizationId!, { amount }));
  const post = (
    module: { action: (args: never) => Promise<unknown> },
    url: string,
    fields: Record<string, string>,
    who: TestActor,
    params: Record<string, string> = {},
  ) => answer(() => module.action({ request: formRequest(url, fields, who.cookie), params, context: ctx() } as never));

  it("refuses to issue before the invoicing settings exist, with the form message and 409", async () => {
    const c = await setup();
    const draft = await createInvoiceDraft(use().db, asActor(c.coordinator), { pledgeId: (await pledge()).id });
    const out = await post(
      invoicePage,
      `/invoices/${draft.id}`,
      { intent: "issue", version: String(draft.version) },
      c.coordinator,
      { id: String(draft.id) },
    );
    expect(out.status).toBe(409);
    expect(out.errors[""]).toEqual(["funding.error.settingsMissing"]);
  });

  it("lets the admin save the settings once; a stale second save is refused with form.stale", async () => {
    const c = await setup();
    const fields = { intent: "issuer", name: ISSUER.name, address: ISSUER.address, version: "" };
    expect((await post(adminInvoicing, "/admin/invoicing", fields, c.admin)).status).toBe(302);
    const stale = await post(adminInvoicing, "/admin/invoicing", { ...fields, name: "Changed" }, c.admin);
    expect(stale.status).toBe(409);
    expect(stale.errors[""]).toEqual(["form.stale"]);
    expect(stale.typed.name).toBe("Changed");
    await saveBankInstructions(use().db, asActor(c.admin), BANK, null);
    // A coordinator cannot change them.
    expect((await post(adminInvoicing, "/admin/invoicing", fields, c.coordinator)).status).toBe(403);
  });

  it("serves the PDF to the coordination unit and the billed donor only", async () => {
    const c = await setup();
    const { db } = use();
    const draft = await createInvoiceDraft(db, asActor(c.coordinator), {
      pledgeId: (await pledge()).id,
      amount: "1200.00",
    });
    const get = (who: TestActor, id: number) =>
      answer(() =>
        invoicePdf.loader({
          request: getRequest(`/invoices/${id}.pdf`, who.cookie),
          params: { id: String(id) },
          context: ctx(),
        } as never),
      );

    // A draft: a preview for the coordination unit, invisible to the donor.
    expect((await get(c.coordinator, draft.id)).status).toBe(200);
    expect((await get(c.donor, draft.id)).status).toBe(404);

    const issued = await issueInvoice(db, asActor(c.coordinator), draft.id);
    const ok = await get(c.donor, issued.id);
    expect(ok.status).toBe(200);
    expect(ok.response!.headers.get("Content-Type")).toBe("application/pdf");
    expect(ok.response!.headers.get("Content-Disposition")).toContain(`${issued.number}.pdf`);
    const bytes = Buffer.from(await ok.response!.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(await pdfText(bytes)).toContain(issued.number!);

    expect((await get(c.admin, issued.id)).status).toBe(200);
    expect((await get(c.otherDonor, issued.id)).status).toBe(404);
    expect((await get(c.beneficiary, issued.id)).status).toBe(404);
    expect((await get(c.donor, 999_999)).status).toBe(404);
    const anonymous = await answer(() =>
      invoicePdf.loader({
        request: getRequest(`/invoices/${issued.id}.pdf`),
        params: { id: String(issued.id) },
        context: ctx(),
      } as never),
    );
    expect(anonymous.status).toBe(302);
  });

  it("refuses an overpayment on the amount field, keeps what was typed, and records nothing", async () => {
    const c = await setup();
    const { db } = use();
    const draft = await createInvoiceDraft(db, asActor(c.coordinator), {
      pledgeId: (await pledge()).id,
      amount: "1000.00",
    });
    const issued = await issueInvoice(db, asActor(c.coordinator), draft.id);
    const fields = { intent: "pay", amount: "1000,01", paidOn: issued.issueDate!, bankReference: "STMT-1" };
    const out = await post(invoicePage, `/invoices/${issued.id}`, fields, c.coordinator, { id: String(issued.id) });
    expect(out.status).toBe(400);
    expect(out.errors.amount?.[0]).toMatch(/at most .*1,000\.00/);
    expect(out.typed).toMatchObject({ amount: "1000,01", bankReference: "STMT-1" });
    expect((await getInvoice(db, asActor(c.coordinator), issued.id)).payments).toEqual([]);

    const paid = await post(invoicePage, `/invoices/${issued.id}`, { ...fields, amount: "1000,00" }, c.coordinator, {
      id: String(issued.id),
    });
    expect(paid.status).toBe(302);
    expect((await getInvoice(db, asActor(c.coordinator), issued.id)).status).toBe("paid");
    // A paid invoice takes no more payments, and cannot be voided: 409 with a form message.
    const again = await post(invoicePage, `/invoices/${issued.id}`, { ...fields, amount: "1" }, c.coordinator, {
      id: String(issued.id),
    });
    expect([again.status, again.errors[""]]).toEqual([409, ["funding.error.notPayable"]]);
    const voided = await post(
      invoicePage,
      `/invoices/${issued.id}`,
      { intent: "void", reason: "Mistake" },
      c.coordinator,
      { id: String(issued.id) },
    );
    expect([voided.status, voided.errors[""]]).toEqual([409, ["funding.error.notVoidable"]]);
    // Donors cannot act on invoices at all.
    expect((await post(invoicePage, `/invoices/${issued.id}`, fields, c.donor, { id: String(issued.id) })).status).toBe(
      403,
    );
  });

  it("refuses a draft above what is left on the pledge, on the amount field", async () => {
    const c = await setup();
    const p = await pledge("300.00");
    const out = await post(
      newInvoice,
      "/invoices/new",
      { pledgeId: String(p.id), amount: "300.01", language: "en", currency: "EUR" },
      c.coordinator,
    );
    expect(out.status).toBe(400);
    expect(out.errors.amount?.[0]).toContain("300.00");
    expect(
      (await post(newInvoice, "/invoices/new", { pledgeId: String(p.id), language: "ru" }, c.coordinator)).status,
    ).toBe(302);
    expect((await getPledge(use().db, asActor(c.coordinator), p.id)).remaining).toBe("0.00");
  });

  it("refuses a stale pledge edit with form.stale and the current version, keeping the typed values", async () => {
    const c = await setup();
    const p = await pledge();
    const fields = {
      version: String(p.version),
      organizationId: String(c.donor.organizationId),
      amount: "6000",
      currency: "EUR",
      periodStart: "2026-01-01",
      periodEnd: "2026-12-31",
      purposeKind: "programme",
    };
    const url = `/pledges/${p.id}/edit`;
    expect((await post(editPledge, url, fields, c.donor, { id: String(p.id) })).status).toBe(302);
    const stale = await post(editPledge, url, { ...fields, amount: "7000" }, c.donor, { id: String(p.id) });
    expect(stale.status).toBe(409);
    expect(stale.errors[""]).toEqual(["form.stale"]);
    expect(stale.typed.amount).toBe("7000");
    expect((await getPledge(use().db, asActor(c.donor), p.id)).amount).toBe("6000.00");
    // Another donor cannot open it.
    const other = await answer(() =>
      editPledge.loader({
        request: getRequest(url, c.otherDonor.cookie),
        params: { id: String(p.id) },
        context: ctx(),
      } as never),
    );
    expect(other.status).toBe(404);
  });

  it("refuses a pledge for another organization, and unknown references as field errors", async () => {
    const c = await setup();
    const base = { amount: "100", currency: "EUR", periodStart: "2026-01-01", periodEnd: "2026-12-31" };
    const forOther = await post(
      newPledge,
      "/pledges/new",
      { ...base, organizationId: String(c.otherDonor.organizationId), purposeKind: "programme" },
      c.donor,
    );
    expect([forOther.status, forOther.errors[""]]).toEqual([403, ["funding.error.forbidden"]]);
    const unknown = await post(
      newPledge,
      "/pledges/new",
      { ...base, organizationId: String(c.donor.organizationId), purposeKind: "project", projectId: "987654" },
      c.donor,
    );
    expect([unknown.status, unknown.errors.projectId]).toEqual([400, ["funding.error.noSuchProject"]]);
    const missing = await post(
      newPledge,
      "/pledges/new",
      { ...base, organizationId: String(c.donor.organizationId), purposeKind: "pillar" },
      c.donor,
    );
    expect([missing.status, missing.errors.pillarCode]).toEqual([400, ["funding.purposeMissing"]]);
  });

  it(
    "answers an intent that names a property of every object " + "(__proto__, constructor, toString) with 400, not 500",
    async () => {
      const c = await setup();
      const draft = await createInvoiceDraft(use().db, asActor(c.coordinator), {
        pledgeId: (await pledge()).id,
        amount: "10.00",
      });
      for (const intent of ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "nonsense"]) {
        const out = await post(
          invoicePage,
          `/invoices/${draft.id}`,
          { intent, version: String(draft.version) },
          c.coordinator,
          { id: String(draft.id) },
        );
        expect(out.status, intent).toBe(400);
      }
    },
  );

  it(
    "refuses a payment dated in the future or before the " + "issue date, each on the date field with its own reason",
    async () => {
      const c = await setup();
      const { db } = use();
      const draft = await createInvoiceDraft(db, asActor(c.coordinator), {
        pledgeId: (await pledge()).id,
        amount: "100.00",
      });
      const issued = await issueInvoice(db, asActor(c.coordinator), draft.id);
      const pay = (paidOn: string) =>
        post(
          invoicePage,
          `/invoices/${issued.id}`,
          { intent: "pay", amount: "10", paidOn, bankReference: "STMT-9" },
          c.coordinator,
          { id: String(issued.id) },
        );
      const future = await pay("2030-01-01");
      expect([future.status, future.errors.paidOn]).toEqual([400, ["funding.error.paidInFuture"]]);
      expect(future.typed).toMatchObject({ paidOn: "2030-01-01", bankReference: "STMT-9" });
      const early = await pay("2020-01-01");
      expect([early.status, early.errors.paidOn]).toEqual([400, ["funding.error.paidBeforeIssue"]]);
      for (const locale of ["en", "ru"] as const) {
        const t = translator(locale);
        expect(t("funding.error.paidInFuture")).not.toBe(t("funding.error.paidBeforeIssue"));
        expect(t("funding.error.paidBeforeIssue")).not.toBe(translator(locale)("form.invalid"));
      }
      expect((await getInvoice(db, asActor(c.coordinator), issued.id)).payments).toEqual([]);
      expect((await pay(issued.issueDate!)).status).toBe(302);
    },
  );

  it(
    "refuses an IBAN or a SWIFT/BIC that is not one, with a message " +
      "saying what is wrong; a valid one is stored in electronic form",
    async () => {
      const c = await setup();
      const { db } = use();
      const current = async () =>
        (await db.selectFrom("settings").select("version").where("key", "=", "invoicing.bank").executeTakeFirst())
          ?.version ?? null;
      const base = {
        intent: "bank",
        accountHolder: BANK.accountHolder,
        bankName: BANK.bankName,
        iban: BANK.iban,
        swift: BANK.swift,
      };
      const save = async (fields: Record<string, string>) =>
        post(
          adminInvoicing,
          "/admin/invoicing",
          { ...base, ...fields, version: String((await current()) ?? "") },
          c.admin,
        );
      const cases: Array<[Record<string, string>, string, string]> = [
        [{ iban: "NOT AN IBAN" }, "iban", "funding.ibanFormat"],
        [{ iban: "AT61 1904 3002 3457 3202" }, "iban", "funding.ibanChecksum"],
        [{ iban: "AT61 1904 3002 3457 32" }, "iban", "funding.ibanFormat"],
        [{ iban: "ZZ61 1904 3002 3457 3201" }, "iban", "funding.ibanCountry"],
        [{ swift: "TEST" }, "swift", "funding.swiftFormat"],
        [{ swift: "TESTXXWW" }, "swift", "funding.swiftCountry"],
      ];
      for (const [fields, field, message] of cases) {
        const out = await save(fields);
        expect([out.status, out.errors[field]], JSON.stringify(fields)).toEqual([400, [message]]);
      }
      for (const locale of ["en", "ru"] as const) {
        const t = translator(locale);
        const texts = ["funding.ibanFormat", "funding.ibanChecksum", "funding.ibanCountry", "funding.swiftCountry"].map(
          (k) => t(k as never),
        );
        expect(new Set(texts).size).toBe(4);
        expect(texts.every((text) => !text.startsWith("funding."))).toBe(true);
      }
      // The domain refuses the same without the form (the English text maps back to the key).
      await expect(
        saveBankInstructions(db, asActor(c.admin), { ...BANK, iban: "NOT AN IBAN" }, await current()),
      ).rejects.toMatchObject({ code: "invalid", fields: { iban: expect.stringContaining("IBAN") } });
      expect((await save({ iban: "gb82 west 1234 5698 7654 32", swift: "nwbkgb2l" })).status).toBe(302);
      const stored = await db
        .selectFrom("settings")
        .select("value")
        .where("key", "=", "invoicing.bank")
        .executeTakeFirstOrThrow();
      expect(stored.value).toMatchObject({ iban: "GB82WEST12345698765432", swift: "NWBKGB2L" });
    },
  );

  it("offers and accepts pledge currencies only from those with exchange rates", async () => {
    const c = await setup();
    const { db } = use();
    const base = {
      organizationId: String(c.donor.organizationId),
      amount: "100",
      periodStart: "2026-01-01",
      periodEnd: "2026-12-31",
      purposeKind: "programme",
    };
    const out = await post(newPledge, "/pledges/new", { ...base, currency: "XYZ" }, c.donor);
    expect([out.status, out.errors.currency]).toEqual([400, ["funding.error.unknownCurrency"]]);
    expect(await db.selectFrom("pledges").select("id").where("currency", "=", "XYZ").execute()).toEqual([]);
    const withRates = (await db.selectFrom("exchange_rates").select("currency").distinct().execute())
      .map((r) => r.currency.trim())
      .sort();
    expect((await fundingPickers(db, "en")).currencies).toEqual(withRates);
    // Not even US dollars are offered once they have no rate (nothing could convert them).
    await db
      .transaction()
      .execute(async (trx) => {
        await trx.deleteFrom("exchange_rates").where("currency", "=", "USD").execute();
        expect((await fundingPickers(trx, "en")).currencies).not.toContain("USD");
        throw new Error("rollback");
      })
      .catch((e: Error) => expect(e.message).toBe("rollback"));
  });
});
