import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Actor } from "~/accounts/permissions";
import { requestAccess, verifyApplicantEmail } from "~/accounts/access-requests.server";
import { scanProject } from "~/duplicates/detect.server";
import { createInvoiceDraft } from "~/funding/invoice-drafts.server";
import { issueInvoice } from "~/funding/invoice-lifecycle.server";
import { createPledge } from "~/funding/pledge-announce.server";
import {
  asActor,
  coordinationUnitId,
  makeActor,
  makeMatch,
  makeNeed,
  makeOrganization,
  makeProject,
  pledgeInput,
  saveInvoicingSettings,
  type TestActor,
} from "./factories";

// The fuzz suite's world (tests/integration/fuzz.test.ts): one record of every kind an action or a
// page with an id works on, and a user of each role to act.

export interface World {
  db: Kysely<Database>;
  donor: TestActor;
  beneficiary: TestActor;
  coordinator: TestActor;
  admin: TestActor;
  ids: Record<
    "project" | "otherProject" | "need" | "match" | "pledge" | "draft" | "issued" | "pair" | "request" | "member",
    number
  >;
}

export async function makeWorld(db: Kysely<Database>): Promise<World> {
  const donorOrg = await makeOrganization(db, "donor_agency", "NOR");
  const beneficiaryOrg = await makeOrganization(db, "beneficiary_agency", "TJK");
  const unit = { id: await coordinationUnitId(db) };
  const donor = await makeActor(db, "donor", { organizationId: donorOrg.id, countryIso3: "NOR" });
  const beneficiary = await makeActor(db, "beneficiary", { organizationId: beneficiaryOrg.id, countryIso3: "TJK" });
  const coordinator = await makeActor(db, "coordinator", { organizationId: unit.id });
  const admin = await makeActor(db, "admin", { organizationId: unit.id });
  const member = await makeActor(db, "donor", { organizationId: donorOrg.id, countryIso3: "NOR" });
  const { project, otherProject, pair, need, match } = await marketRecords(db, donorOrg.id, beneficiaryOrg.id, donor);
  const { pledge, draft, issued } = await fundingRecords(db, asActor(admin), donorOrg.id);
  const request = await accessRequest(db, donorOrg.id);
  return {
    db,
    donor,
    beneficiary,
    coordinator,
    admin,
    ids: {
      project,
      otherProject,
      need,
      match,
      pledge: pledge.id,
      draft: draft.id,
      issued: issued.id,
      pair: pair.id,
      request: request.id,
      member: member.userId,
    },
  };
}

/** Two projects (a duplicate pair), a need and a proposed match between them. */
async function marketRecords(db: Kysely<Database>, donorOrgId: number, beneficiaryOrgId: number, donor: TestActor) {
  const text = {
    title: "Border liaison office training in Tajikistan",
    summary: "Training border liaison officers on the Tajik-Afghan border.",
  };
  const project = await makeProject(db, {
    organizationId: donorOrgId,
    ...text,
    countries: ["TJK"],
    pillars: ["I"],
    start: "2025-01-01",
    end: "2027-12-31",
  });
  const otherProject = await makeProject(db, {
    organizationId: donorOrgId,
    ...text,
    countries: ["TJK"],
    pillars: ["I"],
    start: "2025-06-01",
    end: "2027-06-30",
  });
  await scanProject(db, otherProject);
  const pair = await db.selectFrom("duplicate_pairs").select("id").executeTakeFirstOrThrow();
  const need = await makeNeed(db, {
    organizationId: beneficiaryOrgId,
    country: "TJK",
    pillar: "I",
    cost: "50000.00",
  });
  const match = await makeMatch(db, {
    needId: need,
    projectId: project,
    proposedBy: donor.userId,
    status: "proposed",
  });
  return { project, otherProject, pair, need, match };
}

/** Invoicing settings, a pledge, a draft invoice and an issued one. */
async function fundingRecords(db: Kysely<Database>, staff: Actor, donorOrgId: number) {
  await saveInvoicingSettings(db, staff);
  const pledge = await createPledge(db, staff, pledgeInput(donorOrgId));
  const draft = await createInvoiceDraft(db, staff, { pledgeId: pledge.id, amount: "1000.00" });
  const toIssue = await createInvoiceDraft(db, staff, { pledgeId: pledge.id, amount: "2000.00" });
  const issued = await issueInvoice(db, staff, toIssue.id);
  return { pledge, draft, issued };
}

/** An access request whose applicant has confirmed the address, for the donor organization. */
async function accessRequest(db: Kysely<Database>, donorOrgId: number) {
  const { userId, verifyToken } = await requestAccess(
    db,
    {
      fullName: "Applicant",
      email: `applicant-${Date.now()}@example.org`,
      password: "a long and unusual passphrase 42",
      requestedRole: "donor",
      countryIso3: "NOR",
      justification: "I coordinate our ministry's assistance.",
      organization: { existingId: donorOrgId },
      locale: "en",
    },
    "127.0.0.1",
  );
  await verifyApplicantEmail(db, verifyToken, "127.0.0.1");
  const request = await db
    .selectFrom("access_requests")
    .select("id")
    .where("user_id", "=", userId)
    .executeTakeFirstOrThrow();
  return request;
}
