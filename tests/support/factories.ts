import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, OrganizationKind, Priority, ProjectStatus, Role, UserStatus } from "../../db/schema";
import type { Actor } from "~/accounts/permissions";
import { createPledge } from "~/funding/pledge-announce.server";
import type { PledgeInput } from "~/funding/pledge-input.server";
import { saveBankInstructions, saveIssuer } from "~/funding/settings.server";
import type { NeedInput } from "~/needs/schema";
import type { ProjectInput } from "~/projects/schema";
import { TEST_CSRF } from "./requests";

// The one set of test factories: every test builds its world from these (tests/README.md).
// Records are typed Kysely inserts, so that a test says exactly what its world holds; funding goes
// through the domain functions, which keep the invoicing rules. Each factory takes the fields a test
// cares about and gives the rest a sensible default; names and identifiers are made unique, so that
// factories can be called again on the same database.

let counter = 0;
const hex = (bytes: number) => randomBytes(bytes).toString("hex");

/** A name no other test record has: `base` and a random suffix. */
export const unique = (base: string) => `${base} ${hex(3)}`;

// Organizations and users

export interface OrganizationOverrides {
  /** The exact name (default: made up from kind and country, unique). */
  name?: string;
  acronym?: string | null;
  /** The IATI organization identifier (default: XM-TEST-n). */
  iatiRef?: string | null;
}

/** An organization of the given kind and country. */
export async function makeOrganization(
  db: Kysely<Database>,
  kind: OrganizationKind = "donor_agency",
  countryIso3: string | null = "NOR",
  overrides: OrganizationOverrides = {},
) {
  counter += 1;
  return db
    .insertInto("organizations")
    .values({
      kind,
      name: overrides.name ?? `Test ${kind} ${countryIso3} ${counter} ${hex(3)}`,
      acronym: overrides.acronym ?? null,
      country_iso3: countryIso3,
      iati_ref: overrides.iatiRef === undefined ? `XM-TEST-${counter}` : overrides.iatiRef,
    })
    .returning(["id", "name", "country_iso3"])
    .executeTakeFirstOrThrow();
}

/** The coordination unit's organization (the reference data hold exactly one). */
export async function coordinationUnitId(db: Kysely<Database>): Promise<number> {
  const unit = await db
    .selectFrom("organizations")
    .select("id")
    .where("kind", "=", "coordination_unit")
    .executeTakeFirstOrThrow();
  return unit.id;
}

/** A user with a live session: the ids of the records, and the cookie header for route calls. */
export interface TestActor {
  userId: number;
  role: Role;
  status: UserStatus;
  organizationId: number | null;
  countryIso3: string | null;
  cookie: string;
}

export interface ActorOverrides {
  status?: UserStatus;
  organizationId?: number | null;
  countryIso3?: string | null;
}

/** A user of the given role with a live session. The password hash is a placeholder (see setPassword). */
export async function makeActor(db: Kysely<Database>, role: Role, options: ActorOverrides = {}): Promise<TestActor> {
  counter += 1;
  const status = options.status ?? "active";
  const organizationId = options.organizationId ?? null;
  const countryIso3 = options.countryIso3 ?? null;
  const user = await db
    .insertInto("users")
    .values({
      email: `${role}-${counter}-${hex(3)}@test.example`,
      full_name: `Test ${role} ${counter}`,
      password_hash: "not-a-hash",
      role,
      status,
      organization_id: organizationId,
      country_iso3: countryIso3,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const token = await makeSession(db, user.id);
  const cookie = `adam_session=${token}; adam_csrf=${TEST_CSRF}`;
  return { userId: user.id, role, status, organizationId, countryIso3, cookie };
}

/** A session of an hour for the user; returns the token its cookie carries. */
async function makeSession(db: Kysely<Database>, userId: number): Promise<string> {
  const token = randomBytes(24).toString("base64url");
  await db
    .insertInto("sessions")
    .values({
      token_hash: createHash("sha256").update(token).digest("hex"),
      user_id: userId,
      expires_at: new Date(Date.now() + 3_600_000),
      ip: "127.0.0.1",
      user_agent: "vitest",
    })
    .execute();
  return token;
}

/** The Actor (as the domain functions take it) of a test actor. */
export function asActor(actor: TestActor): Actor {
  return { id: actor.userId, role: actor.role, organizationId: actor.organizationId, countryIso3: actor.countryIso3 };
}

/** A test user as the domain functions see them, with the cookie for route calls. */
export interface MarketActor extends Actor {
  cookie: string;
}

const market = (actor: TestActor): MarketActor => ({ ...asActor(actor), cookie: actor.cookie });

/** A donor of a new donor agency of the country. */
export async function donorOf(db: Kysely<Database>, country = "NOR"): Promise<MarketActor> {
  const org = await makeOrganization(db, "donor_agency", country);
  return market(await makeActor(db, "donor", { organizationId: org.id, countryIso3: country }));
}

/** A beneficiary of a new beneficiary agency of the country. */
export async function beneficiaryOf(db: Kysely<Database>, country = "TJK"): Promise<MarketActor> {
  const org = await makeOrganization(db, "beneficiary_agency", country);
  return market(await makeActor(db, "beneficiary", { organizationId: org.id, countryIso3: country }));
}

/** A coordinator (or an admin) of the coordination unit. */
export async function staff(
  db: Kysely<Database>,
  role: Extract<Role, "coordinator" | "admin"> = "coordinator",
): Promise<MarketActor> {
  return market(await makeActor(db, role, { organizationId: await coordinationUnitId(db) }));
}

/** Gives a test user a real (argon2) password and returns its e-mail, for sign-in tests. */
export async function setPassword(db: Kysely<Database>, userId: number, password: string): Promise<string> {
  const { hashPassword } = await import("~/accounts/password.server");
  const row = await db
    .updateTable("users")
    .set({ password_hash: await hashPassword(password) })
    .where("id", "=", userId)
    .returning("email")
    .executeTakeFirstOrThrow();
  return row.email;
}

// Projects, needs, matches and exchange rates

export interface ProjectFixture {
  organizationId: number;
  title?: string;
  summary?: string;
  /** Default ["TJK"]. */
  countries?: string[];
  /** Default ["I"]. */
  pillars?: string[];
  capacityAreas?: string[];
  status?: ProjectStatus;
  /** Default 2025-01-01. */
  start?: string;
  end?: string | null;
  budget?: string;
  currency?: string;
  dacCode?: string;
  iatiIdentifier?: string;
  /** Default: the column's default (English). */
  language?: "en" | "ru";
}

/** A project with its countries, pillars and capacity areas. */
export async function makeProject(db: Kysely<Database>, p: ProjectFixture): Promise<number> {
  const row = await db
    .insertInto("projects")
    .values({
      organization_id: p.organizationId,
      title: p.title ?? `Project ${hex(3)}`,
      summary: p.summary ?? "A technical-assistance project.",
      dac_code: p.dacCode ?? "15130",
      status: p.status ?? "active",
      start_date: p.start ?? "2025-01-01",
      end_date: p.end ?? null,
      budget: p.budget ?? "100000.00",
      currency: p.currency ?? "USD",
      iati_identifier: p.iatiIdentifier ?? `XM-TEST-${hex(6)}`,
      implementing_organization: null,
      recommendation: null,
      created_by: null,
      language: p.language,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await linkProject(db, row.id, p.countries ?? ["TJK"], p.pillars ?? ["I"], p.capacityAreas ?? []);
  return row.id;
}

async function linkProject(db: Kysely<Database>, id: number, countries: string[], pillars: string[], areas: string[]) {
  if (countries.length)
    await db
      .insertInto("project_countries")
      .values(countries.map((c) => ({ project_id: id, country_iso3: c })))
      .execute();
  if (pillars.length)
    await db
      .insertInto("project_pillars")
      .values(pillars.map((c) => ({ project_id: id, pillar_code: c })))
      .execute();
  if (areas.length)
    await db
      .insertInto("project_capacity_areas")
      .values(areas.map((c) => ({ project_id: id, capacity_area_code: c })))
      .execute();
}

export interface NeedFixture {
  organizationId: number;
  /** Default TJK. */
  country?: string;
  /** Default I. */
  pillar?: string;
  /** Default: the pillar's first area (`I.1`). */
  capacityArea?: string;
  priority?: Priority;
  /** Default 100000.00; null for a need without an estimate (and then without a currency). */
  cost?: string | null;
  currency?: string | null;
  wantedStart?: string | null;
  wantedEnd?: string | null;
  title?: string;
  description?: string;
  withdrawn?: boolean;
  /** Default: the column's default (English). */
  language?: "en" | "ru";
}

/** An open (or withdrawn) need. */
export async function makeNeed(db: Kysely<Database>, n: NeedFixture): Promise<number> {
  const pillar = n.pillar ?? "I";
  const row = await db
    .insertInto("needs")
    .values({
      organization_id: n.organizationId,
      country_iso3: n.country ?? "TJK",
      title: n.title ?? `Need ${hex(3)}`,
      description: n.description ?? "A capacity requirement.",
      pillar_code: pillar,
      capacity_area_code: n.capacityArea ?? `${pillar}.1`,
      priority: n.priority ?? "medium",
      estimated_cost: n.cost === undefined ? "100000.00" : n.cost,
      currency: n.cost === null ? null : (n.currency ?? "USD"),
      wanted_start: n.wantedStart ?? null,
      wanted_end: n.wantedEnd ?? null,
      recommendation: null,
      status: n.withdrawn ? "withdrawn" : "open",
      created_by: null,
      language: n.language,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A match inserted in a given state (for computations); the match workflow has its own tests. */
export async function makeMatch(
  db: Kysely<Database>,
  m: {
    needId: number;
    projectId: number;
    proposedBy: number;
    status: "proposed" | "confirmed" | "rejected";
    amount?: string;
    currency?: string;
  },
): Promise<number> {
  const row = await db
    .insertInto("matches")
    .values({
      need_id: m.needId,
      project_id: m.projectId,
      proposed_by: m.proposedBy,
      proposed_side: "coordinator",
      status: m.status,
      amount: m.amount ?? null,
      currency: m.amount ? (m.currency ?? "USD") : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Sets an exact exchange rate for a currency on a date (tests use round numbers). */
export async function setRate(db: Kysely<Database>, currency: string, date: string, usdPerUnit: string) {
  await db
    .insertInto("exchange_rates")
    .values({ currency, rate_date: date, usd_per_unit: usdPerUnit, source: "test" })
    .onConflict((oc) => oc.columns(["currency", "rate_date"]).doUpdateSet({ usd_per_unit: usdPerUnit }))
    .execute();
}

// Funding: invoicing settings, pledges, and the funding tests' world

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

/** Saves ISSUER and BANK as the invoicing settings (over whatever version is there), as the admin. */
export async function saveInvoicingSettings(db: Kysely<Database>, admin: Actor) {
  const existing = await db.selectFrom("settings").select(["key", "version"]).execute();
  const version = (key: string) => existing.find((s) => s.key === key)?.version ?? null;
  await saveIssuer(db, admin, ISSUER, version("invoicing.issuer"));
  await saveBankInstructions(db, admin, BANK, version("invoicing.bank"));
}

export interface FundingWorld {
  admin: Actor;
  coordinator: Actor;
  donor: Actor;
  donorOrgId: number;
  donorName: string;
  otherDonorOrgId: number;
}

/** Two donor organizations, an admin, a coordinator and a donor user; invoicing settings saved. */
export async function makeFundingWorld(
  db: Kysely<Database>,
  donorCountry: string | null = "NOR",
): Promise<FundingWorld> {
  const organization = (kind: OrganizationKind, name: string, country: string | null) =>
    makeOrganization(db, kind, country, { name: unique(name), iatiRef: null });
  const unit = await organization("coordination_unit", "Paris Pact Coordination Unit", null);
  const donorOrg = await organization("donor_agency", "Ministry of Foreign Affairs", donorCountry);
  const otherDonor = await organization("donor_agency", "Другое ведомство-донор", "RUS");
  const admin = asActor(await makeActor(db, "admin", { organizationId: unit.id }));
  const coordinator = asActor(await makeActor(db, "coordinator", { organizationId: unit.id }));
  const donor = asActor(await makeActor(db, "donor", { organizationId: donorOrg.id }));
  await saveInvoicingSettings(db, admin);
  const ids = { donorOrgId: donorOrg.id, donorName: donorOrg.name, otherDonorOrgId: otherDonor.id };
  return { admin, coordinator, donor, ...ids };
}

/** A pledge's input: 100,000 EUR for 2026's programme, unless overridden. */
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

/** A pledge of the world's donor organization, announced by its admin (through the domain function). */
export async function makePledge(
  db: Kysely<Database>,
  world: Pick<FundingWorld, "admin" | "donorOrgId">,
  overrides: Partial<PledgeInput> = {},
) {
  return createPledge(db, world.admin, pledgeInput(world.donorOrgId, overrides));
}

// Inputs of the domain functions and forms

/** A project's input as createProject and updateProject take it. */
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

/** A need's input as createNeed and updateNeed take it. */
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

type Fields = Record<string, string | string[]>;

/** Form fields as the project page posts them. */
export function projectFields(overrides: Fields = {}): Fields {
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
