import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, OrganizationKind, Role } from "../../db/schema";
import type { Actor } from "~/accounts/permissions";
import { createPledge, type PledgeInput } from "~/funding/pledges.server";
import { saveBankInstructions, saveIssuer } from "~/funding/settings.server";

// Real rows for the funding tests: organizations, users acting as actors, settings and pledges.

export async function makeOrganization(
  db: Kysely<Database>,
  kind: OrganizationKind,
  name: string,
  countryIso3: string | null = null,
) {
  const unique = `${name} ${randomBytes(3).toString("hex")}`;
  return db
    .insertInto("organizations")
    .values({ kind, name: unique, country_iso3: countryIso3 })
    .returning(["id", "name"])
    .executeTakeFirstOrThrow();
}

export async function makeActor(db: Kysely<Database>, role: Role, organizationId: number | null): Promise<Actor> {
  const user = await db
    .insertInto("users")
    .values({
      email: `${role}-${randomBytes(4).toString("hex")}@example.org`,
      full_name: `Test ${role}`,
      password_hash: "not-a-real-hash",
      role,
      status: "active",
      organization_id: organizationId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: user.id, role, organizationId, countryIso3: null };
}

export const ISSUER = {
  name: "Paris Pact Coordination Unit (test)",
  address: "Vienna International Centre\nWagramer Strasse 5\n1400 Vienna, Austria",
  email: "paris.pact@example.org",
};

export const BANK = {
  accountHolder: "UNODC Paris Pact Trust Fund",
  bankName: "Test Bank AG",
  bankAddress: "Am Hof 2, 1010 Vienna",
  iban: "AT61 1904 3002 3457 3201",
  swift: "TESTATWW",
};

export interface FundingWorld {
  admin: Actor;
  coordinator: Actor;
  donor: Actor;
  donorOrgId: number;
  donorName: string;
  otherDonorOrgId: number;
}

/** Two donor organizations, an admin, a coordinator and a donor user; invoicing settings saved once. */
export async function makeFundingWorld(
  db: Kysely<Database>,
  donorCountry: string | null = "NOR",
): Promise<FundingWorld> {
  const unit = await makeOrganization(db, "coordination_unit", "Paris Pact Coordination Unit");
  const donorOrg = await makeOrganization(db, "donor_agency", "Ministry of Foreign Affairs", donorCountry);
  const otherDonor = await makeOrganization(db, "donor_agency", "Другое ведомство-донор", "RUS");
  const admin = await makeActor(db, "admin", unit.id);
  const coordinator = await makeActor(db, "coordinator", unit.id);
  const donor = await makeActor(db, "donor", donorOrg.id);
  const existing = await db.selectFrom("settings").select(["key", "version"]).execute();
  const version = (key: string) => existing.find((s) => s.key === key)?.version ?? null;
  await saveIssuer(db, admin, ISSUER, version("invoicing.issuer"));
  await saveBankInstructions(db, admin, BANK, version("invoicing.bank"));
  return {
    admin,
    coordinator,
    donor,
    donorOrgId: donorOrg.id,
    donorName: donorOrg.name,
    otherDonorOrgId: otherDonor.id,
  };
}

export function pledgeInput(organizationId: number, overrides: Partial<PledgeInput> = {}): PledgeInput {
  return {
    organizationId,
    amount: "100000.00",
    currency: "EUR",
    periodStart: "2026-01-01",
    periodEnd: "2026-12-31",
    purposeKind: "programme",
    ...overrides,
  };
}

export async function makePledge(db: Kysely<Database>, world: FundingWorld, overrides: Partial<PledgeInput> = {}) {
  return createPledge(db, world.admin, pledgeInput(world.donorOrgId, overrides));
}
