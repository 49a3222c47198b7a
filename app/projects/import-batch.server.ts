import { sql } from "kysely";
import { rawRows } from "../../db/rows";
import { writeAudits } from "~/accounts/audit.server";
import type { Actor } from "~/accounts/permissions";
import { invalid, RecordError } from "~/marketplace/errors";
import { enqueueSearchSync } from "../../search/sync.server";
import { scanProjects } from "~/duplicates/detect-many.server";
import type { ProjectInput } from "./schema";
import { loadProjectLinks, NextIdRow, type ProjectLinks } from "./queries.server";
import { inTransaction } from "~/utils/transaction.server";
import { columns, owningOrganization, resolveLinks, snapshot, type Db, type ProjectRow } from "./project-record.server";
import { sourceColumnsOf, updateImportedRow, type ImportedProjectInput, type ImportSource } from "./import.server";

// The write of a chunk of IATI activities' projects in one transaction, with a few queries per chunk.

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
  const idRows = creating.length
    ? await rawRows(
        trx,
        "projects.insertPlanned",
        NextIdRow,
        sql`
        SELECT nextval(pg_get_serial_sequence('projects', 'id')) AS id
        FROM generate_series(1, ${creating.length})`,
      )
    : [];
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
    const row = await updateImportedRow(trx, p.existing!.id, p.kept, p.source);
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
  return inTransaction(db, async (trx) => {
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
