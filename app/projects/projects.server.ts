import { sql, type Kysely, type Selectable } from "kysely";
import type { Database, ProjectsTable } from "../../db/schema";
import { actsForOrganization, can, canEditProject, type Actor } from "~/accounts/permissions";
import { writeAudit, writeAudits } from "~/accounts/audit.server";
import { citedRecommendations } from "~/consultative/schema";
import { setRecommendationLinks } from "~/consultative/links.server";
import { detectLanguage, invalid, isUniqueViolation, RecordError } from "~/marketplace/errors";
import {
  assertAreasOfPillars,
  assertKnownCountries,
  assertKnownCurrency,
  assertKnownDacCode,
  expandRoutes,
} from "~/marketplace/reference-checks.server";
import { enqueueSearchSync } from "../../search/sync.server";
import { scanProject } from "~/duplicates/detect.server";
import { scanProjects } from "~/duplicates/detect-many.server";
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
  const org = await db
    .selectFrom("organizations")
    .select(["id", "iati_ref", "kind"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!org) throw invalid("organizationId", "form.choose");
  return org;
}

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
  const before = await findProjectRow(db, id, { forUpdate: true });
  if (!before) throw new RecordError("not_found");
  if (!canEditProject(actor, before)) throw new RecordError("forbidden");
  if (before.version !== expectedVersion) throw new RecordError("stale");
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
function sourceColumnsOf(source: ImportSource) {
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

async function updateImported(trx: Db, existing: ProjectRow, beforeLinks: ProjectLinks, w: ImportedWrite) {
  const after = await trx
    .updateTable("projects")
    .set((eb) => ({
      ...columns(w.kept),
      ...sourceColumnsOf(w.source),
      version: eb("version", "+", 1),
      updated_at: new Date(),
    }))
    .where("id", "=", existing.id)
    .returningAll()
    .executeTakeFirstOrThrow();
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
  return db.transaction().execute(async (trx) => {
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
export type ImportedSaveResult = { id: number; created: boolean } | { error: RecordError };

/** The reference rows a chunk of inputs names, read in four queries instead of four per project. */
async function referenceSetsFor(db: Db, inputs: ProjectInput[]) {
  const distinct = (values: string[]) => [...new Set(values)];
  const currencies = distinct(inputs.map((i) => i.currency));
  const dacCodes = distinct(inputs.map((i) => i.dacCode));
  const countries = distinct(inputs.flatMap((i) => i.countries));
  const areas = distinct(inputs.flatMap((i) => i.capacityAreas));
  const [currencyRows, dacRows, countryRows, areaRows] = await Promise.all([
    currencies.length
      ? db.selectFrom("exchange_rates").select("currency").distinct().where("currency", "in", currencies).execute()
      : [],
    dacCodes.length ? db.selectFrom("dac_codes").select("code").where("code", "in", dacCodes).execute() : [],
    countries.length ? db.selectFrom("countries").select("iso3").where("iso3", "in", countries).execute() : [],
    areas.length
      ? db.selectFrom("capacity_areas").select(["code", "pillar_code"]).where("code", "in", areas).execute()
      : [],
  ]);
  return {
    currencies: new Set(currencyRows.map((r) => r.currency)),
    dacCodes: new Set(dacRows.map((r) => r.code)),
    countries: new Set(countryRows.map((r) => r.iso3)),
    pillarOfArea: new Map(areaRows.map((r) => [r.code, r.pillar_code])),
  };
}

/**
 * resolveLinks on preloaded reference rows: the same checks in the same order, so the same error for
 * the same input (routes, which imports never name, go to the database as before).
 */
async function resolveLinksFrom(
  db: Db,
  sets: Awaited<ReturnType<typeof referenceSetsFor>>,
  input: ProjectInput,
): Promise<ProjectLinks> {
  if (input.routes.length) return resolveLinks(db, input);
  if (!sets.currencies.has(input.currency)) throw invalid("currency", "market.unknownCurrency");
  if (!sets.dacCodes.has(input.dacCode)) throw invalid("dacCode", "projects.unknownDacCode");
  if (input.capacityAreas.length) {
    if (!input.capacityAreas.every((a) => sets.pillarOfArea.has(a))) throw invalid("capacityAreas", "form.choose");
    if (input.capacityAreas.some((a) => !input.pillars.includes(sets.pillarOfArea.get(a)!)))
      throw invalid("capacityAreas", "projects.areaOutsidePillars");
  }
  if (input.countries.length && !input.countries.every((c) => sets.countries.has(c)))
    throw invalid("countries", "form.choose");
  const countries = [...new Set(input.countries)].sort();
  if (countries.length === 0) throw invalid("countries", "projects.countriesRequired");
  return { pillars: [...input.pillars].sort(), capacityAreas: [...input.capacityAreas].sort(), countries };
}

async function replaceLinksOfMany(db: Db, written: Array<{ id: number; links: ProjectLinks }>): Promise<void> {
  const ids = written.map((w) => w.id);
  await db.deleteFrom("project_pillars").where("project_id", "in", ids).execute();
  await db.deleteFrom("project_capacity_areas").where("project_id", "in", ids).execute();
  await db.deleteFrom("project_countries").where("project_id", "in", ids).execute();
  const pillars = written.flatMap((w) => w.links.pillars.map((pillar_code) => ({ project_id: w.id, pillar_code })));
  const areas = written.flatMap((w) =>
    w.links.capacityAreas.map((capacity_area_code) => ({ project_id: w.id, capacity_area_code })),
  );
  const countries = written.flatMap((w) =>
    w.links.countries.map((country_iso3) => ({ project_id: w.id, country_iso3 })),
  );
  if (pillars.length) await db.insertInto("project_pillars").values(pillars).execute();
  if (areas.length) await db.insertInto("project_capacity_areas").values(areas).execute();
  if (countries.length) await db.insertInto("project_countries").values(countries).execute();
}

type Planned = {
  index: number;
  existing: ProjectRow | undefined;
  kept: ProjectInput;
  links: ProjectLinks;
  orgId: number;
  source: ImportSource;
};

type Entry = { input: ImportedProjectInput; source: ImportSource };

/** The chunk's projects as stored now, locked, with their links. */
async function existingOfChunk(trx: Db, entries: Entry[]) {
  const identifiers = entries.map((e) => e.input.iatiIdentifier);
  const existingRows = await trx
    .selectFrom("projects")
    .selectAll()
    .where("iati_identifier", "in", identifiers)
    .forUpdate()
    .execute();
  const existingOf = new Map(existingRows.map((r) => [r.iati_identifier, r]));
  const linksBefore = await loadProjectLinks(
    trx,
    existingRows.map((r) => r.id),
  );
  return { existingOf, linksBefore };
}

/** What each entry will be written as, or (in results) the error the checks refuse it with. */
async function planChunk(trx: Db, actor: Actor, entries: Entry[], results: ImportedSaveResult[]) {
  const orgs = new Map<number, Awaited<ReturnType<typeof owningOrganization>>>();
  for (const id of new Set(entries.map((e) => e.input.organizationId)))
    orgs.set(id, await owningOrganization(trx, actor, id));
  const { existingOf, linksBefore } = await existingOfChunk(trx, entries);
  // What each entry will hold: ADAM's own pillars and areas are kept on an update of an imported project.
  const keptOf = entries.map(({ input }) => {
    const existing = existingOf.get(input.iatiIdentifier);
    const before = existing ? linksBefore.get(existing.id)! : null;
    return before && existing?.source_publisher !== null
      ? { ...input, pillars: before.pillars, capacityAreas: before.capacityAreas }
      : input;
  });
  const sets = await referenceSetsFor(trx, keptOf);
  const planned: Planned[] = [];
  for (const [index, { input, source }] of entries.entries()) {
    const org = orgs.get(input.organizationId)!;
    const existing = existingOf.get(input.iatiIdentifier);
    const kept = keptOf[index];
    try {
      if (existing && existing.organization_id !== org.id) throw invalid("iatiIdentifier", "projects.iatiTaken");
      planned.push({ index, existing, kept, links: await resolveLinksFrom(trx, sets, kept), orgId: org.id, source });
    } catch (error) {
      if (error instanceof RecordError) results[index] = { error };
      else throw error;
    }
  }
  return { planned, linksBefore };
}

/** Inserts the new projects (ids from the sequence, 200 rows a statement); their ids by entry index. */
async function insertPlanned(
  trx: Db,
  entries: Entry[],
  creating: Planned[],
  userId: number | null,
  after: Map<number, ProjectRow>,
): Promise<Map<number, number>> {
  const { rows: idRows } = creating.length
    ? await sql<{ id: string }>`
        SELECT nextval(pg_get_serial_sequence('projects', 'id')) AS id
        FROM generate_series(1, ${creating.length})`.execute(trx)
    : { rows: [] };
  const newIds = new Map(creating.map((p, i) => [p.index, Number(idRows[i].id)]));
  for (let i = 0; i < creating.length; i += 200) {
    const rows = creating.slice(i, i + 200).map((p) => ({
      id: newIds.get(p.index)!,
      organization_id: p.orgId,
      ...columns(p.kept),
      iati_identifier: entries[p.index].input.iatiIdentifier,
      created_by: userId,
      ...sourceColumnsOf(p.source),
      classification_review: p.source.classificationReview,
    }));
    for (const row of await trx.insertInto("projects").values(rows).returningAll().execute()) after.set(row.id, row);
  }
  return newIds;
}

async function updatePlanned(trx: Db, updating: Planned[], after: Map<number, ProjectRow>): Promise<void> {
  for (const p of updating) {
    const row = await trx
      .updateTable("projects")
      .set((eb) => ({
        ...columns(p.kept),
        ...sourceColumnsOf(p.source),
        version: eb("version", "+", 1),
        updated_at: new Date(),
      }))
      .where("id", "=", p.existing!.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    after.set(row.id, row);
  }
}

/**
 * saveImportedProject for a chunk of activities in one transaction: the same checks, versions, audit
 * rows (one per project, in order), search outbox and duplicate check (scanProjects: the state that
 * scanProject on each, in order, would leave), with a few queries per chunk instead of some thirty
 * per project. An input the checks refuse comes back as its error; the others are written.
 */
export async function saveImportedProjects(
  db: Db,
  importer: Omit<Actor, "id"> & { id: number | null },
  entries: Entry[],
  ip: string | null = null,
): Promise<ImportedSaveResult[]> {
  if (entries.length === 0) return [];
  const actor = { ...importer, id: importer.id ?? 0 };
  const userId = importer.id;
  return db.transaction().execute(async (trx) => {
    const results: ImportedSaveResult[] = new Array(entries.length);
    const { planned, linksBefore } = await planChunk(trx, actor, entries, results);
    if (planned.length === 0) return results;
    const after = new Map<number, ProjectRow>();
    const newIds = await insertPlanned(
      trx,
      entries,
      planned.filter((p) => !p.existing),
      userId,
      after,
    );
    await updatePlanned(
      trx,
      planned.filter((x) => x.existing),
      after,
    );
    const idOf = (p: Planned) => p.existing?.id ?? newIds.get(p.index)!;
    await replaceLinksOfMany(
      trx,
      planned.map((p) => ({ id: idOf(p), links: p.links })),
    );
    await writeAudits(
      trx,
      planned.map((p) => ({
        actorUserId: userId,
        action: p.existing ? "project.import.update" : "project.import.create",
        entityType: "project",
        entityId: idOf(p),
        before: p.existing ? snapshot(p.existing, linksBefore.get(p.existing.id)!) : null,
        after: snapshot(after.get(idOf(p))!, p.links),
        ip,
      })),
    );
    const ids = planned.map(idOf);
    await enqueueSearchSync(trx, "project", ids);
    await scanProjects(trx, ids);
    for (const p of planned) results[p.index] = { id: idOf(p), created: !p.existing };
    return results;
  });
}
