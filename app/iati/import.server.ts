import { stat } from "node:fs/promises";
import path from "node:path";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { NotWellFormed, readActivities, type RootInfo } from "./reader.server";
import { reason } from "./reasons";
import { checkSchema, type SchemaCheck } from "./schema-check.server";
import { SchemaProblems } from "./schema-problems";
import { clearStagedItems, stageItems } from "./store.server";
import { activityVersion, classifyVersion } from "./version";
import { decideChunk, itemOf, runState, type Mode, type Pending, type RunState } from "./import-decide.server";
import {
  emptyReport,
  FileRefused,
  refusedReport,
  type Importer,
  type ImportItem,
  type ImportOptions,
  type ImportReport,
} from "./import-report";

// Reads an IATI file and accounts for every activity in it: created, updated, unchanged, skipped or
// rejected, each with its reasons and line. A preview decides without writing; an import first
// previews (so a file refused as a whole changes nothing), then reads the file again and writes.
// The report's types: import-report.ts; how each chunk is decided: import-decide.server.ts.

type Db = Kysely<Database>;

export type { Importer, ImportItem, ImportOptions, ImportReport } from "./import-report";
export { refusedReport };

const CHUNK_SIZE = 250;

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
