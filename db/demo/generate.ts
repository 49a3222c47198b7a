import type { Kysely } from "kysely";
import { hashPassword } from "../../app/accounts/password.server";
import { saveBankInstructions, saveIssuer } from "../../app/funding/settings.server";
import { COORDINATION_UNIT_NAME } from "../seed/reference-data";
import type { Database, Role } from "../schema";
import { generateMarketplaceDemo } from "./marketplace";
import type { Actor } from "../../app/accounts/permissions";
import { generateDemoFunding } from "./funding";
import { generateDemoMatches } from "./matches";
import { createDuplicatePair, proposeWaitingMatches } from "./story";
import { AGENCY_KINDS, DEMO_DONORS } from "./organizations";
import { SeededRandom } from "./random";

export const DEMO_PASSWORD = "paris-pact-demo";

export const DEMO_ACCOUNTS: ReadonlyArray<{ email: string; role: Role; full_name: string }> = [
  { email: "donor@example.org", role: "donor", full_name: "Dana Donor" },
  { email: "beneficiary@example.org", role: "beneficiary", full_name: "Bakhtiyor Beneficiary" },
  { email: "coordinator@example.org", role: "coordinator", full_name: "Claire Coordinator" },
  { email: "admin@example.org", role: "admin", full_name: "Adam Admin" },
];

/** What `npm start` creates: enough to browse, small enough to start fast. */
export const DEFAULT_DEMO_PROJECTS = 300;
export const DEFAULT_DEMO_NEEDS = 300;

export interface DemoOptions {
  seed: number;
  /** Projects to create (default DEFAULT_DEMO_PROJECTS); 0 keeps only organizations and users. */
  projects?: number;
  /** Needs to create (default DEFAULT_DEMO_NEEDS). */
  needs?: number;
  /** The day the demo is generated (YYYY-MM-DD, default today, UTC): statuses and due dates follow it. */
  today?: string;
  onProgress?: (step: string, done: number, total: number) => void;
}

export interface DemoSummary {
  created: boolean;
  organizations: number;
  users: number;
  projects: number;
  needs: number;
  accounts: typeof DEMO_ACCOUNTS;
}

export async function hasDemoData(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom("users").select("id").where("is_demo", "=", true).limit(1).executeTakeFirst();
  return Boolean(row);
}

/** The demo donors, then one or two beneficiary agencies of every route country. */
async function insertDemoOrganizations(
  trx: Kysely<Database>,
  random: SeededRandom,
): Promise<{ donorIds: number[]; beneficiaryIds: Array<{ id: number; iso3: string }> }> {
  const donorIds: number[] = [];
  for (const donor of DEMO_DONORS) {
    const row = await trx.insertInto("organizations").values(donor).returning("id").executeTakeFirstOrThrow();
    donorIds.push(row.id);
  }

  const routeCountries = await trx
    .selectFrom("route_countries")
    .innerJoin("countries", "countries.iso3", "route_countries.country_iso3")
    .select(["countries.iso3", "countries.name_en"])
    .distinct()
    .orderBy("countries.iso3")
    .execute();
  const beneficiaryIds: Array<{ id: number; iso3: string }> = [];
  for (const country of routeCountries) {
    for (const kind of random.sample(AGENCY_KINDS, random.int(1, 2))) {
      const row = await trx
        .insertInto("organizations")
        .values({
          kind: "beneficiary_agency",
          name: `${kind.en} of ${country.name_en} (demo)`,
          acronym: null,
          country_iso3: country.iso3,
          iati_ref: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      beneficiaryIds.push({ id: row.id, iso3: country.iso3 });
    }
  }
  return { donorIds, beneficiaryIds };
}

/** One user per role, each in the organization its role belongs to. */
async function insertDemoUsers(
  trx: Kysely<Database>,
  passwordHash: string,
  donorIds: number[],
  beneficiaryIds: Array<{ id: number; iso3: string }>,
): Promise<{ demoDonor: number; demoBeneficiary: number }> {
  const unit = await trx
    .selectFrom("organizations")
    .select("id")
    .where("name", "=", COORDINATION_UNIT_NAME)
    .executeTakeFirstOrThrow();
  const tajik = beneficiaryIds.find((b) => b.iso3 === "TJK") ?? beneficiaryIds[0];
  const orgFor: Record<Role, { id: number; iso3: string | null }> = {
    donor: { id: donorIds[0], iso3: DEMO_DONORS[0].country_iso3 },
    beneficiary: tajik,
    coordinator: { id: unit.id, iso3: null },
    admin: { id: unit.id, iso3: null },
  };
  for (const account of DEMO_ACCOUNTS) {
    await trx
      .insertInto("users")
      .values({
        email: account.email,
        full_name: account.full_name,
        password_hash: passwordHash,
        role: account.role,
        status: "active",
        organization_id: orgFor[account.role].id,
        country_iso3: orgFor[account.role].iso3,
        is_demo: true,
      })
      .execute();
  }
  return { demoDonor: orgFor.donor.id, demoBeneficiary: orgFor.beneficiary.id };
}

/**
 * Creates demo organizations along the routes and one user per role. Deterministic for a seed,
 * and a no-op when demo data already exists (so `npm start` can run it every time).
 */
export async function generateDemoData(db: Kysely<Database>, options: DemoOptions): Promise<DemoSummary> {
  if (await hasDemoData(db))
    return { created: false, organizations: 0, users: 0, projects: 0, needs: 0, accounts: DEMO_ACCOUNTS };
  const random = new SeededRandom(options.seed);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  const people = await db.transaction().execute(async (trx) => {
    const { donorIds, beneficiaryIds } = await insertDemoOrganizations(trx, random);
    options.onProgress?.(
      "organizations",
      donorIds.length + beneficiaryIds.length,
      donorIds.length + beneficiaryIds.length,
    );
    const { demoDonor, demoBeneficiary } = await insertDemoUsers(trx, passwordHash, donorIds, beneficiaryIds);
    options.onProgress?.("users", DEMO_ACCOUNTS.length, DEMO_ACCOUNTS.length);
    return { donorIds, beneficiaryIds, demoDonor, demoBeneficiary };
  });

  await seedInvoicingSettings(db);

  const projectCount = options.projects ?? DEFAULT_DEMO_PROJECTS;
  const pairReserved = projectCount >= 2 ? 2 : 0;
  // Projects and needs in batches, each its own transaction (100,000 of each must not be one).
  const marketplace = await generateMarketplaceDemo(db, {
    random,
    projects: projectCount,
    needs: options.needs ?? DEFAULT_DEMO_NEEDS,
    donorOrganizationIds: people.donorIds,
    demoDonorOrganizationId: people.demoDonor,
    beneficiaryOrganizations: people.beneficiaryIds,
    demoBeneficiaryOrganizationId: people.demoBeneficiary,
    today,
    reserved: pairReserved,
    onProgress: options.onProgress,
  });
  // The duplicate pair counts among the projects asked for: two near-identical projects of two donors.
  if (pairReserved) {
    const { donor, coordinator } = await demoActors(db);
    await createDuplicatePair(db, donor, coordinator, people.donorIds[1], today);
    options.onProgress?.("projects", projectCount, projectCount);
  }
  const matches = await generateDemoMatches(db, random);
  const actors = await demoActors(db);
  const waiting = await proposeWaitingMatches(db, actors.donor, actors.beneficiary);
  const done = matches.confirmed + matches.proposed + matches.rejected + waiting;
  options.onProgress?.("matches", done, done);
  await generateDemoFunding(
    db,
    actors,
    { demo: people.demoDonor, others: people.donorIds.filter((id) => id !== people.demoDonor) },
    today,
  );
  return {
    created: true,
    organizations: people.donorIds.length + people.beneficiaryIds.length,
    users: DEMO_ACCOUNTS.length,
    ...marketplace,
    accounts: DEMO_ACCOUNTS,
  };
}

/** The demo accounts as the domain functions see them. */
async function demoActors(db: Kysely<Database>): Promise<Record<Role, Actor>> {
  const users = await db
    .selectFrom("users")
    .select(["id", "role", "organization_id", "country_iso3"])
    .where("is_demo", "=", true)
    .execute();
  const byRole = new Map(
    users.map((u) => [
      u.role,
      { id: u.id, role: u.role, organizationId: u.organization_id, countryIso3: u.country_iso3?.trim() ?? null },
    ]),
  );
  return {
    donor: byRole.get("donor")!,
    beneficiary: byRole.get("beneficiary")!,
    coordinator: byRole.get("coordinator")!,
    admin: byRole.get("admin")!,
  };
}

/**
 * The coordination unit's details and (fictitious) bank instructions, saved as the demo admin
 * would at /admin/invoicing, so that a coordinator can issue an invoice straight away.
 */
async function seedInvoicingSettings(db: Kysely<Database>): Promise<void> {
  const admin = await db
    .selectFrom("users")
    .select(["id", "organization_id"])
    .where("email", "=", "admin@example.org")
    .executeTakeFirstOrThrow();
  const actor = { id: admin.id, role: "admin" as const, organizationId: admin.organization_id, countryIso3: null };
  await saveIssuer(
    db,
    actor,
    {
      name: `${COORDINATION_UNIT_NAME} (demo)`,
      address: "Vienna International Centre\nWagramer Strasse 5\n1400 Vienna, Austria",
      email: "invoices@example.org",
    },
    null,
  );
  await saveBankInstructions(
    db,
    actor,
    {
      accountHolder: "Paris Pact Coordination Unit (demo)",
      bankName: "Demo Bank AG",
      iban: "AT61 1904 3002 3457 3201",
      swift: "DEMOATWWXXX",
      note: "Demo data: not a real account.",
    },
    null,
  );
}
