import type { Kysely } from "kysely";
import type { Database, Disposition } from "../../db/schema";
import { can } from "~/accounts/permissions";
import { RecordError } from "~/marketplace/errors";
import { saveImportedProject, saveImportedProjects } from "~/projects/projects.server";
import { FileRefused, type Importer, type ImportItem, type ImportOptions } from "./import-report";
import { mapActivity, type MappedActivity, type MappingOptions, type ReferenceData } from "./mapping";
import { createPublisherOrganization, findOrganizationsByRefs } from "./organizations.server";
import { reason, type Reason } from "./reasons";
import { loadReferenceData } from "./reference.server";
import { activityVersion } from "./version";
import type { XmlElement } from "./xml";

// How an import decides each activity of a chunk: what the file alone says (version, mapping, a
// repeated identifier), then what the database says (the publisher, an existing project), then the
// chunk's writes in one transaction. import.server.ts reads the file and feeds it chunk by chunk.

type Db = Kysely<Database>;

export interface Decision {
  disposition: Disposition;
  reasons: Reason[];
  mapped?: MappedActivity;
  organizationId?: number | null;
  projectId?: number | null;
}

/** What the run knows across activities. */
export interface RunState {
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
export interface Pending {
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
export async function decideChunk(
  state: RunState,
  chunk: Pending[],
  fileVersion: string | undefined,
): Promise<Decision[]> {
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
export type Mode = "preview" | "refusals" | "apply";

export async function runState(db: Db, importer: Importer, fileName: string, mode: Mode, options: ImportOptions) {
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
export function itemOf({ activity, endLine, index }: Pending, decision: Decision): ImportItem {
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
