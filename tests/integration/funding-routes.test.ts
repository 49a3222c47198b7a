import { expect, it } from "vitest";
import type { Actor } from "~/accounts/permissions";
import { createInvoiceDraft } from "~/funding/invoice-drafts.server";
import { issueInvoice } from "~/funding/invoice-lifecycle.server";
import { getInvoice } from "~/funding/invoices.server";
import { createPledge, getPledge } from "~/funding/pledges.server";
import { saveBankInstructions, saveIssuer } from "~/funding/settings.server";
import * as adminInvoicing from "~/routes/admin.invoicing";
import * as invoicePage from "~/routes/invoices.$id";
import * as invoicePdf from "~/routes/invoices.$id[.]pdf";
import * as newInvoice from "~/routes/invoices.new";
import * as editPledge from "~/routes/pledges.$id.edit";
import * as newPledge from "~/routes/pledges.new";
import { createActor, createOrganization, formRequest, getRequest, requestContext, type TestActor } from "../support/actors";
import { describeEachDatabase } from "../support/database";
import { BANK, ISSUER, pledgeInput } from "../support/funding";
import { pdfText } from "../support/pdf-text";

// The route-level rules of the funding pages: who may download which PDF, and how the domain's
// refusals reach the forms (status, message, and what was typed kept).

type Answer = { type?: string; data?: { result?: { status?: string; error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> } }; init?: { status?: number } | null };

const asActor = (a: TestActor): Actor => ({ id: a.userId, role: a.role, organizationId: a.organizationId, countryIso3: a.countryIso3 });

async function answer(run: () => Promise<unknown>): Promise<{ status: number; errors: Record<string, string[] | null>; typed: Record<string, unknown>; response?: Response }> {
  let value: unknown;
  try {
    value = await run();
  } catch (thrown) {
    value = thrown;
  }
  if (value instanceof Response) return { status: value.status, errors: {}, typed: {}, response: value };
  const out = value as Answer;
  return { status: out.init?.status ?? 200, errors: out.data?.result?.error ?? {}, typed: out.data?.result?.initialValue ?? {} };
}

describeEachDatabase("funding routes", (use) => {
  let cast: { donor: TestActor; otherDonor: TestActor; beneficiary: TestActor; coordinator: TestActor; admin: TestActor } | undefined;
  const setup = async () => {
    if (cast) return cast;
    const { db } = use();
    const org = await createOrganization(db, "donor_agency", "NOR");
    const other = await createOrganization(db, "donor_agency", "DEU");
    const ben = await createOrganization(db, "beneficiary_agency", "TJK");
    const unit = await db.selectFrom("organizations").select("id").where("kind", "=", "coordination_unit").executeTakeFirstOrThrow();
    cast = {
      donor: await createActor(db, "donor", { organizationId: org.id }),
      otherDonor: await createActor(db, "donor", { organizationId: other.id }),
      beneficiary: await createActor(db, "beneficiary", { organizationId: ben.id, countryIso3: "TJK" }),
      coordinator: await createActor(db, "coordinator", { organizationId: unit.id }),
      admin: await createActor(db, "admin", { organizationId: unit.id }),
    };
    return cast;
  };
  const ctx = () => requestContext(use().db, use().mode);
  const pledge = async (amount = "5000.00") => createPledge(use().db, asActor(cast!.admin), pledgeInput(cast!.donor.organizationId!, { amount }));
  const post = (module: { action: (args: never) => Promise<unknown> }, url: string, fields: Record<string, string>, who: TestActor, params: Record<string, string> = {}) =>
    answer(() => module.action({ request: formRequest(url, fields, who.cookie), params, context: ctx() } as never));

  it("refuses to issue before the invoicing settings exist, with the form message and 409", async () => {
    const c = await setup();
    const draft = await createInvoiceDraft(use().db, asActor(c.coordinator), { pledgeId: (await pledge()).id });
    const out = await post(invoicePage, `/invoices/${draft.id}`, { intent: "issue", version: String(draft.version) }, c.coordinator, { id: String(draft.id) });
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
    const draft = await createInvoiceDraft(db, asActor(c.coordinator), { pledgeId: (await pledge()).id, amount: "1200.00" });
    const get = (who: TestActor, id: number) =>
      answer(() => invoicePdf.loader({ request: getRequest(`/invoices/${id}.pdf`, who.cookie), params: { id: String(id) }, context: ctx() } as never));

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
    const anonymous = await answer(() => invoicePdf.loader({ request: getRequest(`/invoices/${issued.id}.pdf`), params: { id: String(issued.id) }, context: ctx() } as never));
    expect(anonymous.status).toBe(302);
  });

  it("refuses an overpayment on the amount field, keeps what was typed, and records nothing", async () => {
    const c = await setup();
    const { db } = use();
    const draft = await createInvoiceDraft(db, asActor(c.coordinator), { pledgeId: (await pledge()).id, amount: "1000.00" });
    const issued = await issueInvoice(db, asActor(c.coordinator), draft.id);
    const fields = { intent: "pay", amount: "1000,01", paidOn: issued.issueDate!, bankReference: "STMT-1" };
    const out = await post(invoicePage, `/invoices/${issued.id}`, fields, c.coordinator, { id: String(issued.id) });
    expect(out.status).toBe(400);
    expect(out.errors.amount?.[0]).toMatch(/at most .*1,000\.00/);
    expect(out.typed).toMatchObject({ amount: "1000,01", bankReference: "STMT-1" });
    expect((await getInvoice(db, asActor(c.coordinator), issued.id)).payments).toEqual([]);

    const paid = await post(invoicePage, `/invoices/${issued.id}`, { ...fields, amount: "1000,00" }, c.coordinator, { id: String(issued.id) });
    expect(paid.status).toBe(302);
    expect((await getInvoice(db, asActor(c.coordinator), issued.id)).status).toBe("paid");
    // A paid invoice takes no more payments, and cannot be voided: 409 with a form message.
    const again = await post(invoicePage, `/invoices/${issued.id}`, { ...fields, amount: "1" }, c.coordinator, { id: String(issued.id) });
    expect([again.status, again.errors[""]]).toEqual([409, ["funding.error.notPayable"]]);
    const voided = await post(invoicePage, `/invoices/${issued.id}`, { intent: "void", reason: "Mistake" }, c.coordinator, { id: String(issued.id) });
    expect([voided.status, voided.errors[""]]).toEqual([409, ["funding.error.notVoidable"]]);
    // Donors cannot act on invoices at all.
    expect((await post(invoicePage, `/invoices/${issued.id}`, fields, c.donor, { id: String(issued.id) })).status).toBe(403);
  });

  it("refuses a draft above what is left on the pledge, on the amount field", async () => {
    const c = await setup();
    const p = await pledge("300.00");
    const out = await post(newInvoice, "/invoices/new", { pledgeId: String(p.id), amount: "300.01", language: "en", currency: "EUR" }, c.coordinator);
    expect(out.status).toBe(400);
    expect(out.errors.amount?.[0]).toContain("300.00");
    expect((await post(newInvoice, "/invoices/new", { pledgeId: String(p.id), language: "ru" }, c.coordinator)).status).toBe(302);
    expect((await getPledge(use().db, asActor(c.coordinator), p.id)).remaining).toBe("0.00");
  });

  it("refuses a stale pledge edit with form.stale and the current version, keeping the typed values", async () => {
    const c = await setup();
    const p = await pledge();
    const fields = { version: String(p.version), organizationId: String(c.donor.organizationId), amount: "6000", currency: "EUR", periodStart: "2026-01-01", periodEnd: "2026-12-31", purposeKind: "programme" };
    const url = `/pledges/${p.id}/edit`;
    expect((await post(editPledge, url, fields, c.donor, { id: String(p.id) })).status).toBe(302);
    const stale = await post(editPledge, url, { ...fields, amount: "7000" }, c.donor, { id: String(p.id) });
    expect(stale.status).toBe(409);
    expect(stale.errors[""]).toEqual(["form.stale"]);
    expect(stale.typed.amount).toBe("7000");
    expect((await getPledge(use().db, asActor(c.donor), p.id)).amount).toBe("6000.00");
    // Another donor cannot open it.
    const other = await answer(() => editPledge.loader({ request: getRequest(url, c.otherDonor.cookie), params: { id: String(p.id) }, context: ctx() } as never));
    expect(other.status).toBe(404);
  });

  it("refuses a pledge for another organization, and unknown references as field errors", async () => {
    const c = await setup();
    const base = { amount: "100", currency: "EUR", periodStart: "2026-01-01", periodEnd: "2026-12-31" };
    const forOther = await post(newPledge, "/pledges/new", { ...base, organizationId: String(c.otherDonor.organizationId), purposeKind: "programme" }, c.donor);
    expect([forOther.status, forOther.errors[""]]).toEqual([403, ["funding.error.forbidden"]]);
    const unknown = await post(newPledge, "/pledges/new", { ...base, organizationId: String(c.donor.organizationId), purposeKind: "project", projectId: "987654" }, c.donor);
    expect([unknown.status, unknown.errors.projectId]).toEqual([400, ["funding.error.noSuchProject"]]);
    const missing = await post(newPledge, "/pledges/new", { ...base, organizationId: String(c.donor.organizationId), purposeKind: "pillar" }, c.donor);
    expect([missing.status, missing.errors.pillarCode]).toEqual([400, ["funding.purposeMissing"]]);
  });
});
