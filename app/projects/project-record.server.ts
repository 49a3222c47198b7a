import type { Kysely, Selectable } from "kysely";
import type { Database, ProjectsTable } from "../../db/schema";
import { actsForOrganization, can, type Actor } from "~/accounts/permissions";
import { detectLanguage, invalid, RecordError } from "~/marketplace/errors";
import {
  assertAreasOfPillars,
  assertKnownCountries,
  assertKnownCurrency,
  assertKnownDacCode,
  expandRoutes,
} from "~/marketplace/reference-checks.server";
import type { ProjectInput } from "./schema";
import { iatiIdentifierTaken, type ProjectLinks } from "./queries.server";

// What every write of a project shares, typed or imported: the checks of its classifications, the
// columns an input becomes, the organization it belongs to, its IATI identifier and its audit snapshot.

export type Db = Kysely<Database>;
export type ProjectRow = Selectable<ProjectsTable>;

export const IATI_CONSTRAINT = "projects_iati_identifier_key";

/** What the audit log keeps of a project: its row and its classifications. */
export function snapshot(row: ProjectRow, links: ProjectLinks) {
  return { ...row, ...links };
}

/** `{iati_ref}-ADAM-{id}`; an organization without an IATI reference gets `ADAM-ORG{orgId}-{id}`. */
export function defaultIatiIdentifier(iatiRef: string | null, organizationId: number, projectId: number): string {
  return iatiRef ? `${iatiRef}-ADAM-${projectId}` : `ADAM-ORG${organizationId}-${projectId}`;
}

export async function uniqueGeneratedIdentifier(db: Db, base: string): Promise<string> {
  let candidate = base;
  for (let n = 2; await iatiIdentifierTaken(db, candidate); n += 1) candidate = `${base}-${n}`;
  return candidate;
}

/** Checks the input against the reference data and returns the project's classifications. */
export async function resolveLinks(db: Db, input: ProjectInput): Promise<ProjectLinks> {
  await assertKnownCurrency(db, input.currency);
  await assertKnownDacCode(db, input.dacCode);
  await assertAreasOfPillars(db, input.capacityAreas, input.pillars, "capacityAreas");
  await assertKnownCountries(db, input.countries, "countries");
  const countries = await expandRoutes(db, input.countries, input.routes);
  if (countries.length === 0) throw invalid("countries", "projects.countriesRequired");
  return { pillars: [...input.pillars].sort(), capacityAreas: [...input.capacityAreas].sort(), countries };
}

/** The columns of `projects` an input becomes. */
export function columns(input: ProjectInput) {
  return {
    title: input.title,
    summary: input.summary,
    description: input.description ?? "",
    dac_code: input.dacCode,
    implementing_organization: input.implementingOrganization ?? null,
    status: input.status,
    start_date: input.startDate,
    end_date: input.endDate ?? null,
    budget: input.budget,
    currency: input.currency,
    language: detectLanguage(input.title, input.summary),
  };
}

/** The organization a new project belongs to: the donor's own; staff may name another. */
export async function owningOrganization(db: Db, actor: Actor, requested?: number) {
  if (!can(actor.role, "project:create")) throw new RecordError("forbidden");
  const id = requested !== undefined && can(actor.role, "record:edit-any") ? requested : actor.organizationId;
  if (id === null || id === undefined) throw new RecordError("forbidden");
  if (!actsForOrganization(actor, id)) throw new RecordError("forbidden");
  const org = await db
    .selectFrom("organizations")
    .select(["id", "iati_ref", "kind"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!org) throw invalid("organizationId", "form.choose");
  return org;
}
