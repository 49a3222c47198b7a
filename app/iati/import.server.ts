import { stat } from "node:fs/promises";
import path from "node:path";
import type { Kysely } from "kysely";
import type { Database, Disposition } from "../../db/schema";
import type { Actor } from "~/accounts/permissions";
import { can } from "~/accounts/permissions";
import { RecordError } from "~/marketplace/errors";
import { saveImportedProject, saveImportedProjects } from "~/projects/projects.server";
import { mapActivity, type MappedActivity, type MappingOptions, type ReferenceData } from "./mapping";
import { createPublisherOrganization, findOrganizationsByRefs } from "./organizations.server";
import { NotWellFormed, readActivities, type RootInfo } from "./reader.server";
import { reason, type Reason } from "./reasons";
import { loadReferenceData } from "./reference.server";
import { checkSchema, type SchemaCheck } from "./schema-check.server";
import { SchemaProblems } from "./schema-problems";
import { clearStagedItems, stageItems } from "./store.server";
import { activityVersion, classifyVersion } from "./version";
import type { XmlElement } from "./xml";

// Reads an IATI file and accounts for every activity in it: created, updated, unchanged, skipped or
// rejected, each with its reasons and line. A preview decides without writing; an import first
// previews (so a file refused as a whole changes nothing), then reads the file again and writes.

type Db = Kysely<Database>;

/** Who imports: a user, or the coordination unit itself (the command line, id null). */
export type Importer = Omit<Actor, "id"> & { id: number | null };

export interface ImportItem {
  position: number;
  iatiIdentifier: string | null;
  line: number;
  endLine: number;
  disposition: Disposition;
  reasons: Reason[];
  projectId: number | null;
  pillar: string | null;
  countries: string[];
  warnings: number;
}

export interface ImportReport {
  file: string;
  version: string | null;
  refused: boolean;
  /** About the file as a whole: why it was refused, or schema problems outside any activity. */
  reasons: Reason[];
  activities: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  rejected: number;
  warnings: number;
  /** Every activity's item, unless `itemsStaged`. */
  items: ImportItem[];
  /**
   * The items were written to the import's rows as they were decided (an import with an `importId`),
   * not held: `saveReport` puts them in place, `importItemPages` reads them.
   */
  itemsStaged: boolean;
}

export interface ImportOptions extends Partial<MappingOptions> {
  /** The name shown in reports and on projects (the uploaded file's own name). */
  fileName?: string;
  importId?: number | null;
  onProgress?: (activities: number, bytesRead: number) => void;
  /** Reuse a schema check already made (the import's preview). */
  schema?: SchemaCheck;
  /** Activities decided (and written, in one transaction) together; 250 unless told. */
  chunkSize?: number;
  /** Each project in its own transaction with its own duplicate check (the unbatched path, kept to compare). */
  oneByOne?: boolean;
}

const CHUNK_SIZE = 250;

class FileRefused extends Error {
  constructor(readonly reasons: Reason[]) {
    super("file refused");
  }
}

interface Decision {
  disposition: Disposition;
  reasons: Reason[];
  mapped?: MappedActivity;
  organizationId?: number | null;
  projectId?: number | null;
}

/** What the run knows across activities. */
interface RunState {
  db: Db;
  importer: Importer;
  ref: ReferenceData;
  options: MappingOptions;
  apply: boolean;
  fileName: string;
  importId: number | null;
  firstLineOf: Map<string, number>;
  organizations: Map<string, { id: number; name: string } | null>;
  ownRef: string | null;
  oneByOne: boolean;
  /** The import's first pass: only whether the file is refused as a whole (no lookups, no writes). */
  refusalsOnly: boolean;
}

function emptyReport(file: string): ImportReport {
  return {
    file,
    version: null,
    refused: false,
    reasons: [],
    activities: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    rejected: 0,
    warnings: 0,
    items: [],
    itemsStaged: false,
  };
}

export function refusedReport(file: string, reasons: Reason[], version: string | null = null): ImportReport {
  return { ...emptyReport(file), version, refused: true, reasons };
}

/** The reporting organization an activity's project belongs to, or why the file is refused. */
async function organizationFor(
  state: RunState,
  mapped: MappedActivity,
  line: number,
): Promise<{ id: number | null; notes: Reason[] }> {
  const refKey = mapped.reportingOrg.ref.toUpperCase();
  if (!can(state.importer.role, "record:edit-any")) {
    // Donors import their own organization's activities only: anything else refuses the whole file.
    if (!state.ownRef) throw new FileRefused([reason("iati.file.noOwnIdentifier")]);
    if (refKey !== state.ownRef.toUpperCase())
      throw new FileRefused([
        reason("iati.file.foreignPublisher", { line, ref: mapped.reportingOrg.ref, own: state.ownRef }),
      ]);
    return { id: state.importer.organizationId, notes: [] };
  }
  const known = state.organizations.get(refKey);
  if (known) return { id: known.id, notes: [] };
  const about = { name: mapped.reportingOrg.name, ref: mapped.reportingOrg.ref };
  if (!state.apply) return { id: null, notes: [reason("iati.reason.willCreateOrganization", about)] };
  const created = await createPublisherOrganization(state.db, mapped.reportingOrg);
  state.organizations.set(refKey, created);
  return { id: created.id, notes: [reason("iati.reason.organizationCreated", about)] };
}

/** An activity as read, waiting in its chunk. */
interface Pending {
  activity: XmlElement;
  endLine: number;
  index: number;
}

/** What the file alone decides (version, mapping, a repeated identifier): a decision, or what to look up. */
type FirstLook = { done: Decision } | { mapped: MappedActivity; notes: Reason[] };

function firstLook(state: RunState, activity: XmlElement, fileVersion: string | undefined): FirstLook {
  const version = activityVersion(activity, fileVersion);
  if (version.kind === "legacy")
    return {
      done: { disposition: "rejected", reasons: [reason("iati.reason.legacyActivity", { version: version.version })] },
    };
  const versionNotes =
    version.kind === "unknown" && version.version && activity.attrs.version
      ? [reason("iati.reason.unknownVersion", { version: version.version })]
      : [];
  const outcome = mapActivity(activity, state.ref, state.options);
  const identifier = outcome.kind === "mapped" ? outcome.activity.iatiIdentifier : outcome.iatiIdentifier;
  if (identifier) {
    const first = state.firstLineOf.get(identifier);
    if (first !== undefined)
      return {
        done: { disposition: "rejected", reasons: [reason("iati.reason.repeated", { line: activity.line, first })] },
      };
    state.firstLineOf.set(identifier, activity.line);
  }
  if (outcome.kind !== "mapped")
    return { done: { disposition: outcome.kind, reasons: [...outcome.reasons, ...versionNotes] } };
  return { mapped: outcome.activity, notes: [...outcome.notes, ...versionNotes] };
}

type ExistingProject = {
  id: number;
  organization_id: number;
  source_fingerprint: string | null;
  source_publisher: string | null;
};

/** The publishers and projects a chunk names, one query each (publishers already known are not asked again). */
async function lookUpChunk(state: RunState, looks: FirstLook[]): Promise<Map<string, ExistingProject>> {
  if (state.refusalsOnly) return new Map();
  const mapped = looks.flatMap((l) => ("mapped" in l ? [l.mapped] : []));
  const refs = [...new Set(mapped.map((m) => m.reportingOrg.ref.toUpperCase()))].filter(
    (r) => !state.organizations.has(r),
  );
  if (refs.length && can(state.importer.role, "record:edit-any")) {
    const found = await findOrganizationsByRefs(state.db, refs);
    for (const ref of refs) state.organizations.set(ref, found.get(ref) ?? null);
  }
  const identifiers = mapped.map((m) => m.iatiIdentifier);
  if (!identifiers.length) return new Map();
  const rows = await state.db
    .selectFrom("projects")
    .select(["id", "organization_id", "iati_identifier", "source_fingerprint", "source_publisher"])
    .where("iati_identifier", "in", identifiers)
    .execute();
  return new Map(rows.map((r) => [r.iati_identifier, r]));
}

/** A project to write for an activity, and the reasons its item will carry. */
interface Write {
  position: number;
  mapped: MappedActivity;
  organizationId: number;
  why: Reason[];
}

/** Decides what the database changes for one mapped activity: a decision, or a write to make. */
async function secondLook(
  state: RunState,
  look: { mapped: MappedActivity; notes: Reason[] },
  line: number,
  existing: ExistingProject | undefined,
): Promise<Decision | Omit<Write, "position">> {
  const { mapped } = look;
  const org = await organizationFor(state, mapped, line);
  const notes = [...look.notes, ...org.notes];
  if (existing && (org.id === null || existing.organization_id !== org.id))
    return { disposition: "rejected", reasons: [reason("iati.reason.identifierOfOther")] };
  if (existing && existing.source_fingerprint === mapped.fingerprint) {
    return { disposition: "unchanged", reasons: [reason("iati.reason.unchanged")], mapped, projectId: existing.id };
  }
  const disposition: Disposition = existing ? "updated" : "created";
  const why = existing
    ? [existing.source_publisher === null ? reason("iati.reason.takenOver") : reason("iati.reason.changed")]
    : [];
  if (!state.apply) return { disposition, reasons: [...why, ...notes], mapped, projectId: existing?.id ?? null };
  return { mapped, organizationId: org.id!, why: [...why, ...notes] };
}

function projectInput(write: Omit<Write, "position">, state: RunState) {
  const { mapped } = write;
  return {
    input: {
      organizationId: write.organizationId,
      iatiIdentifier: mapped.iatiIdentifier,
      title: mapped.title,
      summary: mapped.summary,
      description: mapped.description || undefined,
      pillars: mapped.pillars,
      capacityAreas: mapped.capacityAreas,
      dacCode: mapped.dacCode,
      countries: mapped.countries,
      routes: [],
      implementingOrganization: mapped.implementingOrganization ?? undefined,
      status: mapped.status,
      startDate: mapped.startDate,
      endDate: mapped.endDate ?? undefined,
      budget: mapped.budget,
      currency: mapped.currency,
    },
    source: {
      publisher: mapped.reportingOrg.name,
      file: state.fileName,
      lastUpdated: mapped.lastUpdated,
      importId: state.importId,
      fingerprint: mapped.fingerprint,
      narratives: mapped.narratives,
      classificationReview: mapped.textOnly,
    },
  };
}

function writeRefused(error: RecordError): Decision {
  return {
    disposition: "rejected",
    reasons: [reason("iati.reason.writeRefused", { field: error.field ?? "", message: error.messageKey ?? "" })],
  };
}

/** Writes a chunk's projects: one transaction for the chunk, or (oneByOne) one per project as before. */
async function writeChunk(state: RunState, writes: Write[]): Promise<Map<number, Decision>> {
  const decided = new Map<number, Decision>();
  const saved = (w: Write, result: { id: number; created: boolean }): Decision => ({
    disposition: result.created ? "created" : "updated",
    reasons: w.why,
    mapped: w.mapped,
    projectId: result.id,
  });
  if (state.oneByOne) {
    for (const w of writes) {
      const { input, source } = projectInput(w, state);
      try {
        decided.set(w.position, saved(w, await saveImportedProject(state.db, state.importer, input, source)));
      } catch (error) {
        if (error instanceof RecordError && error.code === "invalid") decided.set(w.position, writeRefused(error));
        else throw error;
      }
    }
    return decided;
  }
  const results = await saveImportedProjects(
    state.db,
    state.importer,
    writes.map((w) => projectInput(w, state)),
  );
  for (const [i, result] of results.entries()) {
    const w = writes[i];
    if ("error" in result) {
      if (result.error.code !== "invalid") throw result.error;
      decided.set(w.position, writeRefused(result.error));
    } else decided.set(w.position, saved(w, result));
  }
  return decided;
}

/** Decides (and, importing, writes) a chunk of activities, in file order. */
async function decideChunk(state: RunState, chunk: Pending[], fileVersion: string | undefined): Promise<Decision[]> {
  const looks = chunk.map((p) => firstLook(state, p.activity, fileVersion));
  const existing = await lookUpChunk(state, looks);
  const decisions: Array<Decision | null> = [];
  const writes: Write[] = [];
  for (const [i, look] of looks.entries()) {
    if ("done" in look) {
      decisions.push(look.done);
      continue;
    }
    const next = await secondLook(state, look, chunk[i].activity.line, existing.get(look.mapped.iatiIdentifier));
    if ("disposition" in next) decisions.push(next);
    else {
      writes.push({ ...next, position: i });
      decisions.push(null);
    }
  }
  if (writes.length) for (const [position, decision] of await writeChunk(state, writes)) decisions[position] = decision;
  return decisions.map((d) => d!);
}

/** preview: decide every activity; refusals: only whether the file is refused; apply: decide and write. */
type Mode = "preview" | "refusals" | "apply";

async function runState(db: Db, importer: Importer, fileName: string, mode: Mode, options: ImportOptions) {
  const own = importer.organizationId
    ? await db
        .selectFrom("organizations")
        .select("iati_ref")
        .where("id", "=", importer.organizationId)
        .executeTakeFirst()
    : undefined;
  const state: RunState = {
    db,
    importer,
    ref: await loadReferenceData(db),
    options: { checkRelevance: options.checkRelevance ?? true, checkScope: options.checkScope ?? true },
    apply: mode === "apply",
    fileName,
    importId: options.importId ?? null,
    firstLineOf: new Map(),
    organizations: new Map(),
    ownRef: own?.iati_ref ?? null,
    oneByOne: options.oneByOne ?? false,
    refusalsOnly: mode === "refusals",
  };
  return state;
}

/** The report's line for an activity and its decision. */
function itemOf({ activity, endLine, index }: Pending, decision: Decision): ImportItem {
  return {
    position: index,
    iatiIdentifier:
      decision.mapped?.iatiIdentifier ??
      (activity.children.find((c) => c.name === "iati-identifier")?.text.trim() || null),
    line: activity.line,
    endLine,
    disposition: decision.disposition,
    reasons: decision.reasons,
    projectId: decision.projectId ?? null,
    pillar: decision.mapped?.pillars.join(", ") || null,
    countries: decision.mapped?.countries ?? [],
    warnings: 0,
  };
}

/** The root element: the file's version into the report, or the file refused. */
function readRoot(root: RootInfo, report: ImportReport): string | undefined {
  if (root.name !== "iati-activities") throw new FileRefused([reason("iati.file.notActivities", { name: root.name })]);
  const fileVersion = root.attrs.version;
  const verdict = classifyVersion(fileVersion);
  if (verdict.kind === "legacy") throw new FileRefused([reason("iati.file.legacy", { version: verdict.version })]);
  report.version = verdict.version;
  if (verdict.kind === "unknown" && verdict.version)
    report.reasons.push(reason("iati.reason.unknownVersion", { version: verdict.version }));
  return fileVersion;
}

/** Where a chunk's items go: into the report, staged in the import's rows, or (the first pass) nowhere. */
type KeepItems = (items: ImportItem[]) => Promise<void>;

/** Reads every activity of the file, chunk by chunk, into the report. Throws FileRefused. */
async function readAll(
  state: RunState,
  filePath: string,
  report: ImportReport,
  keep: KeepItems,
  options: ImportOptions,
) {
  let fileVersion: string | undefined;
  await stat(filePath);
  let bytesRead = 0;
  const chunkSize = Math.max(1, options.chunkSize ?? CHUNK_SIZE);
  let chunk: Pending[] = [];
  const flush = async () => {
    if (!chunk.length) return;
    const decisions = await decideChunk(state, chunk, fileVersion);
    for (const decision of decisions) {
      report[decision.disposition] += 1;
      report.activities += 1;
    }
    await keep(chunk.map((pending, i) => itemOf(pending, decisions[i])));
    chunk = [];
    options.onProgress?.(report.activities, bytesRead);
  };
  for await (const event of readActivities(filePath, (n) => (bytesRead = n))) {
    if (event.type === "root") {
      fileVersion = readRoot(event.root, report);
      continue;
    }
    if (event.index === 1 && !fileVersion) {
      // No version on the root: the first activity tells whether this is a 1.x file.
      const first = activityVersion(event.activity, undefined);
      if (first.kind === "legacy") throw new FileRefused([reason("iati.file.legacy", { version: first.version })]);
      report.version = "mixed";
    }
    chunk.push({ activity: event.activity, endLine: event.endLine, index: event.index });
    if (chunk.length >= chunkSize) await flush();
  }
  await flush();
}

/**
 * How the run keeps its items. The first pass of an import keeps none (only whether the file is refused
 * matters). The import's second pass, with an import row and the schema check already made, gives each
 * item its schema problems and stages it in the import's rows, so that a 200 MB file's ~77,000 items are
 * never held at once; a preview (whose schema check runs beside it) holds them in the report.
 */
async function itemKeeper(state: RunState, report: ImportReport, options: ImportOptions) {
  if (state.refusalsOnly) return { keep: async () => {}, staged: null };
  const { importId } = state;
  if (!state.apply || importId === null || !options.schema) {
    return { keep: async (items: ImportItem[]) => void report.items.push(...items), staged: null };
  }
  const staged = new SchemaProblems(options.schema);
  await clearStagedItems(state.db, importId);
  const keep = async (items: ImportItem[]) => {
    for (const item of items) staged.attach(item);
    await stageItems(state.db, importId, items);
  };
  return { keep, staged };
}

/** The schema's problems into a report read to the end (its items, or those already staged). */
function finishSchema(report: ImportReport, schema: SchemaCheck, staged: SchemaProblems | null) {
  const problems = staged ?? new SchemaProblems(schema);
  if (!staged) for (const item of report.items) problems.attach(item);
  report.reasons.push(...problems.fileReasons());
  report.warnings += problems.attached;
  report.itemsStaged = staged !== null;
}

/** The report of a file that could not be read (refused, not well-formed, unreadable), or null. */
function unreadReport(error: unknown, fileName: string, version: string | null): ImportReport | null {
  if (error instanceof FileRefused) return refusedReport(fileName, error.reasons, version);
  if (error instanceof NotWellFormed)
    return refusedReport(fileName, [reason("iati.file.notWellFormed", { line: error.line, detail: error.detail })]);
  if (
    error instanceof Error &&
    "code" in error &&
    typeof (error as { code?: unknown }).code === "string" &&
    (error as { code: string }).code.startsWith("E")
  ) {
    return refusedReport(fileName, [reason("iati.file.unreadable", { detail: error.message })]);
  }
  return null;
}

async function readFile(
  db: Db,
  importer: Importer,
  filePath: string,
  mode: Mode,
  options: ImportOptions,
): Promise<{ report: ImportReport; schema: SchemaCheck }> {
  const fileName = options.fileName ?? path.basename(filePath);
  const report = emptyReport(fileName);
  const schemaPromise = options.schema ? Promise.resolve(options.schema) : checkSchema(filePath);
  const state = await runState(db, importer, fileName, mode, options);
  const { keep, staged } = await itemKeeper(state, report, options);
  try {
    await readAll(state, filePath, report, keep, options);
  } catch (error) {
    const schema = await schemaPromise;
    const unread = unreadReport(error, fileName, report.version);
    if (unread) return { report: unread, schema };
    throw error;
  }
  const schema = await schemaPromise;
  if (report.activities === 0) {
    const empty = refusedReport(fileName, [reason("iati.file.empty")], report.version);
    finishSchema(empty, schema, null);
    return { report: empty, schema };
  }
  if (!state.refusalsOnly) finishSchema(report, schema, staged);
  return { report, schema };
}

/** What importing the file would do; writes nothing. */
export async function previewImport(
  db: Db,
  importer: Importer,
  filePath: string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  return (await readFile(db, importer, filePath, "preview", options)).report;
}

/** Previews, then (unless the file is refused as a whole) imports it. */
export async function importFile(
  db: Db,
  importer: Importer,
  filePath: string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  // A first pass finds whether the file is refused as a whole (a donor's file naming another
  // publisher at its last activity), so that such a file changes nothing; it reads and maps, but
  // neither looks anything up nor writes.
  const first = await readFile(db, importer, filePath, "refusals", options);
  if (first.report.refused) return first.report;
  return (await readFile(db, importer, filePath, "apply", { ...options, schema: first.schema })).report;
}
