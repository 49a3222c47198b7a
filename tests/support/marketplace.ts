import type { Kysely } from "kysely";
import type { Database, Role } from "../../db/schema";
import type { Actor } from "~/accounts/permissions";
import type { NeedInput } from "~/needs/schema";
import type { ProjectInput } from "~/projects/schema";
import { createActor, createOrganization, type TestActor } from "./actors";

/** A test user as the domain functions see them, with the cookie for route calls. */
export interface MarketActor extends Actor {
  cookie: string;
}

export function asActor(actor: TestActor): MarketActor {
  return {
    id: actor.userId,
    role: actor.role,
    organizationId: actor.organizationId,
    countryIso3: actor.countryIso3,
    cookie: actor.cookie,
  };
}

export async function donorOf(db: Kysely<Database>, country = "NOR"): Promise<MarketActor> {
  const org = await createOrganization(db, "donor_agency", country);
  return asActor(await createActor(db, "donor", { organizationId: org.id, countryIso3: country }));
}

export async function beneficiaryOf(db: Kysely<Database>, country = "TJK"): Promise<MarketActor> {
  const org = await createOrganization(db, "beneficiary_agency", country);
  return asActor(await createActor(db, "beneficiary", { organizationId: org.id, countryIso3: country }));
}

export async function staff(
  db: Kysely<Database>,
  role: Extract<Role, "coordinator" | "admin"> = "coordinator",
): Promise<MarketActor> {
  const unit = await db
    .selectFrom("organizations")
    .select("id")
    .where("kind", "=", "coordination_unit")
    .executeTakeFirstOrThrow();
  return asActor(await createActor(db, role, { organizationId: unit.id }));
}

export function projectInput(overrides: Partial<ProjectInput> = {}): ProjectInput {
  return {
    title: "Strengthening the Financial Intelligence Unit's analytical capacity",
    summary: "Analysts, software and mentoring for the FIU.",
    description: undefined,
    pillars: ["II"],
    capacityAreas: ["II.1"],
    dacCode: "15113",
    countries: ["TJK"],
    routes: [],
    implementingOrganization: "UNODC",
    status: "active",
    startDate: "2025-01-01",
    endDate: "2026-12-31",
    budget: "1250000.50",
    currency: "EUR",
    iatiIdentifier: undefined,
    ...overrides,
  };
}

export function needInput(overrides: Partial<NeedInput> = {}): NeedInput {
  return {
    country: "TJK",
    title: "Detection dogs for the customs service",
    description: "Ten dogs and handler training at the main crossing.",
    pillar: "I",
    capacityArea: "I.8",
    priority: "high",
    estimatedCost: "80000.00",
    currency: "USD",
    wantedStart: "2026-01-01",
    wantedEnd: "2026-12-31",
    recommendation: undefined,
    ...overrides,
  };
}

/** Form fields as the project page posts them. */
export function projectFields(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    title: "Canine detection units for customs",
    summary: "Dogs, kennels and handler training.",
    pillars: ["I"],
    capacityAreas: ["I.8"],
    dacCode: "16063",
    countries: ["TJK"],
    status: "pipeline",
    startDate: "2026-01-01",
    endDate: "2027-06-30",
    budget: "450000",
    currency: "USD",
    ...overrides,
  };
}
