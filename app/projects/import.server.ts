import { writeAudit } from "~/accounts/audit.server";
import type { Actor } from "~/accounts/permissions";
import { invalid } from "~/marketplace/errors";
import { enqueueSearchSync } from "../../search/sync.server";
import { scanProject } from "~/duplicates/detect.server";
import type { ProjectInput } from "./schema";
import { loadProjectLinks, nextProjectId, replaceProjectLinks, type ProjectLinks } from "./queries.server";
import { inTransaction } from "~/utils/transaction.server";
import { columns, owningOrganization, resolveLinks, snapshot, type Db, type ProjectRow } from "./project-record.server";

// The write of one IATI activity's project: the same checks, audit, search outbox and duplicate
// check as a typed project, with the columns that say where it came from.

/** Where an imported project came from, and what its publisher fields hash to. */
export interface ImportSource {
  publisher: string;
  file: string;
  lastUpdated: string | null;
  importId: number | null;
  fingerprint: string;
  narratives: unknown;
  classificationReview: boolean;
}

/** The columns that say where an imported project came from. */
export function sourceColumnsOf(source: ImportSource) {
  return {
    source_publisher: source.publisher,
    source_file: source.file,
    source_last_updated: source.lastUpdated,
    source_import_id: source.importId,
    source_fingerprint: source.fingerprint,
    source_narratives: JSON.stringify(source.narratives),
  };
}

type ImportedWrite = {
  input: ProjectInput & { organizationId: number; iatiIdentifier: string };
  kept: ProjectInput;
  links: ProjectLinks;
  source: ImportSource;
  userId: number | null;
  ip: string | null;
};

async function createImported(trx: Db, orgId: number, w: ImportedWrite) {
  const id = await nextProjectId(trx);
  const row = await trx
    .insertInto("projects")
    .values({
      id,
      organization_id: orgId,
      ...columns(w.kept),
      iati_identifier: w.input.iatiIdentifier,
      created_by: w.userId,
      ...sourceColumnsOf(w.source),
      classification_review: w.source.classificationReview,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await replaceProjectLinks(trx, id, w.links);
  await writeAudit(trx, {
    actorUserId: w.userId,
    action: "project.import.create",
    entityType: "project",
    entityId: id,
    before: null,
    after: snapshot(row, w.links),
    ip: w.ip,
  });
  await enqueueSearchSync(trx, "project", id);
  await scanProject(trx, id);
  return { id, created: true };
}

/** The update of an imported project's row (one project, or each of a chunk's): a new version. */
export async function updateImportedRow(
  trx: Db,
  id: number,
  kept: ProjectInput,
  source: ImportSource,
): Promise<ProjectRow> {
  return trx
    .updateTable("projects")
    .set((eb) => ({
      ...columns(kept),
      ...sourceColumnsOf(source),
      version: eb("version", "+", 1),
      updated_at: new Date(),
    }))
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

async function updateImported(trx: Db, existing: ProjectRow, beforeLinks: ProjectLinks, w: ImportedWrite) {
  const after = await updateImportedRow(trx, existing.id, w.kept, w.source);
  await replaceProjectLinks(trx, existing.id, w.links);
  await writeAudit(trx, {
    actorUserId: w.userId,
    action: "project.import.update",
    entityType: "project",
    entityId: existing.id,
    before: snapshot(existing, beforeLinks),
    after: snapshot(after, w.links),
    ip: w.ip,
  });
  await enqueueSearchSync(trx, "project", existing.id);
  await scanProject(trx, existing.id);
  return { id: existing.id, created: false };
}

/**
 * Creates or updates the project of an IATI activity, through the same checks, audit, search outbox
 * and duplicate check as any other write. On an update ADAM's own fields (pillars and capacity areas
 * as reviewed, matches, duplicate decisions) are kept.
 */
export async function saveImportedProject(
  db: Db,
  importer: Omit<Actor, "id"> & { id: number | null },
  input: ProjectInput & { organizationId: number; iatiIdentifier: string },
  source: ImportSource,
  ip: string | null = null,
) {
  // The command line acts as the coordination unit itself: no user, so the audit names none.
  const actor = { ...importer, id: importer.id ?? 0 };
  return inTransaction(db, async (trx) => {
    const org = await owningOrganization(trx, actor, input.organizationId);
    const existing = await trx
      .selectFrom("projects")
      .selectAll()
      .where("iati_identifier", "=", input.iatiIdentifier)
      .forUpdate()
      .executeTakeFirst();
    if (existing && existing.organization_id !== org.id) throw invalid("iatiIdentifier", "projects.iatiTaken");
    const beforeLinks = existing ? (await loadProjectLinks(trx, [existing.id])).get(existing.id)! : null;
    const kept =
      beforeLinks && existing?.source_publisher !== null
        ? { ...input, pillars: beforeLinks.pillars, capacityAreas: beforeLinks.capacityAreas }
        : input;
    const links = await resolveLinks(trx, kept);
    const write = { input, kept, links, source, userId: importer.id, ip };
    if (!existing) return createImported(trx, org.id, write);
    return updateImported(trx, existing, beforeLinks!, write);
  });
}

export type ImportedProjectInput = ProjectInput & { organizationId: number; iatiIdentifier: string };
