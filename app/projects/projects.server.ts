import { writeAudit } from "~/accounts/audit.server";
import { canEditProject, type Actor } from "~/accounts/permissions";
import { citedRecommendations } from "~/consultative/schema";
import { setRecommendationLinks } from "~/consultative/links.server";
import { editableAt, invalid, isUniqueViolation, RecordError } from "~/marketplace/errors";
import { enqueueSearchSync } from "../../search/sync.server";
import { scanProject } from "~/duplicates/detect.server";
import type { ProjectInput } from "./schema";
import {
  findProjectRow,
  iatiIdentifierTaken,
  loadProjectLinks,
  nextProjectId,
  replaceProjectLinks,
  type ProjectLinks,
} from "./queries.server";
import { inTransaction } from "~/utils/transaction.server";
import {
  columns,
  defaultIatiIdentifier,
  IATI_CONSTRAINT,
  owningOrganization,
  resolveLinks,
  snapshot,
  uniqueGeneratedIdentifier,
  type Db,
  type ProjectRow,
} from "./project-record.server";

// The rules of a donor's projects as people write them: create, update and close, each versioned,
// audited and queued for the search index. What the writes share is in project-record.server.ts;
// the writes of the IATI import are in import.server.ts (one activity) and import-batch.server.ts (a chunk).

export async function createProject(
  db: Db,
  actor: Actor,
  input: ProjectInput,
  ip: string | null = null,
): Promise<{ id: number; iatiIdentifier: string }> {
  try {
    return await inTransaction(db, async (trx) => {
      const org = await owningOrganization(trx, actor, input.organizationId);
      const links = await resolveLinks(trx, input);
      if (input.iatiIdentifier && (await iatiIdentifierTaken(trx, input.iatiIdentifier)))
        throw invalid("iatiIdentifier", "projects.iatiTaken");
      const id = await nextProjectId(trx);
      const iatiIdentifier =
        input.iatiIdentifier ?? (await uniqueGeneratedIdentifier(trx, defaultIatiIdentifier(org.iati_ref, org.id, id)));
      const row = await trx
        .insertInto("projects")
        .values({
          id,
          organization_id: org.id,
          ...columns(input),
          iati_identifier: iatiIdentifier,
          created_by: actor.id,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await replaceProjectLinks(trx, id, links);
      await writeAudit(trx, {
        actorUserId: actor.id,
        action: "project.create",
        entityType: "project",
        entityId: id,
        before: null,
        after: snapshot(row, links),
        ip,
      });
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
  const before = editableAt(await findProjectRow(db, id, { forUpdate: true }), expectedVersion, (row) =>
    canEditProject(actor, row),
  );
  const links = (await loadProjectLinks(db, [id])).get(id)!;
  return { before, links };
}

export async function updateProject(
  db: Db,
  actor: Actor,
  id: number,
  expectedVersion: number,
  input: ProjectInput,
  ip: string | null = null,
): Promise<{ version: number }> {
  try {
    return await inTransaction(db, async (trx) => {
      const { before, links: beforeLinks } = await lockForChange(trx, actor, id, expectedVersion);
      const links = await resolveLinks(trx, input);
      refusePublisherFieldChange(before, beforeLinks, input, links);
      const iatiIdentifier = input.iatiIdentifier ?? before.iati_identifier;
      if (iatiIdentifier !== before.iati_identifier && (await iatiIdentifierTaken(trx, iatiIdentifier, id)))
        throw invalid("iatiIdentifier", "projects.iatiTaken");
      const after = await trx
        .updateTable("projects")
        .set((eb) => ({
          ...columns(input),
          iati_identifier: iatiIdentifier,
          version: eb("version", "+", 1),
          updated_at: new Date(),
        }))
        .where("id", "=", id)
        .where("version", "=", expectedVersion)
        .returningAll()
        .executeTakeFirst();
      if (!after) throw new RecordError("stale");
      await replaceProjectLinks(trx, id, links);
      await writeAudit(trx, {
        actorUserId: actor.id,
        action: "project.update",
        entityType: "project",
        entityId: id,
        before: snapshot(before, beforeLinks),
        after: snapshot(after, links),
        ip,
      });
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
  return inTransaction(db, async (trx) => {
    const { before, links } = await lockForChange(trx, actor, id, expectedVersion);
    if (before.source_publisher !== null && status !== before.status) throw invalid("status", "iati.ownedByPublisher");
    const after = await trx
      .updateTable("projects")
      .set((eb) => ({ status, version: eb("version", "+", 1), updated_at: new Date() }))
      .where("id", "=", id)
      .where("version", "=", expectedVersion)
      .returningAll()
      .executeTakeFirst();
    if (!after) throw new RecordError("stale");
    await writeAudit(trx, {
      actorUserId: actor.id,
      action: "project.close",
      entityType: "project",
      entityId: id,
      before: snapshot(before, links),
      after: snapshot(after, links),
      ip,
    });
    await enqueueSearchSync(trx, "project", id);
    // The duplicate check runs with every change to a project.
    await scanProject(trx, id);
    return { version: after.version };
  });
}

// Who may edit a project has its home in app/accounts/permissions.ts; re-exported for the routes.
export { canEditProject };

/**
 * An imported project's fields belong to its publisher: ADAM refuses to change them (the form says
 * where to change them: the publisher's IATI file, then import again). Pillars and areas stay ADAM's.
 */
function refusePublisherFieldChange(
  before: ProjectRow,
  beforeLinks: ProjectLinks,
  input: ProjectInput,
  links: ProjectLinks,
): void {
  if (before.source_publisher === null) return;
  const next = columns(input);
  const owned: Array<[string, unknown, unknown]> = [
    ["title", before.title, next.title],
    ["summary", before.summary, next.summary],
    ["description", before.description, next.description],
    ["dacCode", before.dac_code, next.dac_code],
    ["implementingOrganization", before.implementing_organization, next.implementing_organization],
    ["status", before.status, next.status],
    ["startDate", before.start_date, next.start_date],
    ["endDate", before.end_date, next.end_date],
    ["budget", Number(before.budget), Number(next.budget)],
    ["currency", before.currency, next.currency],
    ["iatiIdentifier", before.iati_identifier, input.iatiIdentifier ?? before.iati_identifier],
    ["countries", beforeLinks.countries.join(","), links.countries.join(",")],
  ];
  const changed = owned.find(([, was, now]) => was !== now);
  if (changed) throw invalid(changed[0], "iati.ownedByPublisher");
}

// Re-exported so that callers keep one import for the project's writes.
export { defaultIatiIdentifier };
export { saveImportedProject, type ImportSource, type ImportedProjectInput } from "./import.server";
export { saveImportedProjects, type ImportedSaveResult } from "./import-batch.server";
