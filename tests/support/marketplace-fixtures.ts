import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, Priority, ProjectStatus } from "../../db/schema";

// Hand-made records for the computations' tests, inserted directly so that each case says exactly
// what it contains.

export interface ProjectFixture {
  organizationId: number;
  title?: string;
  summary?: string;
  countries: string[];
  pillars: string[];
  capacityAreas?: string[];
  status?: ProjectStatus;
  start: string;
  end?: string | null;
  budget?: string;
  currency?: string;
}

export async function insertProject(db: Kysely<Database>, p: ProjectFixture): Promise<number> {
  const row = await db
    .insertInto("projects")
    .values({
      organization_id: p.organizationId,
      title: p.title ?? `Project ${randomBytes(3).toString("hex")}`,
      summary: p.summary ?? "A technical-assistance project.",
      dac_code: "15130",
      status: p.status ?? "active",
      start_date: p.start,
      end_date: p.end ?? null,
      budget: p.budget ?? "100000.00",
      currency: p.currency ?? "USD",
      iati_identifier: `XM-TEST-${randomBytes(6).toString("hex")}`,
      implementing_organization: null,
      recommendation: null,
      created_by: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (p.countries.length)
    await db
      .insertInto("project_countries")
      .values(p.countries.map((c) => ({ project_id: row.id, country_iso3: c })))
      .execute();
  if (p.pillars.length)
    await db
      .insertInto("project_pillars")
      .values(p.pillars.map((c) => ({ project_id: row.id, pillar_code: c })))
      .execute();
  if (p.capacityAreas?.length) {
    await db
      .insertInto("project_capacity_areas")
      .values(p.capacityAreas.map((c) => ({ project_id: row.id, capacity_area_code: c })))
      .execute();
  }
  return row.id;
}

export interface NeedFixture {
  organizationId: number;
  country: string;
  pillar: string;
  capacityArea?: string;
  priority?: Priority;
  cost?: string | null;
  currency?: string | null;
  wantedStart?: string | null;
  wantedEnd?: string | null;
  title?: string;
  withdrawn?: boolean;
}

export async function insertNeed(db: Kysely<Database>, n: NeedFixture): Promise<number> {
  const row = await db
    .insertInto("needs")
    .values({
      organization_id: n.organizationId,
      country_iso3: n.country,
      title: n.title ?? `Need ${randomBytes(3).toString("hex")}`,
      description: "A capacity requirement.",
      pillar_code: n.pillar,
      capacity_area_code: n.capacityArea ?? `${n.pillar}.1`,
      priority: n.priority ?? "medium",
      estimated_cost: n.cost === undefined ? "100000.00" : n.cost,
      currency: n.cost === null ? null : (n.currency ?? "USD"),
      wanted_start: n.wantedStart ?? null,
      wanted_end: n.wantedEnd ?? null,
      recommendation: null,
      status: n.withdrawn ? "withdrawn" : "open",
      created_by: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A match inserted in a given state (for computations); the match workflow has its own tests. */
export async function insertMatch(
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
