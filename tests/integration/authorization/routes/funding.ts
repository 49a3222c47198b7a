import { createInvoiceDraft } from "~/funding/invoice-drafts.server";
import { issueInvoice } from "~/funding/invoice-lifecycle.server";
import { asActor, makePledge, saveInvoicingSettings } from "../../../support/factories";
import { adminOnly, members, staff, type MatrixWorld, type RouteExpectation } from "../expectations";

// The matrix donor's organization gets a pledge (and, where needed, an issued invoice), so that the
// donor sees its own records while the beneficiary, from another organization, does not.

/** The matrix donor's organization, for makePledge, with the matrix admin announcing. */
const donorSide = (world: MatrixWorld) => ({
  admin: asActor(world.actors.admin),
  donorOrgId: world.actors.donor.organizationId!,
});

const pledgeOfDonor = (world: MatrixWorld) => makePledge(world.db, donorSide(world));

async function invoiceOfDonor(world: MatrixWorld, issued: boolean) {
  const { admin } = donorSide(world);
  const pledge = await pledgeOfDonor(world);
  const draft = await createInvoiceDraft(world.db, admin, { pledgeId: pledge.id, amount: "1000.00" });
  if (!issued) return draft;
  await saveInvoicingSettings(world.db, admin);
  return issueInvoice(world.db, admin, draft.id);
}

const donorsAndStaff = { ...members("forbidden"), donor: "ok", coordinator: "ok", admin: "ok" } as const;

export default [
  { file: "pledges._index.tsx", path: "/pledges?year=2026&pillar=II&page=1", get: members("ok") },
  // Coordinators do not announce funding; an empty form is refused as bad input, not a 500.
  {
    file: "pledges.new.tsx",
    path: "/pledges/new",
    get: { ...members("forbidden"), donor: "ok", admin: "ok" },
    post: { ...members("forbidden"), donor: "bad", admin: "bad" },
  },
  {
    file: "pledges.$id.edit.tsx",
    path: async (world) => {
      const pledge = await pledgeOfDonor(world);
      return { path: `/pledges/${pledge.id}/edit`, params: { id: String(pledge.id) } };
    },
    get: { ...members("forbidden"), donor: "ok", admin: "ok" },
    post: { ...members("forbidden"), donor: "bad", admin: "bad" },
  },
  { file: "invoices._index.tsx", path: "/invoices?status=issued", get: donorsAndStaff },
  {
    file: "invoices.new.tsx",
    path: async (world) => {
      const pledge = await pledgeOfDonor(world);
      return { path: `/invoices/new?pledge=${pledge.id}` };
    },
    get: staff("ok"),
    post: staff("bad"),
  },
  {
    file: "invoices.$id.tsx",
    path: async (world) => {
      const invoice = await invoiceOfDonor(world, true);
      return { path: `/invoices/${invoice.id}`, params: { id: String(invoice.id) } };
    },
    // The billed donor reads its issued invoice; the beneficiary is told it does not exist.
    get: { ...members("ok"), beneficiary: "notfound" },
    post: { ...members("forbidden"), coordinator: "bad", admin: "bad" },
    postFields: { intent: "pay" },
  },
  {
    file: "invoices.$id[.]pdf.ts",
    path: async (world) => {
      const invoice = await invoiceOfDonor(world, true);
      return { path: `/invoices/${invoice.id}.pdf`, params: { id: String(invoice.id) } };
    },
    get: { ...members("ok"), beneficiary: "notfound" },
  },
  {
    file: "admin.invoicing.tsx",
    path: "/admin/invoicing",
    get: adminOnly("ok"),
    post: adminOnly("bad"),
    postFields: { intent: "issuer" },
  },
  { file: "funding.tsx", path: "/funding?year=2026", get: members("ok") },
] satisfies RouteExpectation[];
