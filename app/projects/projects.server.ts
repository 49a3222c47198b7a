import type { Kysely, Selectable } from "kysely";
import type { Database, ProjectsTable } from "../../db/schema";
import { actsForOrganization, can, type Actor } from "~/accounts/permissions";
import { writeAudit } from "~/accounts/audit.server";
import { citedRecommendations } from "~/consultative/schema";
import { setRecommendationLinks } from "~/consultative/links.server";
import { detectLanguage, invalid, isUniqueViolation, RecordError } from "~/marketplace/errors";
import { assertAreasOfPillars, assertKnownCountries, assertKnownCurrency, assertKnownDacCode, expandRoutes } from "~/marketplace/reference-checks.server";
import { enqueueSearchSync } from "../../search/sync.server";
import { scanProject } from "~/duplicates/detect.server";
import type { ProjectInput } from "./schema";
import { findProjectRow, iatiIdentifierTaken, loadProjectLinks, nextProjectId, replaceProjectLinks, type ProjectLinks } from "./queries.server";

// The rules of a donor's projects: who may write them, what they must hold, and how every change is
// versioned, audited and queued for the search index.

type Db = Kysely<Database>;
type ProjectRow = Selectable<ProjectsTable>;

const IATI_CONSTRAINT = "projects_iati_identifier_key";

/** What the audit log keeps of a project: its row and its classifications. */
function snapshot(row: ProjectRow, links: ProjectLinks) {
  return { ...row, ...links };
}

/** `{iati_ref}-ADAM-{id}`; an organization without an IATI reference gets `ADAM-ORG{orgId}-{id}`. */
export function defaultIatiIdentifier(iatiRef: string | null, organizationId: number, projectId: number): string {
  return iatiRef ? `${iatiRef}-ADAM-${projectId}` : `ADAM-ORG${organizationId}-${projectId}`;
}

async function uniqueGeneratedIdentifier(db: Db, base: string): Promise<string> {
  let candidate = base;
  for (let n = 2; await iatiIdentifierTaken(db, candidate); n += 1) candidate = `${base}-${n}`;
  return candidate;
}

/** Checks the input against the reference data and returns the project's classifications. */
async function resolveLinks(db: Db, input: ProjectInput): Promise<ProjectLinks> {
  await assertKnownCurrency(db, input.currency);
  await assertKnownDacCode(db, input.dacCode);
  await assertAreasOfPillars(db, input.capacityAreas, input.pillars, "capacityAreas");
  await assertKnownCountries(db, input.countries, "countries");
  const countries = await expandRoutes(db, input.countries, input.routes);
  if (countries.length === 0) throw invalid("countries", "projects.countriesRequired");
  return { pillars: [...input.pillars].sort(), capacityAreas: [...input.capacityAreas].sort(), countries };
}

function columns(input: ProjectInput) {
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
async function owningOrganization(db: Db, actor: Actor, requested?: number) {
  if (!can(actor.role, "project:create")) throw new RecordError("forbidden");
  const id = requested !== undefined && can(actor.role, "record:edit-any") ? requested : actor.organizationId;
  if (id === null || id === undefined) throw new RecordError("forbidden");
  if (!actsForOrganization(actor, id)) throw new RecordError("forbidden");
  const org = await db.selectFrom("organizations").select(["id", "iati_ref", "kind"]).where("id", "=", id).executeTakeFirst();
  if (!org) throw invalid("organizationId", "form.choose");
  return org;
}

export async function createProject(db: Db, actor: Actor, input: ProjectInput, ip: string | null = null): Promise<{ id: number; iatiIdentifier: string }> {
  try {
    return await db.transaction().execute(async (trx) => {
      const org = await owningOrganization(trx, actor, input.organizationId);
      const links = await resolveLinks(trx, input);
      if (input.iatiIdentifier && (await iatiIdentifierTaken(trx, input.iatiIdentifier))) throw invalid("iatiIdentifier", "projects.iatiTaken");
      const id = await nextProjectId(trx);
      const iatiIdentifier = input.iatiIdentifier ?? (await uniqueGeneratedIdentifier(trx, defaultIatiIdentifier(org.iati_ref, org.id, id)));
      const row = await trx
        .insertInto("projects")
        .values({ id, organization_id: org.id, ...columns(input), iati_identifier: iatiIdentifier, created_by: actor.id })
        .returningAll()
        .executeTakeFirstOrThrow();
      await replaceProjectLinks(trx, id, links);
      await writeAudit(trx, { actorUserId: actor.id, action: "project.create", entityType: "project", entityId: id, before: null, after: snapshot(row, links), ip });
      await setRecommendationLinks(trx, "project", actor.id, id, citedRecommendations(input), ip);
      await enqueueSearchSync(trx, "project", id);
      // The duplicate check runs with every change to a project.
      await scanProject(trx, id);
      return { id, iatiIdentifier };
    });
  } catch (error) {
    if (isUniqueViolation(error, IATI_CONSTRAINT)) throw invalid("iatiIdentifier", "projects.iatiTaken");
    throw error;
  }
}

/** Loads a project for a change by this actor, locked, at the version the actor saw. */
async function lockForChange(db: Db, actor: Actor, id: number, expectedVersion: number) {
  const before = await findProjectRow(db, id, { forUpdate: true });
  if (!before) throw new RecordError("not_found");
  if (!canEditProject(actor, before)) throw new RecordError("forbidden");
  if (before.version !== expectedVersion) throw new RecordError("stale");
  const links = (await loadProjectLinks(db, [id])).get(id)!;
  return { before, links };
}

export async function updateProject(db: Db, actor: Actor, id: number, expectedVersion: number, input: ProjectInput, ip: string | null = null): Promise<{ version: number }> {
  try {
    return await db.transaction().execute(async (trx) => {
      const { before, links: beforeLinks } = await lockForChange(trx, actor, id, expectedVersion);
      const links = await resolveLinks(trx, input);
      const iatiIdentifier = input.iatiIdentifier ?? before.iati_identifier;
      if (iatiIdentifier !== before.iati_identifier && (await iatiIdentifierTaken(trx, iatiIdentifier, id))) throw invalid("iatiIdentifier", "projects.iatiTaken");
      const after = await trx
        .updateTable("projects")
        .set((eb) => ({ ...columns(input), iati_identifier: iatiIdentifier, version: eb("version", "+", 1), updated_at: new Date() }))
        .where("id", "=", id)
        .where("version", "=", expectedVersion)
        .returningAll()
        .executeTakeFirst();
      if (!after) throw new RecordError("stale");
      await replaceProjectLinks(trx, id, links);
      await writeAudit(trx, { actorUserId: actor.id, action: "project.update", entityType: "project", entityId: id, before: snapshot(before, beforeLinks), after: snapshot(after, links), ip });
      await setRecommendationLinks(trx, "project", actor.id, id, citedRecommendations(input), ip);
      await enqueueSearchSync(trx, "project", id);
      // The duplicate check runs with every change to a project.
      await scanProject(trx, id);
      return { version: after.version };
    });
  } catch (error) {
    if (isUniqueViolation(error, IATI_CONSTRAINT)) throw invalid("iatiIdentifier", "projects.iatiTaken");
    throw error;
  }
}

/** Closes a project as completed or cancelled. */
export async function closeProject(
  db: Db,
  actor: Actor,
  id: number,
  expectedVersion: number,
  status: "completed" | "cancelled",
  ip: string | null = null,
): Promise<{ version: number }> {
  return db.transaction().execute(async (trx) => {
    const { before, links } = await lockForChange(trx, actor, id, expectedVersion);
    const after = await trx
      .updateTable("projects")
      .set((eb) => ({ status, version: eb("version", "+", 1), updated_at: new Date() }))
      .where("id", "=", id)
      .where("version", "=", expectedVersion)
      .returningAll()
      .executeTakeFirst();
    if (!after) throw new RecordError("stale");
    await writeAudit(trx, { actorUserId: actor.id, action: "project.close", entityType: "project", entityId: id, before: snapshot(before, links), after: snapshot(after, links), ip });
    await enqueueSearchSync(trx, "project", id);
    // The duplicate check runs with every change to a project.
    await scanProject(trx, id);
    return { version: after.version };
  });
}

/** May this actor edit this project? (for showing the edit link; the writes check again). */
export function canEditProject(actor: Actor, project: { organization_id: number }): boolean {
  return actsForOrganization(actor, project.organization_id) && (can(actor.role, "project:create") || can(actor.role, "record:edit-any"));
}
