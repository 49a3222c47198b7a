import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { requestAccess, verifyApplicantEmail } from "~/accounts/access-requests.server";
import { scanProject } from "~/duplicates/detect.server";
import { createInvoiceDraft } from "~/funding/invoice-drafts.server";
import { issueInvoice } from "~/funding/invoice-lifecycle.server";
import { createPledge } from "~/funding/pledges.server";
import { saveBankInstructions, saveIssuer } from "~/funding/settings.server";
import { asActor, createActor, createOrganization, type TestActor } from "./actors";
import { BANK, ISSUER, pledgeInput } from "./funding";
import { insertMatch, insertNeed, insertProject } from "./marketplace-fixtures";

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
  const donorOrg = await createOrganization(db, "donor_agency", "NOR");
  const beneficiaryOrg = await createOrganization(db, "beneficiary_agency", "TJK");
  const unit = await db
    .selectFrom("organizations")
    .select("id")
    .where("kind", "=", "coordination_unit")
    .executeTakeFirstOrThrow();
  const donor = await createActor(db, "donor", { organizationId: donorOrg.id, countryIso3: "NOR" });
  const beneficiary = await createActor(db, "beneficiary", { organizationId: beneficiaryOrg.id, countryIso3: "TJK" });
  const coordinator = await createActor(db, "coordinator", { organizationId: unit.id });
  const admin = await createActor(db, "admin", { organizationId: unit.id });
  const member = await createActor(db, "donor", { organizationId: donorOrg.id, countryIso3: "NOR" });
  const text = {
    title: "Border liaison office training in Tajikistan",
    summary: "Training border liaison officers on the Tajik-Afghan border.",
  };
  const project = await insertProject(db, {
    organizationId: donorOrg.id,
    ...text,
    countries: ["TJK"],
    pillars: ["I"],
    start: "2025-01-01",
    end: "2027-12-31",
  });
  const otherProject = await insertProject(db, {
    organizationId: donorOrg.id,
    ...text,
    countries: ["TJK"],
    pillars: ["I"],
    start: "2025-06-01",
    end: "2027-06-30",
  });
  await scanProject(db, otherProject);
  const pair = await db.selectFrom("duplicate_pairs").select("id").executeTakeFirstOrThrow();
  const need = await insertNeed(db, {
    organizationId: beneficiaryOrg.id,
    country: "TJK",
    pillar: "I",
    cost: "50000.00",
  });
  const match = await insertMatch(db, {
    needId: need,
    projectId: project,
    proposedBy: donor.userId,
    status: "proposed",
  });
  const staff = asActor(admin);
  await saveIssuer(db, staff, ISSUER, null);
  await saveBankInstructions(db, staff, BANK, null);
  const pledge = await createPledge(db, staff, pledgeInput(donorOrg.id));
  const draft = await createInvoiceDraft(db, staff, { pledgeId: pledge.id, amount: "1000.00" });
  const toIssue = await createInvoiceDraft(db, staff, { pledgeId: pledge.id, amount: "2000.00" });
  const issued = await issueInvoice(db, staff, toIssue.id);
  const { userId, verifyToken } = await requestAccess(
    db,
    {
      fullName: "Applicant",
      email: `applicant-${Date.now()}@example.org`,
      password: "a long and unusual passphrase 42",
      requestedRole: "donor",
      countryIso3: "NOR",
      justification: "I coordinate our ministry's assistance.",
      organization: { existingId: donorOrg.id },
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
